"""The parliament: convocations, posts, mandates, vacancies and the composition on any date."""

from majlis.parliament._composition import (
    Composition,
    Mandate,
    Post,
    SeatKind,
    TerminationReason,
    composition_on,
)

__all__ = [
    "Composition",
    "Mandate",
    "Post",
    "SeatKind",
    "TerminationReason",
    "composition_on",
]
