"""Speed of the forensic methods on Russia 2011 (95,225 stations), on one core.

Run on demand (not in the test suite), from the repository root:

    PYTHONPATH=src python benchmarks/bench_forensics.py [--data DIR] [--baseline-resamples 3]

Measures, in one run and one process pinned to one core:

* the integer-percentage test with 1,000 Monte Carlo resamples (``integer_percentages``),
* its seed-free exact version (``integer_percentages_exact``),
* Rozenas' resampled kernel density spikes with 1,000 resamples,
* the whole ``majlis audit`` service (every method, 1,000 resamples) plus its HTML report,

against the peer: a straightforward per-station loop of the integer Monte Carlo test, as a
papers' notebook would write it (below). The loop is timed on ``--baseline-resamples``
resamples and scaled linearly to 1,000 (running it fully takes hours); the ratio printed is
that estimate over the vectorised time. Peak memory is the process's maximum resident size.
"""

from __future__ import annotations

import argparse
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import resource  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from majlis.datasets import fetch_russia  # noqa: E402
from majlis.forensics import (  # noqa: E402
    Stations,
    integer_percentages,
    integer_percentages_exact,
    resampled_kernel_spikes,
)
from majlis.report import audit_table, load_station_table, write_report  # noqa: E402

RESAMPLES = 1000
TARGETS = {"integer MC": 10.0, "integer exact": 3.0, "audit + report": 60.0}


def loop_integer_mc(stations: Stations, *, resamples: int, seed: int = 0) -> list[int]:
    """The peer: per-station Python loop, redrawing counts and testing each percentage."""
    rng = np.random.RandomState(seed)
    n = stations.registered.tolist()
    g = stations.line("ballots_issued").tolist()
    r = stations.line("ballots_cast").tolist()
    v = stations.leader.tolist()
    null = []
    for _ in range(resamples):
        count = 0
        for i in range(len(n)):
            if n[i] <= 0 or r[i] <= 0 or g[i] > n[i] or v[i] > r[i]:
                continue
            given = rng.binomial(n[i], g[i] / n[i])
            leader = rng.binomial(r[i], v[i] / r[i])
            k_t = round(100 * given / n[i])
            k_r = round(100 * leader / r[i])
            if round(k_t * n[i] / 100) == given or round(k_r * r[i] / 100) == leader:
                count += 1
        null.append(count)
    return null


LAST_CPU = [0.0]  # CPU seconds of the last timed call (the machine may be shared)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Wall-clock seconds one call takes, and its result; its CPU seconds go to LAST_CPU."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    wall = time.perf_counter() - start
    LAST_CPU[0] = time.process_time() - cpu
    return wall, result


def main() -> None:
    """Run every measurement and print a table of times, targets and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    data = Path(os.environ.get("MAJLIS_DATA_DIR", default))
    parser.add_argument("--data", type=Path, default=data)
    parser.add_argument("--baseline-resamples", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    table = fetch_russia(2011, data_home=args.data, download_if_missing=False)
    stations = table.to_stations()
    frame = table.frame
    print(f"Russia 2011: {stations.size:,} stations; python {sys.version.split()[0]}")

    rows: list[tuple[str, float, float, str]] = []
    t_loop, _ = timed(lambda: loop_integer_mc(stations, resamples=args.baseline_resamples))
    loop_1000 = t_loop / args.baseline_resamples * RESAMPLES
    cpu_loop = LAST_CPU[0]
    rows.append((f"baseline loop, {args.baseline_resamples} resamples", t_loop, cpu_loop, ""))
    cpu_loop_1000 = cpu_loop / args.baseline_resamples * RESAMPLES
    rows.append(("baseline loop, 1,000 resamples (scaled)", loop_1000, cpu_loop_1000, ""))

    t_mc, mc = timed(lambda: integer_percentages(stations, n_resamples=RESAMPLES, seed=0))
    rows.append(
        (
            "integer MC, 1,000 resamples",
            t_mc,
            LAST_CPU[0],
            f"{cpu_loop_1000 / LAST_CPU[0]:.0f}x the loop (CPU)",
        )
    )
    t_exact, _ = timed(lambda: integer_percentages_exact(stations))
    rows.append(
        (
            "integer exact (seed-free)",
            t_exact,
            LAST_CPU[0],
            f"{cpu_loop_1000 / LAST_CPU[0]:.0f}x the loop (CPU)",
        )
    )

    n = frame["registered"].to_numpy().astype(float)
    valid = frame["valid"].to_numpy().astype(float)
    leader = frame["leader"].to_numpy().astype(float)
    t_rkd, rkd = timed(lambda: resampled_kernel_spikes(n, valid, leader, resamples=RESAMPLES))
    rows.append(("Rozenas, 1,000 resamples", t_rkd, LAST_CPU[0], f"share {rkd.fraud_share:.2f} %"))

    path = args.data / "russia-kobak" / "2011.csv.zip"
    with tempfile.TemporaryDirectory() as tmp:

        def whole() -> object:
            audit = audit_table(load_station_table(path))
            return write_report(audit, Path(tmp) / "russia-2011.html")

        t_audit, _ = timed(whole)
    rows.append(("whole audit + HTML report (1,000 resamples)", t_audit, LAST_CPU[0], ""))

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\n| measurement | wall s | CPU s | note |\n|---|---:|---:|---|")
    for name, seconds, cpu, note in rows:
        print(f"| {name} | {seconds:.2f} | {cpu:.2f} | {note} |")
    print(f"| peak memory (max RSS) | {peak_mb:.0f} MB | | target < 2048 MB |")
    cpu = {name: c for name, _, c, _ in rows}
    print("\nTargets (CPU seconds; wall seconds equal them on an idle core):")
    mc_cpu = cpu["integer MC, 1,000 resamples"]
    print(f"  integer MC >= 20x loop and < 10 s: {cpu_loop_1000 / mc_cpu:.0f}x, {mc_cpu:.2f} s")
    print(f"  seed-free < 3 s: {cpu['integer exact (seed-free)']:.2f} s")
    audit_cpu = cpu["whole audit + HTML report (1,000 resamples)"]
    print(f"  whole audit with report < 60 s: {audit_cpu:.2f} s")
    print(f"  excess (MC): {mc.excess:+.1f} stations, p = {mc.p_value:.4f}")


if __name__ == "__main__":
    main()
