"""Allocate a districted law's list seats: constituencies, thresholds per level, second scrutiny.

One entry point, :func:`allocate_districts`, for every ruleset with a ``[constituencies]``
table (see ``docs/rulesets.md``). Input is checked whole before anything is counted: a
constituency in the votes the constituency table lacks (or the reverse), magnitudes that
are negative or do not add up to the list tier, a missing measure — each fails naming the
source, the row and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter

from majlis.errors import InputError, Location, MajlisError, VotesError
from majlis.law._districts import Constituency, run_districts
from majlis.law._types import PartyList, Tie
from majlis.law.allocate import names_and_votes
from majlis.law.ruleset import Ruleset
from majlis.law.trace import TraceEvent

__all__ = ["Constituency", "DistrictedAllocation", "allocate_districts"]


@dataclass(frozen=True, slots=True)
class DistrictedAllocation:
    """National seats per party, seats per constituency and party, magnitudes, trace, tie.

    ``trace`` is computed when first read, by rerunning the same pipeline recording. For an
    additional-member law, ``seats`` and ``constituencies`` are the additional (regional)
    seats and ``district_seats`` the constituencies each list won in each region (empty for
    every other law); :attr:`members` adds the two.
    """

    ruleset_id: str
    seats: Mapping[str, int]
    constituencies: Mapping[str, Mapping[str, int]]
    magnitudes: Mapping[str, int]
    tie: Tie | None = None
    district_seats: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    explain: Callable[[], tuple[TraceEvent, ...]] = field(
        default=lambda: (), repr=False, compare=False
    )

    @property
    def trace(self) -> tuple[TraceEvent, ...]:
        """The frozen events explaining every level of this allocation."""
        return self.explain()

    @property
    def members(self) -> dict[str, int]:
        """Seats per party, constituencies won included (additional-member laws)."""
        total = dict(self.seats)
        for row in self.district_seats.values():
            for party, n in row.items():
                total[party] = total.get(party, 0) + n
        return total


class _NationalSeats(Mapping[str, int]):
    """Seats per party summed over the constituency matrix when first read (then kept)."""

    __slots__ = ("_matrix", "_sums")

    def __init__(self, matrix: Mapping[str, Mapping[str, int]]) -> None:
        self._matrix = matrix
        self._sums: dict[str, int] | None = None

    def _totals(self) -> dict[str, int]:
        if self._sums is None:
            sums: dict[str, int] = {}
            for row in self._matrix.values():
                for party, n in row.items():
                    sums[party] = sums.get(party, 0) + n
            self._sums = sums
        return self._sums

    def __getitem__(self, party: str) -> int:
        return self._totals()[party]

    def __iter__(self) -> Iterator[str]:
        return iter(self._totals())

    def __len__(self) -> int:
        return len(self._totals())

    def __repr__(self) -> str:
        return repr(self._totals())


def _fail(source: str, row: int | None, name: str, what: str, expected: str, got: object) -> None:
    raise VotesError.expected(
        what=what, expected=expected, got=got, location=Location(source, row, name)
    )


def _looks_valid(
    ruleset: Ruleset,
    constituencies: Sequence[Constituency],
    votes: Mapping[str, Sequence[PartyList]],
) -> bool:
    """One quick pass over what :func:`check_districts` checks; False on any doubt.

    Each record carries its own verdict (``well_formed``, ``problem``), so the pass reads a
    flag per constituency and per list. Two lists of one name in a constituency are found
    where the seats are written out (:func:`allocate_districts`).
    """
    d = ruleset.districts
    if d is None or not all(map(_WELL_FORMED, constituencies)):
        return False
    names = set(map(_NAME, constituencies))
    if len(names) != len(constituencies) or votes.keys() != names:
        return False
    if d.magnitude == "seats":
        seats = list(map(_SEATS, constituencies))
        if None in seats or sum(seats) != ruleset.list_seats - d.adjustment_seats:
            return False
    elif d.magnitude in _MEASURED and None in map(attrgetter(d.magnitude), constituencies):
        return False
    if any(map(_PROBLEM, chain.from_iterable(votes.values()))):
        return False
    return ruleset.mixed != "additional_members" or ruleset.district_seats >= sum(
        p.district_wins for p in chain.from_iterable(votes.values())
    )


_NAME = attrgetter("name")
_SEATS = attrgetter("seats")
_WELL_FORMED = attrgetter("well_formed")
_MEASURED = ("population", "registered_voters", "ballots_cast")
_PROBLEM = attrgetter("problem")


def check_districts(
    ruleset: Ruleset,
    constituencies: Sequence[Constituency],
    votes: Mapping[str, Sequence[PartyList]],
    *,
    constituencies_source: str = "constituencies",
    votes_source: str = "votes",
    vote_rows: Mapping[str, int] | None = None,
) -> None:
    """Raise on the first bad constituency or vote (naming source, row, field); else None."""
    d = ruleset.districts
    if d is None:
        raise InputError.expected(
            what=f"ruleset {ruleset.id!r}",
            expected="a districted law (a [constituencies] table)",
            got="one national constituency",
        )
    src, seen = constituencies_source, {}
    for row, c in enumerate(constituencies, start=1):
        if type(c.name) is not str or not c.name.strip():
            _fail(src, row, "constituency", "the constituency name", "non-empty", c.name)
        if c.name in seen:
            _fail(src, row, "constituency", "the constituency name", "unique", c.name)
        seen[c.name] = row
        if c.seats is not None and (type(c.seats) is not int or c.seats < 0):
            _fail(src, row, "seats", f"seats of {c.name!r}", "an integer >= 0", c.seats)
        if type(c.blank) is not int or c.blank < 0:
            _fail(src, row, "blank", f"blank votes of {c.name!r}", "an integer >= 0", c.blank)
        if d.magnitude == "seats" and c.seats is None:
            _fail(src, row, "seats", f"seats of {c.name!r}", "given (the law fixes them)", "")
        measured = d.magnitude in ("population", "registered_voters", "ballots_cast")
        if measured and getattr(c, d.magnitude) is None:
            what = f"{d.magnitude} of {c.name!r}"
            _fail(src, row, d.magnitude, what, "given (seats are apportioned by it)", "")
    for name in votes:
        if name not in seen:
            _fail(
                votes_source,
                (vote_rows or {}).get(name),
                "constituency",
                "the constituency",
                f"one of the constituency table's {len(seen)} ({src})",
                name,
            )
    for name, first in seen.items():
        if name not in votes:
            _fail(
                src,
                first,
                "constituency",
                "the constituency",
                f"present in the votes ({votes_source})",
                name,
            )
    if ruleset.mixed == "additional_members":
        _check_wins(ruleset, votes, votes_source, vote_rows)
    if d.magnitude == "seats":
        total = sum(c.seats or 0 for c in constituencies)
        fixed = ruleset.list_seats - d.adjustment_seats
        if total != fixed:
            tier = f"the list tier of {ruleset.id!r}"
            if d.adjustment_seats:
                tier += f" less its {d.adjustment_seats} adjustment seats"
            _fail(
                src,
                None,
                "seats",
                "the seats of all constituencies together",
                f"to add up to {tier} ({fixed})",
                total,
            )
    for lists in votes.values():
        names_and_votes(lists)


def _check_wins(
    ruleset: Ruleset,
    votes: Mapping[str, Sequence[PartyList]],
    source: str,
    vote_rows: Mapping[str, int] | None,
) -> None:
    """Constituencies won, over all regions, no more than the law's constituency seats."""
    won = 0
    for name, lists in votes.items():
        won += sum(p.district_wins for p in lists if type(p.district_wins) is int)
        if won > ruleset.district_seats:
            _fail(
                source,
                (vote_rows or {}).get(name),
                "district_wins",
                f"constituencies won up to region {name!r}",
                f"at most the {ruleset.district_seats} constituency seats of {ruleset.id!r}",
                won,
            )


def allocate_districts(
    ruleset: Ruleset,
    constituencies: Sequence[Constituency],
    votes: Mapping[str, Sequence[PartyList]],
    *,
    seed: int | None = None,
    constituencies_source: str = "constituencies",
    votes_source: str = "votes",
    vote_rows: Mapping[str, int] | None = None,
) -> DistrictedAllocation:
    """Allocate a districted ruleset's list seats; the result explains every level.

    Args:
        ruleset: a law with a ``[constituencies]`` table.
        constituencies: every constituency once (order = table order = trace order).
        votes: the lists standing in each constituency, by constituency name.
        seed: the seed of a lot, for rulesets whose tie-break is ``lot``.
        constituencies_source, votes_source, vote_rows: where the inputs came from (file
            names and each constituency's first votes row), for error messages.
    """

    def check() -> None:
        check_districts(
            ruleset,
            constituencies,
            votes,
            constituencies_source=constituencies_source,
            votes_source=votes_source,
            vote_rows=vote_rows,
        )

    quick = _looks_valid(ruleset, constituencies, votes)
    if not quick:
        check()
    cons = tuple(constituencies)
    frozen = {name: tuple(lists) for name, lists in votes.items()}
    try:
        result, _ = run_districts(ruleset, cons, frozen, seed, record=False)
    except MajlisError:
        if quick:  # an input error is reported before a count that cannot finish
            check()
        raise
    matrix: dict[str, dict[str, int]] = {}
    won = result.seats
    for c in cons:
        name = c.name
        lists = frozen[name]
        row = matrix[name] = dict(zip(map(_NAME, lists), won[name], strict=True))
        if len(row) != len(lists):  # one list name twice: the full check names the row
            check()
    cache: list[tuple[TraceEvent, ...]] = []

    def explain() -> tuple[TraceEvent, ...]:
        if not cache:
            cache.append(tuple(run_districts(ruleset, cons, frozen, seed, record=True)[1]))
        return cache[0]

    wins: dict[str, dict[str, int]] = {}
    if ruleset.mixed == "additional_members":
        wins = {c.name: {p.name: p.district_wins for p in frozen[c.name]} for c in cons}
    return DistrictedAllocation(
        ruleset_id=ruleset.id,
        seats=_NationalSeats(matrix),
        constituencies=matrix,
        magnitudes=result.magnitudes,
        tie=result.tie,
        explain=explain,
        district_seats=wins,
    )
