"""The lean coercion of command-line values gives what Typer's own (Pydantic) coercion gives."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
import typer
import typer.main
from hypothesis import given
from hypothesis import strategies as st
from typer._click import Context
from typer._coercion import build_runtime_param
from typer.core import TyperArgument, TyperOption

from majlis.cli._coerce import LeanRuntimeParam, runtime_param
from majlis.cli._output import Format

ROOT = Path(__file__).resolve().parents[2]


class Colour(Enum):
    RED = "red"
    GREEN = "green"


def _command(
    text: Annotated[str, typer.Option()] = "x",
    maybe: Annotated[str | None, typer.Option()] = None,
    count: Annotated[int, typer.Option()] = 0,
    seats: Annotated[int | None, typer.Option(min=0)] = None,
    share: Annotated[int, typer.Option(min=1, max=99)] = 50,
    clamped: Annotated[int, typer.Option(min=1, max=9, clamp=True)] = 5,
    ratio: Annotated[float, typer.Option()] = 0.5,
    file: Annotated[Path | None, typer.Option()] = None,
    existing: Annotated[Path | None, typer.Option(exists=True)] = None,
    no_folder: Annotated[Path | None, typer.Option(exists=True, dir_okay=False)] = None,
    resolved: Annotated[Path | None, typer.Option(resolve_path=True)] = None,
    dash: Annotated[Path | None, typer.Option(allow_dash=True, exists=True)] = None,
    output: Annotated[Format, typer.Option()] = Format.AUTO,
    colour: Annotated[Colour, typer.Option(case_sensitive=False)] = Colour.RED,
    lang: Annotated[Literal["en", "ru", "kk"] | None, typer.Option()] = None,
    names: Annotated[list[str] | None, typer.Option()] = None,
    numbers: Annotated[list[int] | None, typer.Option()] = None,
    when: Annotated[datetime | None, typer.Option()] = None,
    parsed: Annotated[int | None, typer.Option(parser=lambda s: len(s))] = None,
    flag: Annotated[bool, typer.Option()] = False,
) -> None:
    """Every kind of parameter the commands use, and a few they do not."""


_APP = typer.Typer()
_APP.command()(_command)
_CLICK = typer.main.get_command(_APP)
_PARAMS = {param.name: param for param in _CLICK.params}


def _outcome(coerce: Any, value: object) -> tuple[object, ...]:
    """What coercing ``value`` gives: the value with its type, or the error and its message."""
    ctx = Context(_CLICK)
    try:
        result = coerce(value, ctx)
    except Exception as exc:  # the error is the outcome compared
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        return ("error", type(exc), message)
    items = [type(item) for item in result] if isinstance(result, list | tuple) else []
    return ("value", type(result), result, items)


def _both(name: str, value: object) -> tuple[tuple[object, ...], tuple[object, ...], bool]:
    """Typer's outcome, the lean one, and whether the lean one needed Typer's coercion."""
    param = _PARAMS[name]
    descriptor = param.type_descriptor  # type: ignore[attr-defined]
    typer_param = build_runtime_param(descriptor)
    lean = LeanRuntimeParam(
        parameter_info=descriptor.parameter_info,
        annotation=descriptor.annotation,
        descriptor=descriptor,
    )
    theirs = _outcome(lambda v, ctx: typer_param.coerce(v, param=param, ctx=ctx), value)
    ours = _outcome(lambda v, ctx: lean.coerce(v, param=param, ctx=ctx), value)
    return theirs, ours, "typer_param" in vars(lean)


#: Words worth trying: numbers as Pydantic reads them or not, choices, paths.
NUMBERS = ["", "0", "007", "-0", "-5", "+3", " 4", "1_000", "1.0", "99", "100", "2021-01-10"]
CHOICES = ["json", "JSON", "Red", "GREEN", "kk", "KK", "de", "true"]
EXAMPLE = str(ROOT / "examples" / "kz-2021.csv")
PATHS = ["-", str(ROOT / "examples"), EXAMPLE, "missing.csv", str(ROOT / "README.md"), "\udcff"]
WORDS = st.one_of(
    st.text(alphabet="0123456789-+_. eE", max_size=8),
    st.text(max_size=6),
    st.sampled_from([*NUMBERS, *CHOICES, *PATHS]),
)
NAMES = sorted(_PARAMS)


@given(name=st.sampled_from(NAMES), value=WORDS)
def test_a_word_is_coerced_as_typer_coerces_it(name: str, value: str) -> None:
    """Any word for any kind of parameter: the same value and type, or the same error."""
    theirs, ours, _ = _both(name, value)
    assert ours == theirs


@given(
    name=st.sampled_from(["names", "numbers"]),
    values=st.lists(WORDS, max_size=3).map(tuple),
)
def test_a_list_is_coerced_as_typer_coerces_it(name: str, values: tuple[str, ...]) -> None:
    """Words of a repeated option: the same list, or the same error."""
    theirs, ours, _ = _both(name, values)
    assert ours == theirs


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("text", None),
        ("text", "kz-majlis-2009"),
        ("count", "12"),
        ("count", 0),
        ("seats", "76"),
        ("share", 50),
        ("file", EXAMPLE),
        ("existing", EXAMPLE),
        ("output", Format.AUTO),
        ("output", "json"),
        ("colour", "Green"),
        ("lang", "kk"),
        ("names", ()),
        ("names", ("a", "b")),
    ],
)
def test_a_plain_value_needs_no_pydantic(name: str, value: object) -> None:
    """The values of an ordinary command line are coerced without building Typer's adapter."""
    theirs, ours, built = _both(name, value)
    assert ours == theirs
    assert not built


@pytest.mark.parametrize(
    ("name", "value"),
    [("seats", "-1"), ("clamped", "12"), ("count", "1_000"), ("ratio", "0.5"), ("parsed", "ab")],
)
def test_anything_else_is_left_to_typer(name: str, value: object) -> None:
    """A refusal, a clamp, a float or a parser: Typer's own coercion decides."""
    theirs, ours, built = _both(name, value)
    assert ours == theirs
    assert built


def test_typer_parameters_use_the_lean_coercion() -> None:
    """Importing the command line (``majlis.cli._app``) installs the lean coercion."""
    assert TyperOption.get_runtime_param is runtime_param
    assert TyperArgument.get_runtime_param is runtime_param
    assert isinstance(_PARAMS["count"].get_runtime_param(), LeanRuntimeParam)  # type: ignore[attr-defined]
