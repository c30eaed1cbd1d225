"""The batched districted kernel: many national elections, every constituency at once.

Arrays are ``[n_draws, n_constituencies, K]``: slot ``k`` of constituency ``c`` holds the
``k``-th list standing there (``DistrictLayout.party`` names its national party; ``-1``
pads constituencies with fewer than ``K`` lists). Draws and constituencies are flattened
into rows, so every step is one NumPy operation over all of them:

1. thresholds — the constituency's (``votes >= ceil(t * base)``, exact integers) and,
   where the law has one, the national threshold on each party's summed votes, combined
   by ``and`` / ``or`` as in :func:`majlis.law.allocate_districts`;
2. a divisor method per row with the row's own magnitude: a start ``#{j : v / d(j) >= x}``
   from one divisor level per row (the quota-like start of
   :func:`majlis.simulate._kernel_methods.highest_averages`), then seat-by-seat
   corrections on the few rows whose start is off (largest next quotient gains, smallest
   held quotient loses);
3. a proof: a row is *decided* only when its smallest awarded quotient is strictly larger
   than its largest unawarded one, compared as correctly rounded float64 quotients
   ``v / d`` of exact integers (``v < 2**53``). Rounding is monotone, so
   ``fl(a) > fl(b)`` implies ``a > b``: a strictly separated row holds exactly the ``M``
   largest quotients, which is what the exact engine awards. Ties and quotients too close
   for float64 to separate leave the row (and its draw) *undecided*, for the exact engine.

Floats order quotients; they never decide a seat that the exact comparison would decide
otherwise (the separation test above is the decision, and it is exact by monotonicity).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from majlis.simulate._kernel_methods import DivisorSequence

__all__ = [
    "FLOAT_EXACT",
    "ROWS",
    "DistrictBatch",
    "DistrictKernelRules",
    "DistrictLayout",
    "allocate_districts_batch",
    "allocate_slot_major",
    "national_seats",
]

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]
Float = npt.NDArray[np.float64]
#: Constituency counts per slice of the kernel.
ROWS = 16384
#: Vote counts stay below this so that every count is an exact float64 (2**53).
FLOAT_EXACT = 2**53


@dataclass(frozen=True, slots=True)
class DistrictLayout:
    """Which national party stands in which slot of which constituency.

    Attributes:
        names: national parties, in order of first appearance.
        constituencies: constituency names, in table order.
        party: ``[C, K]`` index into ``names`` per slot, ``-1`` for an empty slot.
        magnitudes: ``[C]`` seats counted in each constituency.
        blank: ``[C]`` valid votes for no list (part of a ``valid_votes`` base).
    """

    names: tuple[str, ...]
    constituencies: tuple[str, ...]
    party: Int
    magnitudes: Int
    blank: Int

    @property
    def standing(self) -> Bool:
        """``[C, K]`` slots that hold a list."""
        out: Bool = self.party >= 0
        return out

    def slot_one_hot(self, k: int) -> Float:
        """``[C, P]``: constituency to the national party in slot ``k`` (sums by matmul)."""
        column = self.party[:, k]
        out = np.zeros((column.size, len(self.names)), dtype=np.float64)
        rows = np.nonzero(column >= 0)[0]
        out[rows, column[rows]] = 1.0
        return out


@dataclass(frozen=True, slots=True)
class DistrictKernelRules:
    """The parts of a districted law the kernel computes.

    Attributes:
        divisors: the constituencies' divisor sequence (first divisor > 0).
        local_threshold, local_with_blank: each constituency's threshold, a share of its
            list votes (plus blank votes when ``local_with_blank``).
        national_threshold, national_with_blank: the national threshold on summed votes;
            ``national_level`` says whether the law has a national level at all.
        either: ``combine = "or"`` (either threshold admits) instead of ``"and"``.
    """

    divisors: DivisorSequence
    local_threshold: Fraction = Fraction(0)
    local_with_blank: bool = True
    national_level: bool = False
    national_threshold: Fraction = Fraction(0)
    national_with_blank: bool = False
    either: bool = False


@dataclass(frozen=True, slots=True)
class DistrictBatch:
    """Seats per draw, constituency slot and national party; draws left undecided.

    Attributes:
        seats: ``[n, C, K]`` seats per slot (zero rows in undecided draws).
        national: ``[n, P]`` seats per national party.
        undecided: ``[n]`` draws some constituency of which the kernel could not prove.
    """

    seats: Int
    national: Int
    undecided: Bool


def _eligible(rules: DistrictKernelRules, layout: DistrictLayout, votes: Float) -> Float:
    """The votes of lists taking part in their constituency's count, zero for the others.

    ``votes`` is slot-major ``[K, n, C]`` (whole numbers in float64); so is the result.
    Thresholds are the exact engine's inclusive ``votes * den >= num * base``: every
    product is a whole number below 2**53 (:func:`majlis.simulate.districts.check_range`),
    so float64 holds it exactly.
    """
    n = votes.shape[1]
    admitted: Bool = votes > 0
    if rules.national_level:
        summed = np.zeros((n, len(layout.names)))
        for k in range(votes.shape[0]):
            summed += votes[k] @ layout.slot_one_hot(k)
        t = rules.national_threshold
        base = summed.sum(axis=1)
        if rules.national_with_blank:
            base = base + float(layout.blank.sum())
        passes = summed * t.denominator >= t.numerator * base[:, None]
        national = np.moveaxis(passes[:, np.maximum(layout.party, 0)], 2, 0)
        admitted = admitted & national
    t = rules.local_threshold
    if t:
        base = votes.sum(axis=0)
        if rules.local_with_blank:
            base = base + layout.blank
        here = votes * t.denominator >= t.numerator * base
        if rules.either:
            admitted = (admitted | (here & (votes > 0))) if rules.national_level else admitted
        else:
            admitted = admitted & here
    out: Float = np.where(admitted, votes, 0.0)
    return out


def _start(seq: DivisorSequence, v: Float, seats: Float) -> Float:
    """``#{j : v / d(j) >= V / m}`` per list, exactly, with ``m`` chosen so the sum is near S.

    The integer formula of the national kernel's
    :func:`~majlis.simulate._kernel_methods.highest_averages`, with a magnitude per row.
    It takes ``floor(a / b)`` of whole numbers ``a, b`` with ``a / b <= m`` and
    ``(m + 1) * b < 2**53``: a fractional part is at least ``1 / b`` from either integer
    and the rounding error below ``(m + 1) / 2**53 < 1 / b``, so float64 floors exactly.
    """
    total = v.sum(axis=0)
    n_lists = (v > 0).sum(axis=0)
    step, offset, first = seq.step, seq.offset, seq.first
    m = np.maximum(1.0, step * seats + np.floor(n_lists * (2 * offset - step) / 2))
    safe = np.where(total > 0, total, 1.0)
    vm = v * m
    if first == offset == step:  # d(j) = step * (j + 1): D'Hondt and its multiples
        start: Float = np.floor(vm / safe)
        return start
    later = np.maximum(0.0, np.floor((vm - offset * safe) / (step * safe)))
    out: Float = np.where(vm >= first * safe, later + 1.0, 0.0)
    return out


def _divisor(seq: DivisorSequence, count: Float) -> Float:
    """Divisor of the next seat for lists already holding ``count``."""
    plain: Float = seq.step * count + seq.offset
    if seq.first == seq.offset:
        return plain
    out: Float = np.where(count == 0, float(seq.first), plain)
    return out


def _walk(seq: DivisorSequence, v: Float, count: Float, excess: Float) -> Bool:
    """Correct the rows whose start is off, seat by seat; True where the result is proved.

    Quotients are ordered as float64 ``v / d`` of whole numbers below 2**53 (correctly
    rounded): the walk may pick wrongly between quotients too close for float64, so each
    corrected row is then checked — decided only if its smallest awarded quotient is
    strictly above its largest unawarded one in float64, which by monotone rounding
    implies the same order exactly.
    """
    rows = np.nonzero(excess)[0]
    proved = np.ones(v.shape[1], dtype=np.bool_)
    if not rows.size:
        return proved
    vf = v[:, rows]
    c = count[:, rows]
    left = excess[rows]
    up = np.nonzero(left < 0)[0]
    while up.size:
        q = vf[:, up] / _divisor(seq, c[:, up])
        c[np.argmax(q, axis=0), up] += 1.0
        left[up] += 1.0
        up = up[left[up] < 0]
    down = np.nonzero(left > 0)[0]
    while down.size:
        held = c[:, down]
        q = np.where(held > 0, vf[:, down] / _divisor(seq, np.maximum(held - 1.0, 0.0)), np.inf)
        c[np.argmin(q, axis=0), down] -= 1.0
        left[down] -= 1.0
        down = down[left[down] > 0]
    awarded = np.where(c > 0, vf / _divisor(seq, np.maximum(c - 1.0, 0.0)), np.inf)
    largest_free = (vf / _divisor(seq, c)).max(axis=0)
    count[:, rows] = c
    proved[rows] = awarded.min(axis=0) > largest_free
    return proved


def _divisor_rows(seq: DivisorSequence, v: Float, seats: Float) -> tuple[Float, Bool]:
    """Seats per slot ``[K, R]`` by the divisor method (``v`` zero where not admitted).

    Returns the seats and the rows left undecided: no admitted votes for a positive
    magnitude, or a corrected row whose cut the float64 check cannot prove (a tie).
    A row whose exact start already sums to its magnitude is proved by construction: it
    holds every quotient at or above ``V / m`` and none below.
    """
    total = v.sum(axis=0)
    bad = (total == 0) & (seats > 0)
    count = _start(seq, v, seats)
    count[:, bad] = 0.0
    excess = count.sum(axis=0) - np.where(bad, 0.0, seats)
    proved = _walk(seq, v, count, excess)
    return count, bad | ~proved


def allocate_slot_major(
    rules: DistrictKernelRules, layout: DistrictLayout, votes: Int
) -> tuple[Int, Bool, Bool]:
    """Seats ``[K, n, C]`` for slot-major votes ``[K, n, C]``, undecided draws ``[n]``, and
    ``[n, P]`` whether each party took part in at least one constituency's count.

    Draws go through in slices of about :data:`ROWS` constituency counts, so that the
    temporaries stay small.
    """
    n_slots, n, n_cons = votes.shape
    count = np.empty(votes.shape, dtype=np.int64)
    undecided = np.zeros(n, dtype=np.bool_)
    took_part = np.zeros((n, len(layout.names)), dtype=np.bool_)
    hot = [layout.slot_one_hot(k) for k in range(n_slots)]
    step = max(1, ROWS // max(n_cons, 1))
    mags = layout.magnitudes.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        for lo in range(0, n, step):
            hi = min(n, lo + step)
            part = votes[:, lo:hi].astype(np.float64)
            admitted = _eligible(rules, layout, part)
            seen = np.zeros((hi - lo, len(layout.names)))
            for k in range(n_slots):
                seen += (admitted[k] > 0) @ hot[k]
            took_part[lo:hi] = seen > 0
            seats = np.broadcast_to(mags, (hi - lo, n_cons)).reshape(-1)
            got, bad = _divisor_rows(rules.divisors, admitted.reshape(n_slots, -1), seats)
            undecided[lo:hi] = bad.reshape(hi - lo, n_cons).any(axis=1)
            count[:, lo:hi] = got.reshape(n_slots, hi - lo, n_cons)
    count[:, undecided] = 0
    return count, undecided, took_part


def national_seats(layout: DistrictLayout, count: Int) -> Int:
    """``[n, P]`` seats per national party from slot-major seats ``[K, n, C]``."""
    total = np.zeros((count.shape[1], len(layout.names)))
    for k in range(count.shape[0]):
        total += count[k] @ layout.slot_one_hot(k)
    out: Int = total.astype(np.int64)
    return out


def allocate_districts_batch(
    rules: DistrictKernelRules, layout: DistrictLayout, votes: Int
) -> DistrictBatch:
    """Allocate every draw of ``votes`` (``[n, C, K]``, slots as in ``layout``).

    The caller checks the inputs (:func:`majlis.simulate.districts.allocate_districts_many`
    does): non-negative integers in standing slots, zeros elsewhere, within
    :func:`majlis.simulate.districts.check_range`.
    """
    slot_major = np.ascontiguousarray(np.moveaxis(np.asarray(votes, np.int64), 2, 0))
    count, undecided, _ = allocate_slot_major(rules, layout, slot_major)
    return DistrictBatch(
        seats=np.moveaxis(count, 0, 2), national=national_seats(layout, count), undecided=undecided
    )
