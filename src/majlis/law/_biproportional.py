"""Biproportional apportionment (doppelter Pukelsheim), exact: upper then lower apportionment.

Upper: each party's voter numbers (its votes in a constituency over that constituency's
seats, rounded to a whole number when the law says so), summed over constituencies, share
the house by Sainte-Laguë. Lower: seats per constituency and party are
``round(votes / (constituency divisor x party divisor))`` with standard rounding, so that
every constituency gets its seats and every party its upper share. The divisors are found
by alternating scaling, first in floats with the answer proven in integers
(:mod:`majlis.law._biproportional_lean`); where that proof fails, in exact fractions: each
step a Sainte-Laguë apportionment of one row or column (the registered method), the new
divisor the simplest fraction of the interval it allows. Both give the one strict solution.

Sources: F. Pukelsheim, *Proportional Representation* (Springer, 2nd ed. 2017), ch. 14-15;
Gesetz über die politischen Rechte des Kantons Zürich (GPR, LS 161), §§ 102-105.

Known deviations: a lower apportionment that neither path balances (200 exact alternations)
is refused (AllocationImpossible) rather than resolved by tie-and-transfer; so is a tie at
a rounding boundary in one of the exact steps. Voter numbers round a half to the even
number (as ``round`` of a fraction); the statute's rule for an exact half is not verified.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import lcm

from majlis.errors import AllocationImpossible
from majlis.law._district_types import Constituency
from majlis.law._types import PartyList
from majlis.law.methods import METHODS
from majlis.law.ruleset import Ruleset
from majlis.law.trace import Phrase, StageStarted, ThresholdDecision, TraceEvent

__all__ = ["biproportional"]

_HALF = Fraction(1, 2)


def _sainte_lague(
    names: Sequence[str], weights: Sequence[Fraction], seats: int, stage: str, record: bool
) -> tuple[list[int], Fraction, list[TraceEvent]]:
    """Sainte-Laguë over fractional weights (scaled to integers) and a divisor that fits."""
    scale = lcm(*(w.denominator for w in weights)) if weights else 1
    result = METHODS["sainte_lague"].apportion(
        names, [int(w * scale) for w in weights], seats, stage=stage, record=record
    )
    if result.tie is not None:
        raise AllocationImpossible(
            f"{stage}: a tie among {', '.join(result.tie.contenders)} cannot be balanced."
        )
    got = list(result.seats)
    low = max((w / (k + _HALF) for w, k in zip(weights, got, strict=True) if w), default=None)
    highs = [w / (k - _HALF) for w, k in zip(weights, got, strict=True) if k]
    if low is None:
        return got, Fraction(1), list(result.events)
    high = min(highs) if highs else low + 1
    if not low < high:  # pragma: no cover - Sainte-Laguë reported no tie, so the gap is open
        raise AllocationImpossible(f"{stage}: no divisor fits; the count cannot be balanced.")
    return got, _simplest_between(low, high), list(result.events)


def _simplest_between(low: Fraction, high: Fraction) -> Fraction:
    """The fraction with the smallest denominator strictly between ``low`` and ``high``.

    Any divisor inside the interval gives the same seats; the simplest keeps the next
    step's weights small (Stern-Brocot descent).
    """
    whole = low.numerator // low.denominator
    if whole + 1 < high:
        return Fraction(whole + 1)
    if low == whole:
        return whole + Fraction(1, int(1 / (high - whole)) + 1)
    return whole + 1 / _simplest_between(1 / (high - whole), 1 / (low - whole))


def _qualified(
    ruleset: Ruleset,
    cons: Sequence[Constituency],
    matrix: list[list[int]],
    parties: Sequence[PartyList],
    events: list[TraceEvent] | None,
) -> list[bool]:
    """A party takes part if it reached the constituency threshold in one constituency."""
    d = ruleset.districts
    assert d is not None
    totals = [sum(row) + c.blank for row, c in zip(matrix, cons, strict=True)]
    num, den = d.threshold.numerator, d.threshold.denominator
    out = []
    for j, p in enumerate(parties):
        best = 0  # the constituency of the largest share (the first of equal ones)
        for i in range(1, len(cons)):
            if matrix[i][j] * (totals[best] or 1) > matrix[best][j] * (totals[i] or 1):
                best = i
        share_votes, base = matrix[best][j], totals[best]
        ok = p.votes > 0 and share_votes * den >= num * base
        out.append(ok)
        if events is not None:
            where = cons[best].name
            events.append(
                ThresholdDecision(
                    party=p.name,
                    votes=share_votes,
                    base_votes=base,
                    required=d.threshold,
                    admitted=ok,
                    reason=Phrase("quorum.over" if ok else "quorum.under", constituency=where),
                )
            )
    return out


def _voter_number(matrix: list[list[int]], j: int, mags: list[int], how: str) -> Fraction:
    """Party ``j``'s votes over each constituency's seats, summed (each rounded if ``how``)."""
    if how != "rounded":
        return sum((Fraction(row[j], m) for row, m in zip(matrix, mags, strict=True)), Fraction(0))
    total = 0
    for row, m in zip(matrix, mags, strict=True):
        whole, rest = divmod(row[j], m)
        # to the nearest whole number, a half to the even one (as ``round`` of a Fraction)
        total += whole + (2 * rest > m or (2 * rest == m and whole % 2))
    return Fraction(total)


def alternate_exactly(
    votes: list[list[int]],
    row_seats: list[int],
    col_seats: list[int],
    row_names: list[str],
    col_names: list[str],
) -> list[list[int]]:
    """Alternating scaling in exact fractions: constituencies, then parties, until both hold.

    Each step is a Sainte-Laguë apportionment of one row or column, the new divisor the
    simplest fraction of the interval it allows. Used where the float path
    (:func:`~majlis.law._biproportional_lean.balanced_seats`) cannot prove its answer.
    """
    party_div = [Fraction(1)] * len(col_seats)
    rows = range(len(row_seats))
    seats: list[list[int]] = []
    for _ in range(200):
        seats = []
        district_div = []
        for i in rows:  # rows: each constituency gets its seats
            weights = [Fraction(v) / p for v, p in zip(votes[i], party_div, strict=True)]
            got, div, _ = _sainte_lague(col_names, weights, row_seats[i], row_names[i], False)
            seats.append(got)
            district_div.append(div)
        if all(sum(row[k] for row in seats) == u for k, u in enumerate(col_seats)):
            return seats
        for k, u in enumerate(col_seats):  # columns: each party gets its upper share
            weights = [Fraction(votes[i][k]) / district_div[i] for i in rows]
            party_div[k] = _sainte_lague(row_names, weights, u, col_names[k], False)[1]
    raise AllocationImpossible(
        "the biproportional lower apportionment does not balance in 200 alternations."
    )


def biproportional(
    ruleset: Ruleset,
    cons: Sequence[Constituency],
    magnitudes: dict[str, int],
    matrix: list[list[int]],
    parties: Sequence[PartyList],
    events: list[TraceEvent],
    record: bool,
) -> list[list[int]]:
    """Seats per constituency (rows) and party (columns, as in ``parties``)."""
    d = ruleset.districts
    assert d is not None
    sink = events if record else None
    if record:
        quorum = Phrase("stage.quorum")
        events.append(StageStarted(name=quorum, seats=ruleset.list_seats, method="any"))
    ok = _qualified(ruleset, cons, matrix, parties, sink)
    cols = [j for j, flag in enumerate(ok) if flag]
    names = [parties[j].name for j in cols]
    mags = [magnitudes[c.name] for c in cons]
    voters = [_voter_number(matrix, j, mags, d.voter_numbers) for j in cols]
    stage = Phrase("stage.upper")
    if record:
        events.append(StageStarted(name=stage, seats=ruleset.list_seats, method="sainte_lague"))
    upper, _, traced = _sainte_lague(names, voters, ruleset.list_seats, stage, record)
    events.extend(traced)
    # NumPy loads with the first biproportional count: the law's import (and the CLI's
    # start-up) stays without it
    from majlis.law._biproportional_lean import balanced_seats

    rows = [[matrix[i][j] for j in cols] for i in range(len(cons))]
    lower = balanced_seats(rows, mags, upper)
    if lower is None:
        lower = alternate_exactly(rows, mags, upper, [c.name for c in cons], names)
    seats = [[0] * len(parties) for _ in cons]
    for i, row in enumerate(lower):
        for k, j in enumerate(cols):
            seats[i][j] = row[k]
    if record:
        events.append(
            StageStarted(name=Phrase("stage.lower"), seats=sum(upper), method="sainte_lague")
        )
    return seats
