"""The lean path for highest-averages laws after a plain threshold (integers only).

Instead of awarding the seats one by one through a heap of ``Fraction`` quotients, it
starts from every quotient at or above one level, ``c_i = #{j : v_i / d(j) >= V / M}``
(an exact integer formula, with ``M`` chosen so the counts sum to about the house size),
then adds the largest next quotients or drops the smallest held ones until the house is
full, comparing quotients by cross-multiplication. Any tie at the last seat, one admitted
list, or a rule it does not know returns None, and the full pipeline decides — so the two
paths agree by construction (property-tested in ``tests/law/test_lawsim_fast_divisor.py``).
"""

from __future__ import annotations

from typing import NamedTuple

from majlis.law._pipeline import Inputs
from majlis.law.ruleset import Ruleset

__all__ = ["divisor_seats"]

#: (step, offset, first) of ``d(j) = step * j + offset``, ``first`` replacing d(0).
_SEQUENCES = {
    "danish": (3, 1, 1),
    "dhondt": (1, 1, 1),
    "imperiali": (1, 2, 2),
    "modified_sainte_lague": (10, 5, 7),
    "sainte_lague": (2, 1, 1),
}


class _Plan(NamedTuple):
    step: int
    offset: int
    first: int
    num: int
    den: int
    base: str
    seats: int


_PLANS: dict[int, tuple[Ruleset, _Plan | None]] = {}


def _plan(r: Ruleset) -> _Plan | None:
    """What the lean divisor path needs from a ruleset, or None if it does not apply."""
    seq = _SEQUENCES.get(r.method)
    if (
        seq is None
        or r.seat_cap is not None
        or r.surplus_agreements
        or r.alliance_thresholds
        or r.minority_exempt
        or r.district_qualification is not None
        or r.full_quota_qualification
        or r.minority_multiplier != 1
        or r.runner_up in ("coefficient", "min_seats")
    ):
        return None
    step, offset, first = seq
    if r.first_divisor is not None:
        if r.method == "modified_sainte_lague":
            step, offset = 2, 1
        scale = r.first_divisor.denominator
        step, offset, first = step * scale, offset * scale, r.first_divisor.numerator
    if not 0 < first <= step + offset:
        return None
    t = r.threshold
    return _Plan(step, offset, first, t.numerator, t.denominator, r.threshold_base, r.list_seats)


def _base(inp: Inputs, plan: _Plan, votes: list[int]) -> int | None:
    valid = sum(votes) + inp.other_votes
    if plan.base == "list_votes":
        return valid
    valid += inp.against_all
    given = {
        "valid_votes": valid,
        "ballots_cast": inp.ballots_cast,
        "registered_voters": inp.registered_voters,
    }[plan.base]
    if type(given) is not int or given < valid:
        return None  # the full pipeline raises the input error
    return given


def divisor_seats(inp: Inputs, votes: list[int]) -> list[int] | None:
    """Seats of a highest-averages law in integer arithmetic, or None for the full path."""
    r = inp.ruleset
    cached = _PLANS.get(id(r))
    if cached is None or cached[0] is not r:
        cached = _PLANS[id(r)] = (r, _plan(r))
    plan = cached[1]
    if plan is None:
        return None
    base = _base(inp, plan, votes)
    if base is None:
        return None
    bar, den = plan.num * base, plan.den
    v = [x if x and x * den >= bar else 0 for x in votes]
    if sum(1 for x in v if x) < 2:
        return None
    step, offset, first, seats = plan.step, plan.offset, plan.first, plan.seats
    total = sum(v)
    m = max(1, step * seats + (len(v) * (2 * offset - step)) // 2)
    count = [
        (max(0, (x * m - offset * total) // (step * total)) + 1)
        if x and x * m >= first * total
        else 0
        for x in v
    ]

    def div(k: int) -> int:
        return first if k == 0 else step * k + offset

    held = sum(count)
    while held < seats:  # add the largest next quotient
        best = -1
        for i, x in enumerate(v):
            if x and (best < 0 or x * div(count[best]) > v[best] * div(count[i])):
                best = i
        count[best] += 1
        held += 1
    while held > seats:  # drop the smallest held quotient
        worst = -1
        for i, x in enumerate(v):
            if count[i] and (worst < 0 or x * div(count[worst] - 1) < v[worst] * div(count[i] - 1)):
                worst = i
        count[worst] -= 1
        held -= 1
    # a tie at the last seat (smallest held == largest next) goes to the full pipeline
    low_n, low_d, high_n, high_d = -1, 1, -1, 1
    for i, x in enumerate(v):
        if not x:
            continue
        if count[i]:
            d = div(count[i] - 1)
            if low_n < 0 or x * low_d < low_n * d:
                low_n, low_d = x, d
        d = div(count[i])
        if high_n < 0 or x * high_d > high_n * d:
            high_n, high_d = x, d
    if low_n >= 0 and low_n * high_d == high_n * low_d:
        return None
    return count
