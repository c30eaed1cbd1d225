"""Parallel vote tabulation (quick count): a sample fixed in the open, an estimate with its
margins, and the official count held against it.

:mod:`majlis.pvt.core` is pure (NumPy/SciPy); the services here read the election, its
register and the observer copies, and store the design in the election's chain.
"""

from __future__ import annotations

from majlis.pvt.core import (
    Allocation,
    Call,
    Estimate,
    Frame,
    ListVerdict,
    SampleSize,
    SeatVerdict,
    allocate_strata,
    call_race,
    compare_official,
    draw_sample,
    estimate,
    expected_margin,
    law_allocator,
    sample_size,
    seat_distribution,
    seed_from_text,
    z_value,
)

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
