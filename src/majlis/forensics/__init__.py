"""Statistical evidence of ballot stuffing and rigging from polling-station data.

Pure NumPy/SciPy: arrays in, frozen result objects out; no I/O, no plotting.
"""

from __future__ import annotations

from majlis.forensics._integer import (
    CRITERIA,
    WEIGHTS,
    Criterion,
    IntegerResult,
    Weight,
    integer_percentages,
    integer_percentages_exact,
    integer_percentages_table,
)
from majlis.forensics._shpilkin import ShpilkinResult, shpilkin_excess
from majlis.forensics._stations import Counts, Stations

__all__ = [
    "CRITERIA",
    "WEIGHTS",
    "Counts",
    "Criterion",
    "IntegerResult",
    "ShpilkinResult",
    "Stations",
    "Weight",
    "integer_percentages",
    "integer_percentages_exact",
    "integer_percentages_table",
    "shpilkin_excess",
]
