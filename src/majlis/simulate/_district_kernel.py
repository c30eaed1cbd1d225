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
   rows whose start is off (about a third): one vectorised step for the rows a seat off
   (largest next quotient gains, smallest held quotient loses), seat by seat beyond that;
3. a proof: a row whose start sums to its magnitude holds every quotient at or above its
   level and none below, so it is proved by construction; a row a seat off is *decided*
   when the quotient that moves is the only largest (smallest) among the lists, or, under
   a tie-break by votes, when equal quotients are exactly equal (cross-multiplied) and
   their lists' votes differ; a row further off only when its smallest awarded quotient
   is strictly larger than its largest unawarded one. Quotients are compared as correctly
   rounded float64 ``v / d`` of exact integers (``v < 2**53``). Rounding is monotone, so
   ``fl(a) > fl(b)`` implies ``a > b``: such a row holds exactly the ``M`` largest
   quotients, which is what the exact engine awards. Other ties and quotients too close
   for float64 to separate leave the row (and its draw) *undecided*, for the exact engine.

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
    "Seats",
    "allocate_districts_batch",
    "count_slot_major",
    "national_seats",
]

Int = npt.NDArray[np.int64]
#: Seats per constituency slot: 32 bits hold any magnitude, at half the memory of 64.
Seats = npt.NDArray[np.int32]
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
        tie_votes: equal quotients at a constituency's cut go to the list with more votes
            (``1``, ``tie_break = "votes"``), fewer votes (``-1``, ``"fewer_votes"``), or
            are left undecided (``0``).
    """

    divisors: DivisorSequence
    local_threshold: Fraction = Fraction(0)
    local_with_blank: bool = True
    national_level: bool = False
    national_threshold: Fraction = Fraction(0)
    national_with_blank: bool = False
    either: bool = False
    tie_votes: int = 0


@dataclass(frozen=True, slots=True)
class DistrictBatch:
    """Seats per draw, constituency slot and national party; draws left undecided.

    Attributes:
        seats: ``[n, C, K]`` seats per slot (zero rows in undecided draws), int32.
        national: ``[n, P]`` seats per national party.
        undecided: ``[n]`` draws some constituency of which the kernel could not prove.
    """

    seats: Seats
    national: Int
    undecided: Bool


def _eligible(rules: DistrictKernelRules, prep: PreparedLayout, votes: Float) -> tuple[Float, Bool]:
    """The votes of lists taking part in their constituency's count (zero for the others),
    and which lists take part (in a constituency without votes, possibly empty ones).

    ``votes`` is slot-major ``[K, C, n]`` in ``prep.order`` (whole numbers in float64).
    Thresholds are the exact engine's inclusive ``votes * den >= num * base``: every
    product is a whole number below 2**53 (:func:`majlis.simulate.districts.check_range`),
    so float64 holds it exactly.
    """
    layout = prep.layout
    t = rules.local_threshold
    here: Bool | None = None
    if t:
        base = votes.sum(axis=0)
        if rules.local_with_blank:
            base += layout.blank[:, None]
        base *= t.numerator
        # an empty list passes only where the base is zero, where every vote is zero
        here = votes * t.denominator >= base
    if rules.national_level:
        summed = prep.by_party(votes)
        t = rules.national_threshold
        national = summed.sum(axis=0)
        if rules.national_with_blank:
            national = national + float(layout.blank.sum())
        passes = summed * t.denominator >= t.numerator * national
        admitted: Bool = (votes > 0) & passes[np.maximum(layout.party.T, 0)]
        if here is not None:
            admitted = admitted | (here & (votes > 0)) if rules.either else admitted & here
    elif here is not None and not rules.either:
        admitted = here
    else:  # no threshold (with "or" and no national level, the local one admits everyone)
        admitted = votes > 0
    out: Float = votes * admitted
    return out, admitted


def _start(seq: DivisorSequence, v: Float, total: Float, m: Float) -> Float:
    """``#{j : v / d(j) >= V / m}`` per list, exactly (``V`` the row's total).

    The formula of the national kernel's
    :func:`~majlis.simulate._kernel_methods.highest_averages` with a level ``m`` per row, a
    multiple of 1/2. It takes ``floor(a / b)`` with ``2a, 2b`` whole, ``a / b <= m`` and
    ``2 (m + 1) b < 2**53``: a fractional part is at least ``1 / 2b`` from either integer
    and the rounding error below ``(m + 1) / 2**53 < 1 / 2b``, so float64 floors exactly.
    A list without votes starts at zero.
    """
    step, offset, first = seq.step, seq.offset, seq.first
    safe = np.where(total > 0, total, 1.0)
    vm = v * m
    if first == offset == step:  # d(j) = step * (j + 1): D'Hondt and its multiples
        vm /= safe
        start: Float = np.floor(vm, out=vm)
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


def _held_divisor(seq: DivisorSequence, count: Float) -> Float:
    """Divisor ``d(count - 1)`` of the last seat held by lists holding ``count >= 1``."""
    held: Float = seq.step * count + (seq.offset - seq.step)
    if seq.first == seq.offset:
        return held
    out: Float = np.where(count == 1, float(seq.first), held)
    return out


def _held(seq: DivisorSequence, v: Float, count: Float) -> Float:
    """The last quotient ``v / d(count - 1)`` each list holds (``inf`` for lists holding none)."""
    out: Float = np.where(count > 0, v / _held_divisor(seq, count), np.inf)
    return out


def _by_votes(
    seq: DivisorSequence, v: Float, c: Float, hit: Bool, up: bool, tie_votes: int
) -> tuple[Bool, Bool]:
    """The list that moves in rows where ``hit`` marks several equal-looking quotients.

    A tie at the cut is real only when the quotients are exactly equal, compared as
    ``v_i * d_j == v_j * d_i`` (whole numbers below 2**53, so exact in float64); then the
    law's tie-break gives the seat to the list with more (``tie_votes = -1``: fewer) votes,
    and so takes it back from the one with fewer (more). Returns the list that moves and
    the rows so decided: an exact tie whose votes are not equal too.
    """
    d = _divisor(seq, c) if up else _held_divisor(seq, c)
    cols = np.arange(v.shape[1])
    ref = np.argmax(hit, axis=0)  # one list of each tie
    exact = ((v * d[ref, cols] == v[ref, cols] * d) | ~hit).all(axis=0)
    signed = v * tie_votes
    if up:  # the seat goes to the preferred list
        pick = hit & (signed == np.where(hit, signed, -np.inf).max(axis=0))
    else:  # the seat is taken back from the least preferred list
        pick = hit & (signed == np.where(hit, signed, np.inf).min(axis=0))
    decided: Bool = exact & (np.count_nonzero(pick, axis=0) == 1)
    return pick, decided


def _steps(seq: DivisorSequence, v: Float, c: Float, left: Float, up: bool) -> None:
    """Give (``up``) or take back ``left`` more seats per row of ``v``/``c``, in place."""
    cols = np.nonzero(left > 0)[0]
    while cols.size:
        v_c, c_c = v[:, cols], c[:, cols]
        if up:
            pick = np.argmax(v_c / _divisor(seq, c_c), axis=0)
            c[pick, cols] += 1.0
        else:
            pick = np.argmin(_held(seq, v_c, c_c), axis=0)
            c[pick, cols] -= 1.0
        left[cols] -= 1.0
        cols = cols[left[cols] > 0]


def _one_step(
    seq: DivisorSequence, v: Float, count: Float, rows: Int, up: bool, tie_votes: int
) -> Bool:
    """Give (``up``) or take back one seat in each of ``rows``, in place; True where proved.

    The seat goes to the largest next quotient (is taken from the smallest held one). The
    start holds every quotient at or above the row's level and none below, so the row is
    proved when that quotient is the only largest (smallest) among the lists: the seat
    given is then the smallest awarded quotient and beats every other list's next one (a
    seat taken back falls strictly below every other list's held quotients). The moving
    list's own next quotient ``v / d(c + 1)`` is no larger than ``v / d(c)`` (equal only
    where ``first == step + offset``), and a tie between two quotients of one list
    leaves its seats the same whichever is counted first. A tie between lists is decided
    by their votes where the law says so (:func:`_by_votes`; divisors strictly increasing).
    """
    v_r, c_r = v[:, rows], count[:, rows]
    if up:
        key = v_r / _divisor(seq, c_r)
        best = key.max(axis=0)
    else:
        key = _held(seq, v_r, c_r)
        best = key.min(axis=0)
    hit = key == best
    n_hit = np.count_nonzero(hit, axis=0)
    proved: Bool = n_hit == 1  # a tie for the seat: undecided, unless the law breaks it
    tied = np.flatnonzero(n_hit > 1)
    if tie_votes and tied.size and seq.first < seq.step + seq.offset:
        hit[:, tied], proved[tied] = _by_votes(
            seq, v_r[:, tied], c_r[:, tied], hit[:, tied], up, tie_votes
        )
    if up:
        c_r += hit
    else:
        c_r -= hit
    count[:, rows] = c_r
    return proved


def _walk(seq: DivisorSequence, v: Float, count: Float, excess: Float, tie_votes: int) -> Bool:
    """Correct the rows whose start is off, in place; True where the result is proved.

    ``count`` is an exact start (every quotient at or above the row's level awarded, none
    below). Quotients are ordered as float64 ``v / d`` of whole numbers below 2**53,
    correctly rounded, so ``fl(a) > fl(b)`` implies ``a > b``.

    Rows off by one seat (nearly all) take one step (:func:`_one_step`). Rows further off
    walk seat by seat and are then checked whole: smallest awarded quotient strictly
    above the largest unawarded one.
    """
    proved = np.ones(v.shape[1], dtype=np.bool_)
    for off, up in ((-1.0, True), (1.0, False)):
        rows = np.flatnonzero(excess == off)
        if rows.size:
            proved[rows] = _one_step(seq, v, count, rows, up, tie_votes)
    more = np.flatnonzero(np.abs(excess) > 1)
    if more.size:
        v_m, c_m, e_m = v[:, more], count[:, more], excess[more]
        for up in (True, False):
            rows = np.flatnonzero((e_m < 0) == up)
            if rows.size:
                c = c_m[:, rows]
                _steps(seq, v_m[:, rows], c, np.abs(e_m[rows]), up)
                c_m[:, rows] = c
        smallest_held = _held(seq, v_m, c_m).min(axis=0)
        proved[more] = smallest_held > (v_m / _divisor(seq, c_m)).max(axis=0)
        count[:, more] = c_m
    return proved


def _divisor_rows(
    seq: DivisorSequence, v: Float, seats: Float, n_lists: Int, tie_votes: int
) -> tuple[Float, Bool]:
    """Seats per slot ``[K, R]`` by the divisor method (``v`` zero where not admitted).

    ``n_lists`` counts the lists taking part in each row; ``tie_votes`` is the law's
    tie-break (:class:`DistrictKernelRules`). Returns the seats and the rows
    left undecided: no admitted votes for a positive magnitude, or a corrected row whose
    cut the float64 check cannot prove (a tie).

    A row whose exact start sums to its magnitude is proved by construction: it holds
    every quotient at or above ``V / m`` and none below. The level is
    ``m = step * S + L * (offset - step / 2)`` (``L`` lists taking part), which centres the
    sum on ``S``; about a third of the rows miss by a seat (rarely two) and take the walk.
    """
    total = v.sum(axis=0)
    bad = (total == 0) & (seats > 0)
    step, offset = seq.step, seq.offset
    m: Float = step * seats
    m += n_lists * ((2 * offset - step) / 2)
    np.maximum(m, 1.0, out=m)
    count = _start(seq, v, total, m)  # zero in a row without votes
    excess = count.sum(axis=0)
    excess -= seats
    if bad.any():
        excess[bad] = 0.0
    proved = _walk(seq, v, count, excess, tie_votes)
    return count, bad | ~proved


@dataclass(frozen=True, slots=True)
class PreparedLayout:
    """A layout's constituencies ordered by how many lists stand there, set up once.

    Attributes:
        order: ``[C]`` the constituencies' order, fewest lists first.
        runs: ``(width, first, end)`` per run of equal width in that order, so that each
            run is a contiguous block and no work is spent on empty slots.
        hot: ``[P, K * C]`` slot-major row (constituencies in ``order``) to national party.
        magnitudes: ``[C]`` in ``order``, as float64.
        layout: the layout in ``order``.
        back: ``[C]`` the table's order from ``order`` (its inverse permutation).
        rows: ``[K * C]`` the row of ``[C * K, n]`` votes holding each slot-major row.
    """

    order: Int
    runs: tuple[tuple[int, int, int], ...]
    hot: Float
    magnitudes: Float
    layout: DistrictLayout
    back: Int
    rows: Int

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
        width = layout.party.shape[1]
        hot = np.concatenate([ordered.slot_one_hot(k).T for k in range(width)], axis=1)
        mags = ordered.magnitudes.astype(np.float64)
        rows = (order[None, :] * width + np.arange(width)[:, None]).ravel()
        return cls(
            order=order,
            runs=tuple(runs),
            hot=hot,
            magnitudes=mags,
            layout=ordered,
            back=np.argsort(order),
            rows=rows,
        )

    def slot_major(self, draws: Int) -> Float:
        """Votes ``[K, C, n]`` in ``order``, float64, from draw-major ``[n, C, K]``.

        One two-dimensional transpose, then whole rows taken: a three-dimensional
        transposed copy runs NumPy's inner loop over the K slots alone, eight times slower.
        """
        n, c, k = draws.shape
        flat = np.empty((c * k, n), dtype=np.float64)
        flat[...] = draws.reshape(n, c * k).T
        out: Float = flat[self.rows].reshape(k, c, n)
        return out

    def by_party(self, slot_major: Float) -> Float:
        """``[P, n]`` sums per national party of slot-major ``[K, C, n]`` (in ``order``).

        One BLAS product; exact, as every sum of whole numbers stays below 2**53.
        """
        out: Float = self.hot @ slot_major.reshape(self.hot.shape[1], -1)
        return out

    def draw_major(self, got: Float, out: Seats) -> None:
        """Write slot-major seats ``[K, C, n]`` in ``order`` into ``out`` ``[n, C, K]``.

        The rows are put back in the table's order first, so that ``out`` is written
        front to back: fresh pages written out of order fault in many times slower.
        """
        out[...] = got[:, self.back].transpose(2, 1, 0)

    def step(self) -> int:
        """Draws per slice: about :data:`ROWS` constituency counts."""
        return max(1, ROWS // max(self.order.size, 1))


def count_slot_major(
    rules: DistrictKernelRules, prep: PreparedLayout, votes: Float
) -> tuple[Float, Bool, Float]:
    """Seats for one slice of slot-major votes ``[K, C, n]`` in ``prep.order`` (float64).

    Returns the seats ``[K, C, n]`` in ``prep.order`` as whole numbers in float64, the
    undecided draws ``[n]`` (their seats zeroed) and the votes of the lists taking part
    (zero for the others). A slice of about :data:`ROWS` constituency counts
    (:meth:`PreparedLayout.step` draws) keeps the temporaries in the cache; within it,
    constituencies with the same number of lists are counted as one contiguous block.
    """
    with np.errstate(divide="ignore", invalid="ignore"):  # quotients of lists without seats
        return _count_slice(rules, prep, votes)


def _count_slice(
    rules: DistrictKernelRules, prep: PreparedLayout, votes: Float
) -> tuple[Float, Bool, Float]:
    """:func:`count_slot_major`, with NumPy's division warnings off."""
    size = votes.shape[2]
    part, admitted = _eligible(rules, prep, votes)
    got = np.zeros(part.shape, dtype=np.float64)
    undecided = np.zeros(size, dtype=np.bool_)
    for width, first, end in prep.runs:
        seats = np.repeat(prep.magnitudes[first:end], size)
        if width == 0:
            undecided |= (seats > 0).reshape(end - first, size).any(axis=0)
            continue
        block = part[:width, first:end].reshape(width, -1)
        n_lists = admitted[:width, first:end].reshape(width, -1).sum(axis=0)
        seats_won, bad = _divisor_rows(rules.divisors, block, seats, n_lists, rules.tie_votes)
        undecided |= bad.reshape(end - first, size).any(axis=0)
        got[:width, first:end] = seats_won.reshape(width, end - first, size)
    if undecided.any():
        got[:, :, undecided] = 0.0
    return got, undecided, part


def national_seats(layout: DistrictLayout, count: Int | Seats) -> Int:
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
    :func:`majlis.simulate.districts.check_range`. Each slice is gathered slot-major
    (:meth:`PreparedLayout.slot_major`; small transposes stay in the cache); its seats
    are summed nationally and written back draw-major while they are still there.
    """
    matrix = np.asarray(votes, np.int64)
    n = matrix.shape[0]
    prep = PreparedLayout.of(layout)
    seats = np.empty(matrix.shape, dtype=np.int32)
    national = np.empty((n, len(layout.names)), dtype=np.int64)
    undecided = np.empty(n, dtype=np.bool_)
    step = prep.step()
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        part = prep.slot_major(matrix[lo:hi])
        got, undecided[lo:hi], _ = count_slot_major(rules, prep, part)
        prep.draw_major(got, seats[lo:hi])
        national[lo:hi] = prep.by_party(got).T
    return DistrictBatch(seats=seats, national=national, undecided=undecided)
