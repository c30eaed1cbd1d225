"""Districted projection speed: Spain 2023 draws, the batched kernel against per-draw peers.

Run from the repository root (one core)::

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/bench_district_projection.py \
        [--runs 200000] [--peer-draws 100] [--rounds 5]

What is timed: national allocations of Spain's Congress (52 provinces, D'Hondt, 3 % of the
valid votes per province, 350 seats) for elections drawn from a national poll (the 2023
shares, a sample of 2,000) swung proportionally onto the 2023 provinces.

- ``kernel``: :func:`majlis.simulate.allocate_districts_many` on the drawn vote matrix
  (the kernel, and the exact engine for the draws it leaves undecided);
- ``projection``: :func:`majlis.simulate.project_districts` end to end (drawing the
  shares, swinging, allocating, tallying the distributions);
- the peers, per draw on the same votes: :func:`majlis.law.allocate_districts` (the exact
  engine) and votelib's ``ByConstituency(Conditioned(threshold, HighestAverages('d_hondt')))``.

Why these peers: without a batched districted kernel, a political scientist projecting a
districted chamber loops an exact districted evaluator over the draws. votelib is the one
open-source Python library that evaluates districted list systems from composable, exact
parts, tested against real elections; majlis's own exact engine is what ``majlis seats``
runs (and what the kernel falls back to). Both are given their inputs prebuilt (not timed),
so the peers' figures are allocation only, while ``projection`` also draws and tallies.

Every draw timed for the peers is checked to agree seat for seat with the kernel. The four
are timed in alternating rounds and the best round of each is kept, in CPU time of this
process (``time.process_time``: one core's work, what a shared machine's time slicing does
not inflate) and in wall-clock time; the load average is printed before and after. This is
not a test.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from fractions import Fraction

import numpy as np
from votelib.evaluate.core import ByConstituency, Conditioned
from votelib.evaluate.proportional import HighestAverages

from majlis.law import get_ruleset
from majlis.simulate import DistrictBaseline, Poll, allocate_districts_many, project_districts
from majlis.simulate.district_projection import _swung
from majlis.simulate.districts import district_layout, share_matrix
from majlis.simulate.projection import draw_shares
from spain_2023 import BLANK, ThresholdWithoutBlank, spain_2023


def _spain() -> DistrictBaseline:
    return spain_2023()


def main() -> None:
    """Draw, check the peers agree with the kernel, then time the four in alternation."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200_000, help="draws for the kernel")
    parser.add_argument("--peer-draws", type=int, default=100, help="draws for each peer")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    law = get_ruleset("es-congreso-1985")
    base = _spain()
    national = base.national_votes()
    poll = Poll(tuple(national), tuple(Fraction(v) for v in national.values()), sample_size=2000)
    layout, votes0 = district_layout(law, base)
    shares, nat = share_matrix(layout, votes0)
    rng = np.random.default_rng(0)
    drawn = draw_shares(poll, rng, args.runs)
    swung = _swung("proportional", shares, nat, drawn / drawn.sum(axis=1)[:, None], layout)
    slot_major = np.floor(swung * votes0.sum(axis=1)[None, :, None]).astype(np.int64)
    matrix = np.ascontiguousarray(slot_major.transpose(2, 1, 0))  # [draws, C, K]
    sample = matrix[: args.peer_draws]

    peer = ByConstituency(
        Conditioned(ThresholdWithoutBlank(), HighestAverages("d_hondt")),
        apportioner={c.name: c.seats or 0 for c in base.constituencies},
    )
    peer_inputs = []
    exact_inputs = []
    for row in sample:
        scenario = base.with_votes(row)
        exact_inputs.append(scenario)
        peer_inputs.append(
            {
                c.name: {**{p.name: p.votes for p in scenario.votes[c.name]}, BLANK: c.blank}
                for c in base.constituencies
            }
        )
    fast = allocate_districts_many(law, base, sample, layout=layout)
    for j, (scenario, inputs) in enumerate(zip(exact_inputs, peer_inputs, strict=True)):
        exact = scenario.allocate(law)
        theirs = peer.evaluate(inputs)
        for i, c in enumerate(base.constituencies):
            mine = {p.name: int(fast.seats[j, i, k]) for k, p in enumerate(base.votes[c.name])}
            assert mine == dict(exact.constituencies[c.name]), (j, c.name)
            if exact.tie is None:
                assert {p: n for p, n in mine.items() if n} == {
                    p: n for p, n in theirs[c.name].items() if n
                }, (j, c.name)

    jobs: dict[str, tuple[Callable[[], object], int]] = {
        "kernel": (lambda: allocate_districts_many(law, base, matrix, layout=layout), args.runs),
        "projection": (
            lambda: project_districts(law, base, poll, runs=args.runs, seed=1),
            args.runs,
        ),
        "exact": (lambda: [s.allocate(law) for s in exact_inputs], args.peer_draws),
        "votelib": (lambda: [peer.evaluate(v) for v in peer_inputs], args.peer_draws),
    }
    cpu = dict.fromkeys(jobs, np.inf)
    wall = dict.fromkeys(jobs, np.inf)
    for _ in range(args.rounds):
        for key, (job, n) in jobs.items():
            start_wall, start_cpu = time.perf_counter(), time.process_time()
            job()
            cpu[key] = min(cpu[key], (time.process_time() - start_cpu) / n)
            wall[key] = min(wall[key], (time.perf_counter() - start_wall) / n)
    exact_rows = allocate_districts_many(law, base, matrix, layout=layout).exact_rows
    print(f"Spain 2023 projections, {args.runs:,} draws (exact-engine draws: {exact_rows})")
    print("allocations per second of one core's CPU time (wall clock in brackets)")
    print(f"{'path':<44} {'allocations/s':>24} {'vs exact':>9} {'vs votelib':>11}")
    labels = {
        "kernel": "majlis kernel (allocate_districts_many)",
        "projection": "majlis project_districts (draw+swing+tally)",
        "exact": "majlis exact engine, per draw",
        "votelib": "votelib ByConstituency, per draw",
    }
    for key, label in labels.items():
        rates = f"{1 / cpu[key]:,.0f} ({1 / wall[key]:,.0f})"
        print(
            f"{label:<44} {rates:>24} {cpu['exact'] / cpu[key]:8.0f}x "
            f"{cpu['votelib'] / cpu[key]:10.0f}x"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
