"""Per-station integer flags and null probabilities, combined per criterion and weight."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError
from majlis.forensics._integer_null import integer_flags, integer_probabilities
from majlis.forensics._stations import Stations

__all__ = [
    "CRITERIA",
    "WEIGHTS",
    "Criterion",
    "NullModel",
    "Prepared",
    "Weight",
    "null_model",
    "prepare",
    "spread",
]

Criterion = Literal["turnout_or_result", "result_only", "turnout_only"]
Weight = Literal["stations", "voters", "ballots_given", "leader_votes"]
CRITERIA: tuple[Criterion, ...] = ("turnout_or_result", "result_only", "turnout_only")
WEIGHTS: tuple[Weight, ...] = ("stations", "voters", "ballots_given", "leader_votes")


@dataclass(frozen=True)
class Prepared:
    included: npt.NDArray[np.bool_]
    hits: npt.NDArray[np.bool_]
    probability: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]
    turnout_integer: npt.NDArray[np.bool_]
    result_integer: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class NullModel:
    """Per-station integer flags and null probabilities, computed once per election."""

    included: npt.NDArray[np.bool_]
    counts: dict[str, npt.NDArray[np.int64]]
    turnout_hit: npt.NDArray[np.bool_]
    result_hit: npt.NDArray[np.bool_]
    p_turnout: npt.NDArray[np.float64]
    p_result: npt.NDArray[np.float64]
    size: int

    def combine(self, criterion: Criterion, weight: Weight) -> Prepared:
        _check(criterion, weight)
        if criterion == "turnout_only":
            hits, probability = self.turnout_hit, self.p_turnout
        elif criterion == "result_only":
            hits, probability = self.result_hit, self.p_result
        else:
            hits = self.turnout_hit | self.result_hit
            probability = self.p_turnout + self.p_result - self.p_turnout * self.p_result
        source = self.counts.get(weight)
        weights = np.ones(hits.size) if source is None else source.astype(np.float64)
        full_t = np.zeros(self.size, dtype=bool)
        full_r = np.zeros(self.size, dtype=bool)
        full_t[self.included] = self.turnout_hit
        full_r[self.included] = self.result_hit
        return Prepared(self.included, hits, probability, weights, full_t, full_r)


def _check(criterion: str, weight: str) -> None:
    if criterion not in CRITERIA:
        raise InputError.expected(
            what="The 'criterion' parameter", expected=f"one of {list(CRITERIA)}", got=criterion
        )
    if weight not in WEIGHTS:
        raise InputError.expected(
            what="The 'weight' parameter", expected=f"one of {list(WEIGHTS)}", got=weight
        )


def null_model(
    stations: Stations,
    *,
    tolerance: float | None,
    min_registered: int,
    turnout_numerator: str = "ballots_issued",
    result_denominator: str = "ballots_cast",
    inclusive: bool = True,
    max_share: float | None = 0.99,
) -> NullModel:
    if tolerance is not None and not 0 < tolerance < 0.5:
        raise InputError.expected(
            what="The 'tolerance' parameter",
            expected="None or in (0, 0.5) percentage points",
            got=tolerance,
        )
    voters = stations.registered
    given = stations.line(turnout_numerator)
    received = stations.line(result_denominator)
    leader = stations.leader
    if max_share is not None and not 0 < max_share <= 1:
        raise InputError.expected(
            what="The 'max_share' parameter", expected="None or in (0, 1]", got=max_share
        )
    included = (voters > 0) & (received > 0) & (voters >= min_registered)
    if max_share is None:
        included &= (given < voters) & (leader <= received)  # only 100% turnout left out
    else:
        # Kobak's notebooks: turnout and result both at most 99% (float64 ratios)
        with np.errstate(divide="ignore", invalid="ignore"):
            included &= (given / np.maximum(voters, 1) <= max_share) & (
                leader / np.maximum(received, 1) <= max_share
            )
    n, g, r, v = voters[included], given[included], received[included], leader[included]
    p_turnout, p_result = integer_probabilities(
        [(n, g / n), (r, v / r)], tolerance=tolerance, inclusive=inclusive
    )
    return NullModel(
        included=included,
        counts={"voters": n, "ballots_given": g, "leader_votes": v, "ballots_cast": r},
        turnout_hit=integer_flags(g, n, tolerance=tolerance, inclusive=inclusive),
        result_hit=integer_flags(v, r, tolerance=tolerance, inclusive=inclusive),
        p_turnout=p_turnout,
        p_result=p_result,
        size=stations.size,
    )


def prepare(
    stations: Stations,
    criterion: Criterion,
    weight: Weight,
    *,
    tolerance: float | None,
    min_registered: int,
    turnout_numerator: str = "ballots_issued",
    result_denominator: str = "ballots_cast",
    inclusive: bool = True,
    max_share: float | None = 0.99,
) -> Prepared:
    _check(criterion, weight)
    return null_model(
        stations,
        tolerance=tolerance,
        min_registered=min_registered,
        turnout_numerator=turnout_numerator,
        result_denominator=result_denominator,
        inclusive=inclusive,
        max_share=max_share,
    ).combine(criterion, weight)


def spread(values: npt.NDArray[np.float64], mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
    out = np.zeros(mask.size)
    out[mask] = values
    return out
