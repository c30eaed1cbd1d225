"""Read a constituency table (``constituency,seats`` plus optional columns) for ``majlis seats``.

Columns: ``constituency`` (required), ``seats`` (every seat it elects; required when the law
fixes magnitudes), and optionally ``valid_votes``, ``blank``, ``ballots_cast``,
``registered_voters``, ``population``. ``valid_votes`` is list votes plus blank ballots;
given alone it yields the blank count, given with ``blank`` the two must agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from majlis.cli._files import read_csv
from majlis.cli._votes_csv import check_columns, check_width, count_cell
from majlis.errors import Location, VotesError
from majlis.law import Constituency, PartyList

__all__ = ["ConstituencyTable", "read_constituencies_csv", "with_valid_votes"]

_COUNTS = ("seats", "valid_votes", "blank", "ballots_cast", "registered_voters", "population")


@dataclass(frozen=True, slots=True)
class ConstituencyTable:
    """The constituencies in file order, each one's data row, and the valid votes given."""

    source: str
    constituencies: tuple[Constituency, ...]
    rows: Mapping[str, int]
    valid_votes: Mapping[str, int]


def read_constituencies_csv(path: Path) -> ConstituencyTable:
    """Parse ``path``; any bad value fails naming the file, the data row and the column."""
    name = str(path)
    header, lines = read_csv(path, what="constituency file")
    check_columns(name, header, ("constituency",), _COUNTS)
    out: list[Constituency] = []
    rows: dict[str, int] = {}
    valid: dict[str, int] = {}
    for number, row in enumerate(lines, start=1):
        check_width(name, number, header, row)
        key = (row.get("constituency") or "").strip()
        if not key or key in rows:
            raise VotesError.expected(
                what="the constituency name",
                expected="non-empty and unique",
                got=key,
                location=Location(name, number, "constituency"),
                code="csv.constituency_name",
                params={"got": key},
            )
        rows[key] = number
        values = {
            column: count_cell(row[column] or "", what=column, where=Location(name, number, column))
            for column in _COUNTS
            if column in header and (row.get(column) or "").strip()
        }
        if "valid_votes" in values:
            valid[key] = values.pop("valid_votes")
        out.append(Constituency(key, **values))
    return ConstituencyTable(name, tuple(out), rows, valid)


def with_valid_votes(
    table: ConstituencyTable, votes: Mapping[str, Sequence[PartyList]]
) -> tuple[Constituency, ...]:
    """The constituencies with blank votes derived from ``valid_votes`` (and checked)."""
    out = []
    for c in table.constituencies:
        given = table.valid_votes.get(c.name)
        if given is None:
            out.append(c)
            continue
        list_votes = sum(p.votes for p in votes.get(c.name, ()))
        blank = given - list_votes
        if blank < 0 or (c.blank and c.blank != blank):
            expected = f"list votes {list_votes} + blank {c.blank or blank}"
            raise VotesError.expected(
                what=f"valid votes of {c.name!r}",
                expected=f"at least the list votes, equal to {expected}",
                got=given,
                location=Location(table.source, table.rows[c.name], "valid_votes"),
                code="constituencies.valid_votes",
                params={
                    "constituency": c.name,
                    "list_votes": list_votes,
                    "blank": c.blank or blank,
                    "got": given,
                },
            )
        out.append(replace(c, blank=blank))
    return tuple(out)
