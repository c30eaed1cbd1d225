"""Linear divisor methods in a handful of integer operations (the lean path, no trace).

For divisors ``d(j) = step * j + offset`` (``first`` replacing ``d(0)``) the counts
``c_i = #{j : v_i / d(j) >= V / M}`` have a closed integer form; with ``M`` chosen so they
sum to about the house size, a few steps fix the total — the largest next quotient gains a
seat while seats are missing, the smallest held quotient loses one while there are too
many — comparing quotients by cross-multiplication. Both walks end at the S largest
quotients. A tie at the last seat returns None so that the traced pipeline (and the
ruleset's tie-break) decides. This is the scalar twin of the batched kernel's
:func:`majlis.simulate._kernel_methods.highest_averages`.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = ["LINEAR_DIVISORS", "lean_divisor_seats", "linear_sequence", "plain_linear"]

#: (step, offset, first) of the linear divisor methods, by registered method name.
LINEAR_DIVISORS = {
    "danish": (3, 1, 1),
    "dhondt": (1, 1, 1),
    "imperiali": (1, 2, 2),
    "modified_sainte_lague": (10, 5, 7),
    "sainte_lague": (2, 1, 1),
}


def linear_sequence(method: str, first_divisor: Fraction | None) -> tuple[int, int, int] | None:
    """Integer (step, offset, first) for ``method``, or None if it is not linear/increasing."""
    seq = LINEAR_DIVISORS.get(method)
    if seq is None:
        return None
    step, offset, first = seq
    if first_divisor is not None:
        if method == "modified_sainte_lague":
            step, offset = 2, 1
        scale = first_divisor.denominator
        step, offset, first = step * scale, offset * scale, first_divisor.numerator
    return (step, offset, first) if 0 < first <= step + offset else None


def lean_divisor_seats(
    votes: Sequence[int], seats: int, sequence: tuple[int, int, int]
) -> list[int] | None:
    """Seats per list for admitted ``votes`` (0 = not admitted), or None on a tie at the cut."""
    step, offset, first = sequence
    total = sum(votes)
    if not total:
        return None
    standing = len(votes) - list(votes).count(0) if 0 in votes else len(votes)
    if first == offset:  # d(k) = step * k + offset throughout: no special first divisor
        twice = max(2, 2 * step * seats + standing * (2 * offset - step))
        return plain_linear(votes, seats, step, offset, total, twice)
    m = max(1, step * seats + (standing * (2 * offset - step)) // 2)
    count = [
        (max(0, (x * m - offset * total) // (step * total)) + 1) if x and x * m >= first * total
        else 0
        for x in votes
    ]  # fmt: skip

    def div(k: int) -> int:
        return first if k == 0 else step * k + offset

    held = sum(count)
    if held == seats:  # every held quotient >= total / m > every next one: no tie
        return count
    while held < seats:
        best = -1
        for i, x in enumerate(votes):
            if x and (best < 0 or x * div(count[best]) > votes[best] * div(count[i])):
                best = i
        count[best] += 1
        held += 1
    while held > seats:
        worst = -1
        for i, x in enumerate(votes):
            if count[i] and (
                worst < 0 or x * div(count[worst] - 1) < votes[worst] * div(count[i] - 1)
            ):
                worst = i
        count[worst] -= 1
        held -= 1
    low_n, low_d, high_n, high_d = -1, 1, -1, 1  # smallest held, largest next quotient
    for i, x in enumerate(votes):
        if not x:
            continue
        if count[i]:
            d = div(count[i] - 1)
            if low_n < 0 or x * low_d < low_n * d:
                low_n, low_d = x, d
        d = div(count[i])
        if high_n < 0 or x * high_d > high_n * d:
            high_n, high_d = x, d
    if low_n >= 0 and low_n * high_d == high_n * low_d:
        return None
    return count


def plain_linear(
    votes: Sequence[int], seats: int, step: int, offset: int, total: int, twice: int
) -> list[int] | None:
    """:func:`lean_divisor_seats` for ``d(k) = step * k + offset``, in one pass when it can.

    The start counts every quotient at or above ``total / M`` (``M = twice / 2``) and leaves
    every other one below it: when they sum to the house size, that level separates the
    last seat from the next quotient, so there is no tie to look for. One seat short or
    over is settled by one more pass, farther by the walks.
    """
    level = 2 * offset * total  # c = #{j : x / d(j) >= total / M}
    width = 2 * step * total
    count = [(x * twice - level) // width + 1 if x * twice >= level else 0 for x in votes]
    held = sum(count)
    if held == seats:
        return count
    if held == seats - 1:
        return _gain_one(votes, step, offset, count)
    if held == seats + 1:
        return _lose_one(votes, step, offset, count)
    return _walk(votes, seats, step, offset, count, held)


def _gain_one(votes: Sequence[int], step: int, offset: int, count: list[int]) -> list[int] | None:
    """The one missing seat to the largest next quotient; None if another equals it.

    Every held quotient is above every next one, so the new last seat is that quotient and
    the next-best is the largest of the others' next quotients.
    """
    best, bx, bd, tied = -1, 0, 1, False
    for i, x in enumerate(votes):
        if x:
            d = step * count[i] + offset
            if best < 0 or x * bd > bx * d:
                best, bx, bd, tied = i, x, d, False
            elif x * bd == bx * d:
                tied = True
    if tied or best < 0:
        return None
    count[best] += 1
    return count


def _lose_one(votes: Sequence[int], step: int, offset: int, count: list[int]) -> list[int] | None:
    """The one seat too many off the smallest held quotient; None if another equals it."""
    worst, wx, wd, tied = -1, 0, 1, False
    for i, x in enumerate(votes):
        c = count[i]
        if c:
            d = step * c - step + offset
            if worst < 0 or x * wd < wx * d:
                worst, wx, wd, tied = i, x, d, False
            elif x * wd == wx * d:
                tied = True
    if tied:
        return None
    count[worst] -= 1
    return count


def _walk(
    votes: Sequence[int], seats: int, step: int, offset: int, count: list[int], held: int
) -> list[int] | None:
    """Move seats one at a time until ``held`` is the house size, then check the cut."""
    pairs = [(x, i) for i, x in enumerate(votes) if x]
    while held < seats:
        best, bx, bd = -1, 0, 1
        for x, i in pairs:
            d = step * count[i] + offset
            if best < 0 or x * bd > bx * d:
                best, bx, bd = i, x, d
        count[best] += 1
        held += 1
    while held > seats:
        worst, wx, wd = -1, 0, 1
        for x, i in pairs:
            if count[i]:
                d = step * count[i] - step + offset
                if worst < 0 or x * wd < wx * d:
                    worst, wx, wd = i, x, d
        count[worst] -= 1
        held -= 1
    return _cut_is_clear(votes, step, offset, count)


def _cut_is_clear(
    votes: Sequence[int], step: int, offset: int, count: list[int]
) -> list[int] | None:
    """``count`` unless the smallest held quotient equals the largest next one (a tie)."""
    low_n, low_d, high_n, high_d = -1, 1, -1, 1  # smallest held, largest next quotient
    for x, c in zip(votes, count):  # noqa: B905 - parallel by construction
        if not x:
            continue
        d = step * c + offset
        if c:
            held_d = d - step
            if low_n < 0 or x * low_d < low_n * held_d:
                low_n, low_d = x, held_d
        if high_n < 0 or x * high_d > high_n * d:
            high_n, high_d = x, d
    if low_n >= 0 and low_n * high_d == high_n * low_d:
        return None
    return count
