"""The numbers behind a page's tables and charts, downloadable as CSV or JSON.

A page builds its :class:`DataTable` values from the same service call it renders, and its
download endpoint (``<page>.csv`` / ``<page>.json`` with ``?table=NAME``) serves one of them:
CSV through :mod:`majlis.csvsafe` (formulas written as text), JSON as a list of objects.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fastapi.responses import Response

from majlis import csvsafe
from majlis.errors import NotFoundError

__all__ = ["DataTable", "Format", "download"]

Cell = str | int | float | None


class Format(StrEnum):
    """The download formats."""

    CSV = "csv"
    JSON = "json"


@dataclass(frozen=True, slots=True)
class DataTable:
    """A named table: its column names and its rows of plain values."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @classmethod
    def of(cls, name: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> DataTable:
        """A table of ``rows`` under ``columns`` (every row as long as ``columns``)."""
        return cls(name, tuple(columns), tuple(tuple(r) for r in rows))

    def records(self) -> list[dict[str, Cell]]:
        """The rows as column → value objects."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _csv(table: DataTable) -> str:
    out = io.StringIO()
    writer = csvsafe.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return out.getvalue()


def download(tables: Mapping[str, DataTable], name: str, fmt: Format, *, stem: str) -> Response:
    """Table ``name`` of ``tables`` as an attachment ``<stem>-<name>.<fmt>``.

    Raises:
        NotFoundError: the page has no table ``name`` (the message lists those it has).
    """
    table = tables.get(name)
    if table is None:
        raise NotFoundError(f"No table '{name}' here (tables: {', '.join(sorted(tables))}).")
    filename = f"{stem}-{name}.{fmt.value}".replace('"', "")
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if fmt is Format.CSV:
        return Response(_csv(table), media_type="text/csv; charset=utf-8", headers=headers)
    body = json.dumps({"table": name, "rows": table.records()}, ensure_ascii=False)
    return Response(body, media_type="application/json", headers=headers)
