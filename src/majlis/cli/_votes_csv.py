"""Read a votes table (``party,votes`` plus optional columns) into PartyList records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from majlis.cli._files import read_csv
from majlis.errors import Location, VotesError
from majlis.law import MAX_VOTES, PartyList

__all__ = [
    "AGAINST_ALL",
    "VotesTable",
    "check_columns",
    "check_width",
    "count_cell",
    "read_votes_csv",
]

AGAINST_ALL = "AGAINST ALL"
_REQUIRED = ("party", "votes")
_OPTIONAL = (
    "constituency",
    "alliance_size",
    "minority",
    "district_wins",
    "surplus_partner",
    "registration_order",
    "not_counted",
    "candidates",
)
_BOOLS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False, "": False}


@dataclass(frozen=True, slots=True)
class VotesTable:
    """The lists read from a votes file and its "against all" count."""

    lists: tuple[PartyList, ...]
    against_all: int
    #: the long form's constituency of each list and its data row (empty in the short form)
    constituencies: tuple[str, ...] = ()
    rows: tuple[int, ...] = ()
    #: each list's data row, in either form (for errors about a list's own fields)
    list_rows: tuple[int, ...] = ()
    #: each list's second votes left out of a coverage law's upper apportionment (BWahlG
    #: § 4(2) no. 1), parallel to ``lists``; empty without a ``not_counted`` column
    not_counted: tuple[int, ...] = ()


def count_cell(text: str, *, what: str, where: Location, low: int = 0) -> int:
    """A count in a CSV cell: ASCII digits from ``low`` to :data:`~majlis.law.MAX_VOTES`."""
    value = text.strip()
    # ASCII only: str.isdigit() also takes superscripts and other scripts' digits
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= MAX_VOTES:
        raise VotesError.expected(
            what=what,
            expected=f"an integer from {low} to {MAX_VOTES:,}",
            got=text,
            location=where,
            code="votes.count",
            params={"what": what, "low": low, "high": MAX_VOTES, "got": text},
        )
    return int(value)


def check_columns(
    name: str, header: list[str], required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> None:
    """The header has every ``required`` column and no column outside ``required + optional``."""
    for column in required:
        if column not in header:
            raise VotesError.expected(
                what="the header",
                expected=f"to have a '{column}' column",
                got=",".join(header),
                location=Location(name, None, column),
                code="csv.header_missing",
                params={"column": column, "got": ",".join(header)},
            )
    for column in header:
        if column not in required + optional:
            raise VotesError.expected(
                what=f"column '{column}'",
                expected=f"one of {list(required + optional)}",
                got=column,
                location=Location(name, None, column),
                code="csv.column_unknown",
                params={"column": column, "valid": ", ".join(required + optional)},
            )


def check_width(name: str, number: int, header: list[str], row: dict[str | None, Any]) -> None:
    """A data row has no more fields than the header (csv keeps the extra ones under None)."""
    if None in row:
        raise VotesError.expected(
            what="the row",
            expected=f"{len(header)} fields",
            got=len(header) + len(row[None]),
            location=Location(name, number, None),
            code="csv.row_width",
            params={"expected": len(header), "got": len(header) + len(row[None])},
        )


def read_votes_csv(path: Path) -> VotesTable:
    """Parse ``path``; any bad value fails naming the file, the data row and the column."""
    name = str(path)
    header, rows = read_csv(path, what="votes file")
    check_columns(name, header, _REQUIRED, _OPTIONAL)
    lists: list[PartyList] = []
    against_all: int | None = None
    seen: set[tuple[str, str]] = set()
    row_numbers: list[int] = []
    where_of: list[str] = []
    not_counted: list[int] = []
    for row_number, row in enumerate(rows, start=1):
        check_width(name, row_number, header, row)
        party = (row.get("party") or "").strip()
        where = Location(name, row_number, "votes")
        if not party:
            raise VotesError.expected(
                what="the party name",
                expected="non-empty",
                got=party,
                location=Location(name, row_number, "party"),
                code="votes.party_empty",
            )
        votes = count_cell(row.get("votes") or "", what="votes", where=where)
        if party.upper() == AGAINST_ALL:
            if against_all is not None:
                raise VotesError.expected(
                    what="the 'AGAINST ALL' row",
                    expected="given once",
                    got=party,
                    location=Location(name, row_number, "party"),
                    code="votes.against_all_twice",
                )
            against_all = votes
            continue
        constituency = (row.get("constituency") or "").strip()
        if "constituency" in header and not constituency:
            raise VotesError.expected(
                what="the constituency",
                expected="non-empty",
                got=constituency,
                location=Location(name, row_number, "constituency"),
                code="votes.constituency_empty",
            )
        if (constituency, party) in seen:
            raise VotesError.expected(
                what="the party name",
                expected="unique",
                got=party,
                location=Location(name, row_number, "party"),
                code="votes.party_duplicate",
                params={"party": party},
            )
        seen.add((constituency, party))
        row_numbers.append(row_number)
        where_of.append(constituency)
        not_counted.append(
            count_cell(
                row.get("not_counted") or "0",
                what="not_counted",
                where=Location(name, row_number, "not_counted"),
            )
        )
        minority_text = (row.get("minority") or "").strip().lower()
        if minority_text not in _BOOLS:
            raise VotesError.expected(
                what="minority",
                expected="true or false",
                got=row.get("minority"),
                location=Location(name, row_number, "minority"),
                code="csv.boolean",
                params={"what": "minority", "got": row.get("minority")},
            )
        order_text = (row.get("registration_order") or "").strip()
        lists.append(
            PartyList(
                party,
                votes,
                registration_order=(
                    count_cell(
                        order_text,
                        what="registration_order",
                        low=1,
                        where=Location(name, row_number, "registration_order"),
                    )
                    if order_text
                    else row_number
                ),
                alliance_size=count_cell(
                    row.get("alliance_size") or "1",
                    what="alliance_size",
                    low=1,
                    where=Location(name, row_number, "alliance_size"),
                ),
                minority=_BOOLS[minority_text],
                district_wins=count_cell(
                    row.get("district_wins") or "0",
                    what="district_wins",
                    where=Location(name, row_number, "district_wins"),
                ),
                surplus_partner=(row.get("surplus_partner") or "").strip() or None,
                candidates=(
                    count_cell(
                        limit_text,
                        what="candidates",
                        where=Location(name, row_number, "candidates"),
                    )
                    if (limit_text := (row.get("candidates") or "").strip())
                    else None
                ),
            )
        )
    if not lists:
        raise VotesError.expected(
            what="the votes file",
            expected="at least one party row",
            got=0,
            location=Location(name, None, None),
            code="votes.no_rows",
        )
    names = {p.name for p in lists}  # partners are named by party, in any constituency
    for row_number, p in zip(row_numbers, lists, strict=True):
        if p.surplus_partner is not None and p.surplus_partner not in names:
            raise VotesError.expected(
                what="surplus_partner",
                expected=f"one of the parties {sorted(names)}",
                got=p.surplus_partner,
                location=Location(name, row_number, "surplus_partner"),
                code="votes.surplus_partner",
                params={"parties": ", ".join(sorted(names)), "got": p.surplus_partner},
            )
    long_form = "constituency" in header
    return VotesTable(
        lists=tuple(lists),
        against_all=against_all or 0,
        constituencies=tuple(where_of) if long_form else (),
        rows=tuple(row_numbers) if long_form else (),
        list_rows=tuple(row_numbers),
        not_counted=tuple(not_counted) if "not_counted" in header else (),
    )
