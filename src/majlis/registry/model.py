"""The registry's domain objects: frozen records, independent of how they are stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

__all__ = [
    "ActiveMembership",
    "BarredCategory",
    "EventKind",
    "IntakeDecision",
    "MembershipEvent",
    "Party",
    "PartyKind",
    "PartyStatus",
    "Person",
    "ReorganisationMode",
]


class EventKind(StrEnum):
    """What happened to a membership (the ledger's event kinds)."""

    APPLIED = "applied"
    ADMITTED = "admitted"
    REFUSED = "refused"
    LEFT = "left"
    EXPELLED = "expelled"
    DISSOLVED = "dissolved"


#: Event kinds that end an active membership.
ENDING_KINDS = frozenset({EventKind.LEFT, EventKind.EXPELLED, EventKind.DISSOLVED})


class PartyKind(StrEnum):
    """A registered (or registering) party, or a movement that does not seek registration."""

    PARTY = "party"
    MOVEMENT = "movement"


class PartyStatus(StrEnum):
    """A party's lifecycle stage."""

    INITIATIVE_GROUP = "initiative_group"
    FOUNDING_CONGRESS = "founding_congress"
    REGISTERED = "registered"
    SUSPENDED = "suspended"
    LIQUIDATED = "liquidated"
    REORGANISED = "reorganised"


class ReorganisationMode(StrEnum):
    """How a party is reorganised, as the Law "On Political Parties" (art. 14(1)) names it.

    Known deviations: joining (присоединение) is recorded as a merger into an existing
    party, which carries on; separation (выделение), after which the predecessor carries
    on beside its offshoot, is not modelled: the predecessor of every mode ceases to exist.
    """

    MERGER = "merger"  # слияние, присоединение: into one successor
    SPLIT = "split"  # разделение: into two or more successors
    TRANSFORMATION = "transformation"  # преобразование: into one successor of another form

    @property
    def successors(self) -> tuple[int, int | None]:
        """The least and the most number of successors (None = no upper bound)."""
        return (2, None) if self is ReorganisationMode.SPLIT else (1, 1)


class BarredCategory(StrEnum):
    """People the Constitution (art. 23) bars from party membership."""

    SERVICEMAN = "serviceman"
    NATIONAL_SECURITY = "national_security"
    LAW_ENFORCEMENT = "law_enforcement"
    JUDGE = "judge"


@dataclass(frozen=True, slots=True)
class Person:
    """A natural person with a validated national id."""

    id: int
    id_scheme: str
    national_id: str
    family_name: str
    given_name: str
    birth_date: date | None
    sex: str | None
    citizenship: str
    region_code: str | None
    barred_category: BarredCategory | None

    @property
    def full_name(self) -> str:
        """Family name then given name, as Kazakh registers print them."""
        return f"{self.family_name} {self.given_name}"


@dataclass(frozen=True, slots=True)
class Party:
    """A political organization and where it stands in its lifecycle."""

    id: int
    slug: str
    name: str
    kind: PartyKind
    status: PartyStatus
    initiated_on: date | None
    congress_on: date | None
    registered_on: date | None
    ended_on: date | None
    predecessor_id: int | None

    def is_registered(self, on: date) -> bool:
        """Whether the party is registered on ``on``: registered by then, not yet ended."""
        if self.registered_on is None or self.registered_on > on:
            return False
        return self.ended_on is None or on < self.ended_on


@dataclass(frozen=True, slots=True)
class IntakeDecision:
    """A party's decision to suspend (with a reason, optionally until a date) or reopen intake."""

    party_id: int
    state: str  # "open" or "suspended"
    reason: str | None
    decided_on: date
    until: date | None


@dataclass(frozen=True, slots=True)
class MembershipEvent:
    """One ledger event, with its audit fields and its place in the hash chain."""

    seq: int
    person_id: int
    party_id: int
    kind: EventKind
    occurred_on: date
    reason: str | None
    deciding_body: str | None
    founder: bool
    entered_by: str
    entered_at: datetime
    hash: str


@dataclass(frozen=True, slots=True)
class ActiveMembership:
    """A current member: who, in which party, since when, admitted by which event."""

    person_id: int
    party_id: int
    since: date
    event_seq: int
