"""Exact draws from beta-binomial laws with both shapes at least one, by rejection.

``BB(n, a, b)`` has the mass ``p(x) = C(n, x) B(x + a, n − x + b) / B(a, b)`` on
``x = 0..n``. Its log mass is ``g(x) + const`` with

    g(x) = log Γ(x + a) + log Γ(n − x + b) − log x! − log (n − x)!,

and the ratio of neighbouring masses is rational,
``r(x) = p(x)/p(x − 1) = (n − x + 1)(x − 1 + a) / (x (n − x + b))``. ``r(x)/r(x + 1)`` is
the product of ``(x + 1)(x − 1 + a) / (x (x + a))``, at least one when ``a ≥ 1``, and of
its mirror image ``(y + 1)(y − 1 + b) / (y (y + b))`` (``y = n − x``), at least one when
``b ≥ 1``. So when both shapes are at least one, ``log r`` does not increase: the mass is
log-concave, and its largest mode is ``m = ⌊(n + 1)(a − 1)/(a + b − 2)⌋`` (``r(x) ≥ 1``
exactly when ``x (a + b − 2) ≤ (n + 1)(a − 1)``).

Hat (transformed density rejection with the log transform and three construction points;
W. Hörmann, J. Leydold & G. Derflinger, *Automatic Nonuniform Random Variate Generation*,
Springer 2004, ch. 4 and 10). For a concave sequence ``ℓ(x) = g(x) − g(m) ≤ 0``, the line
through two neighbouring points, ``ℓ(R) + (x − R) log r(R)``, lies above ``ℓ`` at every
integer ``x`` (the increments ``log r`` do not increase). The hat is ``exp`` of the least
of three such bounds: ``0`` (the mode), the line through ``R − 1, R`` and the line through
``L, L + 1``, with ``R = m + d`` and ``L = m − d``, ``d`` about ``1.4`` standard deviations
of the law at the station's own turnout (the best points for a normal law: the hat then
holds about 1.13 times the mass; at most 1.4 times for the most skewed laws). On the
integers it is a flat run around the mode and two geometric tails, each truncated to
``0..n``: a draw chooses a piece by its mass, a place in it by inversion (the tails' by the
logarithm), and keeps it with probability ``p(x)/hat(x)``, computed from tables of
``log Γ`` and ``log x!``. Rejected draws are drawn again; nothing else is approximated.
A hat depends on the law and ``n`` only: it is built once for each distinct pair.

Each piece uses a bound that holds at every integer, so any rounding of the points where
the pieces meet costs acceptance, never exactness. The hat is raised by ``1e-6`` in the
log: the tabulated log masses carry rounding errors below ``1e-8`` for counts below a
million, the tails' slopes are kept ``1e-12`` away from zero (a tie of two modes, or
``a = b = 1``, gives a flat line), and a mode misplaced by rounding (at a tie within
``1e-13``) loses less than that; the margin covers them all, so the hat stays above the
mass as computed. The law drawn is thus the beta-binomial mass evaluated in double
precision, as every other draw here is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["BetaBinomialShapes", "draw_log_concave_beta_binomial"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Tables = tuple[FloatArray, FloatArray, FloatArray]

_SPREAD = 1.4  # construction points m ± d, d about this many standard deviations
_MIN_SPREAD = 2.0  # ... and at least two counts: the mode may tie with one neighbour
_MARGIN = 1e-6  # the log hat's margin over the mass computed in double precision
_MIN_SLOPE = 1e-12  # the tails' log slopes are kept at least this steep (a tie: slope 0)
_CHUNK = 8_192  # first proposals made at once: their temporaries stay in cache


@dataclass(frozen=True, slots=True)
class BetaBinomialShapes:
    """The laws ``BB(·, a_j, b_j)`` that draws pick by index: shapes, rows of the log-gamma
    tables (``lg_a[row_a + x] = log Γ(x + a)``), the slope of the mode in the trials,
    ``(a − 1)/(a + b − 2)``, and the hat's half-width for ``reference`` trials."""

    a: FloatArray
    b: FloatArray
    row_a: IntArray
    row_b: IntArray
    mode_slope: FloatArray
    spread: FloatArray

    @classmethod
    def build(
        cls, a: FloatArray, b: FloatArray, rows: tuple[IntArray, IntArray], reference: FloatArray
    ) -> BetaBinomialShapes:
        """The laws with shapes ``a, b`` (each at least one), their table rows, and the
        half-width of their hats for the usual number of trials ``reference``."""
        s = a + b
        sd = np.sqrt(reference * a * b * (s + reference) / (s * s * (s + 1.0)))
        return cls(
            a,
            b,
            rows[0],
            rows[1],
            (a - 1.0) / np.maximum(s - 2.0, 1e-300),
            np.maximum(np.floor(_SPREAD * sd + 0.5), _MIN_SPREAD),
        )


def _log_mass(
    x: IntArray, n: IntArray, at: tuple[IntArray, IntArray], tables: Tables
) -> FloatArray:
    """``g(x)`` from the tables."""
    lg_a, lg_b, log_fact = tables
    nx = n - x
    out = lg_a.take(at[0] + x)
    out += lg_b.take(at[1] + nx)
    out -= log_fact.take(x)
    out -= log_fact.take(nx)
    return out


@dataclass(frozen=True, slots=True)
class _Hats:
    """The three-piece hats of distinct laws: a left geometric tail on ``0..jl − 1``, the
    flat run ``jl..jr`` at the mode's level and a right geometric tail on ``jr + 1..n``.

    ``total``, ``mass_l``, ``flat``, ``jl``, ``jr`` and ``g_mode`` have one entry per law;
    the tails' fields two, left then right (``2h`` and ``2h + 1``): where the uniform
    starts in the tail (``offset``), the cell next to the run (``start``) and the direction
    outwards (``sign``), the log hat there (``h``), the log slope per count outwards
    (negative) and its inverse, the last step, and ``q = expm1(length · slope) / mass``
    for the inversion. Heights and masses are relative to the mode's mass.
    """

    n: IntArray
    rows: tuple[IntArray, IntArray]
    g_mode: FloatArray
    total: FloatArray
    mass_l: FloatArray
    flat: FloatArray
    jl: FloatArray
    jr: FloatArray
    offset: FloatArray
    start: FloatArray
    sign: FloatArray
    h: FloatArray
    slope: FloatArray
    inv: FloatArray
    last: FloatArray
    q: FloatArray

    @classmethod
    def build(
        cls, n: IntArray, pick: IntArray, shapes: BetaBinomialShapes, tables: Tables
    ) -> _Hats:
        """The hats of ``BB(n_i, a, b)`` with the shapes ``pick_i``, from the mode and the
        lines through ``m ± d``."""
        a, b = shapes.a.take(pick), shapes.b.take(pick)
        at = (shapes.row_a.take(pick), shapes.row_b.take(pick))
        d = shapes.spread.take(pick)
        nf = n.astype(np.float64)
        mode = nf + 1.0
        mode *= shapes.mode_slope.take(pick)
        np.floor(mode, out=mode)
        np.minimum(mode, nf, out=mode)
        right = mode + d
        np.minimum(right, nf, out=right)
        left = np.subtract(mode, d, out=d)
        np.maximum(left, 0.0, out=left)
        g_mode = _log_mass(mode.astype(np.int64), n, at, tables)
        lr = _log_mass(right.astype(np.int64), n, at, tables)
        lr -= g_mode
        ll = _log_mass(left.astype(np.int64), n, at, tables)
        ll -= g_mode
        with np.errstate(divide="ignore", invalid="ignore"):
            # log r(R) = log((n − R + 1)(R − 1 + a) / (R (n − R + b))), outwards slope on the
            # right; at the bound (no tail: R = m = n) it may be infinite or NaN, then the
            # guard below replaces it and the tail's length is zero
            num, den = nf - right, right - 1.0
            den += a
            num += 1.0
            num *= den
            np.subtract(nf, right, out=den)
            den += b
            den *= right
            num /= den
            slope_r = np.log(num, out=num)
            # −log r(L + 1) = −log((n − L)(L + a) / ((L + 1)(n − L − 1 + b))) on the left
            num, den = nf - left, left + a
            num *= den
            np.subtract(nf, left, out=den)
            den += b - 1.0
            den *= left + 1.0
            den /= num
            slope_l = np.log(den, out=den)
        np.fmin(slope_r, -_MIN_SLOPE, out=slope_r)
        np.fmin(slope_l, -_MIN_SLOPE, out=slope_l)
        # the run ends where each line falls below the mode's level
        jr = lr / slope_r
        np.subtract(right, jr, out=jr)
        np.floor(jr, out=jr)
        np.clip(jr, mode, nf, out=jr)
        jl = ll / slope_l
        jl += left
        np.ceil(jl, out=jl)
        np.clip(jl, 0.0, mode, out=jl)
        # the tails, left and right interleaved
        size = 2 * n.size
        slope = np.empty(size)
        slope[0::2], slope[1::2] = slope_l, slope_r
        start = np.empty(size)
        np.subtract(jl, 1.0, out=start[0::2])
        np.add(jr, 1.0, out=start[1::2])
        h = np.empty(size)  # the line's value at the tail's first cell
        np.subtract(left, start[0::2], out=h[0::2])
        np.subtract(start[1::2], right, out=h[1::2])
        h *= slope
        h[0::2] += ll
        h[1::2] += lr
        length = np.empty(size)
        length[0::2] = jl
        np.subtract(nf, jr, out=length[1::2])
        e = length * slope
        np.expm1(e, out=e)
        q = np.negative(h)
        np.exp(q, out=q)
        q *= np.expm1(slope)
        mass = e / q
        flat = jr - jl
        flat += 1.0
        total = mass[0::2] + flat
        total += mass[1::2]
        offset = np.empty(size)
        np.negative(mass[0::2], out=offset[0::2])
        offset[1::2] = flat
        sign = np.ones(size)
        sign[0::2] = -1.0
        length -= 1.0
        return cls(n, at, g_mode, total, mass[0::2].copy(), flat, jl, jr, offset, start,
                   sign, h, slope, 1.0 / slope, length, q)  # fmt: skip


def _unique_laws(
    n: IntArray, pick: IntArray, low: IntArray, width: int
) -> tuple[IntArray, IntArray, IntArray]:
    """The distinct ``(pick, n)`` of the draws, and each draw's place among them.

    ``n − low[pick]`` lies in ``0..width − 1``: the pairs are marked in a dense table of
    ``len(low) · width`` cells, whose running count numbers them.
    """
    cell = pick * width
    cell += n
    cell -= low.take(pick)
    seen = np.zeros(low.size * width, dtype=np.bool_)
    seen[cell] = True
    distinct = np.flatnonzero(seen)
    number = np.cumsum(seen, dtype=np.int64)
    number -= 1
    laws = distinct // width
    return laws, low.take(laws) + distinct % width, number.take(cell)


def draw_log_concave_beta_binomial(
    n: IntArray,
    pick: IntArray,
    shapes: BetaBinomialShapes,
    tables: Tables,
    rng: np.random.Generator,
    *,
    low: IntArray,
    width: int,
) -> IntArray:
    """One draw from ``BB(n_i, a, b)`` for each element, with the shapes ``pick_i``.

    ``tables = (lg_a, lg_b, log_fact)`` with ``lg_a[row_a + x] = log Γ(x + a)`` and
    ``lg_b[row_b + x] = log Γ(x + b)`` for ``x`` in ``0..n_i``, and
    ``log_fact[x] = log x!``; ``n_i − low[pick_i]`` must lie in ``0..width − 1``. Each
    distinct law's hat is built once; the first proposals are made in cache-sized chunks,
    the rejected ones are then drawn again together.
    """
    laws, trials, hat_of = _unique_laws(n, pick, low, width)
    hats = _Hats.build(trials, laws, shapes, tables)
    out = np.empty(n.size, dtype=np.int64)
    todo = []
    for lo in range(0, n.size, _CHUNK):
        part = slice(lo, lo + _CHUNK)
        out[part], keep = _attempt(hats, hat_of[part], n[part], tables, rng)
        again = np.flatnonzero(~keep)  # their proposals are overwritten below
        if again.size:
            todo.append(lo + again)
    left = np.concatenate(todo) if todo else np.empty(0, dtype=np.int64)
    while left.size:
        x, keep = _attempt(hats, hat_of.take(left), n.take(left), tables, rng)
        out[left] = x
        left = left[~keep]
    return out


def _attempt(
    hats: _Hats, hat: IntArray, n: IntArray, tables: Tables, rng: np.random.Generator
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """A proposal from each element's hat, and whether it is kept: with probability
    ``p(x)/hat(x)``, the hat raised by the margin.

    One uniform chooses the piece by its mass and, rescaled within the piece, the place:
    uniform on the run, by inversion of the truncated geometric law on a tail.
    """
    u = rng.random(hat.size)
    u *= hats.total.take(hat)
    u -= hats.mass_l.take(hat)  # the left tail: [−mass_l, 0); the run: [0, flat); the right
    in_l = u < 0.0
    flat = hats.flat.take(hat)
    tail = u >= flat
    side = hat + hat
    side += ~in_l  # right tail's fields for the run: unused there
    tail |= in_l
    # within a tail, ``w = expm1(step · slope)`` scaled by the uniform's place in it
    w = u - hats.offset.take(side)
    w *= hats.q.take(side)
    np.maximum(w, -1.0, out=w)  # within rounding of a tail's far end
    np.log1p(w, out=w)
    w *= hats.inv.take(side)
    step = np.floor(w, out=w)
    np.minimum(step, hats.last.take(side), out=step)
    x = hats.sign.take(side)
    x *= step
    x += hats.start.take(side)
    run = np.floor(u, out=u)  # u < flat, both whole: at most flat − 1
    run += hats.jl.take(hat)
    np.copyto(x, run, where=~tail)
    log_hat = hats.slope.take(side)
    log_hat *= step
    log_hat += hats.h.take(side)
    log_hat *= tail
    log_hat += hats.g_mode.take(hat)  # log p(x)/hat(x) = g(x) − g(mode) − log hat(x)
    xi = x.astype(np.int64)
    log_p = _log_mass(xi, n, (hats.rows[0].take(hat), hats.rows[1].take(hat)), tables)
    log_p -= log_hat
    log_p -= _MARGIN
    v = rng.random(hat.size)
    with np.errstate(divide="ignore"):
        np.log(v, out=v)
    return xi, v <= log_p
