"""The lean path of a districted count: every constituency by a linear divisor method in integers.

No trace is built; a constituency this path cannot decide (a tie at the cut, no admitted
votes) is left out and the traced path counts it. Tested to answer for every shipped
divisor law and to agree with the traced path (``tests/law/test_law_district_lean.py``,
``tests/law/test_law_districts_properties.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import attrgetter

from majlis.law._district_types import Constituency
from majlis.law._lean_divisors import lean_divisor_seats, linear_sequence, plain_linear
from majlis.law._types import PartyList
from majlis.law.ruleset import Districts

__all__ = ["LeanPlan", "lean_counts", "lean_plan"]

_VOTES = attrgetter("votes")

#: (threshold numerator, denominator, blank in the base, either-or, divisor sequence)
LeanPlan = tuple[int, int, bool, bool, tuple[int, int, int]]


def lean_plan(d: Districts) -> LeanPlan | None:
    """What the lean path needs of a constituency table, or None where it never applies.

    It applies to linear divisor methods with no national remainders and a threshold of
    list or valid votes; a quota method or a base the constituency file gives is traced.
    """
    linear = linear_sequence(d.method, d.first_divisor)
    if linear is None or d.remainders != "none":
        return None
    if d.threshold_base not in ("list_votes", "valid_votes"):
        return None
    t = d.threshold
    return (
        t.numerator,
        t.denominator,
        d.threshold_base == "valid_votes",
        d.combine == "or",
        linear,
    )


def lean_counts(
    plan: LeanPlan,
    cons: Sequence[Constituency],
    votes: Mapping[str, Sequence[PartyList]],
    magnitudes: Mapping[str, int],
    levelling: int,
    national: Mapping[str, bool] | None,
) -> dict[str, list[int]]:
    """Seats of every constituency a linear divisor method decides in integers, by name.

    ``plan`` is (threshold numerator, denominator, blank in the base, either-or, divisor
    sequence). The threshold ``votes / base >= t`` is ``votes >= ceil(t * base)``, the same
    inclusive test as :func:`~majlis.law.threshold.passes_threshold`. A constituency with a
    tie at the cut, or seats and no admitted votes, is left out: the traced path (with the
    ruleset's tie-break, or its error) decides it.
    """
    num, den, with_blank, either, linear = plan
    if not num:  # no constituency threshold: the national one alone decides
        either = False
    # with no national level, "or" admits every list: only "and" applies a local threshold
    local = num and (national is not None or not either)
    step, offset, first = linear
    plain = first == offset
    half = 2 * offset - step
    out: dict[str, list[int]] = {}
    for c in cons:
        name = c.name
        lists = votes.get(name, ())
        vs = list(map(_VOTES, lists))
        mag = magnitudes[name] - levelling
        total = sum(vs)
        least = 1
        if local:
            least = -(-num * (total + c.blank if with_blank else total) // den) or 1
        if national is not None:
            admitted = []
            for p, v in zip(lists, vs, strict=True):
                nat = v > 0 and national[p.name]
                ok = (nat or v >= least) if either else (nat and v >= least)
                admitted.append(v if ok else 0)
            total = sum(admitted)
            standing = len(admitted) - admitted.count(0)
        elif vs and min(vs) >= least:  # every list admitted (the common case)
            admitted = vs
            standing = len(vs)
        else:
            admitted = [v if v >= least else 0 for v in vs]
            total = sum(admitted)
            standing = len(admitted) - admitted.count(0)
        if not mag:
            out[name] = [0] * len(vs)
            continue
        if not total:
            continue
        if plain:
            twice = 2 * step * mag + standing * half
            got = plain_linear(admitted, mag, step, offset, total, twice if twice > 2 else 2)
        else:
            got = lean_divisor_seats(admitted, mag, linear)
        if got is not None:
            out[name] = got
    return out
