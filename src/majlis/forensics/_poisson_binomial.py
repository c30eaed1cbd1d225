"""The exact distribution of a count of independent successes (the Poisson-binomial law).

Under the integer-percentage null each station lands on an integer percentage with its own
probability, independently of the others, so the number of integer stations in a resample
is a sum of independent Bernoulli variables. Its distribution is computed once, exactly to
double precision: the stations' probabilities are multiplied out as polynomials, 64 at a
time by direct recursion and then pairwise by FFT convolution. Drawing a resample's count
from it has the same law as drawing every station's indicator and counting them.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import fft

__all__ = ["poisson_binomial_draws", "poisson_binomial_pmf"]

Floats = npt.NDArray[np.float64]

_BLOCK = 64  # Bernoulli terms multiplied out by direct recursion before the FFT merges


def poisson_binomial_pmf(probability: Floats) -> Floats:
    """``P(S = s)`` for ``s = 0 .. n``, ``S`` the number of successes of Bernoulli(``p_i``).

    Exact up to floating-point rounding (an FFT convolution leaves errors near 1e-17 where
    the true mass is smaller; those are clipped at zero).
    """
    p = np.clip(np.asarray(probability, dtype=np.float64), 0.0, 1.0)
    n = p.size
    blocks = max(1, -(-n // _BLOCK))
    flat = np.zeros(blocks * _BLOCK)
    flat[:n] = p
    q = flat.reshape(blocks, _BLOCK)
    pmf = np.zeros((blocks, _BLOCK + 1))
    pmf[:, 0] = 1.0
    for j in range(_BLOCK):
        pj = q[:, j : j + 1]
        pmf[:, 1 : j + 2] = pmf[:, 1 : j + 2] * (1.0 - pj) + pmf[:, : j + 1] * pj
        pmf[:, 0] *= 1.0 - pj[:, 0]
    while pmf.shape[0] > 1:
        if pmf.shape[0] % 2:
            unit = np.zeros((1, pmf.shape[1]))
            unit[0, 0] = 1.0
            pmf = np.vstack([pmf, unit])
        length = 2 * pmf.shape[1] - 1
        size = fft.next_fast_len(length, real=True)
        spectra = fft.rfft(pmf, size, axis=1)
        pmf = fft.irfft(spectra[0::2] * spectra[1::2], size, axis=1)[:, :length]
    out = np.maximum(pmf[0, : n + 1], 0.0)
    return np.asarray(out / out.sum(), dtype=np.float64)


def poisson_binomial_draws(
    probability: Floats, draws: int, rng: np.random.Generator
) -> npt.NDArray[np.float64]:
    """``draws`` independent counts of successes of Bernoulli(``p_i``), by inverting the pmf."""
    cdf = np.cumsum(poisson_binomial_pmf(probability))
    counts = np.searchsorted(cdf, rng.random(draws) * cdf[-1], side="right")
    return np.asarray(np.minimum(counts, cdf.size - 1), dtype=np.float64)
