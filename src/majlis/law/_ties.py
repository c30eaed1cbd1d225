"""Tie-breaks a ruleset can name: earlier registration, or a lot drawn with an explicit seed."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from majlis.law.methods import NO_TIE_BREAK, TieBreak
from majlis.law.ruleset import TieBreakRule

__all__ = ["ByLot", "ByRegistration", "ByVotes", "tie_break_for"]


@dataclass(frozen=True, slots=True)
class ByRegistration:
    """The list registered earlier wins; equal registration leaves the tie standing."""

    orders: Sequence[int]
    rule: str = "earlier registration"
    seed: int | None = None

    def choose(self, contenders: Sequence[int], seats: int) -> tuple[int, ...] | None:
        """The ``seats`` earliest-registered contenders, or None if the order is not strict."""
        ranked = sorted(contenders, key=lambda i: self.orders[i])
        if self.orders[ranked[seats - 1]] == self.orders[ranked[seats]]:
            return None
        return tuple(sorted(ranked[:seats]))


@dataclass(frozen=True, slots=True)
class ByVotes:
    """The list with more votes wins (``fewer``: fewer votes, Portugal); equal votes tie."""

    votes: Sequence[int]
    rule: str = "more votes"
    seed: int | None = None
    fewer: bool = False

    def choose(self, contenders: Sequence[int], seats: int) -> tuple[int, ...] | None:
        """The ``seats`` contenders with the most (``fewer``: least) votes, or None if tied."""
        sign = 1 if self.fewer else -1
        ranked = sorted(contenders, key=lambda i: sign * self.votes[i])
        if self.votes[ranked[seats - 1]] == self.votes[ranked[seats]]:
            return None
        return tuple(sorted(ranked[:seats]))


@dataclass(frozen=True, slots=True)
class ByLot:
    """A lot drawn with ``random.Random(seed)`` over the contenders in positional order."""

    seed: int
    rule: str = "lot"

    def choose(self, contenders: Sequence[int], seats: int) -> tuple[int, ...] | None:
        """The ``seats`` contenders drawn by lot (reproducible from the seed)."""
        return tuple(sorted(random.Random(self.seed).sample(sorted(contenders), seats)))


def tie_break_for(
    rule: TieBreakRule, *, orders: Sequence[int], votes: Sequence[int], seed: int | None
) -> TieBreak:
    """The tie-break a ruleset names; a lot without a seed leaves ties as ``Tie``."""
    if rule == "registration":
        return ByRegistration(orders=orders)
    if rule == "votes":
        return ByVotes(votes=votes)
    if rule == "fewer_votes":
        return ByVotes(votes=votes, rule="fewer votes", fewer=True)
    if rule == "lot" and seed is not None:
        return ByLot(seed=seed)
    return NO_TIE_BREAK
