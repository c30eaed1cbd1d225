"""Injected irregularities of a synthetic election and their ground truth.

Stuffing adds ballots for the leader; switching moves other lists' votes to the leader;
rounding writes a station's turnout up to the next multiple of a round step (5 % by default;
1 % gives the integer percentages of Kobak, Shpilkin & Pshenichnikov, AoAS 2016), the added
ballots going to the leader, and, if asked, the leader's share of the ballots too (votes
taken from the other lists). When the *reported* totals must equal the targets, honest
stations are then adjusted to compensate; otherwise the irregularities add to the true
figures. The manipulated stations keep their true figures as ground truth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError
from majlis.results import IntArray
from majlis.synth._apportion import apportion_capped
from majlis.synth._kazakhstan import NationalTotals

__all__ = ["KINDS", "Irregularities", "Manipulation", "inject"]

#: The kinds of irregularity, as :attr:`Manipulation.kind` names them.
KINDS = ("stuffing", "switching", "rounding")


@dataclass(frozen=True, slots=True)
class Irregularities:
    """Which irregularities to inject, as shares of stations (disjoint sets of stations).

    ``stuffing_intensity``: share of the station's non-voters whose ballots are stuffed for
    the leader — one value, or a range ``(low, high)`` from which each stuffed station draws
    its own uniformly; ``switching_fraction``: share of every other list's votes moved to
    the leader; ``rounding_step``: the round step in percent (a divisor of 100) that turnout
    is written up to; ``rounding_result``: the leader's share of the ballots is written up
    to the next step as well.
    """

    stuffing_share: float = 0.0
    stuffing_intensity: float | tuple[float, float] = 0.5
    switching_share: float = 0.0
    switching_fraction: float = 0.3
    rounding_share: float = 0.0
    rounding_step: int = 5
    rounding_result: bool = False

    def __post_init__(self) -> None:
        low, high = self.intensity_range
        for name, value in (
            ("stuffing_share", self.stuffing_share),
            ("stuffing_intensity", low),
            ("stuffing_intensity", high),
            ("switching_share", self.switching_share),
            ("switching_fraction", self.switching_fraction),
            ("rounding_share", self.rounding_share),
        ):
            if not 0.0 <= value <= 1.0:
                raise InputError.expected(
                    what=f"The '{name}' parameter of Irregularities",
                    expected="in [0, 1]",
                    got=self.stuffing_intensity if name == "stuffing_intensity" else value,
                )
        if low > high:
            raise InputError.expected(
                what="The 'stuffing_intensity' range of Irregularities",
                expected="(low, high) with low ≤ high",
                got=self.stuffing_intensity,
            )
        if not 1 <= self.rounding_step <= 50 or 100 % self.rounding_step:
            raise InputError.expected(
                what="The 'rounding_step' parameter of Irregularities",
                expected="a divisor of 100 below 100 (percent)",
                got=self.rounding_step,
            )
        if self.stuffing_share + self.switching_share + self.rounding_share > 0.5:
            raise InputError.expected(
                what="the shares of manipulated stations",
                expected="at most 0.5 together",
                got=self.stuffing_share + self.switching_share + self.rounding_share,
            )

    @property
    def intensity_range(self) -> tuple[float, float]:
        """The stuffing intensity as a range (one value is the range of itself)."""
        if isinstance(self.stuffing_intensity, tuple):
            low, high = self.stuffing_intensity
            return float(low), float(high)
        return float(self.stuffing_intensity), float(self.stuffing_intensity)


@dataclass(frozen=True, slots=True)
class Manipulation:
    """Ground truth of one manipulated station: the kind and the votes it moved or added."""

    station: str
    kind: str
    leader_votes_added: int
    ballots_added: int
    votes_removed: tuple[tuple[str, int], ...]


def _round_up(part: IntArray, whole: IntArray, step: int) -> IntArray:
    """The next multiple of ``step`` % of ``whole`` strictly above ``part``'s share, ≤ whole."""
    k = 100 // step
    m = np.minimum((k * part) // np.maximum(whole, 1) + 1, k)
    target: IntArray = np.minimum((2 * m * whole + k) // (2 * k), whole)
    return target


def _take(available: IntArray, need: IntArray) -> IntArray:
    """Take ``need`` from each row of ``available`` in proportion (largest remainders)."""
    total = available.sum(axis=1)
    need = np.minimum(need, total)
    share = available * (need / np.maximum(total, 1))[:, None]
    take = np.floor(share).astype(np.int64)
    left = need - take.sum(axis=1)
    rank = np.argsort(np.argsort(-(share - take), axis=1, kind="stable"), axis=1)
    taken: IntArray = take + (rank < left[:, None])
    return taken


def inject(
    totals: NationalTotals,
    irr: Irregularities,
    voters: IntArray,
    matrix: IntArray,
    codes: tuple[str, ...],
    rng: np.random.Generator,
    *,
    compensate: bool = True,
) -> tuple[IntArray, list[Manipulation], IntArray]:
    """Manipulate chosen stations; with ``compensate``, adjust honest ones so totals stay exact."""
    n = len(voters)
    names = totals.list_names
    leader = 2 + int(np.argmax([v for _, v in totals.votes]))
    k = [
        round(irr.stuffing_share * n),
        round(irr.switching_share * n),
        round(irr.rounding_share * n),
    ]
    chosen = rng.permutation(n)
    stuff, switch, rounded = (
        chosen[: k[0]],
        chosen[k[0] : k[0] + k[1]],
        chosen[k[0] + k[1] : sum(k)],
    )
    truth = matrix.copy()
    reported = matrix.copy()
    found = reported.sum(axis=1)
    added = np.zeros(n, dtype=np.int64)
    others = np.array([c for c in range(2, reported.shape[1]) if c != leader], dtype=np.int64)
    if len(stuff):
        low, high = irr.intensity_range
        x = rng.uniform(low, high, len(stuff)) if high > low else low
        add = np.floor(x * (voters[stuff] - found[stuff])).astype(np.int64)
        reported[stuff, leader] += add
        added[stuff] = add
    moved = np.zeros_like(reported)
    if len(switch):
        take = np.floor(irr.switching_fraction * reported[np.ix_(switch, others)]).astype(np.int64)
        moved[np.ix_(switch, others)] = take
        reported[np.ix_(switch, others)] -= take
        reported[switch, leader] += take.sum(axis=1)
    if len(rounded):
        f = reported[rounded].sum(axis=1)
        target = _round_up(f, voters[rounded], irr.rounding_step)
        reported[rounded, leader] += target - f
        added[rounded] = target - f
        if irr.rounding_result and len(others):
            lead = reported[rounded, leader]
            want = _round_up(lead, target, irr.rounding_step)
            take = _take(reported[np.ix_(rounded, others)], want - lead)
            moved[np.ix_(rounded, others)] = take
            reported[np.ix_(rounded, others)] -= take
            reported[rounded, leader] += take.sum(axis=1)
    honest = np.ones(n, dtype=np.bool_)
    honest[chosen[: sum(k)]] = False
    if compensate:
        _compensate(reported, truth, honest, leader, voters, rng)
    truth[honest] = reported[honest]
    manipulations = []
    for kind, rows in zip(KINDS, (stuff, switch, rounded), strict=True):
        for i in sorted(rows.tolist()):
            if (reported[i] == truth[i]).all():
                continue  # nothing to add (e.g. a turnout already at 100 %)
            removed = tuple(
                (names[c - 2], int(moved[i, c])) for c in range(2, reported.shape[1]) if moved[i, c]
            )
            manipulations.append(
                Manipulation(
                    codes[i],
                    kind,
                    int(reported[i, leader] - truth[i, leader]),
                    int(added[i]),
                    removed,
                )
            )
    return reported, manipulations, truth


def _compensate(
    reported: IntArray,
    truth: IntArray,
    honest: npt.NDArray[np.bool_],
    leader: int,
    voters: IntArray,
    rng: np.random.Generator,
) -> None:
    """At honest stations, take back the leader's extra votes and give back the others'."""
    excess = int(reported[:, leader].sum() - truth[:, leader].sum())
    if excess:
        cap = np.where(honest, reported[:, leader], 0)
        reported[:, leader] -= apportion_capped(excess, cap.astype(np.float64), cap, rng)
    for c in range(reported.shape[1]):
        short = int(truth[:, c].sum() - reported[:, c].sum())
        if c != leader and short > 0:
            room = np.where(honest, voters - reported.sum(axis=1), 0)
            w = np.where(honest, reported[:, c] + 1, 0).astype(np.float64)
            reported[:, c] += apportion_capped(short, w, room, rng)
