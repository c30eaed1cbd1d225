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
from majlis.law._types import Allocation, ListProblem, PartyList, new_allocation
from majlis.law.ruleset import Ruleset
from majlis.law.trace import TraceEvent

__all__ = ["allocate"]


def names_and_votes(
    lists: Sequence[PartyList], against_all: int = 0, other_votes: int = 0
) -> tuple[list[str], list[int]]:
    """The lists' names and votes, or the error of the first bad list (by row) or count.

    Each list checked its own fields when it was made (:attr:`PartyList.problem`); what is
    new to the call is that names are unique and the two counts are non-negative integers.
    """
    names = []
    votes = []
    for p in lists:
        if p.problem is not None:
            break
        names.append(p.name)
        votes.append(p.votes)
    if len(set(names)) != len(lists):  # a bad list (the loop stopped) or a repeated name
        raise _first_bad(lists)
    if type(against_all) is not int or against_all < 0:
        raise VotesError.expected(
            what="the 'against all' count", expected="a non-negative integer", got=against_all
        )
    if type(other_votes) is not int or other_votes < 0:
        raise VotesError.expected(
            what="other_votes", expected="a non-negative integer", got=other_votes
        )
    return names, votes


def _first_bad(lists: Sequence[PartyList]) -> InputError:
    """The error naming the row and field of the first bad list (a bad name, a repeat, ...)."""
    seen: set[str] = set()
    for row, p in enumerate(lists, start=1):
        problem = p.problem
        if (problem is None or problem.field != "party") and p.name in seen:
            problem = ListProblem("party", "a list name", "unique", p.name)
        if problem is not None:
            return VotesError.expected(
                what=problem.what,
                expected=problem.expected,
                got=problem.got,
                location=Location("lists", row, problem.field),
            )
        seen.add(p.name)
    raise AssertionError("called only when a list is bad")  # pragma: no cover


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
    names, votes = names_and_votes(lists, against_all, other_votes)
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
