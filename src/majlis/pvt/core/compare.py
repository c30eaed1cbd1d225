"""The quick count's verdicts: calls, the official count held against the estimate, seats.

- **Too close to call** (Estok, Nevitte & Cowan 2002, ch. 7: a race whose gap is inside
  the margin is not called): the gap between two lists, or a list's distance to the
  threshold, is inside the margin at the stated confidence.
- **Official against PVT**: per list, whether the official share lies inside the 95 % and
  99 % intervals and by how many standard errors it is off.
- **Threshold**: the probability that a list passes, ``P(share ≥ t)`` under the estimate's
  normal approximation.
- **Seats**: shares drawn from the estimate's multivariate normal approximation, each draw
  turned into votes and allocated by the caller's allocator (the batched law kernel); the
  official seats are placed in that distribution, with the sentence an observer needs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from majlis.law import PartyList, Ruleset
from majlis.pvt.core.design import z_value
from majlis.pvt.core.estimate import Estimate
from majlis.simulate import allocate_many

__all__ = [
    "Call",
    "ListVerdict",
    "SeatVerdict",
    "call_race",
    "compare_official",
    "law_allocator",
    "seat_distribution",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Call:
    """The leading pair and whether the race can be called; threshold calls per list."""

    leader: str
    runner_up: str
    gap: float
    gap_margin: float
    callable: bool
    too_close_threshold: tuple[str, ...]


def call_race(est: Estimate, confidence: float, threshold: float | None = None) -> Call:
    """Call the lead and every threshold outcome at ``confidence``, or say too close."""
    order = np.argsort(-est.share, kind="stable")
    i, j = int(order[0]), int(order[1]) if len(order) > 1 else int(order[0])
    gap = float(est.share[i] - est.share[j])
    gap_margin = z_value(confidence) * est.gap_se(i, j)
    close: tuple[str, ...] = ()
    if threshold is not None:
        m = est.margin(confidence)
        close = tuple(
            n for n, s, e in zip(est.names, est.share, m, strict=True) if abs(s - threshold) <= e
        )
    return Call(est.names[i], est.names[j], gap, gap_margin, gap > gap_margin, close)


@dataclass(frozen=True, slots=True)
class ListVerdict:
    """One list: the estimate, the official share and where it falls."""

    name: str
    estimate: float
    se: float
    official: float
    z: float
    inside95: bool
    inside99: bool
    p_pass: float | None


def compare_official(
    est: Estimate, official: Sequence[float], threshold: float | None = None
) -> tuple[ListVerdict, ...]:
    """Each list's official share against the interval; ``z`` = (official − estimate)/se."""
    se = est.se
    z95, z99 = z_value(0.95), z_value(0.99)
    out = []
    for k, name in enumerate(est.names):
        o, s, e = float(official[k]), float(est.share[k]), float(se[k])
        z = (o - s) / e if e > 0 else (0.0 if o == s else float("inf") * np.sign(o - s))
        p = None
        if threshold is not None:
            p = 1.0 - NormalDist().cdf((threshold - s) / e) if e > 0 else float(s >= threshold)
        out.append(ListVerdict(name, s, e, o, float(z), abs(z) <= z95, abs(z) <= z99, p))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class SeatVerdict:
    """A list's seats under the PVT: the distribution's range and the official seats in it."""

    name: str
    official: int
    median: int
    low95: int
    high95: int
    low99: int
    high99: int
    p_at_most: float
    p_at_least: float

    @property
    def inside99(self) -> bool:
        return self.low99 <= self.official <= self.high99

    @property
    def sentence(self) -> str:
        """ "Ak Zhol's 12 seats lie outside the PVT's 99 % range (8–10)." or inside."""
        where = "inside" if self.inside99 else "outside"
        rng = f"{self.low99}" if self.low99 == self.high99 else f"{self.low99}–{self.high99}"
        noun = "seat" if self.official == 1 else "seats"
        return f"{self.name}'s {self.official} {noun} lie {where} the PVT's 99 % range ({rng})."


def seat_distribution(
    est: Estimate,
    allocate: Callable[[IntArray], IntArray],
    official_seats: Sequence[int],
    *,
    draws: int = 4000,
    seed: int = 0,
    scale: int = 10_000_000,  # the same scale as the allocator's
) -> tuple[tuple[SeatVerdict, ...], IntArray]:
    """Seats implied by the estimate; the official seats placed in their distribution.

    Shares are drawn from ``N(share, cov)`` (clipped at 0), scaled to ``scale`` votes on
    the share base and rounded; ``allocate`` maps the ``[draws, lists]`` vote matrix (columns
    as ``est.names``) to ``[draws, seat columns]`` seats, seat columns in the order of
    ``official_seats``' names (the first ``len(official_seats)`` names of the estimate).
    Returns the verdicts and the seat matrix.
    """
    rng = np.random.Generator(np.random.PCG64(seed))
    shares = rng.multivariate_normal(est.share, est.cov, size=draws, method="eigh")
    votes = np.rint(np.clip(shares, 0.0, None) * scale).astype(np.int64)
    seats = np.asarray(allocate(votes), dtype=np.int64)
    out = []
    for k, off in enumerate(official_seats):
        col = seats[:, k]
        q = np.quantile(col, [0.005, 0.025, 0.5, 0.975, 0.995], method="inverted_cdf")
        out.append(
            SeatVerdict(
                est.names[k],
                int(off),
                int(q[2]),
                int(q[1]),
                int(q[3]),
                int(q[0]),
                int(q[4]),
                float((col <= off).mean()),
                float((col >= off).mean()),
            )
        )
    return tuple(out), seats


def law_allocator(
    ruleset: Ruleset, lists: Sequence[PartyList], scale: int = 10_000_000
) -> Callable[[IntArray], IntArray]:
    """Seats for rows of votes on the ruleset's threshold base scaled to ``scale``.

    The estimate's shares must be taken on the ruleset's threshold base; the base total of
    every draw is ``scale``: for ``valid_votes`` the votes not on ``lists`` count as
    "against all", for ``ballots_cast`` and ``registered_voters`` ``scale`` is the base.
    Allocation is :func:`majlis.simulate.allocate_many` (the batched kernel, exact path for the
    rows it cannot settle).
    """
    kind = ruleset.threshold_base

    def run(votes: IntArray) -> IntArray:
        matrix = np.asarray(votes, dtype=np.int64)[:, : len(lists)]
        rest = np.maximum(scale - matrix.sum(axis=1), 0).astype(np.int64)
        full = np.full(matrix.shape[0], scale, dtype=np.int64)
        full = np.maximum(full, matrix.sum(axis=1))
        return allocate_many(
            ruleset,
            lists,
            matrix,
            against_all=rest if kind == "valid_votes" else None,
            ballots_cast=full if kind == "ballots_cast" else None,
            registered_voters=full if kind == "registered_voters" else None,
        ).seats

    return run
