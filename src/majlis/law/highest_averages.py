"""Highest-averages (divisor) apportionment: seat by seat to the highest quotient.

Known deviations: with Adams or Huntington-Hill every list's first quotient is infinite;
those are ranked by votes (larger first) and equal votes are a tie. A list with zero votes
never receives a seat.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from fractions import Fraction

from majlis.errors import AllocationImpossible
from majlis.law._base import NO_TIE_BREAK, Apportionment, TieBreak, check_inputs, resolve_tie
from majlis.law.divisors import DivisorFunction
from majlis.law.trace import DivisorSeat, TraceEvent

__all__ = ["highest_averages_by"]


def highest_averages_by(
    names: Sequence[str],
    weights: Sequence[int],
    seats: int,
    *,
    divisor: DivisorFunction,
    squared: bool = False,
    first_divisor: Fraction | None = None,
    tie_break: TieBreak = NO_TIE_BREAK,
    stage: str = "allocation",
    record: bool = True,
) -> Apportionment:
    """Seat by seat to the highest quotient ``votes / divisor(seats held)``.

    Args:
        names: list names, parallel to ``weights``.
        weights: votes per list (non-negative ints).
        seats: seats to fill.
        divisor: the divisor sequence (see :mod:`majlis.law.divisors`).
        squared: ``divisor`` gives squared divisors (Huntington-Hill); compare squared votes.
        first_divisor: overrides the first divisor (modified Sainte-Laguë's 1.4).
        tie_break: decides equal quotients at the margin.
        stage: the stage name recorded with ties.
        record: build the trace events (False for the lean path; ties are still reported).
    """
    check_inputs(names, weights, seats)
    table: list[tuple[int, int]] = []  # divisor k as (numerator, denominator)

    def div(k: int) -> tuple[int, int]:
        while len(table) <= k:
            n = len(table)
            d = first_divisor if (n == 0 and first_divisor is not None) else divisor(n)
            table.append((d.numerator, d.denominator))
        return table[k]

    powers = [w * w if squared else w for w in weights]

    def rough(i: int, k: int) -> float:
        """Quotient as a correctly rounded float: orders all but near-equal quotients."""
        p, q = div(k)
        return math.inf if p == 0 else powers[i] * q / p

    def exact(i: int, k: int) -> tuple[int, Fraction]:
        """Exact quotient; an infinite one (divisor 0) ranks by votes."""
        p, q = div(k)
        return (1, Fraction(weights[i])) if p == 0 else (0, Fraction(powers[i] * q, p))

    events: list[TraceEvent] = []
    held = [0] * len(weights)
    heap = [(-rough(i, 0), i) for i in range(len(weights)) if weights[i] > 0]
    heapq.heapify(heap)
    left, seat, tie = seats, 0, None
    while left > 0:
        if not heap:
            raise AllocationImpossible(f"{left} seats remain but no list can take them.")
        level = _best(heap, held, exact)
        winners: Sequence[int] = level
        if len(level) > left:
            winners, tie = resolve_tie(names, level, left, tie_break, stage, events)
        for i in level:
            if i in winners:
                seat += 1
                k = held[i]
                if record:
                    infinite, value = exact(i, k)
                    p, q = div(k)
                    events.append(
                        DivisorSeat(
                            seat=seat,
                            party=names[i],
                            votes=weights[i],
                            divisor=Fraction(p, q),
                            quotient=None if infinite else value,
                            note="quotient and divisor squared (Huntington-Hill)"
                            if squared
                            else "",
                        )
                    )
                held[i] += 1
                left -= 1
            heapq.heappush(heap, (-rough(i, held[i]), i))
        if tie is not None:
            break
    return Apportionment(seats=tuple(held), events=tuple(events), tie=tie)


#: Float quotients of distinct rationals can only swap order within this relative distance.
_CLOSE = 1e-9


def _best(
    heap: list[tuple[float, int]],
    held: Sequence[int],
    exact: Callable[[int, int], tuple[int, Fraction]],
) -> list[int]:
    """Pop the lists whose exact quotient is the highest; push back near misses.

    The heap orders by correctly rounded floats. Every entry whose float is within
    ``_CLOSE`` of the top is compared exactly, so equal quotients are found as ties and
    nearly equal ones in the right order.
    """
    top = -heap[0][0]
    bar = top - abs(top) * _CLOSE if top != math.inf else math.inf
    near = []
    while heap and -heap[0][0] >= bar:
        near.append(heapq.heappop(heap))
    if len(near) == 1:
        return [near[0][1]]
    keys = {i: exact(i, held[i]) for _, i in near}
    best = max(keys.values())
    level = sorted(i for i, key in keys.items() if key == best)
    for entry in near:
        if entry[1] not in level:
            heapq.heappush(heap, entry)
    return level
