"""Largest-remainder apportionment: whole quotas first, then the seats left over.

Known deviations: a list with zero votes never receives a seat (not even a leftover one);
when a small quota (Imperiali, rounded Droop) hands out more whole seats than exist, the
excess is withdrawn from the lists with the smallest remainders (Slovak practice; Italian
practice recomputes instead).

Some statutes measure the quota against more votes than the admitted lists' (Moldova's
national constituency, 2017-2019: all the valid votes over the seats) and round each
quotient to the nearest whole seat instead of taking its whole part (``whole_seats =
"nearest"``). A quotient ending in exactly one half, or rounded seats exceeding the seats
to fill, are cases such a statute leaves open: they raise AllocationImpossible.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

from majlis.errors import AllocationImpossible
from majlis.law import quotas as _quo
from majlis.law._base import (
    NO_TIE_BREAK,
    Apportionment,
    Leftover,
    TieBreak,
    check_inputs,
    resolve_tie,
)
from majlis.law._types import Tie
from majlis.law.trace import (
    ALLOCATION,
    LeftoverSeat,
    Phrase,
    QuotaComputed,
    QuotientSplit,
    SeatWithdrawn,
    TraceEvent,
)

__all__ = ["WholeSeats", "largest_remainder", "whole_quotas"]

#: How a list's quotient becomes whole seats: its whole part, or the nearest whole number.
WholeSeats = Literal["floor", "nearest"]


def largest_remainder(
    names: Sequence[str],
    weights: Sequence[int],
    seats: int,
    *,
    quota: str = "hare",
    leftover: Leftover = "largest_remainder",
    quota_total: int | None = None,
    whole_seats: WholeSeats = "floor",
    tie_break: TieBreak = NO_TIE_BREAK,
    stage: str = ALLOCATION,
    record: bool = True,
) -> Apportionment:
    """Whole quotas first, then the leftover seats by largest remainder (or largest list).

    Args:
        names: list names, parallel to ``weights``.
        weights: votes per list (non-negative ints).
        seats: seats to fill.
        quota: a name in :data:`majlis.law.quotas.QUOTAS`.
        leftover: ``largest_remainder`` or ``largest_lists``.
        quota_total: the votes the quota is measured against, when the statute names more
            than the admitted lists' (at least their sum); default their sum.
        whole_seats: ``floor`` (whole quotas) or ``nearest`` (each quotient rounded to the
            nearest whole; the seats still to fill then go by ``leftover``).
        tie_break: decides equal remainders at the margin.
        stage: the stage name recorded with ties.
        record: build the trace events (False for the lean path; ties are still reported).
    """
    check_inputs(names, weights, seats)
    events: list[TraceEvent] = []
    n = len(weights)
    if seats == 0:
        return Apportionment(seats=(0,) * n, events=())
    total = sum(weights) if quota_total is None else quota_total
    if total < sum(weights):
        raise ValueError("quota_total must be at least the sum of the weights")
    q = _quota(quota, total, seats)
    if whole_seats == "nearest":
        whole, rest = _nearest(names, weights, seats, (quota, q, total), events, record)
        tie = None
    else:
        whole, rest, tie = _whole_quotas(
            names, weights, seats, (quota, q), tie_break, stage, events, record
        )
    qn = q.numerator
    if tie is not None:
        return Apportionment(seats=tuple(whole), events=tuple(events), tie=tie)
    left = seats - sum(whole)
    rank = 0
    keys = rest if leftover == "largest_remainder" else list(weights)
    reason = Phrase(
        "seat.largest_remainder" if leftover == "largest_remainder" else "seat.largest_list"
    )
    denominator = qn if leftover == "largest_remainder" else 1
    eligible = sorted((i for i in range(n) if weights[i] > 0), key=lambda i: -keys[i])
    while left > 0 and eligible:
        if left >= len(eligible):
            chosen: Sequence[int] = eligible
        else:
            margin = keys[eligible[left - 1]]
            above = [i for i in eligible if keys[i] > margin]
            level = [i for i in eligible if keys[i] == margin]
            if len(above) + len(level) == left:
                chosen = eligible[:left]
            else:
                winners, tie = resolve_tie(
                    names, level, left - len(above), tie_break, stage, events
                )
                chosen = above + [i for i in level if i in winners]
                left = len(chosen)
        for i in chosen:
            rank += 1
            whole[i] += 1
            if record:
                events.append(
                    LeftoverSeat(
                        party=names[i], rank=rank, key=Fraction(keys[i], denominator), reason=reason
                    )
                )
        left -= len(chosen)
        if tie is not None:
            break
    return Apportionment(seats=tuple(whole), events=tuple(events), tie=tie)


def whole_quotas(
    names: Sequence[str],
    weights: Sequence[int],
    seats: int,
    *,
    quota: str,
    tie_break: TieBreak = NO_TIE_BREAK,
    stage: str = ALLOCATION,
    record: bool = True,
) -> tuple[list[int], list[Fraction], Tie | None, tuple[TraceEvent, ...]]:
    """Whole quotas only (a first scrutiny): seats, unused votes per list, tie, events.

    More whole quotas than ``seats`` are withdrawn from the smallest remainders, as in
    :func:`largest_remainder`; the seats left unfilled go to a later scrutiny.
    """
    check_inputs(names, weights, seats)
    events: list[TraceEvent] = []
    if seats == 0:
        return [0] * len(weights), [Fraction(w) for w in weights], None, ()
    q = _quota(quota, sum(weights), seats)
    whole, rest, tie = _whole_quotas(
        names, weights, seats, (quota, q), tie_break, stage, events, record
    )
    unused = [Fraction(r, q.denominator) for r in rest]
    return whole, unused, tie, tuple(events)


def _quota(quota: str, total: int, seats: int) -> Fraction:
    q = _quo.QUOTAS[quota](total, seats)
    if q <= 0:
        raise AllocationImpossible(
            f"the {quota} quota of {total} votes for {seats} seats is {q}; it must be positive."
        )
    return q


def _nearest(
    names: Sequence[str],
    weights: Sequence[int],
    seats: int,
    named_quota: tuple[str, Fraction, int],
    events: list[TraceEvent],
    record: bool,
) -> tuple[list[int], list[int]]:
    """Each quotient rounded to the nearest whole seat; remainders (1/numerator units) signed.

    A remainder above one half rounds up (the remainder turns negative), below one half
    down; exactly one half, or more rounded seats than ``seats``, the statute leaves open.
    """
    quota, q, total = named_quota
    qn, qd = q.numerator, q.denominator
    whole = [0] * len(weights)
    rest = [0] * len(weights)
    for i, w in enumerate(weights):
        whole[i], rest[i] = divmod(w * qd, qn)
        if 2 * rest[i] == qn:
            raise AllocationImpossible(
                f"{names[i]}'s quotient {Fraction(w * qd, qn)} ends in exactly one half; "
                "the law rounds only above or below a half."
            )
        if 2 * rest[i] > qn:
            whole[i] += 1
            rest[i] -= qn
    if record:
        label = f"{quota}, quotients rounded to the nearest seat"
        _record_split(events, label, total, names, weights, seats, q, whole, rest)
    if sum(whole) > seats:
        raise AllocationImpossible(
            f"the quotients rounded to the nearest seat give {sum(whole)} seats, more than "
            f"the {seats} to fill; the law does not say which to withdraw."
        )
    return whole, rest


def _record_split(
    events: list[TraceEvent],
    label: str,
    total: int,
    names: Sequence[str],
    weights: Sequence[int],
    seats: int,
    q: Fraction,
    whole: Sequence[int],
    rest: Sequence[int],
) -> None:
    """Trace the quota (from ``total`` votes) and each list's quotient, seats and remainder."""
    qn, qd = q.numerator, q.denominator
    events.append(QuotaComputed(method=label, total=total, seats=seats, quota=q))
    events.extend(
        QuotientSplit(
            party=names[i],
            votes=w,
            quotient=Fraction(w * qd, qn),
            seats=whole[i],
            remainder=Fraction(rest[i], qn),
        )
        for i, w in enumerate(weights)
    )


def _whole_quotas(
    names: Sequence[str],
    weights: Sequence[int],
    seats: int,
    named_quota: tuple[str, Fraction],
    tie_break: TieBreak,
    stage: str,
    events: list[TraceEvent],
    record: bool,
) -> tuple[list[int], list[int], Tie | None]:
    """Whole quotas per list and remainders (in units of 1/denominator of the quota)."""
    n = len(weights)
    total = sum(weights)
    quota, q = named_quota
    qn, qd = q.numerator, q.denominator
    whole = [0] * n
    rest = [0] * n
    for i, w in enumerate(weights):
        whole[i], rest[i] = divmod(w * qd, qn)
    if record:
        _record_split(events, quota, total, names, weights, seats, q, whole, rest)
    left = seats - sum(whole)
    tie: Tie | None = None
    while left < 0:
        low = min(rest[i] for i in range(n) if whole[i] > 0)
        level = [i for i in range(n) if whole[i] > 0 and rest[i] == low]
        losers: Sequence[int] = level
        if len(level) > -left:
            keep, tie = resolve_tie(names, level, len(level) + left, tie_break, stage, events)
            losers = [i for i in level if i not in keep] if tie is None else []
            if tie is not None:
                break
        for i in losers:
            whole[i] -= 1
            left += 1
            if record:
                events.append(
                    SeatWithdrawn(
                        party=names[i],
                        remainder=Fraction(rest[i], qn),
                        reason=Phrase("seat.withdrawn"),
                    )
                )
            rest[i] += qn
    return whole, rest, tie
