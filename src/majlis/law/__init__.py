"""Seat allocation as the statute says: rulesets as data, exact methods, explained traces.

Pure: no I/O beyond reading the package's own ruleset data, no frameworks.

>>> from majlis.law import PartyList, allocate, get_ruleset
>>> result = allocate(get_ruleset("kz-majlis-2009"), [
...     PartyList("Nur Otan", 5148074), PartyList("Ak Zhol", 792828),
...     PartyList("People's Party", 659019), PartyList("Auyl", 383023),
...     PartyList("Adal", 258618)])
>>> dict(result.seats)
{'Nur Otan': 76, 'Ak Zhol': 12, "People's Party": 10, 'Auyl': 0, 'Adal': 0}
"""

from typing import TYPE_CHECKING

from majlis._lazy import lazy_exports
from majlis.law._parse import parse_fraction, parse_ruleset
from majlis.law._ties import ByLot, ByRegistration, ByVotes
from majlis.law._types import Allocation, PartyList, Tie
from majlis.law.allocate import allocate
from majlis.law.catalogue import get_ruleset, list_rulesets, ruleset_digest
from majlis.law.districts import Constituency, DistrictedAllocation, allocate_districts
from majlis.law.methods import (
    METHODS,
    Apportionment,
    Method,
    get_method,
    highest_averages,
    largest_remainder,
)
from majlis.law.quotas import QUOTAS
from majlis.law.ruleset import Districts, Ruleset
from majlis.law.threshold import admitted_lists, passes_threshold, threshold_base_votes
from majlis.law.trace import TraceEvent, render_trace, trace_records

if TYPE_CHECKING:
    from majlis.law.batch import BatchResult, KernelRules, allocate_batch
    from majlis.law.projection import Poll, Projection, project
    from majlis.law.scenarios import Baseline, MoveShare, MoveVotes, RemoveList, WhatIf, what_if
    from majlis.law.simulate import ManyAllocations, allocate_many, kernel_rules

#: Names whose modules load NumPy or are seldom used: imported on first access, so that one
#: allocation (``majlis seats``) does not pay for the batch kernels.
_LAZY = {
    **dict.fromkeys(("BatchResult", "KernelRules", "allocate_batch"), "majlis.law.batch"),
    **dict.fromkeys(("Poll", "Projection", "project"), "majlis.law.projection"),
    **dict.fromkeys(
        ("Baseline", "MoveShare", "MoveVotes", "RemoveList", "WhatIf", "what_if"),
        "majlis.law.scenarios",
    ),
    **dict.fromkeys(("ManyAllocations", "allocate_many", "kernel_rules"), "majlis.law.simulate"),
}


__getattr__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "METHODS",
    "QUOTAS",
    "Allocation",
    "Apportionment",
    "Baseline",
    "BatchResult",
    "ByLot",
    "ByRegistration",
    "ByVotes",
    "Constituency",
    "DistrictedAllocation",
    "Districts",
    "KernelRules",
    "ManyAllocations",
    "Method",
    "MoveShare",
    "MoveVotes",
    "PartyList",
    "Poll",
    "Projection",
    "RemoveList",
    "Ruleset",
    "Tie",
    "TraceEvent",
    "WhatIf",
    "admitted_lists",
    "allocate",
    "allocate_batch",
    "allocate_districts",
    "allocate_many",
    "get_method",
    "get_ruleset",
    "highest_averages",
    "kernel_rules",
    "largest_remainder",
    "list_rulesets",
    "parse_fraction",
    "parse_ruleset",
    "passes_threshold",
    "project",
    "render_trace",
    "ruleset_digest",
    "threshold_base_votes",
    "trace_records",
    "what_if",
]
