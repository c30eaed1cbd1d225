"""The plain records an allocation takes and gives: party lists, ties, allocations."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from majlis.law.trace import TraceEvent

__all__ = [
    "MAX_VOTES",
    "Allocation",
    "ListProblem",
    "PartyList",
    "Tie",
    "list_problem",
    "new_allocation",
]

#: The largest vote count any input may give (ten billion, beyond any electorate): the one
#: bound the command line's files and the API's bodies share, so that no count reaches the
#: trace's decimal renderings (floats) or a 64-bit database column out of range
MAX_VOTES = 10**10


class ListProblem(NamedTuple):
    """A list's first bad field: the field's name, what it holds, the expectation, the value."""

    field: str
    what: str
    expected: str
    got: object


@dataclass(frozen=True, slots=True)
class PartyList:
    """One party (or alliance) list on the ballot and what the law needs to know about it.

    Args:
        name: the list's name as printed on the ballot; unique within an allocation.
        votes: valid votes cast for the list (a non-negative ``int``).
        registration_order: the order in which the list was registered (smaller = earlier);
            Kazakhstan breaks ties in favour of the earlier registration.
        alliance_size: number of parties in an electoral alliance (1 = a single party);
            some laws raise the threshold for larger alliances.
        minority: the list represents a recognised national minority.
        district_wins: single-member districts the party won (for qualification by districts).
        surplus_partner: the list this list signed a surplus-vote agreement with.
        candidates: names on the list still to be seated, for additional-member laws: the
            list takes no more seats than this and is then disregarded (Scotland Act 1998,
            s. 8(3), (6)); 1 for an individual regional candidate; None for no limit.

    A list checks its fields once, when made (:func:`list_problem`), and keeps the verdict in
    ``problem``; the record is frozen, so the verdict holds, and an allocation raises it with
    the list's row instead of checking every list again on every call.
    """

    name: str
    votes: int
    registration_order: int = 0
    alliance_size: int = 1
    minority: bool = False
    district_wins: int = 0
    surplus_partner: str | None = None
    candidates: int | None = None
    problem: ListProblem | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "problem", list_problem(self))


def list_problem(p: PartyList) -> ListProblem | None:
    """The first field of ``p`` that no allocation accepts, or None: the one check of a list."""
    name = p.name
    if type(name) is not str or not name.strip():
        return ListProblem("party", "a list name", "a non-empty string", name)
    if type(p.votes) is not int or p.votes < 0:
        return ListProblem("votes", f"votes of {name!r}", "a non-negative integer", p.votes)
    if type(p.alliance_size) is not int or p.alliance_size < 1:
        what = f"alliance_size of {name!r}"
        return ListProblem("alliance_size", what, "an integer >= 1", p.alliance_size)
    if type(p.district_wins) is not int or p.district_wins < 0:
        what = f"district_wins of {name!r}"
        return ListProblem("district_wins", what, "a non-negative integer", p.district_wins)
    limit = p.candidates
    if limit is not None and (type(limit) is not int or limit < 0):
        what = f"candidates of {name!r}"
        return ListProblem("candidates", what, "a non-negative integer or empty", limit)
    return None


@dataclass(frozen=True, slots=True)
class Tie:
    """Seats the law could not decide: ``seats`` seats among equally placed ``contenders``.

    An allocation that ends in a tie leaves these seats unassigned; the ruleset names no
    tie-break (or a lot without a seed), so deciding them is for the commission.
    """

    seats: int
    contenders: tuple[str, ...]
    stage: str


def _no_trace() -> tuple[TraceEvent, ...]:
    return ()


@dataclass(frozen=True, slots=True)
class Allocation:
    """Seats per list (every list, 0 included), the trace that explains them, and any tie.

    ``trace`` is computed when first read (an allocation made in a loop of thousands costs
    nothing for explanations nobody reads); ``explain`` is the function that computes it.
    """

    ruleset_id: str
    seats: Mapping[str, int]
    tie: Tie | None = None
    explain: Callable[[], tuple[TraceEvent, ...]] = field(
        default=_no_trace, repr=False, compare=False
    )

    @property
    def trace(self) -> tuple[TraceEvent, ...]:
        """The frozen events explaining every step of this allocation."""
        return self.explain()

    @property
    def total(self) -> int:
        """Seats assigned (fewer than the tier's seats only when ``tie`` is set)."""
        return sum(self.seats.values())


_new = object.__new__
_slots = vars(Allocation)  # the slot descriptors, whose __set__ ignores the frozen guard
_set_ruleset_id = _slots["ruleset_id"].__set__
_set_seats = _slots["seats"].__set__
_set_tie = _slots["tie"].__set__
_set_explain = _slots["explain"].__set__


def new_allocation(
    ruleset_id: str,
    seats: Mapping[str, int],
    tie: Tie | None,
    explain: Callable[[], tuple[TraceEvent, ...]],
) -> Allocation:
    """``Allocation(ruleset_id, seats, tie, explain)``, filling the slots directly.

    The frozen dataclass's generated ``__init__`` sets each field through
    ``object.__setattr__``; this is the same record for 0.27 µs instead of 0.47 µs, about
    6 % of one Kazakhstan allocation, without which :func:`majlis.law.allocate` falls under
    20x votelib (``benchmarks/bench_exact.py``). ``tests/law/test_law_lean_path.py`` checks
    that every field is filled and that the record equals the constructor's.
    """
    made: Allocation = _new(Allocation)
    _set_ruleset_id(made, ruleset_id)
    _set_seats(made, seats)
    _set_tie(made, tie)
    _set_explain(made, explain)
    return made
