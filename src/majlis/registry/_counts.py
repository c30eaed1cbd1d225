"""Members per party and region (``roll_count``), adjusted in the same transaction as the roll.

``majlis registry verify`` checks the counts against the current roll.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

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


def clear(session: Session, party_id: int) -> None:
    """Zero a party's counts (it has no members left)."""
    session.execute(text("DELETE FROM roll_count WHERE party_id = :party"), {"party": party_id})
