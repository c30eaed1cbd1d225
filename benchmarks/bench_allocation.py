"""Seat-allocation speed: majlis against votelib, measured in one run on the same inputs.

Run from the repository root (one core, no other heavy work)::

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/bench_allocation.py

Five measurements, each printed with its ratio to votelib where votelib has a counterpart:

1. one exact Kazakhstan 2021 allocation (7% threshold, Hare largest remainder, 98 seats);
2. one exact D'Hondt allocation, 150 seats x 20 lists;
3. the batched kernel, Hare LR (98 seats, 6 lists): allocations per second;
4. the batched kernel, D'Hondt (150 seats, 20 lists): allocations per second;
5. 10 million simulated allocations (Monte Carlo projection) streamed in batches, with
   the peak memory (tracemalloc peak of the run and the process's maximum RSS).

Targets (issue 2): exact path >= 20x votelib; batched Hare LR >= 1,000,000/s; batched
D'Hondt >= 200,000/s; 10 million simulated allocations under 1 GB peak memory.
This is not a test: nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import time
import timeit
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402  (after pinning the thread count)
from votelib.evaluate.core import Conditioned  # noqa: E402
from votelib.evaluate.proportional import HighestAverages, LargestRemainder  # noqa: E402
from votelib.evaluate.threshold import RelativeThreshold  # noqa: E402

from majlis.law import PartyList, allocate, get_ruleset  # noqa: E402
from majlis.simulate.kernel import allocate_batch  # noqa: E402
from majlis.simulate.many import kernel_rules  # noqa: E402
from majlis.simulate.projection import Poll, project  # noqa: E402

KZ_2021 = {  # CEC of Kazakhstan, 10 January 2021
    "Nur Otan": 5_148_074,
    "Ak Zhol": 792_828,
    "People's Party": 659_019,
    "Auyl": 383_023,
    "Adal": 258_618,
}
LAW_2021 = get_ruleset("kz-majlis-2009")
DHONDT_150 = replace(LAW_2021, method="dhondt", list_seats=150, threshold=Fraction(0),
                     runner_up=None)  # fmt: skip


def _best(fn: Callable[[], object], *, number: int, repeat: int = 5) -> float:
    """Best time per call over ``repeat`` rounds of ``number`` calls."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def _votes_20(seed: int) -> dict[str, int]:
    rng = np.random.default_rng(seed)
    shares = rng.dirichlet(np.full(20, 2.0))
    return {f"List {i + 1:02d}": int(v) for i, v in enumerate(shares * 10_000_000)}


def _row(label: str, majlis: float, votelib: float | None, unit: str) -> None:
    ratio = f"{votelib / majlis:8.1f}x" if votelib else "        -"
    peer = f"{votelib * 1e6:12.1f}" if votelib else "           -"
    print(f"{label:<44} {majlis * 1e6:12.2f} {peer} {ratio}   ({unit})")


def bench_exact() -> None:
    """Exact path: one allocation at a time, against votelib's evaluators."""
    lists = [PartyList(n, v) for n, v in KZ_2021.items()]
    kz_votelib = Conditioned(
        RelativeThreshold(Fraction(7, 100), accept_equal=True), LargestRemainder("hare")
    )
    ours = allocate(LAW_2021, lists).seats
    theirs = kz_votelib.evaluate(dict(KZ_2021), 98)
    assert dict(ours) == {n: theirs.get(n, 0) for n in KZ_2021}, (ours, theirs)
    t_m = _best(lambda: allocate(LAW_2021, lists), number=2000)
    t_v = _best(lambda: kz_votelib.evaluate(dict(KZ_2021), 98), number=2000)
    _row("exact: Kazakhstan 2021 (7%, Hare LR, 98)", t_m, t_v, "us per allocation")

    votes = _votes_20(2021)
    lists20 = [PartyList(n, v) for n, v in votes.items()]
    dhondt = HighestAverages("d_hondt")
    ours = allocate(DHONDT_150, lists20).seats
    theirs = dhondt.evaluate(votes, 150)
    assert dict(ours) == {n: theirs.get(n, 0) for n in votes}
    t_m = _best(lambda: allocate(DHONDT_150, lists20), number=200)
    t_v = _best(lambda: dhondt.evaluate(votes, 150), number=200)
    _row("exact: D'Hondt 150 seats x 20 lists", t_m, t_v, "us per allocation")


def _batched(label: str, ruleset: object, names: list[str], matrix: np.ndarray,
             peer: Callable[[dict[str, int]], dict[str, int]]) -> None:  # fmt: skip
    rules = kernel_rules(ruleset, [PartyList(n, 0) for n in names])  # type: ignore[arg-type]
    out = allocate_batch(rules, matrix)
    sample = matrix[:300]
    peer_rows = [peer(dict(zip(names, map(int, r), strict=True))) for r in sample]
    for k, seats in enumerate(peer_rows):
        expected = [seats.get(n, 0) for n in names]
        assert out.undecided[k] or out.seats[k].tolist() == expected, (k, expected)
    # as projections run it: ties broken by registration are not flagged
    t_m = _best(lambda: allocate_batch(rules, matrix, find_ties=False), number=1, repeat=5)
    t_m /= len(matrix)
    t_v = _best(lambda: [peer(dict(zip(names, map(int, r), strict=True))) for r in sample],
                number=1, repeat=2) / len(sample)  # fmt: skip
    unit = f"{1 / t_m:,.0f} allocations/s, no tie flags as in projections; votelib {1 / t_v:,.0f}/s"
    _row(label, t_m, t_v, unit)


def bench_batched(batch: int) -> None:
    """The batched kernel on random scenarios (Dirichlet shares of 6 million votes)."""
    rng = np.random.default_rng(7)
    names6 = [*KZ_2021, "Sixth"]
    base6 = np.array([*KZ_2021.values(), 120_000], dtype=float)
    shares = rng.dirichlet(base6 / base6.sum() * 2000, size=batch)
    m6 = np.floor(shares * 7_300_000).astype(np.int64)
    kz = Conditioned(
        RelativeThreshold(Fraction(7, 100), accept_equal=True), LargestRemainder("hare")
    )
    # the KZ ruleset's runner-up rule has no votelib counterpart; only rows where at least
    # two lists pass are compared (the check above), timing covers every row
    law_plain = replace(LAW_2021, runner_up=None)
    _batched("batched: Hare LR, 98 seats, 6 lists", law_plain, names6, m6,
             lambda v: kz.evaluate(v, 98))  # fmt: skip
    names20 = list(_votes_20(0))
    shares20 = rng.dirichlet(np.full(20, 2.0), size=batch // 4)
    m20 = np.floor(shares20 * 10_000_000).astype(np.int64)
    dhondt = HighestAverages("d_hondt")
    _batched("batched: D'Hondt, 150 seats, 20 lists", DHONDT_150, names20, m20,
             lambda v: dhondt.evaluate(v, 150))  # fmt: skip


def bench_stream(runs: int, batch: int) -> None:
    """Monte Carlo projection: ``runs`` allocations streamed in batches, peak memory."""
    total = sum(KZ_2021.values())
    poll = Poll(tuple(KZ_2021), tuple(Fraction(v, total) for v in KZ_2021.values()),
                sample_size=1200)  # fmt: skip
    tracemalloc.start()
    started = time.perf_counter()
    result = project(LAW_2021, poll, runs=runs, seed=2021, batch_size=batch)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    mean = ", ".join(f"{m:.2f}" for m in result.mean_seats())
    print(
        f"stream: {runs:,} simulated allocations in {elapsed:.1f} s "
        f"({runs / elapsed:,.0f}/s, batches of {batch:,}); peak traced memory "
        f"{peak / 2**20:,.1f} MiB, process max RSS {rss:,.1f} MiB; mean seats [{mean}]; "
        f"exact-path runs {result.exact_rows}"
    )


def profile_exact() -> None:
    """cProfile of the exact path (the hot spots to work on for the 20x target)."""
    lists = [PartyList(n, v) for n, v in KZ_2021.items()]
    lists20 = [PartyList(n, v) for n, v in _votes_20(2021).items()]
    for label, ruleset, ballot, number in (
        ("Kazakhstan 2021", LAW_2021, lists, 2000),
        ("D'Hondt 150 x 20", DHONDT_150, lists20, 50),
    ):
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(number):
            allocate(ruleset, ballot)
        profiler.disable()
        print(f"\n--- exact path profile: {label}, {number} allocations ---")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(12)


def main() -> None:
    """Run every measurement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10_000_000, help="streamed allocations")
    parser.add_argument("--batch", type=int, default=200_000, help="kernel batch size")
    parser.add_argument("--profile", action="store_true", help="profile the exact path too")
    args = parser.parse_args()
    print(f"{'measurement':<44} {'majlis us':>12} {'votelib us':>12} {'ratio':>9}")
    bench_exact()
    bench_batched(args.batch)
    bench_stream(args.runs, min(args.batch, 100_000))
    if args.profile:
        profile_exact()


if __name__ == "__main__":
    main()
