"""Simulation over the exact law: what-if scenarios, many allocations at once, seat projections.

Pure, like :mod:`majlis.law`, on which it builds: a what-if (:func:`what_if`) changes one
election's votes and allocates both on the exact path; the batched kernel
(:func:`allocate_batch`) allocates a matrix of scenarios in exact int64 arithmetic;
:func:`allocate_many` puts the kernel in front of the exact path for one ruleset; a Monte
Carlo projection (:func:`project`) draws elections from a poll and counts their seats.
Districted laws have the same three: :func:`what_if_districts` (moves per constituency or
everywhere), :func:`allocate_districts_many` (a kernel over draws and constituencies at
once) and :func:`project_districts` (national polls swung onto a constituency baseline).

>>> from majlis.law import PartyList, get_ruleset
>>> from majlis.simulate import Baseline, MoveVotes, what_if
>>> kz = Baseline((PartyList("Nur Otan", 5148074), PartyList("Ak Zhol", 792828),
...                PartyList("People's Party", 659019), PartyList("Auyl", 383023)))
>>> w = what_if(get_ruleset("kz-majlis-2009"), kz, [MoveVotes("Nur Otan", "Auyl", 120000)])
>>> w.after.seats["Auyl"]
7
"""

from typing import TYPE_CHECKING

from majlis._lazy import lazy_exports
from majlis.simulate.whatif import (
    ABSTAINERS,
    AGAINST_ALL,
    Baseline,
    Change,
    LeftoverFlip,
    MoveShare,
    MoveVotes,
    RemoveList,
    SeatFlip,
    ThresholdFlip,
    WhatIf,
    apply_changes,
    what_if,
)

if TYPE_CHECKING:
    from majlis.simulate.district_projection import SWINGS, project_districts
    from majlis.simulate.district_whatif import (
        DistrictChange,
        DistrictWhatIf,
        InConstituency,
        apply_district_changes,
        what_if_districts,
    )
    from majlis.simulate.districts import (
        DistrictBaseline,
        ManyDistrictAllocations,
        allocate_districts_many,
        district_kernel_rules,
    )
    from majlis.simulate.kernel import BatchResult, KernelRules, allocate_batch
    from majlis.simulate.many import ManyAllocations, allocate_many, kernel_rules
    from majlis.simulate.projection import Poll, Projection, project

#: Names whose modules load NumPy: imported on first access, so that a what-if (or any
#: one-shot command importing this package) does not pay for the batched kernel.
_LAZY = {
    **dict.fromkeys(("BatchResult", "KernelRules", "allocate_batch"), "majlis.simulate.kernel"),
    **dict.fromkeys(("ManyAllocations", "allocate_many", "kernel_rules"), "majlis.simulate.many"),
    **dict.fromkeys(("Poll", "Projection", "project"), "majlis.simulate.projection"),
    **dict.fromkeys(
        (
            "DistrictBaseline",
            "ManyDistrictAllocations",
            "allocate_districts_many",
            "district_kernel_rules",
        ),
        "majlis.simulate.districts",
    ),
    **dict.fromkeys(("SWINGS", "project_districts"), "majlis.simulate.district_projection"),
    **dict.fromkeys(
        (
            "DistrictChange",
            "DistrictWhatIf",
            "InConstituency",
            "apply_district_changes",
            "what_if_districts",
        ),
        "majlis.simulate.district_whatif",
    ),
}

__getattr__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "ABSTAINERS",
    "AGAINST_ALL",
    "SWINGS",
    "Baseline",
    "BatchResult",
    "Change",
    "DistrictBaseline",
    "DistrictChange",
    "DistrictWhatIf",
    "InConstituency",
    "KernelRules",
    "LeftoverFlip",
    "ManyAllocations",
    "ManyDistrictAllocations",
    "MoveShare",
    "MoveVotes",
    "Poll",
    "Projection",
    "RemoveList",
    "SeatFlip",
    "ThresholdFlip",
    "WhatIf",
    "allocate_batch",
    "allocate_districts_many",
    "allocate_many",
    "apply_changes",
    "apply_district_changes",
    "district_kernel_rules",
    "kernel_rules",
    "project",
    "project_districts",
    "what_if",
    "what_if_districts",
]
