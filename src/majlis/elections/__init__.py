"""Elections: the calendar, party lists and their candidates, the ballot drawn by lot.

Pure rules (:mod:`._calendar`, :mod:`._lists`) plus services that keep the campaign in the
store.
"""

from majlis.elections._calendar import Deadline, ElectionCalendar
from majlis.elections._lists import (
    CandidateStatus,
    ListEntry,
    ListMode,
    ListStatus,
    check_nomination,
    draw_ballot_order,
    elected_from_list,
    max_list_length,
    next_in_line,
)

__all__ = [
    "CandidateStatus",
    "Deadline",
    "ElectionCalendar",
    "ListEntry",
    "ListMode",
    "ListStatus",
    "check_nomination",
    "draw_ballot_order",
    "elected_from_list",
    "max_list_length",
    "next_in_line",
]
