"""A quick count run on a synthetic election: the proof that the method works.

A seeded :func:`majlis.synth.synthesize` election (optionally with ballot stuffing) is
stratified by region, a sample is drawn as a design would draw it, observers are taken to
copy the *true* protocol at each sampled station, and the estimate is made on the valid
votes. The official count is the synthetic election's reported one (equal to the targets;
inflated at the stuffed stations and compensated elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from majlis.pvt.core import Estimate, Frame, allocate_strata, draw_sample, estimate
from majlis.synth import Irregularities, SynthElection, SynthSpec, synthesize

__all__ = ["SyntheticQuickCount", "synthetic_quick_count"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class SyntheticQuickCount:
    """The estimate with the truth and the official count it is held against."""

    election: SynthElection
    estimate: Estimate
    true_share: FloatArray
    official_share: FloatArray
    true_turnout: float
    official_turnout: float


def synthetic_quick_count(
    seed: int,
    *,
    stations: int = 3000,
    sample: int = 600,
    stuffing_share: float = 0.0,
    stuffing_intensity: float = 0.5,
) -> SyntheticQuickCount:
    """Synthesize, draw ``sample`` stations stratified by region, estimate from the truth."""
    spec = SynthSpec(
        stations=stations,
        territorials=max(20, stations // 50),
        seed=seed,
        irregularities=Irregularities(
            stuffing_share=stuffing_share, stuffing_intensity=stuffing_intensity
        ),
    )
    el = synthesize(spec)
    regions = sorted({s.region for s in el.stations})
    index = {r: h for h, r in enumerate(regions)}
    stratum = np.array([index[s.region] for s in el.stations], dtype=np.int64)
    registered = np.array([s.registered for s in el.stations], dtype=np.int64)
    codes = [s.code for s in el.stations]
    frame = Frame(
        tuple(regions),
        np.bincount(stratum, minlength=len(regions)).astype(np.int64),
        np.bincount(stratum, registered, minlength=len(regions)).astype(np.int64),
    )
    alloc = allocate_strata(regions, frame.stations, frame.voters, sample)
    drawn = draw_sample(codes, stratum, alloc, seed)
    position = {c: i for i, c in enumerate(codes)}
    rows = np.array([position[c] for c in drawn], dtype=np.int64)
    truth, official = el.truth, el.official
    est = estimate(
        frame,
        stratum[rows],
        registered[rows],
        truth.line("found")[rows],
        truth.counts["valid"][rows],
        truth.votes[rows],
        truth.list_names,
    )
    total = int(registered.sum())
    return SyntheticQuickCount(
        el,
        est,
        truth.votes.sum(axis=0) / truth.counts["valid"].sum(),
        official.votes.sum(axis=0) / official.counts["valid"].sum(),
        float(truth.line("found").sum() / total),
        float(official.line("found").sum() / total),
    )
