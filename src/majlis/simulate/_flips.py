"""What flipped between two allocations, read from their traces (pure).

Threshold decisions (with the runner-up rule), whole-quota and leftover seats of a
largest-remainder count, and divisor seats by their order of award.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from majlis.law import Allocation
from majlis.law.trace import (
    DivisorSeat,
    LeftoverSeat,
    QuotientSplit,
    RunnerUpAdmitted,
    SeatWithdrawn,
    ThresholdDecision,
)

__all__ = [
    "LeftoverFlip",
    "SeatFlip",
    "ThresholdFlip",
    "leftover_flips",
    "seat_flips",
    "threshold_flips",
]


@dataclass(frozen=True, slots=True)
class ThresholdFlip:
    """A list whose admission changed, with its share of the base before and after."""

    party: str
    admitted_before: bool | None
    admitted_after: bool | None
    share_before: Fraction | None
    share_after: Fraction | None


@dataclass(frozen=True, slots=True)
class SeatFlip:
    """A seat of a highest-averages count (by its order of award) that changed hands."""

    position: int
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class LeftoverFlip:
    """A list whose whole-quota or leftover seats (largest remainder) changed."""

    party: str
    whole_before: int
    whole_after: int
    leftover_before: int
    leftover_after: int


def _decisions(result: Allocation) -> dict[str, ThresholdDecision]:
    return {e.party: e for e in result.trace if isinstance(e, ThresholdDecision)}


def _admitted(result: Allocation) -> dict[str, bool]:
    seen = {name: d.admitted for name, d in _decisions(result).items()}
    for e in result.trace:
        if isinstance(e, RunnerUpAdmitted):
            seen[e.party] = True
    return seen


def _lr_parts(result: Allocation) -> dict[str, tuple[int, int]]:
    """Whole-quota and leftover seats per list, from the main count's trace."""
    whole: dict[str, int] = {}
    leftover: dict[str, int] = {}
    for e in result.trace:
        if isinstance(e, QuotientSplit):
            whole.setdefault(e.party, e.seats)
        elif isinstance(e, SeatWithdrawn):
            whole[e.party] -= 1
        elif isinstance(e, LeftoverSeat):
            leftover[e.party] = leftover.get(e.party, 0) + 1
    return {p: (w, leftover.get(p, 0)) for p, w in whole.items()}


def threshold_flips(before: Allocation, after: Allocation) -> tuple[ThresholdFlip, ...]:
    """Lists admitted on one side and not the other (or present on one side only)."""
    adm_b, adm_a = _admitted(before), _admitted(after)
    dec_b, dec_a = _decisions(before), _decisions(after)
    flips = []
    for name in [*adm_b, *(n for n in adm_a if n not in adm_b)]:
        if adm_b.get(name) != adm_a.get(name):
            flips.append(
                ThresholdFlip(
                    party=name,
                    admitted_before=adm_b.get(name),
                    admitted_after=adm_a.get(name),
                    share_before=dec_b[name].share if name in dec_b else None,
                    share_after=dec_a[name].share if name in dec_a else None,
                )
            )
    return tuple(flips)


def leftover_flips(before: Allocation, after: Allocation) -> tuple[LeftoverFlip, ...]:
    """Lists whose whole-quota or leftover seats differ (largest remainder)."""
    parts_b, parts_a = _lr_parts(before), _lr_parts(after)
    flips = []
    for name in [*parts_b, *(n for n in parts_a if n not in parts_b)]:
        wb, lb = parts_b.get(name, (0, 0))
        wa, la = parts_a.get(name, (0, 0))
        if (wb, lb) != (wa, la):
            flips.append(LeftoverFlip(name, wb, wa, lb, la))
    return tuple(flips)


def seat_flips(before: Allocation, after: Allocation) -> tuple[SeatFlip, ...]:
    """Divisor seats, by order of award, won by another list (highest averages)."""
    seq_b = [e.party for e in before.trace if isinstance(e, DivisorSeat)]
    seq_a = [e.party for e in after.trace if isinstance(e, DivisorSeat)]
    flips = []
    for k in range(max(len(seq_b), len(seq_a))):
        b = seq_b[k] if k < len(seq_b) else None
        a = seq_a[k] if k < len(seq_a) else None
        if a != b:
            flips.append(SeatFlip(position=k + 1, before=b, after=a))
    return tuple(flips)
