"""Frozen records the parliament services return (mapped explicitly from the store's rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from majlis.parliament._composition import SeatKind, TerminationReason
from majlis.registry import Party

__all__ = ["ChamberEvent", "Convocation", "Dissolution", "MandateView", "TerminationOutcome"]


@dataclass(frozen=True, slots=True)
class Convocation:
    """One convocation of a chamber and the election it came from."""

    id: int
    slug: str
    name: str
    body: str
    ruleset_id: str
    election_slug: str | None
    opened_on: date
    closed_on: date | None


@dataclass(frozen=True, slots=True)
class MandateView:
    """A mandate with its post, its holder's name and its party, for display and checks."""

    id: int
    post: int
    kind: SeatKind
    group: str | None
    person_id: int
    person_name: str
    party: str | None
    start: date
    end: date | None
    end_reason: TerminationReason | None
    predecessor_id: int | None
    ledger_seq: int | None


@dataclass(frozen=True, slots=True)
class ChamberEvent:
    """One step of the chamber's history, with the registry ledger event it follows, if any."""

    occurred_on: date
    kind: str
    detail: str
    post: int | None
    ledger_seq: int | None


@dataclass(frozen=True, slots=True)
class TerminationOutcome:
    """What a termination did: the mandate ended, its successor, or why the seat stays empty."""

    ended: MandateView
    successor: MandateView | None
    vacancy: str | None


@dataclass(frozen=True, slots=True)
class Dissolution:
    """A party liquidated: the memberships it ended and its deputies' mandates ended."""

    party: Party
    memberships_ended: int
    terminations: tuple[TerminationOutcome, ...]
