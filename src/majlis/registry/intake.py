"""A party's intake of new members: suspended by its own decision, or open."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import RuleViolation
from majlis.registry import _convert
from majlis.registry._lookup import party_row
from majlis.registry.model import IntakeDecision
from majlis.registry.rules import intake_suspension_on
from majlis.store.registry_rows import IntakeDecisionRow

__all__ = ["decisions", "resume_intake", "suspend_intake", "suspension_on"]


def decisions(session: Session, party_id: int) -> tuple[IntakeDecision, ...]:
    """Every intake decision of a party, in the order entered."""
    rows = session.scalars(
        select(IntakeDecisionRow)
        .where(IntakeDecisionRow.party_id == party_id)
        .order_by(IntakeDecisionRow.id)
    ).all()
    return tuple(_convert.intake(r) for r in rows)


def suspension_on(session: Session, party_id: int, on: date) -> IntakeDecision | None:
    """The suspension of intake in effect on ``on``, or None."""
    return intake_suspension_on(decisions(session, party_id), on)


def suspend_intake(
    session: Session,
    *,
    party: str,
    reason: str,
    decided_on: date,
    entered_by: str,
    until: date | None = None,
) -> IntakeDecision:
    """Record the party's decision to stop admitting members (reason, date, optional end)."""
    if until is not None and until < decided_on:
        raise RuleViolation(
            f"a suspension of intake decided on {decided_on.isoformat()} cannot end earlier "
            f"({until.isoformat()})",
            code="intake.end_before_decision",
            params={"decided": decided_on, "end": until},
        )
    return _decide(session, party, "suspended", reason, decided_on, until, entered_by)


def resume_intake(
    session: Session, *, party: str, decided_on: date, entered_by: str, reason: str | None = None
) -> IntakeDecision:
    """Record the party's decision to admit members again."""
    return _decide(session, party, "open", reason, decided_on, None, entered_by)


def _decide(
    session: Session,
    party: str,
    state: str,
    reason: str | None,
    decided_on: date,
    until: date | None,
    entered_by: str,
) -> IntakeDecision:
    row = IntakeDecisionRow(
        party_id=party_row(session, party).id,
        state=state,
        reason=reason,
        decided_on=decided_on,
        until=until,
        entered_by=entered_by,
        entered_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return _convert.intake(row)
