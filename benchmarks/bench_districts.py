"""Districted allocation speed against votelib: Spain 2023, 52 provinces, one run each.

Run from the repository root::

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/bench_districts.py [--rounds 200]

Why votelib: it is the one open-source Python library that evaluates districted list
systems from composable, exact parts (``ByConstituency`` over ``Conditioned`` threshold +
``HighestAverages('d_hondt')`` with fixed magnitudes), tested against real elections — the
same job as :func:`majlis.law.allocate_districts`, built the same way. Its per-province
threshold is measured against the votes it is given, so each province's blank (and
unlisted) valid votes go in as one extra entry that a small selector removes after the
3 % test: the base is then the official valid votes, as in majlis.

Both peers are timed in alternating windows of about 5 ms (calls per window chosen per
peer) and the best window of each is kept, as in ``bench_exact.py``. Data: the golden
test's official result (BOE-A-2023-18907). Target (issue 14): >= 20x votelib. This is not
a test: nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import csv
import timeit
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from pathlib import Path

from votelib.evaluate.core import ByConstituency, Conditioned
from votelib.evaluate.proportional import HighestAverages
from votelib.evaluate.threshold import RelativeThreshold

from majlis.law import Constituency, PartyList, allocate_districts, get_ruleset

DATA = Path(__file__).resolve().parents[1] / "tests" / "golden" / "data"
BLANK = "(blank and unlisted valid votes)"


class _ThresholdWithoutBlank:
    """votelib's 3 % threshold over valid votes, then the blank entry dropped."""

    def __init__(self) -> None:
        self.inner = RelativeThreshold(Fraction(3, 100), accept_equal=True)

    def evaluate(self, votes: dict[str, int]) -> list[str]:
        return [c for c in self.inner.evaluate(votes) if c != BLANK]


def _load() -> tuple[list[Constituency], dict[str, list[PartyList]]]:
    votes: dict[str, list[PartyList]] = {}
    with (DATA / "es-congreso-2023.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            votes.setdefault(row["constituency"], []).append(
                PartyList(row["party"], int(row["votes"]))
            )
    cons = []
    with (DATA / "es-congreso-2023-constituencies.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            listed = sum(p.votes for p in votes[row["constituency"]])
            blank = int(row["valid_votes"]) - listed
            cons.append(Constituency(row["constituency"], seats=int(row["seats"]), blank=blank))
    return cons, votes


def best_pair(
    ours: Callable[[], object], theirs: Callable[[], object], *, rounds: int
) -> tuple[float, float]:
    """Best seconds per call of each peer over ``rounds`` alternating ~5 ms windows."""
    counts = [max(1, int(0.005 / (timeit.timeit(f, number=3) / 3))) for f in (ours, theirs)]
    best = [float("inf"), float("inf")]
    for _ in range(rounds):
        for k, (f, n) in enumerate(zip((ours, theirs), counts, strict=True)):
            best[k] = min(best[k], timeit.timeit(f, number=n) / n)
    return best[0], best[1]


def main() -> None:
    """Check both peers agree on every province, then time one allocation of each."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=200, help="windows per peer")
    rounds = parser.parse_args().rounds

    law = get_ruleset("es-congreso", date=date(2023, 7, 23))
    cons, votes = _load()
    peer_votes = {
        c.name: {**{p.name: p.votes for p in votes[c.name]}, BLANK: c.blank} for c in cons
    }
    magnitudes = {c.name: c.seats or 0 for c in cons}
    peer = ByConstituency(
        Conditioned(_ThresholdWithoutBlank(), HighestAverages("d_hondt")), apportioner=magnitudes
    )
    ours = allocate_districts(law, cons, votes)
    theirs = peer.evaluate(peer_votes)
    for c in cons:
        mine = {p: n for p, n in ours.constituencies[c.name].items() if n}
        assert mine == {p: n for p, n in theirs[c.name].items() if n}, c.name

    def run_ours() -> object:
        return allocate_districts(law, cons, votes)

    def run_theirs() -> object:
        return peer.evaluate(peer_votes)

    t_ours, t_peer = best_pair(run_ours, run_theirs, rounds=rounds)
    print(f"{'districted allocation':<52} {'majlis us':>10} {'votelib us':>11} {'ratio':>7}")
    label = "Spain 2023 (52 provinces, D'Hondt, 3% per province)"
    print(f"{label:<52} {t_ours * 1e6:10.1f} {t_peer * 1e6:11.1f} {t_peer / t_ours:6.1f}x")


if __name__ == "__main__":
    main()
