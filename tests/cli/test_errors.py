"""The CLI's one place of error translation."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import typer
from typer.testing import CliRunner

from majlis import errors
from majlis.cli._errors import EXIT_CODES, MajlisGroup, exit_code_for
from majlis.simulate import KernelRules, allocate_batch

ARCHITECTURE = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def test_input_errors_exit_with_2() -> None:
    """Bad input of any kind exits with code 2, as the CLI contract says."""
    assert exit_code_for(errors.VotesError("bad")) == 2
    assert exit_code_for(errors.RulesetError("bad")) == 2


def test_most_specific_class_wins() -> None:
    """A subclass listed under its parent takes the parent's code unless listed itself."""
    assert exit_code_for(errors.DuplicateMembership("x")) == 3
    assert exit_code_for(errors.MajlisError("x")) == 1


def test_message_names_location() -> None:
    """An error with a location puts file, row and field before the message."""
    exc = errors.InputError.expected(
        what="votes",
        expected="a non-negative integer",
        got="-5",
        location=errors.Location("votes.csv", 3, "votes"),
    )
    assert str(exc) == (
        "votes.csv, row 3, field 'votes': votes must be a non-negative integer. Got '-5' instead."
    )


def test_cli_prints_one_line_and_exits() -> None:
    """A MajlisError raised by a command becomes one stderr line and its exit code."""
    app = typer.Typer(cls=MajlisGroup)

    @app.command()
    def boom() -> None:
        raise errors.VotesError("votes must be non-negative", location=errors.Location("v.csv", 2))

    @app.command()
    def ok() -> None:
        typer.echo("fine")

    result = CliRunner().invoke(app, ["boom"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: v.csv, row 2: votes must be non-negative"
    assert "Traceback" not in result.output


def test_unsupported_rule_has_its_own_code() -> None:
    """A rule a fast path does not implement exits 6, not the catch-all 1."""
    assert exit_code_for(errors.UnsupportedRule("no seat caps in the kernel")) == 6


def test_kernel_refusal_is_one_line_and_exit_6() -> None:
    """The batched kernel's own refusal (votes past its int64 bound) exits 6 with one line."""
    app = typer.Typer(cls=MajlisGroup)

    @app.command()
    def kernel() -> None:
        allocate_batch(KernelRules(seats=150, method="dhondt"), np.array([[2**55, 1]]))

    @app.command()
    def ok() -> None:
        typer.echo("fine")

    result = CliRunner().invoke(app, ["kernel"])
    assert result.exit_code == 6
    assert re.fullmatch(
        r"error: the batched kernel works in exact int64 up to [\d,]+ votes per scenario for "
        r"this ruleset; got 36,028,797,018,963,969: use the exact path",
        result.stderr.strip(),
    )
    assert "Traceback" not in result.output


def test_every_exit_code_is_documented() -> None:
    """docs/architecture.md tables every code of EXIT_CODES with the classes it stands for."""
    rows = [line for line in ARCHITECTURE.read_text("utf-8").splitlines() if line.startswith("| ")]
    for cls, code in EXIT_CODES.items():
        assert any(row.startswith(f"| {code} |") and f"`{cls.__name__}`" in row for row in rows), (
            f"exit code {code} ({cls.__name__}) is missing from the table in {ARCHITECTURE.name}"
        )
