"""Time ``majlis demo`` at the real size (10,061 stations) against the 60-second target.

Run: ``PYTHONPATH=src python benchmarks/bench_demo.py [--stations N] [--runs K]``. There is no
peer to compare with; the ratio printed is the time over the target of issue 4 (60 s on the
2-core reference machine), with the time of each step.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from majlis.demo import DEFAULT_STATIONS, run_demo

TARGET_SECONDS = 60.0


def main() -> None:
    """Run the demo ``--runs`` times and print the time per step and the ratio to the target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=DEFAULT_STATIONS)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    for run in range(args.runs):
        marks: list[tuple[str, float]] = []
        started = time.perf_counter()

        def step(name: str, _text: str, marks: list[tuple[str, float]] = marks) -> None:
            if not marks or marks[-1][0] != name:
                marks.append((name, time.perf_counter()))

        with tempfile.TemporaryDirectory() as folder:
            result = run_demo(folder=Path(folder) / "demo", stations=args.stations, step=step)
        total = time.perf_counter() - started
        ends = [t for _, t in marks[1:]] + [started + total]
        parts = ", ".join(
            f"{name} {end - t:.1f} s" for (name, t), end in zip(marks, ends, strict=True)
        )
        print(
            f"run {run + 1}: {args.stations:,} stations in {total:.1f} s "
            f"({total / TARGET_SECONDS:.2f} × the {TARGET_SECONDS:.0f} s target); {parts}; "
            f"seats {result.seats}"
        )


if __name__ == "__main__":
    main()
