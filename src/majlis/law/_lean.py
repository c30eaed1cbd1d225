"""The lean path of :func:`majlis.law.allocate`: seats in a few integer operations, no trace.

It covers every national ruleset without a seat cap, on lists that trigger none of its
special rules: the threshold (any base; a full quota of the list votes), then one
apportionment — largest remainder with any quota, leftover seats by remainder or by votes,
or a divisor method. Whenever anything unusual happens (one admitted list, a tie at the
margin, more leftover seats than lists, a missing base, a list an alliance, minority,
district or surplus rule concerns) it answers None and the traced pipeline decides, so both
paths agree by construction; ``tests/law/test_law_lean_path.py`` checks that it answers for
every shipped ruleset and agrees with the pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import NamedTuple

from majlis.law._lean_divisors import lean_divisor_seats, linear_sequence
from majlis.law._types import PartyList
from majlis.law.highest_averages import highest_averages_by
from majlis.law.methods import METHODS, Method
from majlis.law.quotas import QUOTAS
from majlis.law.ruleset import Ruleset

__all__ = ["lean_seats"]


class _Plan(NamedTuple):
    """What the lean path reads from a ruleset, worked out once per ruleset."""

    method: Method
    hare: bool
    quota: str | None
    num: int
    den: int
    base: str
    seats: int
    by_votes: bool  # leftover seats to the largest lists
    #: a special rule may concern some lists: alliances of at least ``alliances_from``
    #: parties, lists with at least ``wins_from`` district wins, minority lists (``minority``),
    #: lists with a surplus partner (``surplus``)
    special: bool
    alliances_from: int | None
    wins_from: int | None
    minority: bool
    surplus: bool


def _plan(r: Ruleset) -> _Plan | None:
    """The ruleset's plan, or None when the lean path never applies (districts, a seat cap...)."""
    if r.districts is not None or r.seat_cap is not None or r.list_seats < 1:
        return None
    if r.quota_base != "admitted" or r.whole_seats != "floor":
        return None
    threshold = r.threshold
    if r.full_quota_qualification:  # a full quota of the list votes: a threshold of 1/seats
        if r.threshold_base != "list_votes":
            return None
        threshold = max(threshold, Fraction(1, r.list_seats))
    method = METHODS[r.method]
    alliances_from = min((size for size, _ in r.alliance_thresholds), default=None)
    wins_from = r.district_qualification
    if r.mixed == "mmp":  # any district won changes the house
        wins_from = 1 if wins_from is None else min(wins_from, 1)
    minority = r.minority_exempt or r.minority_multiplier != 1
    return _Plan(
        method=method,
        hare=method.quota == "hare",
        quota=method.quota,
        num=threshold.numerator,
        den=threshold.denominator,
        base=r.threshold_base,
        seats=r.list_seats,
        by_votes=r.leftover == "largest_lists",
        special=(
            alliances_from is not None or wins_from is not None or minority or r.surplus_agreements
        ),
        alliances_from=alliances_from,
        wins_from=wins_from,
        minority=minority,
        surplus=r.surplus_agreements,
    )


#: The last ruleset seen and its plan. The ruleset object itself is held, so the identity
#: test in :func:`lean_seats` cannot be fooled by a reused ``id()``; a loop over one law
#: works its plan out once. Rebinding the tuple is atomic and it is read once per call, so
#: threads allocating under different laws only cost each other a recomputation.
_latest: tuple[Ruleset | None, _Plan | None] = (None, None)


def _remember(r: Ruleset) -> _Plan | None:
    global _latest  # the one-entry memo above
    plan = _plan(r)
    _latest = (r, plan)
    return plan


def _concerned(plan: _Plan, lists: Sequence[PartyList]) -> bool:
    """Whether a special rule of the plan's ruleset concerns one of ``lists``."""
    alliances, wins = plan.alliances_from, plan.wins_from
    for p in lists:
        if (
            (alliances is not None and p.alliance_size >= alliances)
            or (wins is not None and p.district_wins >= wins)
            or (plan.minority and p.minority)
            or (plan.surplus and p.surplus_partner is not None)
        ):
            return True
    return False


def lean_seats(
    r: Ruleset,
    votes: list[int],
    against_all: int,
    ballots_cast: int | None,
    registered_voters: int | None,
    other_votes: int,
    lists: Sequence[PartyList],
) -> list[int] | None:
    """Seats per list (input order), or None to take the traced pipeline."""
    latest = _latest
    plan = latest[1] if latest[0] is r else _remember(r)
    if plan is None or (plan.special and _concerned(plan, lists)):
        return None
    list_total = sum(votes) + other_votes
    if plan.base == "list_votes":
        base = list_total
    else:
        valid = list_total + against_all
        given = {
            "valid_votes": valid,
            "ballots_cast": ballots_cast,
            "registered_voters": registered_voters,
        }[plan.base]
        if type(given) is not int or given < valid:
            return None  # the full pipeline raises the input error
        base = given
    least = -(-plan.num * base // plan.den) or 1  # the fewest votes at the threshold
    if plan.quota is None:
        admitted = [v if v >= least else 0 for v in votes]
        if len(admitted) - admitted.count(0) < 2:
            return None
        return _divisor_seats(r, lists, plan, admitted)
    # plain loops: for a handful of lists they beat comprehensions, sorted keys and Fractions
    total = 0
    eligible = 0
    for v in votes:
        if v >= least:
            total += v
            eligible += 1
    if eligible < 2:
        return None
    house = plan.seats
    if plan.hare:
        qn, qd = total, house
    else:
        q = QUOTAS[plan.quota](total, house)
        qn, qd = q.numerator, q.denominator
    # quotient v / quota = v * qd / qn; every remainder is over the same denominator qn,
    # so remainders compare as their integer numerators
    whole = []
    rest = []
    left = house
    for v in votes:
        scaled = v * qd if v >= least else 0
        w = scaled // qn
        whole.append(w)
        rest.append(scaled - w * qn)
        left -= w
    if left < 0 or left >= eligible:
        return None
    if left:
        # by remainder (only admitted lists have a positive one, so a zero at the margin is
        # a tie) or by the admitted lists' votes
        keys = [v if v >= least else 0 for v in votes] if plan.by_votes else rest
        ranked = sorted(keys, reverse=True)
        margin = ranked[left - 1]
        if margin == ranked[left]:
            return None
        # exactly ``left`` keys reach the margin (the next one is strictly below)
        for i, x in enumerate(keys):
            if x >= margin:
                whole[i] += 1
    return whole


def _divisor_seats(
    r: Ruleset, lists: Sequence[PartyList], plan: _Plan, admitted: list[int]
) -> list[int] | None:
    """Highest averages over the admitted votes; None on a tie (the full pipeline decides)."""
    divisor = plan.method.divisor
    if divisor is None:
        return None
    linear = linear_sequence(plan.method.name, r.first_divisor)
    if linear is not None:
        return lean_divisor_seats(admitted, plan.seats, linear)
    result = highest_averages_by(
        [p.name for p in lists],
        admitted,
        plan.seats,
        divisor=divisor,
        squared=plan.method.squared,
        first_divisor=r.first_divisor,
        record=False,
    )
    return None if result.tie is not None else list(result.seats)
