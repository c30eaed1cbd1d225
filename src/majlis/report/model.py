"""The records an audit is made of: options, per-station input, method reports, the audit."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from majlis.errors import InputError
from majlis.forensics.flags import StationFlags

__all__ = ["AUDIT_DEFAULTS", "Audit", "AuditInput", "AuditOptions", "MethodReport"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class AuditOptions:
    """Settings shared by every method of an audit (all randomness flows from ``seed``)."""

    seed: int = 0
    resamples: int = 1000
    spike_resamples: int = 1000
    spike_threshold: float = 0.25
    levels: bool = True
    peak_range: tuple[float, float] = (5.0, 95.0)
    """Turnout interval (percent) searched for Shpilkin's clean peak."""
    min_unit_stations: int = 20
    """Regions and territories with fewer stations get no digit tests of their own."""
    spike_draws: int = 0
    """Posterior draws for Rozenas' interval (0: none; each draw costs one resampling)."""

    def __post_init__(self) -> None:
        if self.spike_draws < 0:
            raise InputError.expected(
                what="The 'spike_draws' setting", expected="0 or more", got=self.spike_draws
            )
        low, high = (float(x) for x in self.peak_range)  # a JSON list becomes a tuple
        if not 0.0 <= low < high <= 100.0:
            raise InputError.expected(
                what="The 'peak_range' setting",
                expected="two turnout percentages 0 <= LO < HI <= 100",
                got=self.peak_range,
            )
        object.__setattr__(self, "peak_range", (low, high))


#: The settings of every audit of a stored election unless a caller names others: seed 0,
#: 1,000 bootstrap resamples, 1,000 Rozenas resamples (enough for its verdict), every method,
#: every station with a final protocol, the most voted list as the leader.
AUDIT_DEFAULTS = AuditOptions()


@dataclass(frozen=True, eq=False)
class AuditInput:
    """The per-station arrays every method reads (NaN marks a missing count or label)."""

    registered: FloatArray
    ballots_issued: FloatArray
    ballots_cast: FloatArray
    valid: FloatArray
    leader: FloatArray
    region: npt.NDArray[np.str_] | None
    territory: npt.NDArray[np.str_] | None

    @property
    def turnout(self) -> FloatArray:
        """Ballots issued over registered voters."""
        with np.errstate(all="ignore"):
            return np.where(self.registered > 0, self.ballots_issued / self.registered, np.nan)

    @property
    def share(self) -> FloatArray:
        """Leader's votes over ballots cast."""
        with np.errstate(all="ignore"):
            return np.where(self.ballots_cast > 0, self.leader / self.ballots_cast, np.nan)

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> AuditInput:
        """Arrays from the standard columns, a missing ballot line taken from the next one."""

        def col(name: str) -> FloatArray | None:
            if name not in frame.columns:
                return None
            return frame.get_column(name).cast(pl.Float64).fill_null(np.nan).to_numpy()

        lines = {n: col(n) for n in ("ballots_issued", "ballots_cast", "valid")}
        order = {
            "ballots_issued": ("ballots_issued", "ballots_cast", "valid"),
            "ballots_cast": ("ballots_cast", "valid", "ballots_issued"),
            "valid": ("valid", "ballots_cast", "ballots_issued"),
        }
        filled = {
            k: next(v for n in seq if (v := lines[n]) is not None) for k, seq in order.items()
        }
        labels = {
            n: frame.get_column(n).cast(pl.String).fill_null("").to_numpy().astype(str)
            if n in frame.columns
            else None
            for n in ("region", "territory")
        }
        registered, leader = col("registered"), col("leader")
        if registered is None or leader is None:
            raise InputError.expected(
                what="The station table",
                expected="registered and leader columns",
                got=frame.columns,
            )
        return cls(
            registered,
            filled["ballots_issued"],
            filled["ballots_cast"],
            filled["valid"],
            leader,
            labels["region"],
            labels["territory"],
        )


@dataclass(frozen=True, eq=False)
class MethodReport:
    """One method's outcome as the report shows it."""

    key: str
    title: str
    citation: str
    signal: bool | None
    headline: str
    numbers: tuple[tuple[str, str], ...]
    explanation: str
    result: object = None
    table: tuple[tuple[str, ...], ...] = ()
    """A per-unit table (header row first), e.g. EFToolkit's one row per unit × list."""


@dataclass(frozen=True, eq=False)
class Audit:
    """Everything an audit found about one election."""

    name: str
    leader: str
    stations: int
    methods: tuple[MethodReport, ...]
    flags: StationFlags
    frame: pl.DataFrame
    options: AuditOptions
    citation: str | None = field(default=None)
    data: AuditInput | None = field(default=None, repr=False)
    """The arrays the methods read, converted from ``frame`` once (``None``: not kept).

    Left out when the audit is pickled (as a batch's audits come back from Dask's workers):
    its label arrays are larger than the frame they were read from."""

    def __getstate__(self) -> dict[str, object]:
        """The audit's fields for pickling, without :attr:`data`."""
        return {**self.__dict__, "data": None}

    def station_input(self) -> AuditInput:
        """The arrays the methods read: :attr:`data`, or ``frame`` converted anew."""
        return self.data if self.data is not None else AuditInput.from_frame(self.frame)
