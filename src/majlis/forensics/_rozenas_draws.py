"""The draws behind Rozenas' resampled densities: each station's new turnout and votes.

The package (``spikes:::resample``) redraws every station from the posterior predictive of
the two fitted beta-binomial mixtures:

* turnout: a component ``k ~ responsibilities``, ``pt ~ Beta(t + α_k, N − t + β_k)``,
  ``t* ~ Binomial(N, pt)``;
* support: a component ``k ~ responsibilities``, ``pv ~ Beta(v + α_k, t − v + β_k)``,
  ``v* ~ Binomial(t*, pv)``.

The turnout's law does not depend on anything drawn before it, so it is tabulated once per
station: the mixture of beta-binomial masses over the counts within 7 standard deviations of
its mean, widened (as wide again on each side, as often as needed) wherever the counts left
out hold more than 1e-11 of the mass (a lopsided law, such as a station's at 100 % turnout
in a component with a small shape, has a long tail a normal reach would cut), turned into a
cumulative table with a guide table, from which each resample's ``t*`` is one uniform number
and, on average, about two table lookups (inversion; Chen & Asau's guide table).

The support's law depends on ``t*``. Given the component, ``v* | t*`` is the beta-binomial
``BB(t*, v + α_k, t − v + β_k)``: a beta probability and a binomial draw on it is one way
to draw it (the package's), drawing from that mass directly is another, with the same law.
Where both shapes are at least one (all but the stations whose votes are all, or none, for
the list, in a component with a shape below one) the mass is log-concave and is drawn by
exact rejection from a three-piece hat (:mod:`majlis.forensics._beta_binomial_draws`):
no gamma and no binomial draw, only table lookups of ``log Γ`` and a few uniforms, about
1.13 proposals per draw. The others are drawn as the package draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

from majlis.forensics._beta_binomial_draws import (
    BetaBinomialShapes,
    draw_log_concave_beta_binomial,
)
from majlis.forensics.betabinomial import BetaBinomialMixture

__all__ = [
    "LogGammaTables",
    "draw_support",
    "draw_turnout",
    "turnout_tables",
    "turnout_windows",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_SDS = 7.0  # tabulated half-width of the turnout law, in its standard deviations
_LEFT_OUT = 1e-11  # the most of a station's turnout law its table may leave out
_WALK = 8  # cells walked from a guide entry before the rest of a station's table is bisected
_GUIDE_MARGIN = 1e-6  # guide entries start below the cell they point to, whatever the rounding


@dataclass(frozen=True, slots=True)
class LogGammaTables:
    """``log Γ(j + α_k)`` and ``log Γ(j + β_k)`` for every integer ``j`` up to ``top``, and
    ``log j!``: the count-dependent parts of every component's beta-binomial log mass."""

    alpha: FloatArray  # (K, top + 1)
    beta: FloatArray  # (K, top + 1)
    log_fact: FloatArray  # (top + 1,)

    @classmethod
    def build(cls, model: BetaBinomialMixture, top: int) -> LogGammaTables:
        """The tables of ``model`` for counts up to ``top``."""
        j = np.arange(top + 1, dtype=np.float64)
        a = np.asarray(model.alpha)[:, None]
        b = np.asarray(model.beta)[:, None]
        return cls(
            np.asarray(special.gammaln(j[None, :] + a), dtype=np.float64),
            np.asarray(special.gammaln(j[None, :] + b), dtype=np.float64),
            np.asarray(special.gammaln(j + 1.0), dtype=np.float64),
        )


def turnout_windows(
    n: FloatArray, t: FloatArray, model: BetaBinomialMixture, resp: FloatArray
) -> tuple[IntArray, IntArray]:
    """Lowest count and number of counts of each station's tabulated turnout law.

    The window spans the mixture's mean ± 7 of its standard deviations, within [0, N].
    """
    a = t[:, None] + np.asarray(model.alpha)[None, :]
    b = (n - t)[:, None] + np.asarray(model.beta)[None, :]
    s = a + b
    mean_k = n[:, None] * a / s
    var_k = n[:, None] * a * b * (s + n[:, None]) / (s**2 * (s + 1))
    mean = (resp * mean_k).sum(axis=1)
    var = np.maximum((resp * (var_k + mean_k**2)).sum(axis=1) - mean**2, 0.0)
    half = _SDS * np.sqrt(var) + 1.0
    first = np.maximum(np.floor(mean - half), 0.0)
    last = np.minimum(np.ceil(mean + half), n)
    return first.astype(np.int64), (last - first + 1).astype(np.int64)


@dataclass(frozen=True, slots=True)
class _Block:
    """The cumulative turnout tables of a block of stations, with their guide tables."""

    first: IntArray
    size: IntArray
    offset: IntArray  # start of each station's cells in ``cdf``
    guide_offset: IntArray  # start of each station's size + 1 guide entries
    cdf: FloatArray
    guide: IntArray  # position in ``cdf`` of the first cell each guide entry may return
    mass: FloatArray  # the share of each station's law its window holds


def _block_tables(
    n: FloatArray,
    t: FloatArray,
    resp: FloatArray,
    window: tuple[IntArray, IntArray],
    model: BetaBinomialMixture,
    tables: LogGammaTables,
) -> _Block:
    first, size = window
    offset = np.concatenate(([0], np.cumsum(size)[:-1]))
    station = np.repeat(np.arange(size.size), size)
    x = first[station] + np.arange(station.size) - offset[station]
    ni, ti = n.astype(np.int64), t.astype(np.int64)
    lf = tables.log_fact
    shared = lf[ni[station]] - lf[x] - lf[ni[station] - x]
    pmf = np.zeros(station.size)
    upper = 2 * ni[station] - x
    lower = x + ti[station]
    upper -= ti[station]
    for k, (ak, bk) in enumerate(zip(model.alpha, model.beta, strict=True)):
        with np.errstate(divide="ignore"):
            const = np.log(resp[:, k]) - special.gammaln(2 * n + ak + bk)
        const -= special.betaln(t + ak, n - t + bk)
        lm = shared + const[station]
        lm += tables.alpha[k][lower]
        lm += tables.beta[k][upper]
        pmf += np.exp(lm, out=lm)
    cdf = np.cumsum(pmf)
    ends = offset + size - 1
    before = np.concatenate(([0.0], cdf[ends[:-1]]))
    cdf -= before[station]
    mass = cdf[ends] / resp.sum(axis=1)
    cdf /= cdf[ends][station]
    cdf[ends] = 1.0
    # guide[g] = number of cells whose cdf * size < g - margin: never past the answer
    guide_offset = offset + np.arange(size.size)
    g = np.floor(cdf * size[station] + _GUIDE_MARGIN).astype(np.int64) + 1
    hits = np.bincount(
        guide_offset[station] + np.minimum(g, size[station]), minlength=station.size + size.size
    )
    # every cell adds one hit to its own station's entries, so the running count is the
    # cell's position in ``cdf`` (the stations before it hold ``offset`` cells)
    return _Block(first, size, offset, guide_offset, cdf, np.cumsum(hits), mass)


def turnout_tables(
    n: FloatArray,
    t: FloatArray,
    resp: FloatArray,
    model: BetaBinomialMixture,
    tables: LogGammaTables,
) -> list[tuple[IntArray, IntArray, _Block]]:
    """Each station's tabulated turnout law: its window (:func:`turnout_windows`), made as
    wide again on each side (within 0 to N), as often as needed, where the counts left out
    hold more than 1e-11 of the law.

    Returns blocks ``(stations, kept, tables)``: the tables of ``stations`` (positions in
    ``n``), of which those at ``kept`` (positions in the block) are drawn from it; the others
    are in a later block, with a wider window. Only those are tabulated again.
    """
    first, size = turnout_windows(n, t, model, resp)
    which = np.arange(n.size)
    blocks: list[tuple[IntArray, IntArray, _Block]] = []
    while which.size:
        window = (first[which], size[which])
        block = _block_tables(n[which], t[which], resp[which], window, model, tables)
        short = (block.mass < 1.0 - _LEFT_OUT) & (block.size < n[which] + 1)
        blocks.append((which, np.flatnonzero(~short), block))
        which = which[short]
        last = np.minimum(first[which] + 2 * size[which] - 1, n[which].astype(np.int64))
        first[which] = np.maximum(first[which] - size[which], 0)
        size[which] = last - first[which] + 1
    return blocks


def _invert(block: _Block, kept: IntArray, u: FloatArray) -> IntArray:
    """The counts of the block's stations ``kept`` whose cumulative tables first reach the
    uniforms ``u`` ``(rows, kept)``: inversion, starting from each guide entry."""
    size = block.size[kept][None, :]
    g = (u * size).astype(np.int64)
    np.minimum(g, size - 1, out=g)
    g += block.guide_offset[kept][None, :]
    pos = block.guide[g.ravel()]
    del g
    flat_u = u.ravel()
    todo = np.flatnonzero(block.cdf[pos] < flat_u)
    for _ in range(_WALK):
        if not todo.size:
            break
        pos[todo] += 1
        todo = todo[block.cdf[pos[todo]] < flat_u[todo]]
    if todo.size:  # a long tail within one guide entry: bisect the rest of the station's cells
        low = pos[todo] + 1  # (the answer lies past pos, up to the station's last cell)
        high = (block.offset + block.size - 1)[kept][todo % kept.size]
        while (low < high).any():
            mid = (low + high) // 2
            below = block.cdf[mid] < flat_u[todo]
            low = np.where(below, mid + 1, low)
            high = np.where(below, high, mid)
        pos[todo] = low
    counts = pos.reshape(u.shape)
    counts += (block.first - block.offset)[kept][None, :]
    return counts


def draw_turnout(
    n: FloatArray,
    t: FloatArray,
    resp: FloatArray,
    model: BetaBinomialMixture,
    tables: LogGammaTables,
    rows: int,
    rng: np.random.Generator,
) -> IntArray:
    """``rows`` draws of each station's turnout from its tabulated law, ``(rows, stations)``
    (resample by resample, as the densities are binned)."""
    blocks = turnout_tables(n, t, resp, model, tables)
    if len(blocks) == 1:
        ((_, kept, block),) = blocks
        return _invert(block, kept, rng.random((rows, n.size)))
    counts = np.empty((rows, n.size), dtype=np.int64)
    for which, kept, block in blocks:
        counts[:, which[kept]] = _invert(block, kept, rng.random((rows, kept.size)))
    return counts


def _components(resp: FloatArray, rows: int, rng: np.random.Generator) -> npt.NDArray[np.integer]:
    """Each station's mixture component, ``rows`` times, from its responsibilities:
    ``(rows, stations)``, in bytes unless the mixture has more than 256 components."""
    k = np.zeros((rows, resp.shape[0]), dtype=np.uint8 if resp.shape[1] <= 256 else np.intp)
    if resp.shape[1] == 1:
        return k
    cum = np.cumsum(resp, axis=1)
    cum /= cum[:, -1:]
    u = rng.random((rows, resp.shape[0]))
    above = np.empty(u.shape, dtype=bool)
    for j in range(resp.shape[1] - 1):
        np.greater(u, cum[:, j], out=above)
        k += above
    return k


def draw_support(
    t: FloatArray,
    v: FloatArray,
    resp: FloatArray,
    model: BetaBinomialMixture,
    tables: LogGammaTables,
    new_turnout: IntArray,
    rng: np.random.Generator,
) -> IntArray:
    """Each station's new votes given its new turnout ``(rows, stations)``, from the
    package's law.

    A component ``k`` is drawn from the responsibilities, then the votes from
    ``BB(t*, v + α_k, t − v + β_k)`` by exact rejection
    (:func:`~majlis.forensics._beta_binomial_draws.draw_log_concave_beta_binomial`) when
    both shapes are at least one (the mass is then log-concave), else as the package draws
    them: ``pv ~ Beta(v + α_k, t − v + β_k)`` as ``G_a / (G_a + G_b)``, then
    ``Binomial(t*, pv)``. ``tables`` are the support model's, for counts up to ``t* + t``.
    The draws are made station by station, so that a station's laws (one per component
    and distinct ``t*``, each with its hat built once) and its rows of the tables stay in
    cache.
    """
    stations, comps = t.size, len(model.alpha)
    if new_turnout.size == 0:
        return np.zeros(new_turnout.shape, dtype=np.int64)
    # station by station (each station's laws and tables stay in cache); the law of the
    # (station, component) pair ``s·K + k``
    at = _components(resp, new_turnout.shape[0], rng).T.astype(np.intp)
    at += (np.arange(stations) * comps)[:, None]
    at = at.reshape(-1)
    n = new_turnout.T.reshape(-1)
    shapes_a = (v[:, None] + np.asarray(model.alpha)[None, :]).reshape(-1)
    shapes_b = ((t - v)[:, None] + np.asarray(model.beta)[None, :]).reshape(-1)
    row = (np.arange(comps) * tables.alpha.shape[1])[None, :]
    rows = (
        (row + v.astype(np.int64)[:, None]).reshape(-1),
        (row + (t - v).astype(np.int64)[:, None]).reshape(-1),
    )
    concave = (shapes_a >= 1.0) & (shapes_b >= 1.0)
    if concave.all():
        fast: slice | IntArray = slice(None)
        slow = np.empty(0, dtype=np.intp)
    else:
        fast, slow = np.flatnonzero(concave[at]), np.flatnonzero(~concave[at])
    law = BetaBinomialShapes.build(shapes_a, shapes_b, rows, np.repeat(t, comps))
    lg = (tables.alpha.reshape(-1), tables.beta.reshape(-1), tables.log_fact)
    out = np.empty(n.size, dtype=np.int64)
    low = new_turnout.min(axis=0, initial=np.iinfo(np.int64).max)
    width = int((new_turnout.max(axis=0, initial=0) - low).max(initial=0)) + 1
    out[fast] = draw_log_concave_beta_binomial(
        n[fast], at[fast], law, lg, rng, low=np.repeat(low, comps), width=width
    )
    if slow.size:
        ga = rng.standard_gamma(shapes_a[at[slow]])
        gb = rng.standard_gamma(shapes_b[at[slow]])
        gb += ga
        ga /= gb
        out[slow] = rng.binomial(n[slow], ga)
    return np.ascontiguousarray(out.reshape(stations, -1).T)
