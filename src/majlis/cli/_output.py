"""How commands show data: ``--format auto|table|tsv|json|csv``, correct plurals.

``auto`` (the default) is a Rich table on a terminal and plain tab-separated text when stdout
is not a terminal (piped or redirected), one row a line, so that ``| cut``, ``| sort`` or a
narrow pager never see a column cut to "co…"; ``table`` and ``tsv`` force one or the other.
Both are what a person reads (thousands separators, percentages, headers in the language of
the messages). JSON is a list of objects keyed by the column names; CSV has a header; both
carry raw values under English keys, whatever the language.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from majlis import csvsafe
from majlis.i18n import N_, gettext, ngettext
from majlis.trace_text import trace_text

if TYPE_CHECKING:  # annotations only
    from majlis.law import Tie, TraceEvent

__all__ = [
    "Format",
    "FormatOption",
    "emit",
    "plural",
    "print_table",
    "print_trace",
    "to_terminal",
]


class Format(StrEnum):
    """How a command shows its data."""

    AUTO = "auto"
    TABLE = "table"
    TSV = "tsv"
    JSON = "json"
    CSV = "csv"

    @property
    def data(self) -> bool:
        """JSON or CSV: raw values for a program, no table."""
        return self in (Format.JSON, Format.CSV)

    def resolved(self) -> Format:
        """``auto`` decided: a table on a terminal, TSV otherwise; any other format as it is."""
        if self is Format.AUTO:
            return Format.TABLE if to_terminal() else Format.TSV
        return self


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        help=N_("auto (a table on a terminal, tab-separated when piped), table, tsv, json or csv."),
        case_sensitive=False,
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
    text = "" if value is None else getattr(value, "plain", value)  # rich Text: its letters
    return str(text).replace("\t", " ").replace("\n", " ")


def _tsv(table: Table) -> str:
    """The table's header and rows as tab-separated lines (its title left out)."""
    columns = table.columns
    lines = ["\t".join(_tsv_cell(c.header) for c in columns)]
    cells = [list(c.cells) for c in columns]
    lines += ["\t".join(_tsv_cell(col[i]) for col in cells) for i in range(table.row_count)]
    return "\n".join(lines)


def print_table(
    table: Table, output: Format = Format.AUTO, *, console: Console | None = None
) -> None:
    """Print a Rich table as ``output`` says: a table, or TSV (``auto`` decides by stdout).

    A command whose ``--format`` is json or csv prints its own raw data and does not call this.
    """
    if output.resolved() is Format.TSV:
        typer.echo(_tsv(table))
        return
    (console or Console()).print(table)


def print_trace(console: Console, events: Iterable[TraceEvent], tie: Tie | None = None) -> None:
    """Print the seats left undecided by ``tie``, if any, then an allocation's trace under its
    heading, in the language of the messages: the end of every seat table.

    All plain text: no markup, no highlighting and no emoji codes, so that a name reads as
    registered (a party called ``:star:`` stays ``:star:``) and Rich's emoji table and
    highlighter, which the words never need, stay unloaded.
    """
    literal: dict[str, Any] = {"markup": False, "highlight": False, "emoji": False}
    if tie is not None:
        tied = ngettext(
            "undecided: %(num)s seat tied among %(contenders)s",
            "undecided: %(num)s seats tied among %(contenders)s",
            tie.seats,
        )
        console.print(tied % {"num": tie.seats, "contenders": ", ".join(tie.contenders)}, **literal)
    console.print(gettext("Trace"), style="bold", **literal)
    console.print(trace_text(events), **literal)


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
    table = Table(*columns, title=title or None)
    for row in display:
        table.add_row(*(_tsv_cell(v) for v in row))
    print_table(table, output)
