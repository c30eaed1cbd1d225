"""The quick count's power: how often its verdict flags an official count inflated by stuffing.

Run from the repository root:

    PYTHONPATH=src python benchmarks/pvt_power.py [--elections 100] [--sample 500]

For each share of stations with ballot stuffing (``majlis synth``'s injection: half of a
station's non-voters stuffed for the leader, the national totals kept by compensation
elsewhere), ``--elections`` seeded Kazakhstan-2021-sized elections (10,061 stations) are
generated; a region-stratified sample of ``--sample`` stations is drawn and observers copy
the true protocols there. The verdict is "inconsistent" when some list's official share lies
outside its 99 % interval. The row for 0 % is the false-alarm rate (expected ≈ 1 − 0.99^k
for k lists at most, less since the shares are correlated).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from majlis.pvt import compare_official
from majlis.pvt._synthetic import synthetic_quick_count


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--elections", type=int, default=100)
    ap.add_argument("--sample", type=int, default=500)
    ap.add_argument(
        "--shares", type=float, nargs="*", default=[0.0, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2]
    )
    a = ap.parse_args()
    t0 = time.perf_counter()
    print(f"{a.elections} elections per row, 10,061 stations, sample {a.sample} stations")
    print("stuffed stations | official leader share − truth | flagged at 99 %")
    for share in a.shares:
        flagged = 0
        shift = []
        for seed in range(a.elections):
            q = synthetic_quick_count(seed, stations=10_061, sample=a.sample, stuffing_share=share)
            verdicts = compare_official(q.estimate, q.official_share)
            flagged += any(not v.inside99 for v in verdicts)
            shift.append(q.official_share[0] - q.true_share[0])
        print(
            f"{100 * share:15.0f} % | {100 * float(np.mean(shift)):+27.2f} pts | "
            f"{100 * flagged / a.elections:14.0f} %"
        )
    print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
