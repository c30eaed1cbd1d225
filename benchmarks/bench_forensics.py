"""Speed of the forensic methods on Russia 2011 (95,225 stations), on one core.

Run on demand (not in the test suite), from the repository root:

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/bench_forensics.py \\
        [--data DIR] [--integer-only | --rozenas-only | --without-rozenas]

Measures, in one run and one process pinned to one core:

* loading the election (``fetch_russia(2011)``), which every timing below includes once,
* the peer: the integer Monte Carlo test with 1,000 resamples as Kobak's notebooks run it,
* the integer-percentage test with 1,000 Monte Carlo resamples (``integer_percentages``),
* its seed-free exact version (``integer_percentages_exact``),
* Rozenas' resampled kernel density spikes with 1,000 resamples,
* the whole ``majlis audit`` service (every method, 1,000 resamples) plus its HTML report,
  with the CPU seconds of each of its steps.

``--integer-only`` skips Rozenas and the audit; ``--rozenas-only`` times loading and Rozenas
alone (no peer, no integer tests, no audit: a quick figure for work on Rozenas' resampling);
``--without-rozenas`` leaves Rozenas out, alone and in the audit (a figure for the rest of
the audit).

Why that peer: the method's authors (Kobak, Shpilkin & Pshenichnikov 2016; the notebooks of
github.com/dkobak/elections) loop over stations in Python and draw each station's 1,000
binomial resamples at once with NumPy (``np.random.binomial(n, p, size=1000)``). That is the
code an analyst would otherwise run, and it is run here in full, in the same process, on the
same data, with the same inclusion rules and the same ±0.05-point integer window: the ratio
printed is its time over ours, each with loading. Peak memory is the process's maximum
resident size.
"""

from __future__ import annotations

import argparse
import itertools
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import resource  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TypeVar  # noqa: E402

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402
import polars as pl  # noqa: E402

from majlis.datasets import fetch_russia  # noqa: E402
from majlis.forensics import (  # noqa: E402
    Stations,
    integer_percentages,
    integer_percentages_exact,
    resampled_kernel_spikes,
)
from majlis.report import audit_table, load_station_table, write_report  # noqa: E402
from majlis.report.audit import METHODS  # noqa: E402

RESAMPLES = 1000
TOLERANCE = 0.05  # percentage points: Kobak's integer window


def peer_integer_mc(
    stations: Stations, *, resamples: int, seed: int = 42
) -> npt.NDArray[np.float64]:
    """The peer: Kobak's per-station loop, each station's resamples drawn at once with NumPy.

    Kobak's inclusion rules (at least 100 registered voters, turnout and result at most
    99 %); a station counts when its redrawn turnout or leader's result is within
    ±0.05 points of an integer percentage. Returns the null count of each resample.
    """
    rng = np.random.RandomState(seed)
    voters = stations.registered
    given = stations.line("ballots_issued")
    received = stations.line("ballots_cast")
    leader = stations.leader
    null = np.zeros(resamples)
    for i in range(stations.size):
        n, g, r, v = int(voters[i]), int(given[i]), int(received[i]), int(leader[i])
        if n < 100 or r <= 0 or g / n > 0.99 or v / r > 0.99:
            continue
        leader_sim = rng.binomial(r, v / r, size=resamples)
        given_sim = rng.binomial(n, g / n, size=resamples)
        result = 100.0 * leader_sim / r
        turnout = 100.0 * given_sim / n
        hit = (np.abs(result - np.round(result)) <= TOLERANCE) | (
            np.abs(turnout - np.round(turnout)) <= TOLERANCE
        )
        null += hit
    return null


T = TypeVar("T")
LAST_CPU = [0.0]  # CPU seconds of the last timed call (the machine may be shared)


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """Wall-clock seconds one call takes, and its result; its CPU seconds go to LAST_CPU."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    wall = time.perf_counter() - start
    LAST_CPU[0] = time.process_time() - cpu
    return wall, result


def time_rozenas(frame: pl.DataFrame) -> tuple[str, float, float, str]:
    """The row of Rozenas' resampled spikes with 1,000 resamples on the loaded election."""
    n = frame["registered"].to_numpy().astype(float)
    valid = frame["valid"].to_numpy().astype(float)
    leader = frame["leader"].to_numpy().astype(float)
    t_rkd, rkd = timed(lambda: resampled_kernel_spikes(n, valid, leader, resamples=RESAMPLES))
    return ("Rozenas, 1,000 resamples", t_rkd, LAST_CPU[0], f"share {rkd.fraud_share:.2f} %")


def print_rows(rows: list[tuple[str, float, float, str]]) -> float:
    """Print the table of measurements and the peak memory; return the peak in MB."""
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\n| measurement | wall s | CPU s | note |\n|---|---:|---:|---|")
    for name, seconds, cpu, note in rows:
        wall = "" if seconds != seconds else f"{seconds:.2f}"  # NaN: not measured
        print(f"| {name} | {wall} | {cpu:.2f} | {note} |")
    print(f"| peak memory (max RSS) | {peak_mb:.0f} MB | | target < 1024 MB |")
    return peak_mb


def main() -> None:
    """Run every measurement and print a table of times, targets and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    data = Path(os.environ.get("MAJLIS_DATA_DIR", default))
    parser.add_argument("--data", type=Path, default=data)
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--integer-only", action="store_true", help="skip Rozenas and the audit")
    only.add_argument("--rozenas-only", action="store_true", help="time loading and Rozenas alone")
    only.add_argument(
        "--without-rozenas", action="store_true", help="leave Rozenas out, alone and in the audit"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    t_load, table = timed(
        lambda: fetch_russia(2011, data_home=args.data, download_if_missing=False)
    )
    cpu_load = LAST_CPU[0]
    stations = table.to_stations()
    frame = table.frame
    print(f"Russia 2011: {stations.size:,} stations; python {sys.version.split()[0]}")

    rows: list[tuple[str, float, float, str]] = [("loading Russia 2011", t_load, cpu_load, "")]
    if args.rozenas_only:
        rows.append(time_rozenas(frame))
        print_rows(rows)
        return
    t_peer, peer = timed(lambda: peer_integer_mc(stations, resamples=RESAMPLES))
    cpu_peer = LAST_CPU[0] + cpu_load
    rows.append(("peer: Kobak's loop, 1,000 resamples (+ loading)", t_peer + t_load, cpu_peer, ""))

    t_mc, mc = timed(lambda: integer_percentages(stations, n_resamples=RESAMPLES, seed=0))
    cpu_mc = LAST_CPU[0]
    ratio_mc = cpu_peer / (cpu_mc + cpu_load)
    rows.append(
        (
            "integer MC, 1,000 resamples (+ loading)",
            t_mc + t_load,
            cpu_mc + cpu_load,
            f"{ratio_mc:.0f}x the peer (CPU)",
        )
    )
    t_exact, _ = timed(lambda: integer_percentages_exact(stations))
    cpu_exact = LAST_CPU[0]
    rows.append(
        (
            "integer exact (seed-free), after loading",
            t_exact,
            cpu_exact,
            f"{cpu_peer / (cpu_exact + cpu_load):.0f}x the peer with loading (CPU)",
        )
    )

    cpu_rkd = cpu_audit = float("nan")
    if not args.integer_only:
        if not args.without_rozenas:
            rows.append(time_rozenas(frame))
            cpu_rkd = rows[-1][2]
        methods = tuple(m for m in METHODS if m != "rozenas" or not args.without_rozenas)

        path = args.data / "russia-kobak" / "2011.csv.zip"
        steps: list[tuple[str, float]] = []

        def step(name: str) -> None:
            steps.append((name, time.process_time()))

        with tempfile.TemporaryDirectory() as tmp:

            def whole() -> object:
                step("loading")
                audit = audit_table(load_station_table(path), methods=methods, on_step=step)
                step("HTML report")
                out = write_report(audit, Path(tmp) / "russia-2011.html")
                step("")
                return out

            t_audit, _ = timed(whole)
        cpu_audit = LAST_CPU[0]
        what = "whole audit" + (" without Rozenas" if args.without_rozenas else "")
        rows.append((f"{what} + HTML report (1,000 resamples)", t_audit, cpu_audit, ""))
        for (name, start), (_, stop) in itertools.pairwise(steps):
            rows.append((f"  of which {name}", float("nan"), stop - start, ""))

    peak_mb = print_rows(rows)
    print("\nTargets (CPU seconds; wall seconds equal them on an idle core):")
    print(f"  integer MC with loading >= 20x the peer: {ratio_mc:.1f}x")
    print(f"  seed-free < 0.2 s after loading: {cpu_exact:.2f} s")
    print(f"  Rozenas, 1,000 resamples < 3 s: {cpu_rkd:.2f} s")
    left_out = " (Rozenas left out)" if args.without_rozenas else ""
    print(f"  whole audit with report <= half the peer{left_out}: {cpu_audit / cpu_peer:.2f} of it")
    print(f"  peak memory < 1024 MB: {peak_mb:.0f} MB")
    peer_excess = mc.observed - float(peer.mean())
    print(
        f"  excess (MC): {mc.excess:+.1f} stations, p = {mc.p_value:.4f}; peer {peer_excess:+.1f}"
    )


if __name__ == "__main__":
    main()
