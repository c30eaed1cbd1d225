"""Detection and false-alarm rates of the forensic methods on seeded synthetic elections.

Run on demand (not in the test suite):

    PYTHONPATH=src python benchmarks/forensics_detection.py [seeds] [stations]

Prints a Markdown table (the one in docs/forensics.md): for each scenario the share of
seeds in which each method raises a flag. "clean" rows are false-alarm rates. The elections
are homogeneous synthetic ones (``majlis.synth.homogeneous_spec``): ballots stuffed for the
leader add to the true figures (a share 0.2–0.6 of a station's non-voters), and "integer
drawing" writes a station's turnout and leader's result up to the next integer percentage.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from majlis.forensics import (
    fit_klimek_model,
    integer_percentages,
    integer_percentages_exact,
    shpilkin_excess,
)
from majlis.synth import Irregularities, forensic_stations, homogeneous_spec, synthesize

ALPHA = 0.01  # one-sided significance of the integer tests
SHPILKIN_FLAG = 0.015  # anomalous votes above 1.5% of the leader's votes
KLIMEK_FLAG = 0.03  # fraud model improves the 2D-histogram R^2 by more than 0.03


def stuffing(share: float) -> Irregularities:
    """A share of stations stuffed: 0.2–0.6 of the non-voters' ballots added for the leader."""
    return Irregularities(stuffing_share=share, stuffing_intensity=(0.2, 0.6))


def drawing(share: float) -> Irregularities:
    """A share of stations with turnout and result written up to an integer percentage."""
    return Irregularities(rounding_share=share, rounding_step=1, rounding_result=True)


SCENARIOS = {
    "clean": Irregularities(),
    "stuffing 5% of stations": stuffing(0.05),
    "stuffing 15% of stations": stuffing(0.15),
    "integer drawing 2% of stations": drawing(0.02),
    "integer drawing 5% of stations": drawing(0.05),
}


def flags(seed: int, stations: int, irregularities: Irregularities) -> tuple[bool, ...]:
    """The flags each method raises on one synthetic election."""
    spec = homogeneous_spec(stations, seed=seed, irregularities=irregularities)
    s = forensic_stations(synthesize(spec))
    exact = integer_percentages_exact(s)
    mc = integer_percentages(s, n_resamples=1000, seed=seed)
    shp = shpilkin_excess(s)
    klimek = fit_klimek_model(s, seed=seed)
    return (
        exact.p_value < ALPHA,
        mc.p_value < ALPHA,
        shp.anomalous_votes / s.leader.sum() > SHPILKIN_FLAG,
        klimek.r_squared - klimek.r_squared_clean > KLIMEK_FLAG,
    )


def main() -> None:
    """Print the table."""
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    stations = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    print(f"{seeds} seeds x {stations} stations; integer tests at alpha = {ALPHA}; ")
    print(f"Shpilkin flag: anomalous > {SHPILKIN_FLAG:.1%} of leader votes; ")
    print(f"Klimek flag: R^2 gain > {KLIMEK_FLAG}\n")
    print("| scenario | integer exact | integer Monte Carlo | Shpilkin | Klimek fit |")
    print("|---|---|---|---|---|")
    for name, irregularities in SCENARIOS.items():
        start = time.perf_counter()
        table = np.array([flags(seed, stations, irregularities) for seed in range(seeds)])
        rates = " | ".join(f"{rate:.2f}" for rate in table.mean(axis=0))
        print(f"| {name} | {rates} |", flush=True)
        print(f"<!-- {time.perf_counter() - start:.0f} s -->", file=sys.stderr)


if __name__ == "__main__":
    main()
