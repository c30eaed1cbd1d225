"""The parliament: convocations, posts, mandates, vacancies and the composition on any date.

Pure rules (:mod:`._composition`) plus services over the store: opening and seating a
convocation (:mod:`._seating`), ending mandates and filling vacancies (:mod:`._mandates`) and
reading the chamber (:mod:`._queries`).
"""

from majlis.parliament._composition import (
    Composition,
    Mandate,
    Post,
    SeatKind,
    TerminationReason,
    composition_on,
)
from majlis.parliament._from_votes import allocate_for, seat_from_votes
from majlis.parliament._mandates import (
    dissolve_party_mandates,
    fill_by_election,
    terminate_mandate,
    terminate_on_membership_event,
)
from majlis.parliament._queries import chamber_history, composition, find_convocation, mandates
from majlis.parliament._records import ChamberEvent, Convocation, MandateView, TerminationOutcome
from majlis.parliament._seating import ASSEMBLY, open_convocation, seat_appointed, seat_lists

__all__ = [
    "ASSEMBLY",
    "ChamberEvent",
    "Composition",
    "Convocation",
    "Mandate",
    "MandateView",
    "Post",
    "SeatKind",
    "TerminationOutcome",
    "TerminationReason",
    "allocate_for",
    "chamber_history",
    "composition",
    "composition_on",
    "dissolve_party_mandates",
    "fill_by_election",
    "find_convocation",
    "mandates",
    "open_convocation",
    "seat_appointed",
    "seat_from_votes",
    "seat_lists",
    "terminate_mandate",
    "terminate_on_membership_event",
]
