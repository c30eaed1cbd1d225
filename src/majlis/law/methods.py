"""Apportionment methods in a named registry: largest remainder and highest averages.

Both families are pure functions over parallel sequences of names and integer weights
(votes). They return an :class:`Apportionment`: seats per position, the trace events that
explain them and, if the law could not decide, a :class:`~majlis.law.Tie`. Ties are broken
only through an explicit :class:`TieBreak`; the default leaves them as a ``Tie``.

Known deviations: a list with zero votes never receives a seat (not even a leftover one);
with Adams or Huntington-Hill every list's first quotient is infinite, and those are ranked
by votes (larger first) — equal votes are a tie; when a small quota (Imperiali, rounded
Droop) hands out more whole seats than exist, the excess is withdrawn from the lists with
the smallest remainders (Italian practice recomputes instead).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Literal, Protocol

from majlis.errors import AllocationImpossible, NotFoundError
from majlis.law import divisors as _div
from majlis.law import quotas as _quo
from majlis.law._types import Tie
from majlis.law.trace import (
    DivisorSeat,
    LeftoverSeat,
    QuotaComputed,
    QuotientSplit,
    SeatWithdrawn,
    TieBroken,
    TieLeft,
    TraceEvent,
)

__all__ = [
    "METHODS",
    "NO_TIE_BREAK",
    "Apportionment",
    "Family",
    "Leftover",
    "Method",
    "TieBreak",
    "get_method",
    "highest_averages",
    "largest_remainder",
]

Family = Literal["largest_remainder", "highest_averages"]
#: Who gets the seats left after whole quotas: largest remainders, or the largest lists.
Leftover = Literal["largest_remainder", "largest_lists"]


class TieBreak(Protocol):
    """Decides ``seats`` seats among equally placed ``contenders`` (positions), or declines."""

    @property
    def rule(self) -> str:
        """The rule's name, recorded in the trace."""

    @property
    def seed(self) -> int | None:
        """The seed of a lot, recorded in the trace; ``None`` for deterministic rules."""

    def choose(self, contenders: Sequence[int], seats: int) -> tuple[int, ...] | None:
        """Return the ``seats`` winning positions, or ``None`` to leave the tie standing."""


@dataclass(frozen=True, slots=True)
class _NoTieBreak:
    rule: str = "none"
    seed: int | None = None

    def choose(self, contenders: Sequence[int], seats: int) -> tuple[int, ...] | None:  # noqa: ARG002
        return None  # declines every tie by design


#: The default: every tie is reported as a ``Tie``.
NO_TIE_BREAK: TieBreak = _NoTieBreak()


@dataclass(frozen=True, slots=True)
class Apportionment:
    """Seats per position, the events explaining them, and an undecided tie if any."""

    seats: tuple[int, ...]
    events: tuple[TraceEvent, ...]
    tie: Tie | None = None


def _resolve_tie(
    names: Sequence[str],
    contenders: Sequence[int],
    seats: int,
    tie_break: TieBreak,
    stage: str,
    events: list[TraceEvent],
) -> tuple[tuple[int, ...], Tie | None]:
    tied = tuple(names[i] for i in contenders)
    winners = tie_break.choose(contenders, seats)
    if winners is None:
        events.append(TieLeft(stage=stage, seats=seats, contenders=tied))
        return (), Tie(seats=seats, contenders=tied, stage=stage)
    events.append(
        TieBroken(
            stage=stage,
            seats=seats,
            contenders=tied,
            winners=tuple(names[i] for i in winners),
            rule=tie_break.rule,
            seed=tie_break.seed,
        )
    )
    return winners, None


def _check(names: Sequence[str], weights: Sequence[int], seats: int) -> None:
    if len(names) != len(weights):
        raise ValueError("names and weights must have the same length")
    if seats < 0:
        raise AllocationImpossible(f"seats must be a non-negative integer. Got {seats} instead.")
    if seats and not any(weights):
        raise AllocationImpossible(
            f"{seats} seats cannot be allocated: no admitted list has any votes."
        )


def largest_remainder(
    names: Sequence[str],
    weights: Sequence[int],
    seats: int,
    *,
    quota: str = "hare",
    leftover: Leftover = "largest_remainder",
    tie_break: TieBreak = NO_TIE_BREAK,
    stage: str = "allocation",
    record: bool = True,
) -> Apportionment:
    """Whole quotas first, then the leftover seats by largest remainder (or largest list).

    Args:
        names: list names, parallel to ``weights``.
        weights: votes per list (non-negative ints).
        seats: seats to fill.
        quota: a name in :data:`majlis.law.quotas.QUOTAS`.
        leftover: ``largest_remainder`` or ``largest_lists``.
        tie_break: decides equal remainders at the margin.
        stage: the stage name recorded with ties.
        record: build the trace events (False for the lean path; ties are still reported).
    """
    _check(names, weights, seats)
    events: list[TraceEvent] = []
    n = len(weights)
    if seats == 0:
        return Apportionment(seats=(0,) * n, events=())
    total = sum(weights)
    q = _quo.QUOTAS[quota](total, seats)
    if q <= 0:
        raise AllocationImpossible(
            f"the {quota} quota of {total} votes for {seats} seats is {q}; it must be positive."
        )
    qn, qd = q.numerator, q.denominator
    whole = [0] * n
    rest = [0] * n
    for i, w in enumerate(weights):
        whole[i], rest[i] = divmod(w * qd, qn)
    if record:
        events.append(QuotaComputed(method=quota, total=total, seats=seats, quota=q))
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
    left = seats - sum(whole)
    tie: Tie | None = None
    while left < 0:
        low = min(rest[i] for i in range(n) if whole[i] > 0)
        level = [i for i in range(n) if whole[i] > 0 and rest[i] == low]
        losers: Sequence[int] = level
        if len(level) > -left:
            keep, tie = _resolve_tie(names, level, len(level) + left, tie_break, stage, events)
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
                        reason="whole quotas exceeded the seats; smallest remainder gives one back",
                    )
                )
            rest[i] += qn
    rank = 0
    keys = rest if leftover == "largest_remainder" else list(weights)
    reason = "largest remainder" if leftover == "largest_remainder" else "largest list, votes"
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
                winners, tie = _resolve_tie(
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


def highest_averages(
    names: Sequence[str],
    weights: Sequence[int],
    seats: int,
    *,
    divisor: str = "dhondt",
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
        divisor: a highest-averages method name in :data:`METHODS`.
        first_divisor: overrides the first divisor (modified Sainte-Laguë's 1.4).
        tie_break: decides equal quotients at the margin.
        stage: the stage name recorded with ties.
        record: build the trace events (False for the lean path; ties are still reported).
    """
    _check(names, weights, seats)
    method = get_method(divisor)
    fn = method.divisor
    if fn is None:
        raise NotFoundError(f"{divisor!r} is not a highest-averages method.")
    squared = method.squared
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
            winners, tie = _resolve_tie(names, level, left, tie_break, stage, events)
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


@dataclass(frozen=True, slots=True)
class Method:
    """A registered apportionment method: its name, family and quota or divisor."""

    name: str
    family: Family
    description: str
    quota: str | None = None
    divisor: _div.DivisorFunction | None = None
    squared: bool = False

    def apportion(
        self,
        names: Sequence[str],
        weights: Sequence[int],
        seats: int,
        *,
        leftover: Leftover = "largest_remainder",
        first_divisor: Fraction | None = None,
        tie_break: TieBreak = NO_TIE_BREAK,
        stage: str = "allocation",
        record: bool = True,
    ) -> Apportionment:
        """Apportion ``seats`` among ``names`` by this method."""
        if self.quota is not None:
            return largest_remainder(
                names,
                weights,
                seats,
                quota=self.quota,
                leftover=leftover,
                tie_break=tie_break,
                stage=stage,
                record=record,
            )
        return highest_averages(
            names,
            weights,
            seats,
            divisor=self.name,
            first_divisor=first_divisor,
            tie_break=tie_break,
            stage=stage,
            record=record,
        )


def _lr(name: str, quota: str, description: str) -> Method:
    return Method(name=name, family="largest_remainder", description=description, quota=quota)


def _ha(name: str, fn: _div.DivisorFunction, description: str, *, squared: bool = False) -> Method:
    return Method(
        name=name, family="highest_averages", description=description, divisor=fn, squared=squared
    )


#: Every apportionment method by its registered name (CLI choices, ruleset values, tests).
METHODS: Mapping[str, Method] = MappingProxyType(
    {
        m.name: m
        for m in (
            _ha("adams", _div.adams, "highest averages, divisors 0, 1, 2, ..."),
            _ha("danish", _div.danish, "highest averages, divisors 1, 4, 7, ..."),
            _ha("dhondt", _div.dhondt, "highest averages, divisors 1, 2, 3, ..."),
            _lr("droop", "droop", "largest remainder, Droop quota floor(V/(S+1))+1"),
            _lr("hagenbach_bischoff", "hagenbach_bischoff", "largest remainder, quota V/(S+1)"),
            _lr("hagenbach_bischoff_ceil", "hagenbach_bischoff_ceil", "quota V/(S+1) rounded up"),
            _lr("hagenbach_bischoff_floor", "hagenbach_bischoff_floor", "quota V/(S+1) floored"),
            _lr("hagenbach_bischoff_round", "hagenbach_bischoff_round", "quota V/(S+1) rounded"),
            _lr("hare", "hare", "largest remainder, Hare quota V/S"),
            _lr("hare_ceil", "hare_ceil", "largest remainder, Hare quota rounded up"),
            _lr("hare_floor", "hare_floor", "largest remainder, Hare quota rounded down"),
            _ha(
                "huntington_hill",
                _div.huntington_hill_squared,
                "highest averages, divisors sqrt(k(k+1))",
                squared=True,
            ),
            _ha("imperiali", _div.imperiali, "highest averages, divisors 2, 3, 4, ..."),
            _lr("imperiali_quota", "imperiali", "largest remainder, Imperiali quota V/(S+2)"),
            _ha(
                "modified_sainte_lague",
                _div.modified_sainte_lague,
                "highest averages, divisors 1.4 (configurable), 3, 5, ...",
            ),
            _ha("sainte_lague", _div.sainte_lague, "highest averages, divisors 1, 3, 5, ..."),
        )
    }
)


def get_method(name: str) -> Method:
    """The registered method ``name``; an unknown name fails listing the valid ones."""
    try:
        return METHODS[name]
    except KeyError:
        raise NotFoundError(
            f"unknown allocation method {name!r}; valid methods: {', '.join(sorted(METHODS))}."
        ) from None
