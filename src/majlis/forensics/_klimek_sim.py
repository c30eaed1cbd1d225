"""Simulation of Klimek et al.'s fraud model, with common random numbers.

Each unit ``i`` with ``N_i`` voters has, if fair, turnout ``a_i ~ N(tau, sigma_tau)`` and
winner/opposition shares drawn as two normals ``N(nu, sigma_nu)``, ``N(1 - nu, sigma_nu)``
normalised to sum to one (both redrawn until they lie in [0, 1]); its counts are
``W = round(N a l)``. With probability ``f_i`` it suffers *incremental* fraud of intensity
``x = |N(0, theta)|`` (redrawn into (0, 1)), with probability ``f_e`` *extreme* fraud with
``x = 1 - |N(0, sigma_e)|`` (redrawn into (0, 1)). Fraud adds ``floor(x (N - W_1 - W_2))``
stuffed ballots to the winner and moves ``round(x^alpha W_2)`` opposition votes to it.

Source: Klimek, Yegorov, Hanel & Thurner (2012), PNAS 109(41):16469-16473, supporting
information; the authors' ``ElectionFitter.m`` as ported by Mebane & Egami (EFToolkit,
``ComputeKlimekModel``, function ``Sim_Vote``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError
from majlis.forensics._klimek_clean import CleanPeak

__all__ = ["STEPS", "Draws", "check_shares", "simulate_klimek", "two_party_share"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

STEPS = 100
"""Fraud shares are resolved to 1/STEPS: a unit's fraud type is a 0.01 segment of [0, 1)."""


def _redraw(
    draw: Callable[[int], Floats],
    size: int,
    ok: Callable[[Floats], npt.NDArray[np.bool_]],
    limit: int = 100,
) -> Floats:
    """Draw ``size`` values with ``draw(n)`` and redraw those failing ``ok`` (the fitter's loop)."""
    values = draw(size)
    for _ in range(limit):
        bad = ~ok(values)
        if not bad.any():
            break
        values[bad] = draw(int(bad.sum()))
    return values


@dataclass(frozen=True, eq=False)
class Draws:
    """The random numbers of one simulation, shared by every fraud parameter."""

    voters: Floats
    winner: Floats
    opposition: Floats
    segment: Ints  # the unit's fraud-type uniform, as a 0.01 segment of [0, 1)
    x_incremental: Floats
    x_extreme: Floats

    @classmethod
    def make(cls, voters: Floats, peak: CleanPeak, sigma_e: float, seed: int) -> Draws:
        rng = np.random.default_rng(seed)
        size = voters.size
        a = _redraw(
            lambda n: rng.normal(peak.tau, peak.sigma_tau, n),
            size,
            lambda v: (v >= 0) & (v <= 1),
        )
        pair = _redraw(
            lambda n: _normal_shares(rng, peak.nu, peak.sigma_nu, n),
            size,
            lambda v: (v >= 0) & (v <= 1) & np.isfinite(v),
        )
        x_inc = _redraw(
            lambda n: np.abs(rng.normal(0.0, peak.theta, n)), size, lambda v: (v > 0) & (v < 1)
        )
        x_ext = _redraw(
            lambda n: 1.0 - np.abs(rng.normal(0.0, sigma_e, n)),
            size,
            lambda v: (v > 0) & (v < 1),
        )
        segment = np.minimum((rng.random(size) * STEPS).astype(np.int64), STEPS - 1)
        return cls(
            voters=voters,
            winner=np.rint(voters * a * pair),
            opposition=np.rint(voters * a * (1.0 - pair)),
            segment=segment,
            x_incremental=x_inc,
            x_extreme=x_ext,
        )

    def counts(self, x: Floats, alpha: float) -> tuple[Floats, Floats]:
        """Winner and opposition votes after fraud of intensity ``x`` (0: none)."""
        stuffed = np.floor(x * (self.voters - self.winner - self.opposition))
        stolen = np.rint(x**alpha * self.opposition)
        return self.winner + stuffed + stolen, self.opposition - stolen


def _normal_shares(rng: np.random.Generator, nu: float, sigma: float, n: int) -> Floats:
    """The winner's part of two normal shares normalised to one (NaN if either is out)."""
    w = rng.normal(nu, sigma, n)
    o = rng.normal(1.0 - nu, sigma, n)
    with np.errstate(all="ignore"):
        share = w / (w + o)
    return np.where((w >= 0) & (o >= 0) & (w + o > 0), share, np.nan)


def two_party_share(winner: Floats, opposition: Floats) -> Floats:
    total = winner + opposition
    with np.errstate(all="ignore"):
        return np.where(total > 0, winner / np.maximum(total, 1.0), np.nan)


def simulate_klimek(
    electorate: npt.NDArray[np.int64] | Floats,
    *,
    tau: float,
    sigma_tau: float,
    nu: float,
    sigma_nu: float,
    f_incremental: float,
    f_extreme: float,
    alpha: float = 2.0,
    sigma_x: float = 0.1,
    sigma_e: float = 0.075,
    seed: int = 0,
) -> tuple[Floats, Floats]:
    """Simulate turnout and winner share (fractions) of units with the given electorates.

    Random numbers depend only on ``seed`` and the electorates, so different fraud
    parameters reuse the same draws (common random numbers).
    """
    check_shares(f_incremental, f_extreme)
    voters = np.asarray(electorate, dtype=np.float64)
    peak = CleanPeak(tau=tau, sigma_tau=sigma_tau, nu=nu, sigma_nu=sigma_nu, theta=sigma_x)
    draws = Draws.make(voters, peak, sigma_e, seed)
    kind = draws.segment / STEPS
    x = np.where(
        kind < f_extreme,
        draws.x_extreme,
        np.where(kind < f_extreme + f_incremental, draws.x_incremental, 0.0),
    )
    winner, opposition = draws.counts(x, alpha)
    with np.errstate(all="ignore"):
        turnout = np.where(voters > 0, (winner + opposition) / np.maximum(voters, 1.0), 0.0)
    return turnout, np.nan_to_num(two_party_share(winner, opposition))


def check_shares(f_incremental: float, f_extreme: float) -> None:
    if not (0 <= f_incremental <= 1 and 0 <= f_extreme <= 1 and f_incremental + f_extreme <= 1):
        raise InputError.expected(
            what="The fraud shares (f_incremental, f_extreme)",
            expected="non-negative and summing to at most 1",
            got=(f_incremental, f_extreme),
        )
