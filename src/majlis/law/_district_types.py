"""The records a districted count shares between its levels (pure, no logic)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from majlis.law._types import PartyList, Tie
from majlis.law.ruleset import Districts, Ruleset
from majlis.law.trace import TraceEvent

__all__ = ["Constituency", "Count", "DistrictResult", "DistrictWinner"]


@dataclass(frozen=True, slots=True)
class Constituency:
    """One constituency and what the law may need to know about it.

    Args:
        name: unique name, as in the votes.
        seats: seats it elects, for laws with fixed magnitudes (None when apportioned).
        blank: valid votes for no list (blank ballots, "against all"); part of valid votes.
        ballots_cast, registered_voters, population: for thresholds or apportionment
            measured against them.
    """

    name: str
    seats: int | None = None
    blank: int = 0
    ballots_cast: int | None = None
    registered_voters: int | None = None
    population: int | None = None
    #: whether name, seats and blank are well formed, decided once when the record is made
    #: (it is frozen): a count of many constituencies then reads one flag per constituency
    well_formed: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        name, seats, blank = self.name, self.seats, self.blank
        ok = (
            type(name) is str
            and bool(name.strip())
            and (seats is None or (type(seats) is int and seats >= 0))
            and type(blank) is int
            and blank >= 0
        )
        object.__setattr__(self, "well_formed", ok)


@dataclass(frozen=True, slots=True)
class DistrictWinner:
    """The winner of one single-member district, for a law that covers winners by lists.

    Args:
        district: the district's name, unique.
        constituency: the constituency (Germany: the Land) whose lists cover the district.
        party: the nominating party, as named in the votes; None for a candidate no party
            nominated (BWahlG § 20(3)), who is elected by the most first votes alone.
        votes: the winner's first votes.
        valid_votes: the valid first votes in the district (the share's denominator).
    """

    district: str
    constituency: str
    party: str | None
    votes: int
    valid_votes: int

    @property
    def share(self) -> Fraction:
        """The first-vote share, exact: votes over the district's valid first votes."""
        return Fraction(self.votes, self.valid_votes)


@dataclass(frozen=True, slots=True)
class DistrictResult:
    """Seats per constituency (parallel to each constituency's lists), magnitudes, a tie."""

    seats: dict[str, list[int]]
    magnitudes: dict[str, int]
    tie: Tie | None


@dataclass(frozen=True, slots=True)
class Count:
    """One districted count in progress: its inputs and the seats won so far.

    ``seats`` maps each constituency to seats parallel to its lists and is filled level
    by level; ``national`` says which parties take part in the national levels;
    ``events`` collects the trace when ``record``.
    """

    ruleset: Ruleset
    d: Districts
    cons: Sequence[Constituency]
    votes: Mapping[str, Sequence[PartyList]]
    magnitudes: Mapping[str, int]
    seats: dict[str, list[int]]
    national: Mapping[str, bool]
    merged: Sequence[PartyList]
    seed: int | None
    events: list[TraceEvent]
    record: bool
