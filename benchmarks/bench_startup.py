"""Start-up of the ``majlis`` command: wall time of whole processes, against a named peer.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_startup.py [--pairs 15]

The peer is ``python -c "import votelib.evaluate.proportional, numpy"``: what a user of the
peer allocation library pays before computing one allocation — votelib's proportional
evaluators and the NumPy they sit on. ``majlis seats`` does more (parses options, reads the CSV,
loads the ruleset, allocates exactly, prints a table and the trace), so finishing within 2x
of the peer's bare import means the command carries no library it does not use.

Byte-code is written to a temporary cache (``PYTHONPYCACHEPREFIX``) and warmed once, as an
installed package has its ``.pyc`` files; an environment with ``PYTHONDONTWRITEBYTECODE`` would
otherwise recompile every majlis module on each run while the peer's stay compiled.

Each measurement is a pair (peer, majlis) run back to back, alternating which goes first, so
both halves see the same load of a shared machine; the printed figure is the median of the
per-pair ratios of wall time, with the median ratio of CPU time (user + system, less sensitive
to other load) and the medians of the absolute wall times beside it. ``python -c pass`` (the
interpreter alone) is timed against the peer the same way.

``--parts RUNS`` instead times where one run of ``majlis seats`` goes, in one process: the
imports one after the other (Typer, Rich's console and table, the law, the command line, the
command's module), then the command (parsing its line, reading the CSV and the
ruleset, the count, the printing); the minimum and the median of RUNS fresh processes.

Targets (issue 16): ``majlis seats`` on examples/kz-2021.csv within 2x the peer;
``majlis --help`` and ``majlis --version`` under 0.3 s.
This is not a test: nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEER = [sys.executable, "-c", "import votelib.evaluate.proportional, numpy"]
BARE = [sys.executable, "-c", "pass"]
SEATS = ["seats", "--law", "kz-majlis-2009", "examples/kz-2021.csv"]

#: One run of ``majlis seats`` in parts: each step's milliseconds, printed as ``name=ms``.
_PARTS = f"""
import contextlib, io, sys, time
marks = [("start", time.perf_counter())]
import typer
marks.append(("typer", time.perf_counter()))
import rich.console, rich.table
marks.append(("rich", time.perf_counter()))
import majlis.law
marks.append(("majlis.law", time.perf_counter()))
import majlis.cli, majlis.cli.law
marks.append(("majlis.cli", time.perf_counter()))
sys.argv = ["majlis", *{SEATS!r}]
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    majlis.cli.main()
marks.append(("command", time.perf_counter()))
print(" ".join(f"{{b[0]}}={{(b[1] - a[1]) * 1000:.1f}}" for a, b in zip(marks, marks[1:])))
"""


def _majlis() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m majlis``."""
    script = Path(sys.executable).with_name("majlis")
    if script.exists():
        return [str(script)]
    found = shutil.which("majlis")
    return [found] if found else [sys.executable, "-m", "majlis"]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd``."""
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, _cpu() - cpu


def _pairs(cmd: list[str], pairs: int) -> tuple[float, float, float, float]:
    """Median wall ratio and CPU ratio cmd/peer over alternated pairs; median wall of each."""
    wall_ratios, cpu_ratios, ours, theirs = [], [], [], []
    for i in range(pairs):
        if i % 2:
            mine, peer = _run(cmd), _run(PEER)
        else:
            peer, mine = _run(PEER), _run(cmd)
        wall_ratios.append(mine[0] / peer[0])
        cpu_ratios.append(mine[1] / peer[1])
        ours.append(mine[0])
        theirs.append(peer[0])
    return (
        statistics.median(wall_ratios),
        statistics.median(cpu_ratios),
        statistics.median(ours),
        statistics.median(theirs),
    )


def _parts(runs: int) -> None:
    """Print the minimum and the median of each part of ``majlis seats`` over ``runs`` runs."""
    times: dict[str, list[float]] = {}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _PARTS], check=True, cwd=ROOT, capture_output=True, text=True
        ).stdout
        for name, _, ms in (word.partition("=") for word in out.split()):
            times.setdefault(name, []).append(float(ms))
    print(f"majlis seats in parts, ms ({runs} runs)")
    print(f"{'part':<14}{'min':>8}{'median':>8}")
    for name, values in times.items():
        print(f"{name:<14}{min(values):>8.1f}{statistics.median(values):>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=15, help="alternated pairs per command")
    parser.add_argument("--parts", type=int, metavar="RUNS", help="time the parts of one run")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONPATH", str(ROOT / "src"))
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="majlis-bench-pyc-")
    if args.parts:
        _run([sys.executable, "-c", _PARTS])  # the byte-code, once
        _parts(args.parts)
        return
    majlis = _majlis()
    cases = {
        "majlis seats kz-2021": [*majlis, *SEATS],
        "majlis --help": [*majlis, "--help"],
        "majlis --version": [*majlis, "--version"],
        "python -c pass": BARE,
    }
    for cmd in [*cases.values(), PEER]:  # warm the file cache and the byte-code once
        _run(cmd)
    print(f"peer: {' '.join(PEER[1:])}   ({args.pairs} alternated pairs each)")
    print(f"{'command':<24}{'wall ratio':>11}{'cpu ratio':>10}{'wall s':>8}{'peer s':>8}  target")
    targets = {
        "majlis seats kz-2021": "ratio <= 2",
        "majlis --help": "< 0.3 s",
        "majlis --version": "< 0.3 s",
        "python -c pass": "(interpreter)",
    }
    for name, cmd in cases.items():
        wall, cpu, mine, peer = _pairs(cmd, args.pairs)
        print(f"{name:<24}{wall:>11.2f}{cpu:>10.2f}{mine:>8.3f}{peer:>8.3f}  {targets[name]}")


if __name__ == "__main__":
    main()
