"""The batched districted kernel: many national elections, every constituency at once.

Arrays are ``[n_draws, n_constituencies, K]`` at the interface and slot-major
``[K, n_constituencies, n_draws]`` inside: slot ``k`` of constituency ``c`` holds the
``k``-th list standing there (``DistrictLayout.party`` names its national party; ``-1``
pads constituencies with fewer than ``K`` lists). Draws and constituencies are flattened
into rows, so every step is one NumPy operation over all of them:

1. thresholds — the constituency's (``votes >= ceil(t * base)``, exact integers) and,
   where the law has one, the national threshold on each party's summed votes, combined
   by ``and`` / ``or`` as in :func:`majlis.law.allocate_districts`;
2. a divisor method per row with the row's own magnitude: an exact start
   ``#{j : v / d(j) >= V / m}`` from one divisor level per row (the quota-like start of
   :func:`majlis.simulate._kernel_methods.highest_averages`), then corrections on the
   rows whose start is off (about a third): one vectorised step for all of them (largest
   next quotient gains, smallest held quotient loses), seat by seat beyond that;
3. a proof: a row whose start sums to its magnitude holds every quotient at or above its
   level and none below, so it is proved by construction; a corrected row is *decided*
   only when its smallest awarded quotient is strictly larger than its largest unawarded
   one, compared as correctly rounded float64 quotients ``v / d`` of exact integers
   (``v < 2**53``). Rounding is monotone, so ``fl(a) > fl(b)`` implies ``a > b``: a
   strictly separated row holds exactly the ``M`` largest quotients, which is what the
   exact engine awards. Ties and quotients too close for float64 to separate leave the
   row (and its draw) *undecided*, for the exact engine.

Floats order quotients; they never decide a seat that the exact comparison would decide
otherwise (the separation test above is the decision, and it is exact by monotonicity).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    "PreparedLayout",
    "allocate_districts_batch",
    "allocate_slot_major",
    "national_seats",
]

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]
Float = npt.NDArray[np.float64]
#: Constituency counts per slice of the kernel.
ROWS = 32768
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

    ``votes`` is slot-major ``[K, C, n]`` (whole numbers in float64); so is the result.
    Thresholds are the exact engine's inclusive ``votes * den >= num * base``: every
    product is a whole number below 2**53 (:func:`majlis.simulate.districts.check_range`),
    so float64 holds it exactly.
    """
    admitted: Bool = votes > 0
    if rules.national_level:
        summed = layout.slot_one_hot(0).T @ votes[0]  # [P, n], exact: sums < 2**53
        for k in range(1, votes.shape[0]):
            summed += layout.slot_one_hot(k).T @ votes[k]
        t = rules.national_threshold
        base = summed.sum(axis=0)
        if rules.national_with_blank:
            base = base + float(layout.blank.sum())
        passes = summed * t.denominator >= t.numerator * base
        admitted = admitted & passes[np.maximum(layout.party.T, 0)]
    t = rules.local_threshold
    if t:
        base = votes.sum(axis=0)
        if rules.local_with_blank:
            base = base + layout.blank[:, None]
        here = votes * t.denominator >= t.numerator * base
        if rules.either:
            admitted = (admitted | (here & (votes > 0))) if rules.national_level else admitted
        else:
            admitted = admitted & here
    out: Float = np.where(admitted, votes, 0.0)
    return out


def _start(seq: DivisorSequence, v: Float, total: Float, m: Float) -> Float:
    """``#{j : v / d(j) >= V / m}`` per list, exactly (``V`` the row's total).

    The formula of the national kernel's
    :func:`~majlis.simulate._kernel_methods.highest_averages` with a level ``m`` per row, a
    multiple of 1/2. It takes ``floor(a / b)`` with ``2a, 2b`` whole, ``a / b <= m`` and
    ``2 (m + 1) b < 2**53``: a fractional part is at least ``1 / 2b`` from either integer
    and the rounding error below ``(m + 1) / 2**53 < 1 / 2b``, so float64 floors exactly.
    """
    step, offset, first = seq.step, seq.offset, seq.first
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


def _held_divisor(seq: DivisorSequence, count: Float, d_next: Float) -> Float:
    """Divisor of the last seat held by lists holding ``count >= 1`` (given the next one)."""
    held: Float = d_next - seq.step
    if seq.first == seq.offset:
        return held
    out: Float = np.where(count == 1, float(seq.first), held)
    return out


def _key(seq: DivisorSequence, v: Float, c: Float, up: Bool) -> Float:
    """Quotients to compare when giving (``up`` rows) or taking back seats.

    Up: the next quotient ``v / d(c)``. Down: minus the last held one (``-inf`` for lists
    holding none), so that the seat to move is the largest key either way.
    """
    d_next = _divisor(seq, c)
    held = np.where(c > 0, v / _held_divisor(seq, c, d_next), np.inf)
    out: Float = np.where(up, v / d_next, -held)
    return out


def _steps(seq: DivisorSequence, v: Float, c: Float, left: Float, up: bool) -> None:
    """Give (``up``) or take back ``left`` more seats per row of ``v``/``c``, in place."""
    cols = np.nonzero(left > 0)[0]
    while cols.size:
        v_c, c_c = v[:, cols], c[:, cols]
        d_c = _divisor(seq, c_c)
        if up:
            pick = np.argmax(v_c / d_c, axis=0)
            c[pick, cols] += 1.0
        else:
            held = np.where(c_c > 0, v_c / _held_divisor(seq, c_c, d_c), np.inf)
            pick = np.argmin(held, axis=0)
            c[pick, cols] -= 1.0
        left[cols] -= 1.0
        cols = cols[left[cols] > 0]


def _walk(seq: DivisorSequence, v: Float, count: Float, excess: Float) -> Bool:
    """Correct the rows whose start is off, in place; True where the result is proved.

    ``count`` is an exact start (every quotient at or above the row's level awarded, none
    below). Quotients are ordered as float64 ``v / d`` of whole numbers below 2**53,
    correctly rounded, so ``fl(a) > fl(b)`` implies ``a > b``.

    Every row off by a seat takes one step at once, giving and taking back alike: the
    list with the largest key (:func:`_key`) moves. A row one seat short is proved when
    that key is the only largest and strictly above every key after the step: the seat
    given is the only awarded quotient below the level, so it is the smallest awarded,
    and it must beat every quotient left unawarded (a seat taken back, symmetrically,
    must be strictly below every quotient still held). Rows further off walk on seat by
    seat and are then checked whole: smallest awarded quotient strictly above the
    largest unawarded one.
    """
    proved = np.ones(v.shape[1], dtype=np.bool_)
    off = np.nonzero(excess)[0]
    if not off.size:
        return proved
    v_o, c_o, e_o = v[:, off], count[:, off], excess[off]
    up = e_o < 0
    key = _key(seq, v_o, c_o, up)
    best = key.max(axis=0)
    hit = key == best
    once = np.count_nonzero(hit, axis=0) == 1  # a tie for the step: no list moves
    hit &= once
    c_o += hit * np.where(up, 1.0, -1.0)
    after = np.where(hit, _key(seq, v_o, c_o, up), key).max(axis=0)
    ok = once & (best > after)
    more = np.nonzero(np.abs(e_o) > 1)[0]
    if more.size:
        v_m, c_m = v_o[:, more], c_o[:, more]
        for direction in (True, False):
            rows = np.nonzero(up[more] == direction)[0]
            if rows.size:
                c = c_m[:, rows]
                left = np.abs(e_o[more][rows]) - once[more][rows]
                _steps(seq, v_m[:, rows], c, left, direction)
                c_m[:, rows] = c
        d_m = _divisor(seq, c_m)
        smallest_held = np.where(c_m > 0, v_m / _held_divisor(seq, c_m, d_m), np.inf).min(axis=0)
        ok[more] = smallest_held > (v_m / d_m).max(axis=0)
        c_o[:, more] = c_m
    count[:, off] = c_o
    proved[off] = ok
    return proved


def _divisor_rows(seq: DivisorSequence, v: Float, seats: Float) -> tuple[Float, Bool]:
    """Seats per slot ``[K, R]`` by the divisor method (``v`` zero where not admitted).

    Returns the seats and the rows left undecided: no admitted votes for a positive
    magnitude, or a corrected row whose cut the float64 check cannot prove (a tie).

    A row whose exact start sums to its magnitude is proved by construction: it holds
    every quotient at or above ``V / m`` and none below. The level is
    ``m = step * S + L * (offset - step / 2)`` (``L`` lists taking part), which centres the
    sum on ``S``; about a third of the rows miss by a seat or two and take the walk.
    """
    total = v.sum(axis=0)
    bad = (total == 0) & (seats > 0)
    n_lists = np.count_nonzero(v, axis=0)
    step, offset = seq.step, seq.offset
    m = np.maximum(1.0, step * seats + n_lists * ((2 * offset - step) / 2))
    count = _start(seq, v, total, m)
    if bad.any():
        count[:, bad] = 0.0
    excess = count.sum(axis=0) - np.where(bad, 0.0, seats)
    proved = _walk(seq, v, count, excess)
    return count, bad | ~proved


@dataclass(frozen=True, slots=True)
class PreparedLayout:
    """A layout's constituencies ordered by how many lists stand there, set up once.

    Attributes:
        order: ``[C]`` the constituencies' order, fewest lists first.
        runs: ``(width, first, end)`` per run of equal width in that order, so that each
            run is a contiguous block and no work is spent on empty slots.
        hot: ``[P, C]`` per slot, constituency (in ``order``) to national party.
        magnitudes: ``[C]`` in ``order``, as float64.
    """

    order: Int
    runs: tuple[tuple[int, int, int], ...]
    hot: tuple[Float, ...]
    magnitudes: Float
    layout: DistrictLayout

    @classmethod
    def of(cls, layout: DistrictLayout) -> PreparedLayout:
        """Order ``layout``'s constituencies by width; the one-hot matrices in that order."""
        widths = layout.standing.sum(axis=1)
        order = np.argsort(widths, kind="stable")
        runs = []
        for w in np.unique(widths):
            where = np.nonzero(widths[order] == w)[0]
            runs.append((int(w), int(where[0]), int(where[-1]) + 1))
        ordered = replace(
            layout,
            constituencies=tuple(layout.constituencies[i] for i in order),
            party=layout.party[order],
            magnitudes=layout.magnitudes[order],
            blank=layout.blank[order],
        )
        hot = tuple(ordered.slot_one_hot(k).T.copy() for k in range(layout.party.shape[1]))
        mags = ordered.magnitudes.astype(np.float64)
        return cls(order=order, runs=tuple(runs), hot=hot, magnitudes=mags, layout=ordered)

    def back(self) -> Int:
        """``[C]`` the table's order from ``order`` (its inverse permutation)."""
        out: Int = np.argsort(self.order)
        return out

    def step(self) -> int:
        """Draws per slice: about :data:`ROWS` constituency counts."""
        return max(1, ROWS // max(self.order.size, 1))


def _count_slice(
    rules: DistrictKernelRules, prep: PreparedLayout, part: Float, want_took_part: bool
) -> tuple[Int, Bool, Bool | None]:
    """Seats ``[K, C, n]`` for one slice of votes ``[K, C, n]`` in ``prep.order`` (float64,
    C-contiguous); the slice's undecided draws ``[n]`` (their seats zeroed); and, when
    ``want_took_part``, ``[n, P]`` whether each party took part in a count."""
    size = part.shape[2]
    admitted = _eligible(rules, prep.layout, part)
    took_part = None
    if want_took_part:
        seen = prep.hot[0] @ admitted[0]  # admitted votes per party: > 0 where it took part
        for k in range(1, part.shape[0]):
            seen += prep.hot[k] @ admitted[k]
        took_part = (seen > 0).T
    got = np.zeros(part.shape, dtype=np.int64)
    undecided = np.zeros(size, dtype=np.bool_)
    for width, first, end in prep.runs:
        seats = np.repeat(prep.magnitudes[first:end], size)
        if width == 0:
            undecided |= (seats > 0).reshape(end - first, size).any(axis=0)
            continue
        block = admitted[:width, first:end].reshape(width, -1)
        seats_won, bad = _divisor_rows(rules.divisors, block, seats)
        undecided |= bad.reshape(end - first, size).any(axis=0)
        got[:width, first:end] = seats_won.reshape(width, end - first, size)
    if undecided.any():
        got[:, :, undecided] = 0
    return got, undecided, took_part


def allocate_slot_major(
    rules: DistrictKernelRules,
    layout: DistrictLayout,
    votes: Int | Float,
    prepared: PreparedLayout | None = None,
) -> tuple[Int, Bool, Bool]:
    """Seats ``[K, C, n]`` for slot-major votes ``[K, C, n]``, undecided draws ``[n]``, and
    ``[n, P]`` whether each party took part in at least one constituency's count.

    Draws go through in slices of about :data:`ROWS` constituency counts, so that the
    temporaries stay small; within a slice, constituencies with the same number of lists
    are counted together as one contiguous block. ``prepared`` (``PreparedLayout.of``
    ``layout``) saves setting the order up again on every call.
    """
    prep = prepared or PreparedLayout.of(layout)
    n = votes.shape[2]
    back = prep.back()
    count = np.zeros(votes.shape, dtype=np.int64)
    undecided = np.zeros(n, dtype=np.bool_)
    took_part = np.zeros((n, len(layout.names)), dtype=np.bool_)
    step = prep.step()
    with np.errstate(divide="ignore", invalid="ignore"):
        for lo in range(0, n, step):
            hi = min(n, lo + step)
            part = np.ascontiguousarray(votes[:, prep.order, lo:hi], dtype=np.float64)
            got, undecided[lo:hi], seen = _count_slice(rules, prep, part, True)
            took_part[lo:hi] = seen
            count[:, :, lo:hi] = got[:, back]
    return count, undecided, took_part


def national_seats(layout: DistrictLayout, count: Int) -> Int:
    """``[n, P]`` seats per national party from slot-major seats ``[K, C, n]``."""
    total = layout.slot_one_hot(0).T @ count[0].astype(np.float64)  # BLAS; exact sums
    for k in range(1, count.shape[0]):
        total += layout.slot_one_hot(k).T @ count[k].astype(np.float64)
    out: Int = np.ascontiguousarray(total.T).astype(np.int64)
    return out


def allocate_districts_batch(
    rules: DistrictKernelRules, layout: DistrictLayout, votes: Int
) -> DistrictBatch:
    """Allocate every draw of ``votes`` (``[n, C, K]``, slots as in ``layout``).

    The caller checks the inputs (:func:`majlis.simulate.districts.allocate_districts_many`
    does): non-negative integers in standing slots, zeros elsewhere, within
    :func:`majlis.simulate.districts.check_range`. Each slice is gathered slot-major in
    one copy (small transposes stay in the cache), and its seats are summed nationally
    while they are still there.
    """
    matrix = np.asarray(votes, np.int64)
    n = matrix.shape[0]
    prep = PreparedLayout.of(layout)
    back = prep.back()
    count = np.zeros(matrix.shape[::-1], dtype=np.int64)  # slot-major [K, C, n]
    national = np.zeros((n, len(layout.names)), dtype=np.int64)
    undecided = np.zeros(n, dtype=np.bool_)
    step = prep.step()
    with np.errstate(divide="ignore", invalid="ignore"):
        for lo in range(0, n, step):
            hi = min(n, lo + step)
            part = np.ascontiguousarray(
                matrix[lo:hi, prep.order].transpose(2, 1, 0), dtype=np.float64
            )
            got, undecided[lo:hi], _ = _count_slice(rules, prep, part, False)
            count[:, :, lo:hi] = got[:, back]
            total = prep.hot[0] @ got[0].astype(np.float64)  # BLAS; exact sums
            for k in range(1, got.shape[0]):
                total += prep.hot[k] @ got[k].astype(np.float64)
            national[lo:hi] = total.T
    return DistrictBatch(seats=count.transpose(2, 1, 0), national=national, undecided=undecided)
