"""The lean path for the most common law: largest remainder after a plain threshold.

Used by :func:`majlis.law.allocate` before the full pipeline; it returns None whenever
anything unusual happens, and the full pipeline (which also records the trace) decides.
"""

from __future__ import annotations

from typing import NamedTuple

from majlis.law._pipeline import Inputs
from majlis.law.methods import METHODS
from majlis.law.quotas import QUOTAS
from majlis.law.ruleset import Ruleset

__all__ = ["fast_seats"]


class _Plan(NamedTuple):
    hare: bool
    quota: str
    num: int
    den: int
    base: str
    seats: int


_PLANS: dict[int, tuple[Ruleset, _Plan | None]] = {}


def _plan(r: Ruleset) -> _Plan | None:
    """What the fast path needs from a ruleset, or None if it does not apply (cached by id)."""
    quota = METHODS[r.method].quota
    if (
        quota is None
        or r.leftover != "largest_remainder"
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
        hare=quota == "hare",
        quota=quota,
        num=r.threshold.numerator,
        den=r.threshold.denominator,
        base=r.threshold_base,
        seats=r.list_seats,
    )


def fast_seats(inp: Inputs, votes: list[int]) -> list[int] | None:
    """Seats for the common case in a few integer operations, or None to take the full path.

    Covers largest-remainder rulesets with a plain threshold (Kazakhstan, Russia and
    similar laws). Anything unusual — one admitted list, a tie at the margin, more leftover
    seats than lists, a missing base — returns None and the full pipeline decides, so both
    paths agree by construction (and are tested to).
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
    bar = plan.num * base
    den = plan.den
    admitted = [v if v and v * den >= bar else 0 for v in votes]
    eligible = [i for i, v in enumerate(admitted) if v]
    if len(eligible) < 2:
        return None
    seats = plan.seats
    total = sum(admitted)
    if plan.hare:
        qn, qd = total, seats
    else:
        q = QUOTAS[plan.quota](total, seats)
        qn, qd = q.numerator, q.denominator
    whole = []
    rest = []
    for v in admitted:
        w, rem = divmod(v * qd, qn)
        whole.append(w)
        rest.append(rem)
    left = seats - sum(whole)
    if left < 0 or left >= len(eligible):
        return None
    if left:
        eligible.sort(key=rest.__getitem__, reverse=True)
        if rest[eligible[left - 1]] == rest[eligible[left]]:
            return None
        for i in eligible[:left]:
            whole[i] += 1
    return whole
