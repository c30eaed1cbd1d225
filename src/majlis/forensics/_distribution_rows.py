"""The result records of :func:`majlis.forensics.distribution_tests`: estimates and rows."""

from __future__ import annotations

from dataclasses import dataclass

from majlis.forensics.digits import ChiSquare

__all__ = ["TURNOUT", "DistributionRow", "DistributionTests", "Estimate"]

#: The target name of the turnout rows (every other target is a list).
TURNOUT = "Turnout"


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point value with its bootstrap interval (NaN bounds where none was computed)."""

    value: float
    low: float = float("nan")
    high: float = float("nan")

    def excludes(self, reference: float) -> bool:
        """Whether the interval lies wholly on one side of ``reference``."""
        return bool(self.low > reference or self.high < reference)


@dataclass(frozen=True, slots=True)
class DistributionRow:
    """All indicators for one target (turnout or a list) in one unit of one level."""

    level: str
    unit: str
    target: str
    n: int
    second_digit_mean: Estimate
    last_digit_mean: Estimate
    count_05: Estimate
    percent_05: Estimate
    skew: Estimate
    kurtosis: Estimate
    dip_p: float
    sobyanin: float
    correlation: float
    second_digit_chi2: ChiSquare
    last_digit_chi2: ChiSquare


@dataclass(frozen=True, slots=True)
class DistributionTests:
    """Result of :func:`distribution_tests`: one row per level × unit × target."""

    rows: tuple[DistributionRow, ...]
    resamples: int
    seed: int
    confidence: float

    def select(
        self, *, level: str = "national", target: str = TURNOUT
    ) -> tuple[DistributionRow, ...]:
        """Rows of one level and target, in unit order."""
        return tuple(r for r in self.rows if r.level == level and r.target == target)

    def row(
        self, *, level: str = "national", unit: str = "national", target: str = TURNOUT
    ) -> DistributionRow:
        """The row of one unit; raises ``KeyError`` naming the unit when it is absent."""
        for r in self.rows:
            if (r.level, r.unit, r.target) == (level, unit, target):
                return r
        raise KeyError(f"no row for level={level!r}, unit={unit!r}, target={target!r}")
