"""Injected irregularities of a synthetic election and their ground truth.

Stuffing adds ballots for the leader, switching moves other lists' votes to the leader,
rounding raises a station's turnout to the next multiple of 5 %. Then honest stations are
adjusted so that the *reported* national totals still equal the targets; the manipulated
stations keep their true figures as ground truth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from majlis.errors import InputError
from majlis.results import IntArray
from majlis.synth._apportion import apportion_capped
from majlis.synth._kazakhstan import NationalTotals

__all__ = ["Irregularities", "Manipulation", "inject"]


@dataclass(frozen=True, slots=True)
class Irregularities:
    """Which irregularities to inject, as shares of stations (disjoint sets of stations).

    ``stuffing_intensity``: share of the station's non-voters whose ballots are stuffed for
    the leader; ``switching_fraction``: share of every other list's votes moved to the leader.
    """

    stuffing_share: float = 0.0
    stuffing_intensity: float = 0.5
    switching_share: float = 0.0
    switching_fraction: float = 0.3
    rounding_share: float = 0.0

    def __post_init__(self) -> None:
        for name in (
            "stuffing_share",
            "stuffing_intensity",
            "switching_share",
            "switching_fraction",
            "rounding_share",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InputError.expected(
                    what=f"The '{name}' parameter of Irregularities",
                    expected="in [0, 1]",
                    got=value,
                )
        if self.stuffing_share + self.switching_share + self.rounding_share > 0.5:
            raise InputError.expected(
                what="the shares of manipulated stations",
                expected="at most 0.5 together",
                got=self.stuffing_share + self.switching_share + self.rounding_share,
            )


@dataclass(frozen=True, slots=True)
class Manipulation:
    """Ground truth of one manipulated station: the kind and the votes it moved or added."""

    station: str
    kind: str
    leader_votes_added: int
    ballots_added: int
    votes_removed: tuple[tuple[str, int], ...]


def inject(
    totals: NationalTotals,
    irr: Irregularities,
    voters: IntArray,
    matrix: IntArray,
    codes: tuple[str, ...],
    rng: np.random.Generator,
) -> tuple[IntArray, list[Manipulation], IntArray]:
    """Manipulate chosen stations, then compensate at honest ones so totals stay exact."""
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
    if len(stuff):
        add = np.floor(irr.stuffing_intensity * (voters[stuff] - found[stuff])).astype(np.int64)
        reported[stuff, leader] += add
        added[stuff] = add
    moved = np.zeros_like(reported)
    if len(switch):
        others = np.array([c for c in range(2, reported.shape[1]) if c != leader], dtype=np.int64)
        take = np.floor(irr.switching_fraction * reported[np.ix_(switch, others)]).astype(np.int64)
        moved[np.ix_(switch, others)] = take
        reported[np.ix_(switch, others)] -= take
        reported[switch, leader] += take.sum(axis=1)
    if len(rounded):
        f, v = reported[rounded].sum(axis=1), voters[rounded]
        m = np.minimum((20 * f) // v + 1, 20)
        target = np.minimum((2 * m * v + 20) // 40, v)
        reported[rounded, leader] += target - f
        added[rounded] = target - f
    honest = np.ones(n, dtype=np.bool_)
    honest[chosen[: sum(k)]] = False
    # compensation at honest stations: take back the leader's extra votes, give back switched ones
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
    truth[honest] = reported[honest]
    manipulations = []
    for kind, rows in (("stuffing", stuff), ("switching", switch), ("rounding", rounded)):
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
