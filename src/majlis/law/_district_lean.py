"""The lean path of a districted count: every constituency by a linear divisor method in integers.

No trace is built; a constituency this path cannot decide (a tie at the cut, no admitted
votes) comes back as None and the traced path counts it. Tested to agree with the traced
path (``tests/law/test_law_districts_properties.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import attrgetter

from majlis.law._district_types import Constituency
from majlis.law._lean_divisors import lean_divisor_seats, plain_linear_above
from majlis.law._types import PartyList

__all__ = ["lean_counts"]

_VOTES = attrgetter("votes")


def lean_counts(
    plan: tuple[int, int, bool, bool, tuple[int, int, int]],
    cons: Sequence[Constituency],
    votes: Mapping[str, Sequence[PartyList]],
    magnitudes: Mapping[str, int],
    levelling: int,
    national: Mapping[str, bool] | None,
) -> dict[str, list[int] | None]:
    """Every constituency by a linear divisor method in integers; None where it cannot tell.

    ``plan`` is (threshold numerator, denominator, blank in the base, either-or, divisor
    sequence). The threshold ``votes / base >= t`` is ``votes >= ceil(t * base)``, the same
    inclusive test as :func:`~majlis.law.threshold.passes_threshold`; a tie at the cut
    gives None, and the traced path (with the ruleset's tie-break) decides there.
    """
    num, den, with_blank, either, linear = plan
    if not num:  # no constituency threshold: the national one alone decides
        either = False
    step, offset, first = linear
    plain = (step, offset) if first == offset else None
    out: dict[str, list[int] | None] = {}
    for c in cons:
        lists = votes.get(c.name, ())
        mag = magnitudes[c.name] - levelling
        least = 1
        if national is None:
            if num and not either:  # with no national level, "or" admits every list
                base = sum(map(_VOTES, lists)) + (c.blank if with_blank else 0)
                least = max(1, -(-num * base // den))
            if plain is not None and mag:
                out[c.name] = plain_linear_above(lists, least, mag, plain)
                continue
            admitted = [v if v >= least else 0 for v in map(_VOTES, lists)]
        else:
            if num:
                base = sum(map(_VOTES, lists)) + (c.blank if with_blank else 0)
                least = max(1, -(-num * base // den))
            admitted = []
            for p in lists:
                v = p.votes
                nat = v > 0 and national[p.name]
                ok = (nat or v >= least) if either else (nat and v >= least)
                admitted.append(v if ok else 0)
        out[c.name] = lean_divisor_seats(admitted, mag, linear) if mag else [0] * len(lists)
    return out
