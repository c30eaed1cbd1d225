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
from majlis.law._types import MAX_VOTES, Allocation, PartyList, Tie
from majlis.law.allocate import allocate
from majlis.law.catalogue import get_ruleset, list_rulesets, ruleset_digest
from majlis.law.chamber import Chamber, allocate_chamber, seat_chamber
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
    from majlis.law.coverage import (
        CoverageAllocation,
        DistrictWinner,
        WinnerOutcome,
        allocate_coverage,
    )
    from majlis.law.districts import Constituency, DistrictedAllocation, allocate_districts

#: Names of the districted and coverage counts, imported on first access: their modules
#: (constituencies, biproportional and upper-tier apportionment, second-vote cover) hold
#: many record types that a national count such as ``majlis seats`` never builds.
_LAZY = {
    **dict.fromkeys(
        ("CoverageAllocation", "DistrictWinner", "WinnerOutcome", "allocate_coverage"),
        "majlis.law.coverage",
    ),
    **dict.fromkeys(
        ("Constituency", "DistrictedAllocation", "allocate_districts"), "majlis.law.districts"
    ),
}

__getattr__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "MAX_VOTES",
    "METHODS",
    "QUOTAS",
    "Allocation",
    "Apportionment",
    "ByLot",
    "ByRegistration",
    "ByVotes",
    "Chamber",
    "Constituency",
    "CoverageAllocation",
    "DistrictWinner",
    "DistrictedAllocation",
    "Districts",
    "Method",
    "PartyList",
    "Ruleset",
    "Tie",
    "TraceEvent",
    "WinnerOutcome",
    "admitted_lists",
    "allocate",
    "allocate_chamber",
    "allocate_coverage",
    "allocate_districts",
    "get_method",
    "get_ruleset",
    "highest_averages",
    "largest_remainder",
    "list_rulesets",
    "parse_fraction",
    "parse_ruleset",
    "passes_threshold",
    "render_trace",
    "ruleset_digest",
    "seat_chamber",
    "threshold_base_votes",
    "trace_records",
]
