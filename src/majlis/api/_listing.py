"""Plain listings the domain services do not offer (no rule is decided here)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from majlis.elections import Election
from majlis.store.elections_rows import ElectionRow


def list_elections(
    session: Session, *, jurisdiction: str | None, limit: int, offset: int
) -> tuple[list[Election], int]:
    """A page of elections (newest polling day first) and how many match."""
    query = select(ElectionRow)
    if jurisdiction is not None:
        query = query.where(ElectionRow.jurisdiction == jurisdiction)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(ElectionRow.polling_day.desc(), ElectionRow.id).limit(limit).offset(offset)
    )
    return [Election.from_row(r) for r in rows], count
