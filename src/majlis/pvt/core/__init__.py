"""The quick count's pure core: sample design, stratified ratio estimation, verdicts.

NumPy/SciPy over plain arrays and frozen dataclasses; no I/O, no storage, no framework.
"""

from __future__ import annotations

from majlis.pvt.core.compare import (
    Call,
    ListVerdict,
    SeatVerdict,
    call_race,
    compare_official,
    law_allocator,
    seat_distribution,
)
from majlis.pvt.core.design import (
    Allocation,
    SampleSize,
    allocate_strata,
    draw_sample,
    expected_margin,
    sample_size,
    seed_from_text,
    z_value,
)
from majlis.pvt.core.estimate import Estimate, Frame, estimate

__all__ = [
    "Allocation",
    "Call",
    "Estimate",
    "Frame",
    "ListVerdict",
    "SampleSize",
    "SeatVerdict",
    "allocate_strata",
    "call_race",
    "compare_official",
    "draw_sample",
    "estimate",
    "expected_margin",
    "law_allocator",
    "sample_size",
    "seat_distribution",
    "seed_from_text",
    "z_value",
]
