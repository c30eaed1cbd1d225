"""The lean path for the most common laws: a plain threshold, then one apportionment.

Used by :func:`majlis.law.allocate` before the full pipeline; it returns None whenever
anything unusual happens, and the full pipeline (which also records the trace) decides.
"""

from __future__ import annotations

from typing import NamedTuple

from majlis.law._lean_divisors import lean_divisor_seats, linear_sequence
from majlis.law._pipeline import Inputs
from majlis.law.highest_averages import highest_averages_by
from majlis.law.methods import METHODS, Method
from majlis.law.quotas import QUOTAS
from majlis.law.ruleset import Ruleset

__all__ = ["fast_seats"]


class _Plan(NamedTuple):
    method: Method
    hare: bool
    quota: str | None
    num: int
    den: int
    base: str
    seats: int


_PLANS: dict[int, tuple[Ruleset, _Plan | None]] = {}


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
    """Seats for the common case in a few integer operations, or None to take the full path.

    Covers rulesets with a plain threshold and no special rule (Kazakhstan, Russia, the
    Netherlands and similar laws). Anything unusual — one admitted list, a tie at the
    margin, more leftover seats than lists, a missing base — returns None and the full
    pipeline decides, so both paths agree by construction (and are tested to).
    """
    r = inp.ruleset
    cached = _PLANS.get(id(r))
    if cached is None or cached[0] is not r:
        cached = _PLANS[id(r)] = (r, _plan(r))
    plan = cached[1]
    if plan is None:
        return None
    valid = sum(votes) + inp.other_votes
    if plan.base == "list_votes":
        base = valid
    else:
        valid += inp.against_all
        given = {
            "valid_votes": valid,
            "ballots_cast": inp.ballots_cast,
            "registered_voters": inp.registered_voters,
        }[plan.base]
        if type(given) is not int or given < valid:
            return None  # the full pipeline raises the input error
        base = given
    least = -(-plan.num * base // plan.den) or 1  # the fewest votes at the threshold
    admitted = [v if v >= least else 0 for v in votes]
    eligible = len(admitted) - admitted.count(0)
    if eligible < 2:
        return None
    seats = plan.seats
    if plan.quota is None:
        return _divisor_seats(inp, plan, admitted)
    total = sum(admitted)
    if plan.hare:
        qn, qd = total, seats
    else:
        q = QUOTAS[plan.quota](total, seats)
        qn, qd = q.numerator, q.denominator
    whole = [v * qd // qn for v in admitted]
    left = seats - sum(whole)
    if left < 0 or left >= eligible:
        return None
    if left:
        # only admitted lists have a positive remainder; a zero at the margin is a tie
        rest = [v * qd % qn for v in admitted]
        order = sorted(range(len(rest)), key=rest.__getitem__, reverse=True)
        if rest[order[left - 1]] == rest[order[left]]:
            return None
        for i in order[:left]:
            whole[i] += 1
    return whole


def _divisor_seats(inp: Inputs, plan: _Plan, admitted: list[int]) -> list[int] | None:
    """Highest averages over the admitted votes; None on a tie (the full pipeline decides)."""
    divisor = plan.method.divisor
    if divisor is None:
        return None
    linear = linear_sequence(plan.method.name, inp.ruleset.first_divisor)
    if linear is not None:
        return lean_divisor_seats(admitted, plan.seats, linear)
    result = highest_averages_by(
        [p.name for p in inp.lists],
        admitted,
        plan.seats,
        divisor=divisor,
        squared=plan.method.squared,
        first_divisor=inp.ruleset.first_divisor,
        record=False,
    )
    return None if result.tie is not None else list(result.seats)
