"""What every apportionment method shares: its result, tie handling and input checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from majlis.errors import AllocationImpossible
from majlis.law._types import Tie
from majlis.law.trace import TieBroken, TieLeft, TraceEvent

__all__ = [
    "NO_TIE_BREAK",
    "Apportionment",
    "Family",
    "Leftover",
    "TieBreak",
    "check_inputs",
    "resolve_tie",
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


def resolve_tie(
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


def check_inputs(names: Sequence[str], weights: Sequence[int], seats: int) -> None:
    if len(names) != len(weights):
        raise ValueError("names and weights must have the same length")
    if seats < 0:
        raise AllocationImpossible(f"seats must be a non-negative integer. Got {seats} instead.")
    if seats and not any(weights):
        raise AllocationImpossible(
            f"{seats} seats cannot be allocated: no admitted list has any votes."
        )
