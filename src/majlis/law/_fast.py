"""The lean path for the most common laws: a plain threshold, then one apportionment.

Used by :func:`majlis.law.allocate` before the full pipeline; it returns None whenever
anything unusual happens, and the full pipeline (which also records the trace) decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from majlis.law._lean_divisors import lean_divisor_seats, linear_sequence
from majlis.law._pipeline import Inputs
from majlis.law._types import PartyList
from majlis.law.highest_averages import highest_averages_by
from majlis.law.methods import METHODS, Method
from majlis.law.quotas import QUOTAS
from majlis.law.ruleset import Ruleset

__all__ = ["fast_seats", "lean_seats"]


class _Plan(NamedTuple):
    method: Method
    hare: bool
    quota: str | None
    num: int
    den: int
    base: str
    seats: int


_PLANS: dict[int, tuple[Ruleset, _Plan | None]] = {}
_last: tuple[Ruleset | None, _Plan | None] = (None, None)  # the plan used most recently


def _plan_for(r: Ruleset) -> _Plan | None:
    """The ruleset's plan, computed once per ruleset object (and kept as the latest)."""
    global _last  # a one-entry cache in front of the plan table
    cached = _PLANS.get(id(r))
    if cached is None or cached[0] is not r:
        cached = _PLANS[id(r)] = (r, _plan(r))
    _last = cached
    return cached[1]


def _plan(r: Ruleset) -> _Plan | None:
    """What the fast path needs from a ruleset, or None if it does not apply (cached by id)."""
    method = METHODS[r.method]
    quota = method.quota
    if (
        (quota is not None and r.leftover != "largest_remainder")
        or r.seat_cap is not None
        or r.surplus_agreements
        or r.alliance_thresholds
        or r.minority_exempt
        or r.district_qualification is not None
        or r.full_quota_qualification
        or r.minority_multiplier != 1
        or r.mixed is not None
    ):
        return None
    return _Plan(
        method=method,
        hare=quota == "hare",
        quota=quota,
        num=r.threshold.numerator,
        den=r.threshold.denominator,
        base=r.threshold_base,
        seats=r.list_seats,
    )


def fast_seats(inp: Inputs, votes: list[int]) -> list[int] | None:
    """:func:`lean_seats` for an :class:`Inputs` record (the form the tests compare)."""
    return lean_seats(
        inp.ruleset, votes, inp.against_all, inp.ballots_cast, inp.registered_voters,
        inp.other_votes, inp.lists,
    )  # fmt: skip


def lean_seats(
    r: Ruleset,
    votes: list[int],
    against_all: int,
    ballots_cast: int | None,
    registered_voters: int | None,
    other_votes: int,
    lists: Sequence[PartyList],
) -> list[int] | None:
    """Seats for the common case in a few integer operations, or None to take the full path.

    Covers rulesets with a plain threshold and no special rule (Kazakhstan, Russia, the
    Netherlands and similar laws). Anything unusual — one admitted list, a tie at the
    margin, more leftover seats than lists, a missing base — returns None and the full
    pipeline decides, so both paths agree by construction (and are tested to).
    """
    plan = _last[1] if _last[0] is r else _plan_for(r)
    if plan is None:
        return None
    valid = sum(votes) + other_votes
    if plan.base == "list_votes":
        base = valid
    else:
        valid += against_all
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
    seats = plan.seats
    if plan.hare:
        qn, qd = total, seats
    else:
        q = QUOTAS[plan.quota](total, seats)
        qn, qd = q.numerator, q.denominator
    # quotient v / quota = v * qd / qn; every remainder is over the same denominator qn,
    # so remainders compare as their integer numerators
    whole = []
    rest = []
    left = seats
    for v in votes:
        scaled = v * qd if v >= least else 0
        w = scaled // qn
        whole.append(w)
        rest.append(scaled - w * qn)
        left -= w
    if left < 0 or left >= eligible:
        return None
    if left:
        # only admitted lists have a positive remainder; a zero at the margin is a tie
        ranked = sorted(rest, reverse=True)
        margin = ranked[left - 1]
        if margin == ranked[left]:
            return None
        # exactly ``left`` remainders reach the margin (the next one is strictly below)
        for i, x in enumerate(rest):
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
