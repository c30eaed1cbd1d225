"""Parallel vote tabulation (quick count): a sample fixed in the open, an estimate with its
margins, and the official count held against it.

:mod:`majlis.pvt.core` is pure (NumPy/SciPy); the services here read the election, its
register and the observer copies, and store the design in the election's chain.
"""

from __future__ import annotations

from majlis.pvt._assign import assign_observers, normalize_phone, observer_of_phone, same_phone
from majlis.pvt._design import STRATIFY, SampleDesign, current_sample, plan_sample, store_sample
from majlis.pvt._reports import PROBLEMS, Reports, StratumStatus, collect_reports
from majlis.pvt._service import (
    Comparison,
    QuickCount,
    Round,
    compare_election,
    estimate_election,
    estimate_rounds,
)
from majlis.pvt._sms import SmsAnswer, receive_sms
from majlis.pvt._views import (
    compare_view,
    design_view,
    estimate_view,
    rounds_view,
    status_view,
)
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
    "PROBLEMS",
    "STRATIFY",
    "Allocation",
    "Call",
    "Comparison",
    "Estimate",
    "Frame",
    "ListVerdict",
    "QuickCount",
    "Reports",
    "Round",
    "SampleDesign",
    "SampleSize",
    "SeatVerdict",
    "SmsAnswer",
    "StratumStatus",
    "allocate_strata",
    "assign_observers",
    "call_race",
    "collect_reports",
    "compare_election",
    "compare_official",
    "compare_view",
    "current_sample",
    "design_view",
    "draw_sample",
    "estimate",
    "estimate_election",
    "estimate_rounds",
    "estimate_view",
    "expected_margin",
    "law_allocator",
    "normalize_phone",
    "observer_of_phone",
    "plan_sample",
    "receive_sms",
    "rounds_view",
    "same_phone",
    "sample_size",
    "seat_distribution",
    "seed_from_text",
    "status_view",
    "store_sample",
    "z_value",
]
