"""The parliament: convocations, posts, mandates, vacancies and the composition on any date.

Pure rules (:mod:`._composition`) plus services over the store: the seats of a stored
election, the one computation every output reads (:func:`election_seats`,
:func:`allocate_votes`), opening and seating a convocation (:mod:`._seating`), ending
mandates, a dissolved party's among them, and filling vacancies (:mod:`._mandates`) and
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
from majlis.parliament._election_seats import (
    ElectionSeats,
    ListSeats,
    allocate_votes,
    election_seats,
    seats_from_lists,
)
from majlis.parliament._from_votes import seat_elected, seat_from_votes
from majlis.parliament._history import HISTORY
from majlis.parliament._mandates import (
    dissolve_party,
    dissolve_party_mandates,
    fill_by_election,
    terminate_mandate,
    terminate_on_membership_event,
)
from majlis.parliament._queries import (
    chamber_history,
    composition,
    convocations,
    find_convocation,
    mandates,
)
from majlis.parliament._records import (
    ChamberEvent,
    Convocation,
    Dissolution,
    MandateView,
    TerminationOutcome,
)
from majlis.parliament._seating import ASSEMBLY, open_convocation, seat_appointed, seat_lists

__all__ = [
    "ASSEMBLY",
    "HISTORY",
    "ChamberEvent",
    "Composition",
    "Convocation",
    "Dissolution",
    "ElectionSeats",
    "ListSeats",
    "Mandate",
    "MandateView",
    "Post",
    "SeatKind",
    "TerminationOutcome",
    "TerminationReason",
    "allocate_votes",
    "chamber_history",
    "composition",
    "composition_on",
    "convocations",
    "dissolve_party",
    "dissolve_party_mandates",
    "election_seats",
    "fill_by_election",
    "find_convocation",
    "mandates",
    "open_convocation",
    "seat_appointed",
    "seat_elected",
    "seat_from_votes",
    "seat_lists",
    "seats_from_lists",
    "terminate_mandate",
    "terminate_on_membership_event",
]
