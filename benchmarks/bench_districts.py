"""Districted allocation speed against votelib: Spain 2023 and Zurich 2023, one count each.

Run from the repository root::

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/bench_districts.py [--rounds 300]

Why votelib: it is the open-source Python library a user would pick for a districted or a
biproportional count: on PyPI, exact (``Fraction`` throughout), built from composable
evaluators and tested against real elections — the same job as
:func:`majlis.law.allocate_districts`, built the same way. The other biproportional
implementations are BAZI (Java) and single-purpose scripts for one canton.

- **Spain 2023** (52 provinces, D'Hondt, 3 % of valid votes per province): ``ByConstituency``
  over ``Conditioned`` threshold + ``HighestAverages('d_hondt')`` with fixed magnitudes. Its
  per-province threshold is measured against the votes it is given, so each province's
  blank (and unlisted) valid votes go in as one extra entry that a small selector removes
  after the 3 % test: the base is then the official valid votes, as in majlis.
- **Zurich Kantonsrat 2023** (18 constituencies x 13 lists, 5 % quorum in one constituency,
  biproportional by Sainte-Laguë): votelib's ``BiproportionalEvaluator('sainte_lague')``
  (tie-and-transfer, Pukelsheim ch. 15) with the fixed magnitudes, after the quorum by
  its ``RelativeThreshold`` in each constituency. votelib apportions the upper level by
  vote totals; each constituency's votes go in multiplied by ``lcm(magnitudes) /
  magnitude``, which makes those totals the parties' voter numbers and leaves the lower
  apportionment unchanged (a constituency divisor absorbs any factor on its row). Zurich
  rounds each voter number to a whole number first; for 2023 both give the official seats,
  which the script asserts cell by cell.

Both peers are timed in alternating windows of about 5 ms (calls per window chosen per
peer; one votelib Zurich count takes longer than a window, so its windows hold one call)
and the best window of each is kept, as in ``bench_exact.py``. Data: the golden tests'
official results (BOE-A-2023-18907; Statistisches Amt des Kantons Zürich). Target: >= 20x
votelib for each. This is not a test: nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import csv
import timeit
from collections.abc import Callable, Mapping
from datetime import date
from fractions import Fraction
from math import lcm

from votelib.evaluate.core import ByConstituency, Conditioned
from votelib.evaluate.proportional import BiproportionalEvaluator, HighestAverages
from votelib.evaluate.threshold import RelativeThreshold

from majlis.law import Constituency, PartyList, allocate_districts, get_ruleset
from spain_2023 import BLANK, DATA, ThresholdWithoutBlank, spain_2023


class _ZurichPeer:
    """votelib's quorum (5 % in one constituency) and biproportional evaluator, as above."""

    def __init__(self, magnitudes: dict[str, int]) -> None:
        self.magnitudes = magnitudes
        self.factor = {c: lcm(*magnitudes.values()) // m for c, m in magnitudes.items()}
        self.quorum = RelativeThreshold(Fraction(5, 100), accept_equal=True)
        self.inner = BiproportionalEvaluator("sainte_lague", apportioner=magnitudes)

    def evaluate(self, votes: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
        admitted = set().union(*(self.quorum.evaluate(row) for row in votes.values()))
        scaled = {
            c: {p: v * self.factor[c] for p, v in row.items() if p in admitted}
            for c, row in votes.items()
        }
        result: dict[str, dict[str, int]] = self.inner.evaluate(scaled, self.magnitudes)
        return result


def _load_zurich() -> tuple[list[Constituency], dict[str, list[PartyList]]]:
    votes: dict[str, list[PartyList]] = {}
    with (DATA / "ch-zh-kantonsrat-2023.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            votes.setdefault(row["constituency"], []).append(
                PartyList(row["party"], int(row["votes"]))
            )
    with (DATA / "ch-zh-kantonsrat-2023-constituencies.csv").open(encoding="utf-8") as handle:
        cons = [
            Constituency(r["constituency"], seats=int(r["seats"])) for r in csv.DictReader(handle)
        ]
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


def _same(ours: Mapping[str, Mapping[str, int]], theirs: Mapping[str, Mapping[str, int]]) -> None:
    """Both peers give every constituency the same seats (lists without seats aside)."""
    assert ours.keys() == theirs.keys()
    for name, row in ours.items():
        assert {p: n for p, n in row.items() if n} == {
            p: n for p, n in theirs[name].items() if n
        }, name


def _spain(rounds: int) -> tuple[str, float, float]:
    law = get_ruleset("es-congreso", date=date(2023, 7, 23))
    base = spain_2023()
    cons, votes = base.constituencies, base.votes
    peer_votes = {
        c.name: {**{p.name: p.votes for p in votes[c.name]}, BLANK: c.blank} for c in cons
    }
    magnitudes = {c.name: c.seats or 0 for c in cons}
    peer = ByConstituency(
        Conditioned(ThresholdWithoutBlank(), HighestAverages("d_hondt")), apportioner=magnitudes
    )
    _same(allocate_districts(law, cons, votes).constituencies, peer.evaluate(peer_votes))

    def run_ours() -> object:
        return allocate_districts(law, cons, votes)

    def run_theirs() -> object:
        return peer.evaluate(peer_votes)

    label = "Spain 2023 (52 provinces, D'Hondt, 3% per province)"
    return label, *best_pair(run_ours, run_theirs, rounds=rounds)


def _zurich(rounds: int) -> tuple[str, float, float]:
    law = get_ruleset("ch-zh-kantonsrat", date=date(2023, 2, 12))
    cons, votes = _load_zurich()
    peer_votes = {c.name: {p.name: p.votes for p in votes[c.name]} for c in cons}
    peer = _ZurichPeer({c.name: c.seats or 0 for c in cons})
    _same(allocate_districts(law, cons, votes).constituencies, peer.evaluate(peer_votes))

    def run_ours() -> object:
        return allocate_districts(law, cons, votes)

    def run_theirs() -> object:
        return peer.evaluate(peer_votes)

    label = "Zurich 2023 (18 x 13, biproportional, 5% quorum)"
    return label, *best_pair(run_ours, run_theirs, rounds=rounds)


def main() -> None:
    """Check both peers agree on every constituency, then time one count of each."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=300, help="windows per peer, Spain")
    parser.add_argument(
        "--zurich-rounds", type=int, default=30, help="windows per peer, Zurich (about 0.5 s each)"
    )
    args = parser.parse_args()
    print(f"{'districted allocation':<52} {'majlis us':>10} {'votelib us':>11} {'ratio':>7}")
    for label, t_ours, t_peer in (_spain(args.rounds), _zurich(args.zurich_rounds)):
        print(f"{label:<52} {t_ours * 1e6:10.1f} {t_peer * 1e6:11.1f} {t_peer / t_ours:6.1f}x")


if __name__ == "__main__":
    main()
