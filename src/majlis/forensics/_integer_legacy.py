"""Replay of Kobak's Monte Carlo random stream (NumPy's legacy ``RandomState``).

His notebook seeds ``np.random.seed(42)`` and, station by station in file order, draws
1,000 leader counts (Binomial(ballots cast, result)) and then 1,000 ballots-issued counts
(Binomial(registered, turnout)). The legacy generator's stream is frozen by NumPy's
compatibility policy (NEP 19), so drawing the same binomials in the same order reproduces
his null samples, and hence his published table, to the last decimal. Drawing a block of
stations with one broadcast call consumes the stream in exactly that order.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from majlis.forensics._integer_null import integer_flags

__all__ = ["legacy_null"]

_BLOCK = 500  # stations per broadcast call (memory ~ block x 2 x resamples x 8 bytes)


def legacy_null(
    counts: dict[str, npt.NDArray[np.int64]],
    criterion: str,
    weights: npt.NDArray[np.float64],
    *,
    n_resamples: int,
    seed: int,
    tolerance: float | None,
    inclusive: bool,
) -> npt.NDArray[np.float64]:
    """The weighted integer count of each resample, drawn as Kobak's notebook draws it."""
    voters, given = counts["voters"], counts["ballots_given"]
    received, leader = counts["ballots_cast"], counts["leader_votes"]
    state = np.random.RandomState(seed)
    null = np.zeros(n_resamples)
    for start in range(0, voters.size, _BLOCK):
        block = slice(start, start + _BLOCK)
        size = (voters[block].size, 2, n_resamples)
        trials = np.stack([received[block], voters[block]], axis=1)[:, :, None]
        success = np.stack([leader[block] / received[block], given[block] / voters[block]], axis=1)[
            :, :, None
        ]
        draws = state.binomial(np.broadcast_to(trials, size), np.broadcast_to(success, size))
        hits = np.zeros((size[0], n_resamples), dtype=bool)
        if criterion != "turnout_only":
            m = np.broadcast_to(received[block, None], hits.shape)
            hits |= _flags(draws[:, 0], m, tolerance, inclusive)
        if criterion != "result_only":
            m = np.broadcast_to(voters[block, None], hits.shape)
            hits |= _flags(draws[:, 1], m, tolerance, inclusive)
        null += weights[block] @ hits
    return null


def _flags(
    x: npt.NDArray[np.int64], m: npt.NDArray[np.int64], tolerance: float | None, inclusive: bool
) -> npt.NDArray[np.bool_]:
    shape = x.shape
    m_flat = np.ascontiguousarray(m).ravel()
    flat = integer_flags(x.ravel(), m_flat, tolerance=tolerance, inclusive=inclusive)
    return flat.reshape(shape)
