"""A quick count's sample: its size, its allocation over strata and its reproducible draw.

**Sample size** (Estok, Nevitte & Cowan, *The Quick Count and Election Observation*, NDI
2002, ch. 5): the number of *voters* a simple random sample needs for a margin ``e`` at a
confidence with normal quantile ``z`` is ``n₀ = z²·p(1−p)/e²`` (``p = 0.5``, the worst case,
unless given); with the finite-population correction over ``N`` voters it is
``n = n₀ / (1 + (n₀ − 1)/N)``. The handbook converts voters into polling stations by
dividing by the mean number of voters a station has; we divide by the register's mean
station size times an expected turnout. Known limitation, also the handbook's: the formula
treats voters as drawn one by one, while a quick count draws whole stations (clusters), so
the margin after the count — estimated from the stations' spread, see
:mod:`majlis.pvt.core.estimate` — is usually wider; the handbook's answer is a sample well
above the formula's minimum, and the estimate's margin is what a statement quotes.

**Allocation**: stations per stratum proportional to the stratum's registered voters
(largest remainders), at least two per stratum (a stratum's variance needs two) and at most
the stratum's stations.

**Draw**: within each stratum, stations sorted by code, a simple random sample without
replacement from NumPy's PCG64 seeded with the design's seed; the seed may be derived from a
public text named before the draw (:func:`seed_from_text`: the first 8 bytes of its
SHA-256, big-endian), so anyone can repeat the draw.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError

__all__ = [
    "Allocation",
    "SampleSize",
    "allocate_strata",
    "draw_sample",
    "expected_margin",
    "sample_size",
    "seed_from_text",
    "z_value",
]

IntArray = npt.NDArray[np.int64]


def z_value(confidence: float) -> float:
    """The two-sided normal quantile for a confidence in (0, 1): 0.95 → 1.95996…"""
    if not 0.5 < confidence < 1.0:
        raise InputError.expected(
            what="the confidence",
            expected="in (0.5, 1)",
            got=confidence,
            code="pvt.confidence",
        )
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


@dataclass(frozen=True, slots=True)
class SampleSize:
    """The handbook's sample size, in voters and in polling stations."""

    margin: float
    confidence: float
    p: float
    voters: int
    voters_srs: int
    stations: int
    mean_station_voters: float


def sample_size(
    margin: float,
    confidence: float,
    *,
    population_voters: int,
    population_stations: int,
    turnout: float = 1.0,
    p: float = 0.5,
) -> SampleSize:
    """Voters and stations for ``margin`` (a share, 0.005 = ½ point) at ``confidence``.

    ``n₀ = z²·p(1−p)/e²``; ``n = n₀/(1 + (n₀−1)/N)`` with ``N`` the expected voters
    (register × turnout); stations = ⌈n / mean voters per station⌉, at most all of them.
    """
    if not 0.0 < margin < 0.5:
        raise InputError.expected(
            what="the margin",
            expected="a share in (0, 0.5)",
            got=margin,
            code="pvt.margin",
        )
    if not 0.0 < p < 1.0 or not 0.0 < turnout <= 1.0:
        raise InputError.expected(
            what="p and turnout",
            expected="in (0, 1]",
            got=(p, turnout),
            code="pvt.p_turnout",
        )
    if population_stations < 1 or population_voters < population_stations:
        raise InputError.expected(
            what="the register",
            expected="≥ 1 station and ≥ 1 voter a station",
            got=(population_stations, population_voters),
        )
    z = z_value(confidence)
    n0 = z * z * p * (1.0 - p) / (margin * margin)
    voters = population_voters * turnout
    n = n0 / (1.0 + (n0 - 1.0) / voters)
    mean = voters / population_stations
    stations = min(population_stations, max(1, math.ceil(n / mean)))
    return SampleSize(margin, confidence, p, math.ceil(n), math.ceil(n0), stations, mean)


def expected_margin(
    stations: int,
    confidence: float,
    *,
    mean_station_voters: float,
    population_voters: float,
    p: float = 0.5,
) -> float:
    """The formula read backwards: the margin ``stations`` give (voters drawn one by one)."""
    n = stations * mean_station_voters
    fpc = max(0.0, (population_voters - n) / max(population_voters - 1.0, 1.0))
    return z_value(confidence) * math.sqrt(p * (1.0 - p) / n * fpc)


@dataclass(frozen=True, slots=True)
class Allocation:
    """Stations to draw per stratum (same order as the strata given)."""

    strata: tuple[str, ...]
    stations: IntArray
    voters: IntArray
    sample: IntArray


def allocate_strata(
    strata: Sequence[str], stations: IntArray, voters: IntArray, total: int, minimum: int = 2
) -> Allocation:
    """Allocate ``total`` stations over strata proportionally to their voters.

    Largest remainders on the voters' shares; every stratum gets at least ``minimum`` (or
    all its stations when it has fewer) and at most its stations; the surplus or shortfall
    this causes is taken from or given to the strata with the largest remainders.
    """
    size = np.asarray(stations, dtype=np.int64)
    reg = np.asarray(voters, dtype=np.int64)
    if size.shape != (len(strata),) or reg.shape != size.shape or (size < 1).any():
        raise InputError.expected(
            what="the strata", expected="one station count ≥ 1 and voters each", got=size.shape
        )
    floor_ = np.minimum(size, minimum)
    total = int(min(max(total, int(floor_.sum())), int(size.sum())))
    quota = reg.astype(np.float64) * total / max(int(reg.sum()), 1)
    alloc = np.clip(np.floor(quota).astype(np.int64), floor_, size)
    order = np.argsort(-(quota - np.floor(quota)), kind="stable")
    while (gap := total - int(alloc.sum())) != 0:
        step = 1 if gap > 0 else -1
        moved = False
        for h in order if step > 0 else order[::-1]:
            if (step > 0 and alloc[h] < size[h]) or (step < 0 and alloc[h] > floor_[h]):
                alloc[h] += step
                moved = True
                if total == int(alloc.sum()):
                    break
        if not moved:
            break
    return Allocation(tuple(strata), size, reg, alloc)


def seed_from_text(text: str) -> int:
    """A seed anyone can recompute: the first 8 bytes of SHA-256(text), big-endian."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def draw_sample(
    codes: Sequence[str], stratum: IntArray, allocation: Allocation, seed: int
) -> tuple[str, ...]:
    """Draw the allocated number of stations per stratum; the codes, sorted.

    ``stratum[i]`` is the index (into ``allocation.strata``) of station ``codes[i]``. Within
    each stratum the stations are taken in code order, then sampled without replacement by
    one PCG64 generator seeded with ``seed``, stratum after stratum in the allocation's order.
    """
    idx = np.asarray(stratum, dtype=np.int64)
    if idx.shape != (len(codes),):
        raise InputError.expected(
            what="the strata of stations", expected=f"{len(codes)} strata", got=idx.shape
        )
    rng = np.random.Generator(np.random.PCG64(seed))
    by_stratum: list[list[str]] = [[] for _ in allocation.strata]
    for i in sorted(range(len(codes)), key=codes.__getitem__):
        by_stratum[int(idx[i])].append(codes[i])
    chosen: list[str] = []
    for h in range(len(allocation.strata)):
        members = by_stratum[h]
        k = int(allocation.sample[h])
        if k > len(members):
            raise InputError.expected(
                what=f"stations to draw in stratum {allocation.strata[h]!r}",
                expected=f"at most {len(members)}",
                got=k,
            )
        picks = rng.choice(len(members), size=k, replace=False)
        chosen.extend(members[j] for j in picks)
    return tuple(sorted(chosen))
