"""Appending one step of a party's lifecycle to its audited event log (shared by the services)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from majlis.store.registry_rows import PartyEventRow, PartyRow


def record_party_event(
    session: Session,
    row: PartyRow,
    kind: str,
    on: date,
    entered_by: str,
    *,
    until: date | None = None,
    decided_by: str | None = None,
    detail: str | None = None,
) -> None:
    """Add a ``party_event`` row: what happened on ``on``, and who entered it when (audit)."""
    session.add(
        PartyEventRow(
            party_id=row.id,
            kind=kind,
            occurred_on=on,
            until=until,
            decided_by=decided_by,
            detail=detail,
            entered_by=entered_by,
            entered_at=datetime.now(UTC),
        )
    )
