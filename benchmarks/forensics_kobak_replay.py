"""Replay Kobak's Monte Carlo and compare with his published 2004-2024 table.

Run on demand (about 45 s per election; too slow for the test suite; years optional):

    MAJLIS_DATA_DIR=../shared/data PYTHONPATH=src \\
        python benchmarks/forensics_kobak_replay.py [2011 ...]

The replay (the costly part: 190 million binomial draws per election) is checked on the
headline cell, turnout-or-result station count; the seed-free version on all 12 cells.

With ``legacy_stream=True, seed=42`` and the default (his) settings, ``integer_percentages``
draws NumPy's legacy RandomState stream in his notebook's order, so every excess and
standard deviation should equal his ``integer_anomaly_oracle_kobak.csv`` to rounding. The
last column prints the seed-free version's gap in units of his Monte Carlo mean's error.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from pathlib import Path

import numpy as np

from majlis.datasets import fetch_russia
from majlis.forensics import integer_percentages, integer_percentages_table

YEARS = (2004, 2007, 2008, 2011, 2012, 2016, 2018, 2020, 2021, 2024)


def main() -> None:
    """Print, per year, the largest gap of the replay and of the seed-free version."""
    home = Path(os.environ.get("MAJLIS_DATA_DIR", "../shared/data"))
    with (home / "russia-kobak" / "integer_anomaly_oracle_kobak.csv").open() as handle:
        oracle = {
            (int(r["year"]), r["criterion"], r["weight"]): (float(r["excess"]), float(r["mc_std"]))
            for r in csv.DictReader(handle)
        }
    print("year  replay: |excess gap|  |std gap|   seed-free: max gap (mc_std/sqrt 1000)")
    for year in [int(y) for y in sys.argv[1:]] or YEARS:
        stations = fetch_russia(year, data_home=home).to_stations()
        numerator = "ballots_cast" if year == 2020 else "ballots_issued"
        start = time.perf_counter()
        mc = integer_percentages(stations, seed=42, legacy_stream=True, turnout_numerator=numerator)
        excess, std = oracle[(year, "turnout_or_result", "stations")]
        gap, std_gap = abs(mc.excess - excess), abs(mc.std - std)
        exact = integer_percentages_table(stations, turnout_numerator=numerator)
        noise = max(
            abs(r.excess - oracle[(year, r.criterion, r.weight)][0])
            / (oracle[(year, r.criterion, r.weight)][1] / np.sqrt(1000))
            for r in exact
        )
        seconds = time.perf_counter() - start
        print(f"{year}  {gap:18.3f}  {std_gap:10.3f}   {noise:10.2f}   ({seconds:.0f} s)")


if __name__ == "__main__":
    main()
