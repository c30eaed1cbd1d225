"""Typer's coercion of a command line's values, without Pydantic where a value needs none.

Typer 0.29 coerces every parameter's value through a Pydantic ``TypeAdapter`` built on first
use, even a value left out (``None``, which it returns before calling the adapter): importing
Pydantic and building the 14 adapters of ``majlis seats`` took about 65 ms of its 175 (in
one process, after the interpreter's start; ``docs/performance.md``).
:func:`runtime_param` (installed on Typer's parameters by :mod:`majlis.cli._app`) hands Typer
a :class:`LeanRuntimeParam` instead, which takes the plain cases itself, exactly as the
adapter would:

* a string for ``str``, a path for ``Path`` (Typer's own checks: exists, dash, readable…);
* a choice of an ``Enum`` or a ``Literal`` (Typer's own matching);
* an ``int`` written in decimal digits, or given as one (a default), within ``min``/``max``;
* a list of those.

Anything else — a value the fast path would refuse, a float, a date, a parser, a file — goes
to Typer's own coercion (built then, once), which gives the result or the error message
Typer always gave. ``tests/cli/test_cli_coerce.py`` checks both paths agree value by value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Any, Final

from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path
from typer._typing import get_args, get_origin, is_literal_type, literal_values
from typer.models import ParameterInfo

__all__ = ["LeanRuntimeParam", "runtime_param"]

#: What the fast path cannot decide: Typer's own coercion decides.
_UNDECIDED: Final = object()

#: An integer as Pydantic reads it from a string in every case that this matches.
_DECIMAL = re.compile(r"-?[0-9]{1,30}")


def _integer(value: object, info: ParameterInfo) -> object:
    """``value`` as an ``int`` within ``min``/``max``, else undecided.

    Out of range, Typer clamps it or refuses it with its own message.
    """
    if type(value) is str and _DECIMAL.fullmatch(value):
        number = int(value)
    elif type(value) is int:
        number = value
    else:
        return _UNDECIDED
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return _UNDECIDED
    return number


def _choices(annotation: Any) -> tuple[Any, ...] | None:
    """The choices of an ``Enum`` or a ``Literal`` annotation, else None."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return tuple(annotation)
    if is_literal_type(annotation):
        return tuple(literal_values(annotation))
    return None


def _lean(annotation: Any, info: ParameterInfo, value: object, param: Any, ctx: Any) -> object:
    """``value`` coerced to ``annotation`` as Typer's adapter would, or undecided."""
    if info.parser is not None:
        return _UNDECIDED
    if get_origin(annotation) is list:
        (item_type,) = get_args(annotation)
        if not isinstance(value, list | tuple):
            return _UNDECIDED
        items = [_lean(item_type, info, item, param, ctx) for item in value]
        return _UNDECIDED if any(item is _UNDECIDED for item in items) else items
    if annotation is str:
        return value if type(value) is str else _UNDECIDED
    if annotation is int:
        return _integer(value, info)
    choices = _choices(annotation)
    if choices is not None:
        try:
            return coerce_cli_choice(
                value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx
            )
        except ValueError:
            return _UNDECIDED  # Typer words the refusal
    if routes_to_path(annotation, info) and type(value) is str and value:
        path_type = info.path_type or annotation
        if path_type is not Path:
            return _UNDECIDED
        try:
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        except Exception:  # Typer raises (and words) it again below
            return _UNDECIDED
    return _UNDECIDED


@dataclass(frozen=True)
class LeanRuntimeParam(RuntimeParam):
    """Typer's coercion of one parameter, its adapter built only for a value that needs it.

    :meth:`coerce` is Typer's own (a value left out is ``None`` or ``()`` without any
    adapter); only the coercion of a given value is tried here first.
    """

    descriptor: TypeDescriptor

    @cached_property
    def typer_param(self) -> RuntimeParam:
        """Typer's own coercion of this parameter (Pydantic), built on first need."""
        return build_runtime_param(self.descriptor)

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        found = _lean(self.annotation, self.parameter_info, value, param, ctx)
        if found is not _UNDECIDED:
            return found
        return self.typer_param._coerce_value(value, param=param, ctx=ctx)


def runtime_param(self: Any) -> RuntimeParam:
    """``get_runtime_param`` of Typer's options and arguments: a lean one but for files."""
    if self._runtime_param is None:
        descriptor: TypeDescriptor = self.type_descriptor
        if descriptor.file_annotation is not None:
            self._runtime_param = build_runtime_param(descriptor)
        else:
            self._runtime_param = LeanRuntimeParam(
                parameter_info=descriptor.parameter_info,
                annotation=descriptor.annotation,
                descriptor=descriptor,
            )
    return self._runtime_param  # type: ignore[no-any-return]
