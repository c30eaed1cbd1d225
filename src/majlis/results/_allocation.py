"""From tabulated national totals to seats: the bridge to :func:`majlis.law.allocate`."""

from __future__ import annotations

from collections.abc import Mapping

from majlis.law import Allocation, PartyList, Ruleset, allocate
from majlis.results._tabulate import Tabulation

__all__ = ["allocate_tabulation", "party_lists"]


def party_lists(
    tabulation: Tabulation, *, registration_order: Mapping[str, int] | None = None
) -> list[PartyList]:
    """The national votes per list as law-engine inputs (ballot order as registration order
    unless the election's registration order is given — it decides Kazakh ties)."""
    order = registration_order or {}
    return [
        PartyList(name, votes, registration_order=order.get(name, i))
        for i, (name, votes) in enumerate(tabulation.national.votes)
    ]


def allocate_tabulation(
    tabulation: Tabulation, ruleset: Ruleset, *, registration_order: Mapping[str, int] | None = None
) -> Allocation:
    """Allocate the ruleset's list seats from the national tally (with its trace)."""
    national = tabulation.national
    return allocate(
        ruleset,
        party_lists(tabulation, registration_order=registration_order),
        against_all=national.lines["against_all"],
        ballots_cast=national.lines["found"],
        registered_voters=national.lines["voters"],
    )
