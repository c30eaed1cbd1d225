"""Members per party and region (``roll_count``), adjusted in the same transaction as the roll.

``majlis registry verify`` checks the counts against the current roll. Every count of the
current roll is read from here, not counted over the roll, which has no index by party.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from majlis.store.registry_rows import RollCountRow

_UPSERT = text(
    "INSERT INTO roll_count (party_id, region_code, members) VALUES (:party, :region, :delta) "
    "ON CONFLICT (party_id, region_code) DO UPDATE SET members = roll_count.members + :delta"
)


def adjust(target: Session | Connection, changes: Mapping[tuple[int, str | None], int]) -> None:
    """Add ``delta`` members to each (party id, region code) — None = unknown region."""
    params = [
        {"party": party, "region": region or "", "delta": delta}
        for (party, region), delta in sorted(
            changes.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")
        )
        if delta
    ]
    if params:
        target.execute(_UPSERT, params)


def by_region(session: Session, party_id: int) -> dict[str | None, int]:
    """The party's active members per region code (None = unknown), regions with members only."""
    stmt = select(RollCountRow.region_code, RollCountRow.members).where(
        RollCountRow.party_id == party_id, RollCountRow.members > 0
    )
    return {code or None: int(members) for code, members in session.execute(stmt)}


def by_party(session: Session) -> dict[int, int]:
    """Active members per party id (parties with members only)."""
    stmt = (
        select(RollCountRow.party_id, func.sum(RollCountRow.members))
        .group_by(RollCountRow.party_id)
        .having(func.sum(RollCountRow.members) > 0)
    )
    return {party: int(members) for party, members in session.execute(stmt)}


def clear(session: Session, party_id: int) -> None:
    """Zero a party's counts (it has no members left)."""
    session.execute(text("DELETE FROM roll_count WHERE party_id = :party"), {"party": party_id})
