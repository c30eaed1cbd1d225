"""Germany's Bundestag since 2023: party seats, Land lists, and the second-vote cover.

One entry point, :func:`allocate_coverage`, for rulesets with ``[mixed] kind = "coverage"``
(see ``docs/rulesets.md``). The law (BWahlG §§ 4-6 as amended on 8 June 2023, read with
BVerfG 2 BvF 1/23 of 30 July 2024):

1. Upper apportionment (§ 4(2), § 5): the seats, less those of district winners no party
   nominated (§ 4(1)), go to the parties with 5 % of the valid second votes, or three
   district wins, or a national-minority list, by Sainte-Laguë/Schepers on their second
   votes less those of voters whose first vote elected such an independent (§ 4(2) no. 1).
   A party with most of the counted votes but not most seats gets seats added (§ 4(4)).
2. Lower apportionment (§ 4(3)): each party's seats go to its Land lists by the same method
   on their second votes. CDU and CSU are separate parties.
3. Second-vote cover (§ 6(1)): in each Land, the party's district winners are ranked by
   falling first-vote share (first votes over the district's valid first votes) and take
   the list's seats in that order; winners beyond the list's seats are not seated, and a
   party with no seats seats none of its winners. Seats left go to the list (§ 6(4)).
   Winners no party nominated are elected by plurality (§ 6(2)).

Ties at the last seat of an apportionment (§ 5(3)) and equal shares at the last covered
seat (§ 6(3)) are decided by lot: with a seed the lot is drawn and recorded, without one
the tie is returned undecided.

Known deviations: the list seats are not matched against the length of each list
(§ 6(4) sentence 3, seats a list cannot fill stay empty); the lists' candidates are not
inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from majlis.errors import InputError, Location, VotesError
from majlis.law._coverage import CoverageInputs, run_coverage
from majlis.law._district_types import DistrictWinner
from majlis.law._types import PartyList, Tie
from majlis.law.allocate import names_and_votes
from majlis.law.ruleset import Ruleset
from majlis.law.trace import TraceEvent

__all__ = ["CoverageAllocation", "DistrictWinner", "WinnerOutcome", "allocate_coverage"]


@dataclass(frozen=True, slots=True)
class WinnerOutcome:
    """One district winner and whether the cover seated them."""

    winner: DistrictWinner
    seated: bool


@dataclass(frozen=True, slots=True)
class CoverageAllocation:
    """The whole count: party seats, Land list seats, the winners seated and not.

    ``seats`` are each party's seats (every party in the votes, 0 included); ``lists`` the
    seats of each constituency's lists (the lower apportionment); ``winners`` every district
    winner in input order with the cover's verdict; ``independents`` the winners no party
    nominated (seated beside the parties); ``house`` the chamber's size (the ruleset's
    unless the majority clause enlarged it). ``trace`` is computed when first read.
    """

    ruleset_id: str
    seats: Mapping[str, int]
    lists: Mapping[str, Mapping[str, int]]
    winners: tuple[WinnerOutcome, ...]
    house: int
    tie: Tie | None = None
    explain: Callable[[], tuple[TraceEvent, ...]] = field(
        default=lambda: (), repr=False, compare=False
    )

    @property
    def trace(self) -> tuple[TraceEvent, ...]:
        """The frozen events explaining every stage."""
        return self.explain()

    @property
    def independents(self) -> int:
        """District winners no party nominated, each a seat."""
        return sum(1 for w in self.winners if w.winner.party is None)

    @property
    def unseated(self) -> tuple[DistrictWinner, ...]:
        """District winners the cover left without a seat, in input order."""
        return tuple(w.winner for w in self.winners if not w.seated)

    @property
    def district_seats(self) -> Mapping[str, Mapping[str, int]]:
        """Seated district winners per constituency and party (independents not counted)."""
        out: dict[str, dict[str, int]] = {c: dict.fromkeys(row, 0) for c, row in self.lists.items()}
        for w in self.winners:
            party = w.winner.party
            if w.seated and party is not None:
                row = out.setdefault(w.winner.constituency, {})
                row[party] = row.get(party, 0) + 1
        return out

    @property
    def list_seats(self) -> Mapping[str, Mapping[str, int]]:
        """Seats each list fills from its candidates after the cover (§ 6(4))."""
        won = self.district_seats
        return {
            c: {p: n - won.get(c, {}).get(p, 0) for p, n in row.items()}
            for c, row in self.lists.items()
        }

    @property
    def total(self) -> int:
        """Seats filled: list seats of parties and independents."""
        return sum(self.seats.values()) + self.independents


def _bad(source: str, row: int | None, name: str, what: str, expected: str, got: object) -> None:
    raise VotesError.expected(
        what=what, expected=expected, got=got, location=Location(source, row, name)
    )


def check_coverage(
    ruleset: Ruleset,
    votes: Mapping[str, Sequence[PartyList]],
    winners: Sequence[DistrictWinner],
    *,
    not_counted: Mapping[str, int] | None = None,
    votes_source: str = "votes",
    winners_source: str = "winners",
) -> None:
    """Raise on the first bad input (naming source, row, field); else None."""
    if ruleset.mixed != "coverage":
        raise InputError.expected(
            what=f"ruleset {ruleset.id!r}",
            expected="a coverage law ([mixed] kind = 'coverage')",
            got=f"[mixed] kind = {ruleset.mixed}" if ruleset.mixed else "no [mixed] table",
        )
    if not votes:
        _bad(votes_source, None, "constituency", "the votes", "at least one constituency", 0)
    for lists in votes.values():
        names_and_votes(lists)
    seen: set[str] = set()
    src = winners_source
    for row, w in enumerate(winners, start=1):
        if type(w.district) is not str or not w.district.strip() or w.district in seen:
            _bad(src, row, "district", "the district", "a non-empty, unique name", w.district)
        seen.add(w.district)
        if w.constituency not in votes:
            expected = f"one of the {len(votes)} constituencies in the votes ({votes_source})"
            _bad(src, row, "constituency", f"the constituency of {w.district!r}", expected,
                 w.constituency)  # fmt: skip
        if w.party is not None and (type(w.party) is not str or not w.party.strip()):
            _bad(src, row, "party", f"the party of {w.district!r}", "a name or empty", w.party)
        if type(w.valid_votes) is not int or w.valid_votes < 1:
            what = f"valid first votes in {w.district!r}"
            _bad(src, row, "valid_votes", what, "an integer >= 1", w.valid_votes)
        if type(w.votes) is not int or not 0 < w.votes <= w.valid_votes:
            what = f"first votes of the winner of {w.district!r}"
            _bad(src, row, "votes", what, f"an integer in [1, {w.valid_votes}]", w.votes)
    national: dict[str, int] = {}
    for lists in votes.values():
        for p in lists:
            national[p.name] = national.get(p.name, 0) + p.votes
    for party, n in (not_counted or {}).items():
        if party not in national or type(n) is not int or not 0 <= n <= national[party]:
            expected = f"an integer in [0, {national.get(party, 0)}] for a party in the votes"
            raise VotesError.expected(
                what=f"second votes of {party!r} not counted", expected=expected, got=n
            )
    independents = sum(1 for w in winners if w.party is None)
    if independents >= ruleset.list_seats:
        _bad(src, None, "party", "independent winners", f"fewer than {ruleset.list_seats}",
             independents)  # fmt: skip


def allocate_coverage(
    ruleset: Ruleset,
    votes: Mapping[str, Sequence[PartyList]],
    winners: Sequence[DistrictWinner],
    *,
    not_counted: Mapping[str, int] | None = None,
    seed: int | None = None,
    votes_source: str = "votes",
    winners_source: str = "winners",
) -> CoverageAllocation:
    """Allocate a coverage law: party seats, list seats per constituency, the cover.

    Args:
        ruleset: a law with ``[mixed] kind = "coverage"``.
        votes: each constituency's (Land's) lists with their (second) votes; a list's
            ``minority`` flag is read from its first row.
        winners: every single-member district's winner (order = trace order of ties).
        not_counted: per party, the second votes of voters whose first vote elected a
            winner no party nominated; left out of the upper apportionment only.
        seed: the seed of a lot (ties at a last seat, equal first-vote shares).
        votes_source, winners_source: file names for error messages.
    """
    check_coverage(
        ruleset,
        votes,
        winners,
        not_counted=not_counted,
        votes_source=votes_source,
        winners_source=winners_source,
    )
    inp = CoverageInputs(
        ruleset=ruleset,
        votes={c: tuple(ls) for c, ls in votes.items()},
        winners=tuple(winners),
        not_counted=dict(not_counted or {}),
        seed=seed,
    )
    result, _ = run_coverage(inp, record=False)
    cache: list[tuple[TraceEvent, ...]] = []

    def explain() -> tuple[TraceEvent, ...]:
        if not cache:
            cache.append(tuple(run_coverage(inp, record=True)[1]))
        return cache[0]

    return CoverageAllocation(
        ruleset_id=ruleset.id,
        seats=result.seats,
        lists=result.lists,
        winners=tuple(
            WinnerOutcome(w, ok) for w, ok in zip(inp.winners, result.seated, strict=True)
        ),
        house=result.house,
        tie=result.tie,
        explain=explain,
    )
