"""Spain's 2023 Congress election as the districted benchmarks load it, and votelib's threshold.

Data: ``tests/golden/data/es-congreso-2023*.csv`` (Junta Electoral Central,
BOE-A-2023-18907), the votes per province and list and each province's seats and valid
votes; the valid votes no listed party received are the province's blank votes.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

from votelib.evaluate.threshold import RelativeThreshold

from majlis.law import Constituency, PartyList

DATA = Path(__file__).resolve().parents[1] / "tests" / "golden" / "data"
#: votelib's name for the valid votes of no list (blank ballots count in Spain's 3 % base).
BLANK = "(blank and unlisted valid votes)"


def spain_2023() -> tuple[list[Constituency], dict[str, list[PartyList]]]:
    """The 52 provinces (seats, blank votes) and the lists standing in each."""
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


class ThresholdWithoutBlank:
    """votelib's 3 % threshold over valid votes, then the blank entry dropped."""

    def __init__(self) -> None:
        self.inner = RelativeThreshold(Fraction(3, 100), accept_equal=True)

    def evaluate(self, votes: dict[str, int]) -> list[str]:
        return [c for c in self.inner.evaluate(votes) if c != BLANK]
