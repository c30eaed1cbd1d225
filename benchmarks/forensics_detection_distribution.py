"""Detection and false-alarm rates of the digit tests and Rozenas' spikes on synthetic elections.

Run on demand (not in the test suite):

    PYTHONPATH=src python benchmarks/forensics_detection_distribution.py [seeds] [stations]

Uses the same seeded synthetic elections and scenarios as ``forensics_detection.py``
(imported from it) and prints a Markdown table: for each scenario the share of seeds in
which each method signals. "clean" rows are false-alarm rates.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from forensics_detection import SCENARIOS
from majlis.forensics import distribution_tests, resampled_kernel_spikes
from majlis.synth import Irregularities, forensic_stations, homogeneous_spec, synthesize

SPIKE_FLAG = 0.25  # Rozenas share of stations above 0.25 % (the audit's threshold)


def signals(seed: int, stations: int, irregularities: Irregularities) -> tuple[bool, ...]:
    """The signals each method raises on one synthetic election (95 % bands)."""
    spec = homogeneous_spec(stations, seed=seed, irregularities=irregularities)
    s = forensic_stations(synthesize(spec))
    cast = s.line("ballots_cast")
    digits = distribution_tests(s.registered, cast, {"L": s.leader}, resamples=500, seed=seed)
    row = digits.row(target="L")
    turnout = digits.row(target="Turnout")
    spikes = resampled_kernel_spikes(
        s.registered, s.line("valid"), s.leader, resamples=200, seed=seed
    )
    return (
        row.last_digit_mean.excludes(4.5),
        row.count_05.excludes(0.2),
        row.percent_05.excludes(0.2) or turnout.percent_05.excludes(0.2),
        row.second_digit_mean.excludes(4.187),
        spikes.fraud_share > SPIKE_FLAG,
    )


def main() -> None:
    """Print the table."""
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    stations = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    print(f"{seeds} seeds x {stations} stations; bands at 95 %; Rozenas 200 resamples, ")
    print(f"flag above {SPIKE_FLAG} % of stations\n")
    print("| scenario | last-digit mean | counts 0/5 | percent 0/5 | 2nd-digit mean | Rozenas |")
    print("|---|---|---|---|---|---|")
    for name, irregularities in SCENARIOS.items():
        start = time.perf_counter()
        table = np.array([signals(seed, stations, irregularities) for seed in range(seeds)])
        rates = " | ".join(f"{rate:.2f}" for rate in table.mean(axis=0))
        print(f"| {name} | {rates} |", flush=True)
        print(f"<!-- {time.perf_counter() - start:.0f} s -->", file=sys.stderr)


if __name__ == "__main__":
    main()
