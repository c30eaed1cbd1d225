"""Seeded, vectorised resampling within groups of stations (the bootstrap engine).

Every resample draws, for each group of ``m`` stations, ``m`` stations with replacement
from that group; all groups and a block of resamples are drawn in one NumPy call, so no
Python loop runs over stations or over single resamples.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Groups", "basic_interval", "resampled_sums"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Largest number of gathered floats held in memory at once (about 128 MB).
_BLOCK_ELEMENTS = 16_000_000


@dataclass(frozen=True, slots=True)
class Groups:
    """A partition of stations into groups, with each group's stations contiguous in ``order``."""

    names: tuple[str, ...]
    order: IntArray
    starts: IntArray
    sizes: IntArray

    @classmethod
    def from_labels(cls, labels: npt.ArrayLike) -> Groups:
        """Group stations by label; groups are named and sorted by ``str(label)``."""
        names, codes = np.unique(np.asarray(labels).astype(str), return_inverse=True)
        return cls.from_codes(names, codes)

    @classmethod
    def from_codes(cls, names: npt.ArrayLike, codes: npt.ArrayLike) -> Groups:
        """Group stations by code ``0..len(names)-1``; group ``j`` is named ``names[j]``."""
        labels = tuple(str(n) for n in np.asarray(names).ravel())
        code = np.asarray(codes, dtype=np.int64).ravel()
        order = np.argsort(code, kind="stable").astype(np.int64)
        sizes = np.bincount(code, minlength=len(labels)).astype(np.int64)
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        return cls(labels, order, starts, sizes)

    @classmethod
    def single(cls, n: int, name: str = "national") -> Groups:
        """One group holding all ``n`` stations."""
        return cls(
            (name,),
            np.arange(n, dtype=np.int64),
            np.zeros(1, dtype=np.int64),
            np.array([n], dtype=np.int64),
        )

    def sums(self, values: FloatArray) -> FloatArray:
        """Per-group sums of a ``(n, k)`` matrix given in the original station order."""
        ordered = values[self.order]
        return np.add.reduceat(ordered, self.starts, axis=0) if len(ordered) else ordered


def _blocks(total: int, per: int) -> Iterator[tuple[int, int]]:
    step = max(1, per)
    for lo in range(0, total, step):
        yield lo, min(total, lo + step)


def _nanquantile(ordered: FloatArray, count: npt.NDArray[np.intp], q: float) -> FloatArray:
    """Linear-interpolation quantile along axis 0 ignoring NaN (vectorised ``np.nanquantile``)
    of replicates already sorted on axis 0 (NaN last), ``count`` of them finite."""
    pos = q * np.maximum(count - 1, 0)
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, np.maximum(count - 1, 0))
    frac = pos - lo
    low = np.take_along_axis(ordered, lo[None, ...], axis=0)[0]
    high = np.take_along_axis(ordered, hi[None, ...], axis=0)[0]
    return np.asarray(np.where(count > 0, low + frac * (high - low), np.nan), dtype=np.float64)


def basic_interval(
    point: FloatArray, replicates: FloatArray, *, level: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Basic (reverse-percentile) bootstrap interval ``2·t0 − q(1−a/2), 2·t0 − q(a/2)``.

    ``replicates`` has the resamples on axis 0; non-finite replicates are ignored.
    """
    alpha = 1.0 - level
    if replicates.shape[0] == 0:
        nan = np.full(np.shape(point), np.nan)
        return nan, nan.copy()
    clean = np.where(np.isfinite(replicates), replicates, np.nan)
    ordered = np.sort(clean, axis=0)  # NaN sort last; sorted once for both bounds
    count = np.isfinite(ordered).sum(axis=0)
    hi_q = _nanquantile(ordered, count, 1.0 - alpha / 2.0)
    lo_q = _nanquantile(ordered, count, alpha / 2.0)
    return 2.0 * point - hi_q, 2.0 * point - lo_q


def resampled_sums(
    values: FloatArray, groups: Groups, *, resamples: int, rng: np.random.Generator
) -> FloatArray:
    """Per-group sums of each column of ``values`` over within-group bootstraps of stations.

    ``values`` is ``(n, k)``, finite, in the original station order. Each resample draws
    every group's stations with replacement (stations ordered by group, so a group is a
    slice of columns and its draws are integers in that slice); the draws are counted per
    station, and each group's sums are one dense product of its stations' counts with
    their values, so every statistic of a resample is read from one draw of stations.
    Returns ``(resamples, n_groups, k)``.

    A block's draws are made group by group, a few rows at a time (the generator's stream
    runs on across calls, so the draws are those of one call per group), and counted into
    one buffer kept for every block: no array as large as the block is made per block.
    """
    n, k = values.shape
    n_groups = len(groups.sizes)
    ordered = np.ascontiguousarray(values[groups.order], dtype=np.float64)
    spans = [(int(s), int(s + m)) for s, m in zip(groups.starts, groups.sizes, strict=True)]
    out = np.empty((resamples, n_groups, k), dtype=np.float64)
    per_block = _BLOCK_ELEMENTS // max(1, n)
    widest = max((stop - start for start, stop in spans), default=0)
    buffer = np.empty(min(resamples, max(1, per_block)) * widest, dtype=np.float64)
    for lo, hi in _blocks(resamples, per_block):
        rows = hi - lo
        for g, (start, stop) in enumerate(spans):
            counts = buffer[: rows * (stop - start)].reshape(rows, stop - start)
            _count_draws(counts, rng)
            out[lo:hi, g] = counts @ ordered[start:stop]
    return out


#: Draws counted at once by :func:`_count_draws` (small enough to stay in cache).
_COUNT_ELEMENTS = 1 << 16


def _count_draws(counts: FloatArray, rng: np.random.Generator) -> None:
    """Fill each row of ``counts`` (``(rows, m)``) with how often each of ``m`` stations is
    drawn in ``m`` draws with replacement, the rows' draws taken in order from ``rng``."""
    rows, m = counts.shape
    if m == 0:
        return
    step = max(1, _COUNT_ELEMENTS // m)
    for a in range(0, rows, step):
        b = min(rows, a + step)
        draws = rng.integers(0, m, size=(b - a, m))
        draws += np.arange(0, (b - a) * m, m, dtype=np.int64)[:, None]
        counts[a:b] = np.bincount(draws.ravel(), minlength=(b - a) * m).reshape(b - a, m)
