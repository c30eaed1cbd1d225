"""Spain's 2023 Congress election as the districted benchmarks load it, and votelib's threshold.

Data: ``tests/golden/data/es-congreso-2023*.csv`` (Junta Electoral Central,
BOE-A-2023-18907), the votes per province and list and each province's seats and valid
votes; the valid votes no listed party received are the province's blank votes.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

from votelib.evaluate.threshold import RelativeThreshold

from majlis.cli._district_scenarios import read_baseline
from majlis.law import get_ruleset
from majlis.simulate.districts import DistrictBaseline

DATA = Path(__file__).resolve().parents[1] / "tests" / "golden" / "data"
#: votelib's name for the valid votes of no list (blank ballots count in Spain's 3 % base).
BLANK = "(blank and unlisted valid votes)"


def spain_2023() -> DistrictBaseline:
    """The 52 provinces (seats, blank votes) and the lists standing in each, read and checked
    as ``majlis seats --constituencies`` reads them."""
    return read_baseline(
        get_ruleset("es-congreso", date=date(2023, 7, 23)),
        DATA / "es-congreso-2023.csv",
        DATA / "es-congreso-2023-constituencies.csv",
    )


class ThresholdWithoutBlank:
    """votelib's 3 % threshold over valid votes, then the blank entry dropped."""

    def __init__(self) -> None:
        self.inner = RelativeThreshold(Fraction(3, 100), accept_equal=True)

    def evaluate(self, votes: dict[str, int]) -> list[str]:
        return [c for c in self.inner.evaluate(votes) if c != BLANK]
