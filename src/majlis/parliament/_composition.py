"""Posts, mandates and the composition of a chamber on a given date (pure).

Source: Constitution of Kazakhstan, art. 51 (Majlis of 107 deputies 2007–2023: 98 elected by
party lists, 9 elected by the Assembly of the People of Kazakhstan); Constitutional Law "On
Elections", art. 97-2 (termination of a list deputy's mandate and its transfer).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from majlis.errors import InputError

__all__ = [
    "Composition",
    "Mandate",
    "Post",
    "SeatKind",
    "TerminationReason",
    "composition_on",
]


class SeatKind(StrEnum):
    """How a post of the chamber is filled."""

    PARTY_LIST = "party-list"
    DISTRICT = "district"
    APPOINTED = "appointed"


class TerminationReason(StrEnum):
    """Why a mandate ended early (or at the end of the convocation)."""

    EXPELLED = "expelled from the party"
    LEFT_PARTY = "left the party"
    PARTY_DISSOLVED = "party dissolved"
    RESIGNED = "resigned"
    DIED = "died"
    CONVOCATION_ENDED = "convocation ended"

    @property
    def ends_membership(self) -> bool:
        """Whether the reason is the deputy's party membership ending (a list seat's rule)."""
        return self in {
            TerminationReason.EXPELLED,
            TerminationReason.LEFT_PARTY,
            TerminationReason.PARTY_DISSOLVED,
        }


@dataclass(frozen=True, slots=True)
class Post:
    """One seat of a convocation: its number, how it is filled and its group (list party)."""

    number: int
    kind: SeatKind
    group: str | None = None  # the list's party, or the appointing body


@dataclass(frozen=True, slots=True)
class Mandate:
    """A person holding a post from ``start`` until ``end`` (exclusive; ``None`` = still held)."""

    person: str
    post: int
    start: date
    party: str | None = None
    end: date | None = None
    end_reason: TerminationReason | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise InputError.expected(
                what=f"The end of the mandate of {self.person} on post {self.post}",
                expected=f"on or after its start {self.start.isoformat()}",
                got=self.end.isoformat(),
            )

    def held_on(self, on: date) -> bool:
        """Whether the mandate is in force on ``on``."""
        return self.start <= on and (self.end is None or on < self.end)


@dataclass(frozen=True, slots=True)
class Composition:
    """Who holds the chamber's seats on one date, counted by group and by seat kind."""

    on: date
    total_posts: int
    by_group: Mapping[str, int] = field(default_factory=dict)
    by_kind: Mapping[SeatKind, int] = field(default_factory=dict)
    vacant: int = 0
    vacant_by_group: Mapping[str, int] = field(default_factory=dict)

    @property
    def filled(self) -> int:
        """The number of seats held."""
        return self.total_posts - self.vacant


def composition_on(posts: Iterable[Post], mandates: Iterable[Mandate], on: date) -> Composition:
    """Count the mandates in force on ``on`` by group and seat kind; list the vacancies.

    A list deputy counts for the party of the list the seat was won by; an appointed member
    counts for the appointing body (the post's group); a district deputy for the party
    recorded on the mandate, or "independent".

    Raises:
        InputError: two mandates hold one post on the same date, or a mandate names no post.
    """
    post_by_number = {p.number: p for p in posts}
    holder: dict[int, Mandate] = {}
    for mandate in mandates:
        if not mandate.held_on(on):
            continue
        if mandate.post not in post_by_number:
            raise InputError.expected(
                what=f"The post of the mandate of {mandate.person}",
                expected="one of the convocation's posts",
                got=mandate.post,
            )
        if mandate.post in holder:
            raise InputError.expected(
                what=f"The holder of post {mandate.post} on {on.isoformat()}",
                expected="one person",
                got=[holder[mandate.post].person, mandate.person],
            )
        holder[mandate.post] = mandate
    by_group: Counter[str] = Counter()
    by_kind: Counter[SeatKind] = Counter()
    vacant_by_group: Counter[str] = Counter()
    for number, post in post_by_number.items():
        label = post.group or "unassigned"
        if number not in holder:
            vacant_by_group[label] += 1
            continue
        mandate = holder[number]
        if post.kind is SeatKind.DISTRICT:
            label = mandate.party or "independent"
        by_group[label] += 1
        by_kind[post.kind] += 1
    return Composition(
        on=on,
        total_posts=len(post_by_number),
        by_group=dict(by_group.most_common()),
        by_kind=dict(by_kind),
        vacant=sum(vacant_by_group.values()),
        vacant_by_group=dict(vacant_by_group),
    )
