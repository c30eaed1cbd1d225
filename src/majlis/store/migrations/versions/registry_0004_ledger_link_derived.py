"""registry: the ledger's link is derived, not stored; PostgreSQL keeps hashes as 32 bytes.

Every event stored ``prev_hash``, a copy of the hash of event ``seq - 1``. The copy proved
nothing the chain does not: ``majlis registry verify`` recomputes each hash from the
previous event's anyway. This revision drops it, after checking that every stored link
equals the hash it copies (otherwise it refuses and changes nothing, so the evidence of an
edited ledger stays). On PostgreSQL the hash becomes ``bytea`` (32 bytes instead of 64
characters); SQLite keeps the hex text. So a ledger row's hashes take 33 bytes instead of 130
on PostgreSQL (65 on SQLite), on disk and in the write-ahead log of every import.

Revision ID: registry_0004
Revises: registry_0003
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "registry_0004"
down_revision: str | Sequence[str] | None = "registry_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64

# the first event whose stored link is not the hash before it (or is malformed)
_BROKEN_LINK = text(
    "SELECT seq FROM (SELECT seq, prev_hash, hash, "
    "LAG(hash, 1, :genesis) OVER (ORDER BY seq) AS before FROM membership_event) AS chain "
    "WHERE prev_hash <> before OR length(hash) <> 64 ORDER BY seq LIMIT 1"
)

SQLITE_NO_UPDATE = """CREATE TRIGGER membership_event_no_update BEFORE UPDATE ON membership_event
    BEGIN SELECT RAISE(ABORT, 'membership_event is append-only: UPDATE refused'); END"""


def upgrade() -> None:
    """Check the stored links, drop them; on PostgreSQL store the hash as bytes."""
    bind = op.get_bind()
    broken = bind.execute(_BROKEN_LINK, {"genesis": GENESIS_HASH}).scalar()
    if broken is not None:
        raise RuntimeError(
            f"ledger event #{broken} does not link to the hash of the event before it: the "
            "ledger was edited outside majlis. Run `majlis registry verify` with the "
            "previous version; this upgrade changes nothing"
        )
    if bind.dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE membership_event DROP COLUMN prev_hash, "
            "ALTER COLUMN hash TYPE bytea USING decode(hash, 'hex')"
        )
    else:
        op.execute("ALTER TABLE membership_event DROP COLUMN prev_hash")


def downgrade() -> None:
    """Store every event's link again (and the hash as hex text on PostgreSQL)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            ALTER TABLE membership_event ALTER COLUMN hash TYPE varchar(64)
                USING encode(hash, 'hex'), ADD COLUMN prev_hash varchar(64);
            ALTER TABLE membership_event DISABLE TRIGGER membership_event_append_only;
            UPDATE membership_event e SET prev_hash = chain.before FROM (
                SELECT seq, LAG(hash, 1, '{GENESIS_HASH}') OVER (ORDER BY seq) AS before
                FROM membership_event) AS chain WHERE chain.seq = e.seq;
            ALTER TABLE membership_event ENABLE TRIGGER membership_event_append_only;
            ALTER TABLE membership_event ALTER COLUMN prev_hash SET NOT NULL;
            """
        )
        return
    # SQLite adds a NOT NULL column only with a default; the update sets every row
    op.execute("ALTER TABLE membership_event ADD COLUMN prev_hash VARCHAR(64) NOT NULL DEFAULT ''")
    op.execute("DROP TRIGGER membership_event_no_update")
    op.execute(
        f"UPDATE membership_event SET prev_hash = chain.before FROM ("
        f"SELECT seq, LAG(hash, 1, '{GENESIS_HASH}') OVER (ORDER BY seq) AS before "
        f"FROM membership_event) AS chain WHERE chain.seq = membership_event.seq"
    )
    op.execute(SQLITE_NO_UPDATE)
