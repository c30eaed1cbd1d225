"""Allocate a ruleset's party-list seats: the one public entry point of the seat count.

Source for the Kazakh steps: Constitutional Law "On Elections in the Republic of
Kazakhstan" (1995, No. 2464), Art. 97-1. The other rules follow the statutes cited in the
rulesets that use them.

Known deviations: the runner-up ``coefficient`` variant multiplies the runner-up's votes by
the coefficient before the count (the statute text of that variant could not be verified);
a seat cap applies to a surplus pair as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from majlis.errors import InputError, Location, VotesError
from majlis.law._lean import lean_seats
from majlis.law._pipeline import Inputs, run
from majlis.law._types import Allocation, PartyList, new_allocation
from majlis.law.ruleset import Ruleset
from majlis.law.trace import TraceEvent

__all__ = ["allocate"]


def _bad(row: int, field_name: str, what: str, expected: str, got: object) -> InputError:
    return VotesError.expected(
        what=what, expected=expected, got=got, location=Location("lists", row, field_name)
    )


def _validate(
    lists: Sequence[PartyList], against_all: int, other_votes: int
) -> tuple[list[str], list[int]]:
    """Check every list (raising on the first bad one) and return the names and votes.

    Each :class:`PartyList` checked its own fields when it was made, so this reads that
    verdict; only duplicate names and the two counts are new to the call.
    """
    names = []
    votes = []
    try:
        for p in lists:
            if not p._valid:
                _explain_invalid(lists)
            names.append(p.name)
            votes.append(p.votes)
    except AttributeError:  # not PartyList records: check them field by field
        names, votes = _check_fields(lists)
    if len(set(names)) != len(names):
        _explain_invalid(lists)
    if type(against_all) is not int or against_all < 0:
        raise VotesError.expected(
            what="the 'against all' count", expected="a non-negative integer", got=against_all
        )
    if type(other_votes) is not int or other_votes < 0:
        raise VotesError.expected(
            what="other_votes", expected="a non-negative integer", got=other_votes
        )
    return names, votes


def _check_fields(lists: Sequence[PartyList]) -> tuple[list[str], list[int]]:
    """The names and votes of list-like records, raising on the first bad one."""
    names = []
    votes = []
    for p in lists:
        name, v, size, wins = p.name, p.votes, p.alliance_size, p.district_wins
        if not (
            type(v) is type(size) is type(wins) is int
            and v >= 0 <= wins
            and size >= 1
            and type(name) is str
            and name.strip()
        ):
            _explain_invalid(lists)
        names.append(name)
        votes.append(v)
    return names, votes


def _explain_invalid(lists: Sequence[PartyList]) -> None:
    """Raise the error for the first bad list (called only when something is wrong)."""
    seen: set[str] = set()
    for row, p in enumerate(lists, start=1):
        name = p.name
        if type(name) is not str or not name.strip():
            raise _bad(row, "party", "a list name", "a non-empty string", name)
        if name in seen:
            raise _bad(row, "party", "a list name", "unique", name)
        seen.add(name)
        if type(p.votes) is not int or p.votes < 0:
            raise _bad(row, "votes", f"votes of {name!r}", "a non-negative integer", p.votes)
        if type(p.alliance_size) is not int or p.alliance_size < 1:
            raise _bad(
                row,
                "alliance_size",
                f"alliance_size of {name!r}",
                "an integer >= 1",
                p.alliance_size,
            )
        if type(p.district_wins) is not int or p.district_wins < 0:
            raise _bad(
                row,
                "district_wins",
                f"district_wins of {name!r}",
                "a non-negative integer",
                p.district_wins,
            )


@dataclass(slots=True)
class _Explainer:
    """Recomputes an allocation with its trace on first use, then keeps it."""

    args: tuple[Ruleset, tuple[PartyList, ...], int, int | None, int | None, int, int | None]
    events: tuple[TraceEvent, ...] | None = field(default=None)

    def __call__(self) -> tuple[TraceEvent, ...]:
        if self.events is None:
            self.events = tuple(run(Inputs._make(self.args), record=True)[2])
        return self.events


def allocate(
    ruleset: Ruleset,
    lists: Sequence[PartyList],
    *,
    against_all: int = 0,
    ballots_cast: int | None = None,
    registered_voters: int | None = None,
    other_votes: int = 0,
    seed: int | None = None,
) -> Allocation:
    """Allocate the ruleset's party-list seats among ``lists``; the result explains itself.

    Args:
        ruleset: the law in force.
        lists: the lists on the ballot; row order is registration order unless
            ``registration_order`` says otherwise.
        against_all: "against all" votes (part of the base when the law says so).
        ballots_cast: ballots cast, for laws measuring the threshold against them.
        registered_voters: registered voters, likewise.
        other_votes: valid votes for lists not given in ``lists`` (results often publish
            minor lists only as a total); they count in every base and win nothing.
        seed: the seed of a lot, for rulesets whose tie-break is ``lot``.

    The seats are computed without building the trace; ``Allocation.trace`` reruns the
    same pipeline recording every step the first time it is read.
    """
    if ruleset.districts is not None:
        raise InputError.expected(
            what=f"ruleset {ruleset.id!r}",
            expected="one national constituency (a districted law takes allocate_districts)",
            got="a [constituencies] table",
        )
    names, votes = _validate(lists, against_all, other_votes)
    frozen = tuple(lists)
    seats = lean_seats(
        ruleset, votes, against_all, ballots_cast, registered_voters, other_votes, frozen
    )
    args = (ruleset, frozen, against_all, ballots_cast, registered_voters, other_votes, seed)
    tie = None
    if seats is None:
        seats, tie, _ = run(Inputs._make(args), record=False)
    by_name = dict(zip(names, seats))  # noqa: B905 - equal lengths by construction
    return new_allocation(ruleset.id, by_name, tie, _Explainer(args))
