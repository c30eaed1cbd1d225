"""Parsing for the scenario commands: move specs, shares, poll and redistribution tables."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from majlis.cli._files import read_csv
from majlis.errors import InputError, Location
from majlis.law import MAX_VOTES, parse_fraction
from majlis.simulate.projection import Poll

__all__ = [
    "parse_move",
    "parse_share",
    "poll_from_rows",
    "read_polls_csv",
    "read_redistribution_csv",
    "vote_amount",
]


def parse_share(text: str, *, option: str, where: Location | None = None) -> Fraction:
    """A share written "10%", "0.1" or "1/10", exactly."""
    try:
        return parse_fraction(text.strip())
    except ValueError:
        raise InputError.expected(
            what=option,
            expected="a share such as 10%, 0.1 or 1/10",
            got=text,
            location=where or Location(field=option),
            code="input.share",
            params={"what": option, "got": text},
        ) from None


def vote_amount(amount: str, *, option: str) -> int:
    """The votes an option moves: ASCII digits up to :data:`~majlis.law.MAX_VOTES`."""
    if not (amount.isascii() and amount.isdigit()) or int(amount) > MAX_VOTES:
        raise InputError.expected(
            what=f"the votes of {option}",
            expected=f"an integer from 0 to {MAX_VOTES:,}",
            got=amount,
            location=Location(field=option),
            code="votes.count",
            params={"what": option, "low": 0, "high": MAX_VOTES, "got": amount},
        )
    return int(amount)


def parse_move(text: str, *, option: str, share: bool) -> tuple[str, str, Fraction]:
    """``FROM:TO:AMOUNT`` (names may not contain ':'); AMOUNT votes or a share."""
    parts = text.rsplit(":", 2)
    where = Location(field=option)
    if len(parts) != 3 or not parts[0].strip() or not parts[1].strip():
        raise InputError.expected(
            what=option,
            expected="FROM:TO:AMOUNT, e.g. 'Nur Otan:Auyl:50000'",
            got=text,
            location=where,
            code="scenario.move",
            params={"what": option, "got": text},
        )
    source, target, amount = (p.strip() for p in parts)
    if share:
        return source, target, parse_share(amount, option=option)
    return source, target, Fraction(vote_amount(amount, option=option))


def _read(path: Path, kind: str) -> tuple[list[str], list[dict[str | None, Any]]]:
    return read_csv(path, what=f"{kind} file")


def read_polls_csv(path: Path, *, sample_size: int | None) -> Poll:
    """``party,share[,se]``: shares (and standard errors) in any one unit, e.g. percent."""
    header, rows = _read(path, "polls")
    return poll_from_rows(str(path), header, list(enumerate(rows, start=1)), sample_size)


def poll_from_rows(
    name: str,
    header: Sequence[str],
    rows: Sequence[tuple[int, dict[str | None, Any]]],
    sample_size: int | None,
) -> Poll:
    """A poll from numbered ``party,share[,se]`` rows of the file ``name``."""
    for column in ("party", "share"):
        if column not in header:
            raise InputError.expected(
                what="the header",
                expected=f"to have a '{column}' column",
                got=",".join(header),
                location=Location(name, None, column),
                code="csv.header_missing",
                params={"column": column, "got": ",".join(header)},
            )
    names: list[str] = []
    shares: list[Fraction] = []
    errors: list[Fraction] = []
    for number, row in rows:
        party = (row.get("party") or "").strip()
        if not party or party in names:
            raise InputError.expected(
                what="the party name",
                expected="non-empty and unique",
                got=party,
                location=Location(name, number, "party"),
                code="csv.party_name",
                params={"got": party},
            )
        names.append(party)
        for column, out in (("share", shares), ("se", errors)):
            if column in header:
                value = parse_share(
                    row.get(column) or "", option=column, where=Location(name, number, column)
                )
                if value < 0:
                    raise InputError.expected(
                        what=column,
                        expected="non-negative",
                        got=row.get(column),
                        location=Location(name, number, column),
                        code="input.negative",
                        params={"what": column, "got": row.get(column)},
                    )
                out.append(value)
    if not names:
        raise InputError.expected(
            what="the polls file",
            expected="at least one party row",
            got=0,
            location=Location(name, None, None),
            code="polls.no_rows",
        )
    if ("se" in header) == (sample_size is not None):
        raise InputError.expected(
            what="the poll's uncertainty",
            expected="either --sample-size or an 'se' column in the polls file (one of them)",
            got="both" if sample_size is not None else "neither",
            location=Location(name, None, "se"),
            code="polls.uncertainty_both" if sample_size is not None else "polls.uncertainty_none",
        )
    return Poll(
        tuple(names),
        tuple(shares),
        sample_size=sample_size,
        standard_errors=tuple(errors) if "se" in header else None,
    )


def read_redistribution_csv(
    path: Path, *, removed: Sequence[str]
) -> dict[str, dict[str, Fraction]]:
    """A matrix ``party,<to>,<to>,...``: one row per removed list, shares of its voters."""
    name = str(path)
    header, rows = _read(path, "redistribution")
    if not header or header[0] != "party":
        raise InputError.expected(
            what="the header",
            expected="'party' then one column per destination list",
            got=",".join(header),
            location=Location(name, None, "party"),
            code="scenario.redistribution_header",
            params={"got": ",".join(header)},
        )
    out: dict[str, dict[str, Fraction]] = {}
    for number, row in enumerate(rows, start=1):
        party = (row.get("party") or "").strip()
        if party not in removed:
            raise InputError.expected(
                what="a redistribution row",
                expected=f"a list given to --remove {list(removed)}",
                got=party,
                location=Location(name, number, "party"),
                code="scenario.not_removed",
                params={"got": party, "removed": ", ".join(removed)},
            )
        out[party] = {
            column: parse_share(row[column], option=column, where=Location(name, number, column))
            for column in header[1:]
            if (row.get(column) or "").strip()
        }
    return out
