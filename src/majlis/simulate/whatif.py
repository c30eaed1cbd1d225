"""What-if scenarios: change the votes, allocate again, and say what flipped (pure, exact).

A :class:`Baseline` is one election's votes. Changes are small frozen records —
:class:`MoveVotes` (N votes), :class:`MoveShare` (a share of a source), :class:`RemoveList`
(a boycott: the list's voters abstain, or follow a redistribution row) — applied in order by
:func:`apply_changes`. :func:`what_if` allocates the baseline and the scenario on the exact
path and compares them: seats side by side, threshold decisions that changed, whole-quota
and leftover seats that changed (largest remainder) or the divisor seats that changed hands
(highest averages, by order of award), all read from the traces.

Sources and sinks by name: a list's name, :data:`ABSTAINERS` (registered voters who did not
vote: moving from them adds ballots) and :data:`AGAINST_ALL` (the "against all" line).

Known deviations: a share moves ``floor(share * votes)`` votes (whole voters); the votes a
redistribution row does not place (shares summing under 1, and rounding) abstain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from majlis.errors import InputError, NotFoundError
from majlis.law import Allocation, PartyList, Ruleset, allocate
from majlis.simulate._flips import (
    LeftoverFlip,
    SeatFlip,
    ThresholdFlip,
    leftover_flips,
    seat_flips,
    threshold_flips,
)

__all__ = [
    "ABSTAINERS",
    "AGAINST_ALL",
    "Baseline",
    "Change",
    "LeftoverFlip",
    "MoveShare",
    "MoveVotes",
    "RemoveList",
    "SeatFlip",
    "ThresholdFlip",
    "WhatIf",
    "apply_changes",
    "what_if",
]

ABSTAINERS = "abstainers"
AGAINST_ALL = "AGAINST ALL"


@dataclass(frozen=True, slots=True)
class Baseline:
    """One election's votes: the lists, "against all", and the turnout figures if known."""

    lists: tuple[PartyList, ...]
    against_all: int = 0
    ballots_cast: int | None = None
    registered_voters: int | None = None

    def allocate(self, ruleset: Ruleset) -> Allocation:
        """The exact allocation of these votes under ``ruleset``."""
        return allocate(
            ruleset,
            self.lists,
            against_all=self.against_all,
            ballots_cast=self.ballots_cast,
            registered_voters=self.registered_voters,
        )

    def count(self, name: str) -> int:
        """Votes held by ``name`` (a list, AGAINST_ALL or ABSTAINERS)."""
        if name == AGAINST_ALL:
            return self.against_all
        if name == ABSTAINERS:
            if self.registered_voters is None or self.ballots_cast is None:
                raise InputError.expected(
                    what="moving votes from abstainers",
                    expected="possible only with registered voters and ballots cast given",
                    got=(self.registered_voters, self.ballots_cast),
                    code="whatif.abstainers",
                )
            return self.registered_voters - self.ballots_cast
        return self._list(name).votes

    def _list(self, name: str) -> PartyList:
        for p in self.lists:
            if p.name == name:
                return p
        valid = ", ".join([*(p.name for p in self.lists), AGAINST_ALL, ABSTAINERS])
        raise NotFoundError(
            f"no list named {name!r} in the votes; valid names: {valid}.",
            code="whatif.unknown_list",
            params={"name": repr(name), "valid": valid},
        )

    def shift(self, name: str, delta: int) -> Baseline:
        """Add ``delta`` votes to ``name``; ballots follow voters who start or stop voting."""
        have = self.count(name)
        if have + delta < 0:
            raise InputError.expected(
                what=f"votes moved from {name!r}",
                expected=f"at most the {have} votes it has",
                got=-delta,
                code="whatif.move_too_many",
                params={"name": repr(name), "have": have, "got": repr(-delta)},
            )
        if name == ABSTAINERS:
            return replace(self, ballots_cast=_plus(self.ballots_cast, -delta))
        if name == AGAINST_ALL:
            return replace(self, against_all=self.against_all + delta)
        lists = tuple(
            replace(p, votes=p.votes + delta) if p.name == name else p for p in self.lists
        )
        return replace(self, lists=lists)


def _plus(value: int | None, delta: int) -> int | None:
    return None if value is None else value + delta


@dataclass(frozen=True, slots=True)
class MoveVotes:
    """Move ``votes`` voters from ``source`` to ``target``."""

    source: str
    target: str
    votes: int

    def apply(self, base: Baseline) -> Baseline:
        """The baseline with the votes moved."""
        if type(self.votes) is not int or self.votes < 0:
            raise InputError.expected(
                what="votes to move", expected="a non-negative integer", got=self.votes
            )
        if self.source == self.target:
            raise InputError.expected(
                what="a move's target",
                expected="different from its source",
                got=self.target,
                code="whatif.same_target",
            )
        base.count(self.target)  # an unknown target fails before anything moves
        moved = base.shift(self.source, -self.votes)
        if self.target == ABSTAINERS:
            return replace(moved, ballots_cast=_plus(moved.ballots_cast, -self.votes))
        return moved.shift(self.target, self.votes)


@dataclass(frozen=True, slots=True)
class MoveShare:
    """Move ``share`` (in [0, 1]) of ``source``'s votes to ``target`` (rounded down)."""

    source: str
    target: str
    share: Fraction

    def apply(self, base: Baseline) -> Baseline:
        """The baseline with the share moved."""
        if not 0 <= self.share <= 1:
            raise InputError.expected(what="a share to move", expected="in [0, 1]", got=self.share)
        votes = int(self.share * base.count(self.source))
        return MoveVotes(self.source, self.target, votes).apply(base)


@dataclass(frozen=True, slots=True)
class RemoveList:
    """A boycott: ``name`` leaves the ballot; its voters abstain or follow ``redistribution``.

    ``redistribution`` maps a destination (a list, AGAINST_ALL) to the share of the removed
    list's voters who go there; the rest abstain (the ballots they cast are taken away).
    """

    name: str
    redistribution: Mapping[str, Fraction] | None = None

    def apply(self, base: Baseline) -> Baseline:
        """The baseline without the list."""
        votes = base.count(self.name)
        if self.name in (ABSTAINERS, AGAINST_ALL):
            raise InputError.expected(
                what="a list to remove",
                expected="a list",
                got=self.name,
                code="whatif.remove_not_list",
            )
        shares = dict(self.redistribution or {})
        total = sum(shares.values(), Fraction(0))
        if any(s < 0 for s in shares.values()) or total > 1 or self.name in shares:
            raise InputError.expected(
                what=f"the redistribution of {self.name!r}",
                expected="non-negative shares to other lists summing to at most 1",
                got={k: str(v) for k, v in shares.items()},
            )
        out = replace(base, lists=tuple(p for p in base.lists if p.name != self.name))
        placed = 0
        for target, share in shares.items():
            moved = int(share * votes)
            out = out.shift(target, moved)
            placed += moved
        return replace(out, ballots_cast=_plus(out.ballots_cast, placed - votes))


Change = MoveVotes | MoveShare | RemoveList


def apply_changes(base: Baseline, changes: Sequence[Change]) -> Baseline:
    """Apply ``changes`` in order."""
    for change in changes:
        base = change.apply(base)
    return base


@dataclass(frozen=True, slots=True)
class WhatIf:
    """A baseline and a scenario allocated side by side, with what flipped."""

    before: Allocation
    after: Allocation
    scenario: Baseline
    thresholds: tuple[ThresholdFlip, ...]
    leftovers: tuple[LeftoverFlip, ...]
    seats_changed_hands: tuple[SeatFlip, ...]

    def rows(self) -> list[tuple[str, int, int, int]]:
        """``(party, seats before, seats after, change)`` for every list of either side."""
        names = list(self.before.seats)
        names += [n for n in self.after.seats if n not in self.before.seats]
        rows = []
        for n in names:
            b, a = self.before.seats.get(n, 0), self.after.seats.get(n, 0)
            rows.append((n, b, a, a - b))
        return rows


def what_if(ruleset: Ruleset, base: Baseline, changes: Sequence[Change]) -> WhatIf:
    """Allocate ``base`` and ``base`` with ``changes`` applied; report what flipped.

    >>> from majlis.law import get_ruleset
    >>> kz = Baseline((PartyList("Nur Otan", 5148074), PartyList("Ak Zhol", 792828),
    ...                PartyList("People's Party", 659019), PartyList("Auyl", 383023)))
    >>> w = what_if(get_ruleset("kz-majlis-2009"), kz, [MoveVotes("Nur Otan", "Auyl", 120000)])
    >>> [(f.party, f.admitted_after) for f in w.thresholds]
    [('Auyl', True)]
    """
    scenario = apply_changes(base, changes)
    before, after = base.allocate(ruleset), scenario.allocate(ruleset)
    return WhatIf(
        before=before,
        after=after,
        scenario=scenario,
        thresholds=threshold_flips(before, after),
        leftovers=leftover_flips(before, after),
        seats_changed_hands=seat_flips(before, after),
    )
