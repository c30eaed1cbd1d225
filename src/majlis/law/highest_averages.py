"""Highest-averages (divisor) apportionment: seat by seat to the highest quotient.

Known deviations: with Adams or Huntington-Hill every list's first quotient is infinite;
those are ranked by votes (larger first) and equal votes are a tie. A list with zero votes
never receives a seat.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
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
    fn = divisor
    first = first_divisor

    def key(i: int, k: int) -> tuple[int, Fraction]:
        d = first if (k == 0 and first is not None) else fn(k)
        if d == 0:
            return (1, Fraction(weights[i]))
        w = weights[i] * weights[i] if squared else weights[i]
        return (0, w / d)

    events: list[TraceEvent] = []
    held = [0] * len(weights)
    heap = [(_neg(key(i, 0)), i) for i in range(len(weights)) if weights[i] > 0]
    heapq.heapify(heap)
    left, seat, tie = seats, 0, None
    while left > 0:
        if not heap:
            raise AllocationImpossible(f"{left} seats remain but no list can take them.")
        top = heap[0][0]
        level = []
        while heap and heap[0][0] == top:
            level.append(heapq.heappop(heap)[1])
        level.sort()
        winners: Sequence[int] = level
        if len(level) > left:
            winners, tie = resolve_tie(names, level, left, tie_break, stage, events)
        for i in level:
            if i in winners:
                seat += 1
                if record:
                    k = held[i]
                    infinite, value = key(i, k)
                    events.append(
                        DivisorSeat(
                            seat=seat,
                            party=names[i],
                            votes=weights[i],
                            divisor=first if (k == 0 and first is not None) else fn(k),
                            quotient=None if infinite else value,
                            note="quotient and divisor squared (Huntington-Hill)"
                            if squared
                            else "",
                        )
                    )
                held[i] += 1
                left -= 1
                heapq.heappush(heap, (_neg(key(i, held[i])), i))
            else:
                heapq.heappush(heap, (top, i))
        if tie is not None:
            break
    return Apportionment(seats=tuple(held), events=tuple(events), tie=tie)


def _neg(key: tuple[int, Fraction]) -> tuple[int, Fraction]:
    return (-key[0], -key[1])
