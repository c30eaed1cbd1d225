"""Explicit mapping from storage rows to the registry's domain objects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from majlis.registry.model import (
    BarredCategory,
    EventKind,
    IntakeDecision,
    MembershipEvent,
    Party,
    PartyKind,
    PartyStatus,
    Person,
)
from majlis.store.registry_rows import IntakeDecisionRow, MembershipEventRow, PartyRow, PersonRow


def person(row: PersonRow) -> Person:
    """Map a person row."""
    return Person(
        id=row.id,
        id_scheme=row.id_scheme,
        national_id=row.national_id,
        family_name=row.family_name,
        given_name=row.given_name,
        birth_date=row.birth_date,
        sex=row.sex,
        citizenship=row.citizenship,
        region_code=row.region_code,
        barred_category=BarredCategory(row.barred_category) if row.barred_category else None,
    )


def party(row: PartyRow | Row[Any]) -> Party:
    """Map a party row (an ORM row, or a result row of the party table's columns)."""
    return Party(
        id=row.id,
        slug=row.slug,
        name=row.name,
        kind=PartyKind(row.kind),
        status=PartyStatus(row.status),
        initiated_on=row.initiated_on,
        congress_on=row.congress_on,
        registered_on=row.registered_on,
        ended_on=row.ended_on,
        predecessor_id=row.predecessor_id,
    )


def intake(row: IntakeDecisionRow) -> IntakeDecision:
    """Map an intake decision row."""
    return IntakeDecision(
        party_id=row.party_id,
        state=row.state,
        reason=row.reason,
        decided_on=row.decided_on,
        until=row.until,
    )


def event(row: MembershipEventRow) -> MembershipEvent:
    """Map a ledger event row."""
    return MembershipEvent(
        seq=row.seq,
        person_id=row.person_id,
        party_id=row.party_id,
        kind=EventKind(row.kind),
        occurred_on=row.occurred_on,
        reason=row.reason,
        deciding_body=row.deciding_body,
        founder=row.founder,
        entered_by=row.entered_by,
        entered_at=row.entered_at,
        hash=row.hash,
    )
