"""Party lists as the law treats them: who may stand, how long a list may be, who is elected.

Source: Constitutional Law "On Elections" (Kazakhstan), art. 89 (lists of party members only,
no more than the number of seats plus 30%), art. 97-1 (seats to candidates in list order or,
in some editions, to candidates the party designates from its registered list after the count),
art. 97-2 (vacancy: the next candidate of the same list).

Known deviations: majlis decides eligibility only by party membership on the nomination date and
by the candidate's and list's own status; other eligibility conditions (age, residence,
language) are the registering commission's decision and are not modelled.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

from majlis.errors import IneligibleError, InputError, RuleViolation

__all__ = [
    "CandidateStatus",
    "ListEntry",
    "ListMode",
    "ListStatus",
    "check_nomination",
    "draw_ballot_order",
    "elected_from_list",
    "max_list_length",
    "next_in_line",
]

K = TypeVar("K", bound=Hashable)
P = TypeVar("P", bound=Hashable)


class ListMode(StrEnum):
    """Who decides which candidates of a list take its seats."""

    LIST_ORDER = "list-order"
    PARTY_DESIGNATES = "party-designates"


class ListStatus(StrEnum):
    """Where a party list stands in the campaign."""

    NOMINATED = "nominated"
    REGISTERED = "registered"
    WITHDRAWN = "withdrawn"


class CandidateStatus(StrEnum):
    """Where one candidate of a list stands."""

    STANDING = "standing"
    WITHDRAWN = "withdrawn"  # the candidate's own written statement
    REVOKED = "revoked"  # the nominating party's decision


@dataclass(frozen=True, slots=True)
class ListEntry(Generic[P]):
    """One ranked candidate (rank 1 = first) of a party list, with the candidate's status."""

    rank: int
    person: P
    status: CandidateStatus = CandidateStatus.STANDING


def max_list_length(seats: int, *, excess: tuple[int, int] = (3, 10)) -> int:
    """Return the longest list allowed: the seats plus ``excess`` of them, rounded down.

    >>> max_list_length(98)  # Kazakhstan: 30 % more names than seats
    127
    """
    num, den = excess
    return seats + seats * num // den


def check_nomination(
    *,
    party: str,
    party_registered: bool,
    candidates: Sequence[P],
    members: Collection[P],
    nomination_date: date,
    max_length: int | None,
) -> None:
    """Refuse a nomination the law does not allow; return ``None`` if it may go ahead.

    Args:
        party: the nominating party's name, for the messages.
        party_registered: whether the party is registered on the nomination date.
        candidates: the persons in rank order.
        members: the persons who are members of the party on ``nomination_date``.
        nomination_date: the date of the nominating congress.
        max_length: the longest list allowed (:func:`max_list_length`); ``None``: no limit.

    Raises:
        RuleViolation: the party is not registered or the list is too long or empty.
        IneligibleError: a candidate is not a member of the party on the nomination date.
        InputError: a person appears twice.
    """
    if not party_registered:
        raise RuleViolation(
            f"{party} is not a registered political party on {nomination_date.isoformat()}: "
            "only registered parties may nominate a list.",
            code="nomination.party_not_registered",
            params={"party": party, "on": nomination_date},
        )
    if not candidates:
        raise RuleViolation(
            f"The list of {party} names no candidate.",
            code="nomination.empty",
            params={"party": party},
        )
    if max_length is not None and len(candidates) > max_length:
        raise RuleViolation(
            f"The list of {party} must name at most {max_length} candidates. "
            f"Got {len(candidates)} instead.",
            code="nomination.too_long",
            params={"party": party, "most": max_length, "got": len(candidates)},
        )
    seen: set[P] = set()
    for rank, person in enumerate(candidates, start=1):
        if person in seen:
            raise InputError.expected(
                what=f"Candidate at rank {rank} of the list of {party}",
                expected="a person not already on the list",
                got=person,
                code="nomination.duplicate",
                params={"rank": rank, "party": party, "got": repr(person)},
            )
        seen.add(person)
        if person not in members:
            raise IneligibleError(
                f"Candidate at rank {rank} of the list of {party} ({person}) is not a member "
                f"of {party} on the nomination date {nomination_date.isoformat()}.",
                code="nomination.not_member",
                params={"rank": rank, "party": party, "person": person, "on": nomination_date},
            )


def draw_ballot_order(parties: Collection[K], *, seed: int) -> tuple[K, ...]:
    """Draw the ballot order by lot: a seeded shuffle of the parties sorted by their key.

    The same parties and seed always give the same order, so the draw can be recorded and
    replayed.
    """
    order = sorted(parties, key=str)
    random.Random(seed).shuffle(order)
    return tuple(order)


def elected_from_list(
    entries: Sequence[ListEntry[P]],
    seats: int,
    *,
    mode: ListMode = ListMode.LIST_ORDER,
    designated: Sequence[P] | None = None,
    party: str = "the party",
) -> tuple[P, ...]:
    """Return the persons who take a list's ``seats``.

    In :attr:`ListMode.LIST_ORDER` the first ``seats`` standing candidates by rank; in
    :attr:`ListMode.PARTY_DESIGNATES` exactly the ``designated`` persons, each a standing
    candidate of the registered list. If fewer candidates stand than seats were won, all of
    them are elected and the remaining seats stay empty.
    """
    standing = [e.person for e in sorted(entries, key=lambda e: e.rank) if _stands(e)]
    if mode is ListMode.LIST_ORDER:
        if designated is not None:
            raise InputError.expected(
                what="A designation of deputies",
                expected="given only in the party-designates list mode",
                got=list(designated),
            )
        return tuple(standing[:seats])
    if designated is None:
        raise InputError.expected(
            what=f"The designation of deputies by {party}",
            expected=f"a list of {min(seats, len(standing))} standing candidates",
            got=None,
            code="designation.missing",
            params={"party": party, "count": min(seats, len(standing))},
        )
    if len(designated) != min(seats, len(standing)) or len(set(designated)) != len(designated):
        raise InputError.expected(
            what=f"The designation of deputies by {party}",
            expected=f"{min(seats, len(standing))} distinct persons (the seats won)",
            got=list(designated),
            code="designation.count",
            params={
                "party": party,
                "count": min(seats, len(standing)),
                "got": repr(list(designated)),
            },
        )
    for person in designated:
        if person not in standing:
            raise IneligibleError(
                f"{person} is not a standing candidate of the registered list of {party} "
                "and cannot be designated a deputy.",
                code="designation.not_standing",
                params={"person": person, "party": party},
            )
    return tuple(designated)


def next_in_line(
    entries: Sequence[ListEntry[P]],
    *,
    excluded: Collection[P],
    eligible: Callable[[P], bool],
) -> P | None:
    """Return the next candidate of a list to fill a vacated seat, or ``None`` if exhausted.

    Args:
        entries: the list's candidates.
        excluded: persons who hold or have held a seat from this list (they are not next).
        eligible: whether a person may still take the seat (e.g. still a party member, alive).
    """
    for entry in sorted(entries, key=lambda e: e.rank):
        if _stands(entry) and entry.person not in excluded and eligible(entry.person):
            return entry.person
    return None


def _stands(entry: ListEntry[P]) -> bool:
    return entry.status is CandidateStatus.STANDING
