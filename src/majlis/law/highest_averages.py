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
from majlis.law.divisors import LINEAR, DivisorFunction
from majlis.law.trace import ALLOCATION, DivisorSeat, Phrase, TraceEvent

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
    stage: str = ALLOCATION,
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
    table = _table(divisor, first_divisor, seats + 1)
    powers = [w * w for w in weights] if squared else list(weights)

    def rough(i: int, k: int) -> float:
        """Quotient as a correctly rounded float: orders all but near-equal quotients."""
        p, q = table[k]
        return math.inf if p == 0 else powers[i] * q / p

    def exact(i: int, k: int) -> tuple[int, Fraction]:
        """Exact quotient; an infinite one (divisor 0) ranks by votes."""
        p, q = table[k]
        return (1, Fraction(weights[i])) if p == 0 else (0, Fraction(powers[i] * q, p))

    events: list[TraceEvent] = []
    linear = None if record or squared else LINEAR.get(divisor)
    held = _sure_seats(powers, seats, table[0], linear) if linear else None
    if held is None:
        held = [0] * len(weights)
    heap = [(-rough(i, held[i]), i) for i in range(len(weights)) if weights[i] > 0]
    heapq.heapify(heap)
    left, seat, tie = seats - sum(held), 0, None
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
                    p, q = table[k]
                    events.append(
                        DivisorSeat(
                            seat=seat,
                            party=names[i],
                            votes=weights[i],
                            divisor=Fraction(p, q),
                            quotient=None if infinite else value,
                            note=Phrase("note.huntington_hill") if squared else "",
                        )
                    )
                held[i] += 1
                left -= 1
            heapq.heappush(heap, (-rough(i, held[i]), i))
        if tie is not None:
            break
    return Apportionment(seats=tuple(held), events=tuple(events), tie=tie)


#: Divisor tables as integer pairs, by divisor sequence and first divisor (shared, immutable).
_TABLES: dict[tuple[DivisorFunction, Fraction | None], tuple[tuple[int, int], ...]] = {}


def _table(
    divisor: DivisorFunction, first: Fraction | None, size: int
) -> tuple[tuple[int, int], ...]:
    """The first ``size`` (or more) divisors as ``(numerator, denominator)``, cached."""
    key = (divisor, first)
    table = _TABLES.get(key)
    if table is None or len(table) < size:
        built = []
        for k in range(max(size, 2 * len(table or ()))):
            d = first if (k == 0 and first is not None) else divisor(k)
            built.append((d.numerator, d.denominator))
        table = _TABLES[key] = tuple(built)
    return table


def _sure_seats(
    powers: Sequence[int], seats: int, first: tuple[int, int], linear: tuple[int, int]
) -> list[int] | None:
    """Seats each list wins for certain, counted in closed form; None if no count applies.

    For divisors ``d(k) = a*k + b`` (``k >= 1``) and a first divisor ``d(0) <= a + b``, a
    list's quotients above a level ``L`` are counted directly. ``L`` is chosen so that at
    most ``seats`` quotients exceed it: then every one of them is among the seats and
    strictly above the last seat's quotient, so no tie can involve them, and handing them
    out first leaves the seat-by-seat count of the rest exactly as it would have been.
    """
    a, b = linear
    p0, r0 = first
    total = sum(powers)
    den = a * seats - (a - b) * sum(1 for w in powers if w)  # L = total / den
    if den <= 0 or p0 > (a + b) * r0:
        return None
    step = a * total
    held = []
    for w in powers:
        if not w:
            held.append(0)
            continue
        first_seat = p0 * total < w * den * r0  # d(0) < w / L
        more = -(-(w * den - b * total) // step) - 1  # k >= 1 with a*k + b < w / L
        held.append(first_seat + (more if more > 0 else 0))
    return held if sum(held) <= seats else None


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
