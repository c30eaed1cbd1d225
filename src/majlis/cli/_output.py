"""How commands show data: ``--format table|json|csv``, TSV when piped, correct plurals.

A table goes to a terminal as a Rich table; piped (stdout not a terminal) it is plain
tab-separated text, one row a line, so that ``| cut``, ``| sort`` or a narrow pager never see a
column cut to "co…". JSON is a list of objects keyed by the column names; CSV has a header.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from majlis import csvsafe

__all__ = ["Format", "FormatOption", "emit", "plural", "to_terminal"]


class Format(StrEnum):
    """How a command shows its data."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format", help="table (tab-separated when piped), json or csv.", case_sensitive=False
    ),
]


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` with its noun in the right number.

    >>> plural(1, "observer copy", "observer copies"), plural(11, "copy", "copies")
    ('1 observer copy', '11 copies')
    >>> plural(2, "published total")
    '2 published totals'
    """
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def to_terminal() -> bool:
    """True when stdout is a terminal (a person reads it), False when piped or redirected."""
    return sys.stdout.isatty()


def _tsv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\n", " ")


def emit(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    output: Format,
    *,
    title: str = "",
    shown: Sequence[Sequence[str]] | None = None,
) -> None:
    """Show ``rows`` (raw values) under ``columns`` in ``output``.

    ``shown`` are the rows as a person reads them (thousands separators, percentages) for
    the table and its piped TSV; JSON and CSV always carry the raw values.
    """
    if output is Format.JSON:
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        typer.echo(json.dumps(records, ensure_ascii=False, default=str))
        return
    if output is Format.CSV:
        buffer = io.StringIO()
        writer = csvsafe.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        typer.echo(buffer.getvalue(), nl=False)
        return
    display = shown if shown is not None else [[_tsv_cell(v) for v in row] for row in rows]
    if not to_terminal():
        lines = ["\t".join(columns), *("\t".join(_tsv_cell(v) for v in row) for row in display)]
        typer.echo("\n".join(lines))
        return
    table = Table(*columns, title=title or None)
    for row in display:
        table.add_row(*(_tsv_cell(v) for v in row))
    Console().print(table)
