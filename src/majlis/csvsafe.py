"""CSV that a spreadsheet opens as data, never as formulas (OWASP "CSV injection").

A text cell beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some spreadsheets skip before reading a formula) is written with a leading apostrophe, so
``=HYPERLINK("http://evil", "click")`` shows as text instead of running. Numbers stay
numbers: an ``int``, a ``float`` or a ``Fraction`` is untouched, and so is text that reads as
a plain number (``-5``, ``+3.25``, ``-1e3``), since a spreadsheet takes it as that number.

Every CSV that majlis writes goes through this module: the :func:`writer` and
:class:`DictWriter` wrappers of :mod:`csv` for rows, :func:`safe_frame` for a Polars frame
(string columns only; Parquet is written from the original frame, since it is typed).

Source: OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any

import polars as pl

__all__ = ["TRIGGERS", "DictWriter", "safe_cell", "safe_frame", "safe_row", "writer"]

#: First characters that make a spreadsheet read a cell as a formula.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
_NUMBER_RE = re.compile(_NUMBER)
_TRIGGER = r"^[=+\-@\t\r]"


def safe_cell(value: Any) -> Any:
    """``value``, with an apostrophe in front if it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER_RE.match(value):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of ``row`` through :func:`safe_cell`."""
    return [safe_cell(v) for v in row]


class _Writer:
    """A :func:`csv.writer` whose rows pass through :func:`safe_row`."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        """Write one row, neutralised."""
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        """Write many rows, neutralised."""
        for row in rows:
            self.writerow(row)


def writer(out: IO[str], **options: Any) -> _Writer:
    """Like :func:`csv.writer`, but formulas are written as text."""
    return _Writer(out, **options)


if TYPE_CHECKING:
    _DictWriterBase = csv.DictWriter[str]
else:  # csv.DictWriter is generic only to type checkers
    _DictWriterBase = csv.DictWriter


class DictWriter(_DictWriterBase):
    """Like :class:`csv.DictWriter`, but formulas are written as text (the header too)."""

    def writeheader(self) -> Any:
        """Write the header row, neutralised."""
        return self.writerow(dict(zip(self.fieldnames, self.fieldnames, strict=True)))

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        """Write one row, neutralised."""
        return super().writerow({k: safe_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        """Write many rows, neutralised."""
        for row in rowdicts:
            self.writerow(row)


def safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with formula-like column names and string cells prefixed by an apostrophe."""
    frame = frame.rename({c: safe_cell(c) for c in frame.columns if safe_cell(c) != c})
    text = [name for name, kind in frame.schema.items() if kind == pl.String]
    if not text:
        return frame
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(_TRIGGER) & ~pl.col(c).str.contains(_NUMBER))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text
    )
