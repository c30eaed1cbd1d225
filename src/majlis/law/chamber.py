"""The whole chamber of a parallel law: the list tier beside the single-member districts.

Kazakhstan since 2023 (69 list seats, 29 districts), Russia, Ukraine and Georgia before
their reforms elect part of the chamber by party lists and part in single-member districts
by plurality, each tier on its own: the list tier is allocated exactly as
:func:`majlis.law.allocate` does, without regard to the districts, and each party's
districts won (``PartyList.district_wins``, the votes table's ``district_wins`` column, as
for MMP) are seats beside it. Independents are a list with no votes and its districts won.

The district counts are inputs: a plurality count needs every candidate's votes in every
district, which the commissions publish as the winners' names. Districts not given (a
vacancy, a repeated election) stay empty and are named in the trace.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from majlis.errors import InputError, Location, VotesError
from majlis.law._types import Allocation, PartyList, Tie
from majlis.law.allocate import allocate, names_and_votes
from majlis.law.ruleset import Ruleset
from majlis.law.trace import DistrictSeatsAdded, Phrase, StageStarted, TraceEvent

__all__ = ["Chamber", "allocate_chamber", "seat_chamber"]


@dataclass(frozen=True, slots=True)
class Chamber:
    """Both tiers of a parallel law: list seats, districts won, their sum, empty districts.

    ``method`` is the list tier's method (for the trace).
    ``seats``, ``list_seats`` and ``district_seats`` name every list given (0 included),
    in input order; ``vacant`` district seats were not given as won by any list.
    """

    ruleset_id: str
    method: str
    list_tier: Allocation
    district_seats: Mapping[str, int]
    seats: Mapping[str, int]
    vacant: int

    @property
    def list_seats(self) -> Mapping[str, int]:
        """Seats of the party-list tier, as :func:`majlis.law.allocate` gives them."""
        return self.list_tier.seats

    @property
    def tie(self) -> Tie | None:
        """An undecided tie of the list tier (the districts are given, never tied here)."""
        return self.list_tier.tie

    @property
    def total(self) -> int:
        """Seats filled in the chamber."""
        return sum(self.seats.values())

    @property
    def trace(self) -> tuple[TraceEvent, ...]:
        """The list tier's trace, then the district tier and each party's sum."""
        events: list[TraceEvent] = [
            StageStarted(
                name=Phrase("stage.list_tier"),
                seats=sum(self.list_seats.values()),
                method=self.method,
            ),
            *self.list_tier.trace,
            StageStarted(
                name=Phrase("stage.districts"),
                seats=sum(self.district_seats.values()) + self.vacant,
                method="plurality",
            ),
        ]
        events.extend(
            DistrictSeatsAdded(party=party, list_seats=self.list_seats[party], district_seats=n)
            for party, n in self.district_seats.items()
            if n or self.list_seats[party]
        )
        if self.vacant:
            events.append(
                StageStarted(
                    name=Phrase("stage.districts_empty"), seats=self.vacant, method="no count"
                )
            )
        return tuple(events)


def check_district_wins(
    ruleset: Ruleset,
    lists: Sequence[PartyList],
    *,
    source: str = "lists",
    rows: Sequence[int] | None = None,
) -> None:
    """Raise naming the row where the districts won first exceed the district tier."""
    if ruleset.mixed != "parallel":
        raise InputError.expected(
            what=f"ruleset {ruleset.id!r}",
            expected="a parallel law ([mixed] kind = 'parallel')",
            got=f"[mixed] kind = {ruleset.mixed}" if ruleset.mixed else "no [mixed] table",
        )
    won = 0
    for k, p in enumerate(lists):
        won += p.district_wins
        if won > ruleset.district_seats:
            raise VotesError.expected(
                what=f"district_wins of {p.name!r} (districts won so far: {won})",
                expected=f"at most {ruleset.district_seats} in all, the district tier of "
                f"{ruleset.id!r}",
                got=p.district_wins,
                location=Location(source, rows[k] if rows else k + 1, "district_wins"),
            )


def seat_chamber(
    ruleset: Ruleset,
    lists: Sequence[PartyList],
    tier: Allocation,
    *,
    source: str = "lists",
    rows: Sequence[int] | None = None,
) -> Chamber:
    """The chamber of ``tier`` (``allocate(ruleset, lists, ...)``) and the lists' districts won.

    Fails like :func:`allocate_chamber` when the districts won exceed the district tier.
    """
    check_district_wins(ruleset, lists, source=source, rows=rows)
    districts = {p.name: p.district_wins for p in lists}
    return Chamber(
        ruleset_id=ruleset.id,
        method=ruleset.method,
        list_tier=tier,
        district_seats=districts,
        seats={p.name: tier.seats[p.name] + p.district_wins for p in lists},
        vacant=ruleset.district_seats - sum(districts.values()),
    )


def allocate_chamber(
    ruleset: Ruleset,
    lists: Sequence[PartyList],
    *,
    against_all: int = 0,
    ballots_cast: int | None = None,
    registered_voters: int | None = None,
    other_votes: int = 0,
    seed: int | None = None,
    source: str = "lists",
    rows: Sequence[int] | None = None,
) -> Chamber:
    """Allocate a parallel law's list tier and seat the districts won beside it.

    Args are those of :func:`majlis.law.allocate`, plus ``source`` and ``rows`` (the file
    and each list's data row) for errors. The input is checked whole first: a bad list,
    or districts won adding up to more than the district tier, fails naming the row.
    """
    names_and_votes(lists, against_all, other_votes)
    check_district_wins(ruleset, lists, source=source, rows=rows)
    tier = allocate(
        ruleset,
        lists,
        against_all=against_all,
        ballots_cast=ballots_cast,
        registered_voters=registered_voters,
        other_votes=other_votes,
        seed=seed,
    )
    return seat_chamber(ruleset, lists, tier, source=source, rows=rows)
