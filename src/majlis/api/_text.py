"""The API's string types: limits read from the columns that store them, no control characters.

One source for a length: a field stored in ``String(64)`` takes at most 64 characters at the
API too, because its type is ``Line("election.slug")``. A column without a length (``Text``)
gets the API's own limit, named where the field is declared.

Control characters never pass: :func:`forbidden_in_line` finds any (C0, DEL, C1) and any
lone surrogate, which PostgreSQL refuses with an error that used to surface as a 500;
:func:`forbidden_in_prose` allows tab, line feed and carriage return, for multi-line text
such as a reason or an incident's description. The request guard
(:mod:`majlis.api._guard`) applies the prose rule to every string of every body and the line
rule to every path and query parameter; :class:`Line` adds the stricter rule and the length
to a field that holds a name, a code or a slug.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from annotated_types import GroupedMetadata
from pydantic import AfterValidator, StringConstraints

from majlis.store import column_length

__all__ = [
    "Line",
    "column_length",
    "forbidden_in_line",
    "forbidden_in_prose",
]

_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_PROSE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def forbidden_in_line(text: str) -> str | None:
    """The first control character (or lone surrogate) in ``text``, None if there is none."""
    found = _LINE.search(text)
    return found.group() if found else None


def forbidden_in_prose(text: str) -> str | None:
    """Like :func:`forbidden_in_line`, but tab, LF and CR are allowed."""
    found = _PROSE.search(text)
    return found.group() if found else None


def describe(char: str) -> str:
    """A control character as people read it: ``U+0000``."""
    return f"U+{ord(char):04X}"


def _line(text: str) -> str:
    bad = forbidden_in_line(text)
    if bad is not None:
        raise ValueError(f"must not contain control characters (found {describe(bad)})")
    return text


@dataclass(frozen=True, slots=True)
class Line(GroupedMetadata):
    """A one-line string: at most the column's length (or ``max_length``), no control chars.

    Used as metadata: ``name: Annotated[str, Line("api_token.name")]``; the column is named
    ``"table.column"`` (:func:`majlis.store.column_length`).
    """

    column: str | None = None
    max_length: int | None = None
    min_length: int = 1
    pattern: str | None = None

    def __iter__(self) -> Iterator[object]:
        """The constraints pydantic applies: lengths, the pattern, the character check."""
        limit = column_length(self.column) if self.column is not None else self.max_length
        if limit is None:
            raise TypeError("Line needs a column or a max_length")
        yield from StringConstraints(
            min_length=self.min_length, max_length=limit, pattern=self.pattern
        )
        yield AfterValidator(_line)
