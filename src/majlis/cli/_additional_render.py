"""``majlis seats`` for additional-member laws (Scotland): constituencies won, regional matrix.

The constituencies each list won in a region come from the votes file's ``district_wins``
column or from the winners file (``--winners``), one row per constituency:
``district,constituency,party`` where ``constituency`` names the region and an empty
``party`` is a candidate no party nominated (``votes`` and ``valid_votes`` may be given, as
for a coverage law, and are not read). A party that won a constituency but has no row in
that region's votes stood no regional list: it takes no additional seat.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rich.console import Console
from rich.table import Table

from majlis.cli._files import read_csv
from majlis.cli._output import Format, print_table, print_trace
from majlis.cli._votes_csv import check_columns, check_width
from majlis.errors import InputError, Location
from majlis.i18n import gettext
from majlis.law import DistrictedAllocation, PartyList

__all__ = ["Wins", "add_wins", "payload_extra", "read_wins", "render_members"]

#: constituencies won per region and party, and those won by candidates of no party
Wins = tuple[dict[str, dict[str, int]], int]


def read_wins(path: Path, regions: Mapping[str, object]) -> Wins:
    """Count the winners file's constituencies per region and party; a bad row fails."""
    name = str(path)
    header, lines = read_csv(path, what="winners file")
    check_columns(name, header, ("district", "constituency", "party"), ("votes", "valid_votes"))
    won: dict[str, dict[str, int]] = {}
    seen: set[str] = set()
    independents = 0
    for number, row in enumerate(lines, start=1):
        check_width(name, number, header, row)
        district = (row.get("district") or "").strip()
        region = (row.get("constituency") or "").strip()
        party = (row.get("party") or "").strip()
        if not district or district in seen:
            raise InputError.expected(
                what="the constituency (district)",
                expected="a non-empty name, unique in the file",
                got=district,
                location=Location(name, number, "district"),
                code="winners.district",
                params={"got": district},
            )
        seen.add(district)
        if region not in regions:
            raise InputError.expected(
                what=f"the region of {district!r}",
                expected=f"one of the {len(regions)} regions of the constituency file",
                got=region,
                location=Location(name, number, "constituency"),
                code="winners.region",
                params={"district": district, "count": len(regions), "got": region},
            )
        if not party:
            independents += 1
            continue
        row_won = won.setdefault(region, {})
        row_won[party] = row_won.get(party, 0) + 1
    return won, independents


def add_wins(
    votes: dict[str, list[PartyList]], wins: Mapping[str, Mapping[str, int]], source: str
) -> None:
    """Give each region's lists their constituencies won (a party with no list: no votes)."""
    for region, lists in votes.items():
        if any(p.district_wins for p in lists):
            raise InputError.expected(
                what="the votes file's district_wins",
                expected="empty or 0 when --winners gives the constituencies won",
                got=region,
                location=Location(source, None, "district_wins"),
                code="winners.district_wins",
            )
        row = dict(wins.get(region, {}))
        for k, p in enumerate(lists):
            n = row.pop(p.name, 0)
            if n:
                lists[k] = PartyList(
                    p.name,
                    p.votes,
                    registration_order=p.registration_order,
                    alliance_size=p.alliance_size,
                    minority=p.minority,
                    district_wins=n,
                    candidates=p.candidates,
                )
        lists.extend(PartyList(party, 0, district_wins=n) for party, n in row.items())


def payload_extra(result: DistrictedAllocation, independents: int) -> dict[str, object]:
    """The JSON keys an additional-member count adds to a districted one."""
    return {
        "district_seats": {c: dict(row) for c, row in result.district_seats.items()},
        "members": result.members,
        "independents": independents,
    }


def render_members(
    result: DistrictedAllocation,
    votes: Mapping[str, int],
    independents: int,
    output: Format,
) -> None:
    """The members per party (constituencies + regional seats), the region matrix, the trace."""
    console = Console()
    won: dict[str, int] = {}
    for row in result.district_seats.values():
        for party, n in row.items():
            won[party] = won.get(party, 0) + n
    members = result.members
    order = sorted(members, key=lambda p: (-members[p], -votes.get(p, 0), p))
    summary = Table(title=gettext("Members under %(ruleset)s") % {"ruleset": result.ruleset_id})
    for column in (
        gettext("party"),
        gettext("regional votes"),
        gettext("constituencies"),
        gettext("regional seats"),
        gettext("members"),
    ):
        summary.add_column(column, justify="left" if column == gettext("party") else "right")
    for party in order:
        summary.add_row(
            party,
            f"{votes.get(party, 0):,}",
            str(won.get(party, 0)),
            str(result.seats.get(party, 0)),
            str(members[party]),
        )
    if independents:
        summary.add_row(gettext("independents"), "", str(independents), "0", str(independents))
    print_table(summary, output, console=console)
    shown = [p for p in order if members[p]]
    matrix = Table(title=gettext("Members by region: total (of which constituencies won)"))
    matrix.add_column(gettext("region"))
    for party in shown:
        matrix.add_column(party, justify="right")
    for region, row in result.constituencies.items():
        wins = result.district_seats.get(region, {})
        cells = []
        for party in shown:
            c, r = wins.get(party, 0), row.get(party, 0)
            cells.append(f"{c + r} ({c})" if c + r else "")
        matrix.add_row(region, *cells)
    print_table(matrix, output, console=console)
    print_trace(console, result.trace, result.tie)
