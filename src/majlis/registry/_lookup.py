"""Finding a party row by its slug (shared by the services)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import NotFoundError
from majlis.store.registry_rows import PartyRow


def party_row(session: Session, slug: str) -> PartyRow:
    """Return the row of the party ``slug``; NotFoundError lists the known slugs."""
    row = session.scalars(select(PartyRow).where(PartyRow.slug == slug)).one_or_none()
    if row is None:
        known = ", ".join(session.scalars(select(PartyRow.slug).order_by(PartyRow.slug)).all())
        raise NotFoundError(
            f"no party {slug!r}; known parties: {known or '(none)'}",
            code="party.unknown",
            params={"party": slug, "known": known},
        )
    return row
