"""CPU and wall time of methods 1-3 on Russia 2011 (95,225 stations).

Run on demand, pinned to one core:

    MAJLIS_DATA_DIR=../shared/data OMP_NUM_THREADS=1 PYTHONPATH=src \\
        taskset -c 0 python benchmarks/forensics_timing.py

Targets: the seed-free integer test under 0.2 s; the Monte Carlo (1,000 resamples) and
its peer, Kobak's per-station NumPy loop, are measured together in bench_forensics.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from majlis.datasets import fetch_russia
from majlis.forensics import (
    fingerprint,
    fit_klimek_model,
    integer_percentages,
    integer_percentages_exact,
    shpilkin_excess,
)


def timed(name: str, run: Callable[[], object]) -> None:
    """Print CPU and wall seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{name:<32} cpu {cpu:6.2f} s   wall {wall:6.2f} s")


def main() -> None:
    """Time every method once."""
    stations = fetch_russia(2011).to_stations()
    timed("integer, exact (seed-free)", lambda: integer_percentages_exact(stations))
    timed(
        "integer, Monte Carlo x 1,000",
        lambda: integer_percentages(stations, n_resamples=1000, seed=0),
    )
    timed("Shpilkin excess", lambda: shpilkin_excess(stations))
    timed("Klimek fingerprint", lambda: fingerprint(stations))
    timed("Klimek model fit (share)", lambda: fit_klimek_model(stations))
    timed(
        "Klimek model fit (fingerprint)",
        lambda: fit_klimek_model(stations, objective="fingerprint"),
    )


if __name__ == "__main__":
    main()
