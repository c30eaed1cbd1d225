"""registry: people, parties, intake decisions, the membership ledger and the current roll.

Revision ID: registry_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("registry",)
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64

PG_APPEND_ONLY = """
CREATE FUNCTION majlis_refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'membership_event is append-only: % refused', TG_OP;
END
$$;
CREATE TRIGGER membership_event_append_only BEFORE UPDATE OR DELETE ON membership_event
    FOR EACH ROW EXECUTE FUNCTION majlis_refuse_ledger_change();
CREATE TRIGGER membership_event_no_truncate BEFORE TRUNCATE ON membership_event
    FOR EACH STATEMENT EXECUTE FUNCTION majlis_refuse_ledger_change();
"""

SQLITE_APPEND_ONLY = (
    """CREATE TRIGGER membership_event_no_update BEFORE UPDATE ON membership_event
    BEGIN SELECT RAISE(ABORT, 'membership_event is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER membership_event_no_delete BEFORE DELETE ON membership_event
    BEGIN SELECT RAISE(ABORT, 'membership_event is append-only: DELETE refused'); END""",
)


def _audit() -> list[sa.Column[object]]:
    return [
        sa.Column("entered_by", sa.String(100), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    """Create the registry tables, the append-only triggers and the ledger head."""
    op.create_table(
        "person",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("id_scheme", sa.String(16), nullable=False),
        sa.Column("national_id", sa.String(32), nullable=False),
        sa.Column("family_name", sa.String(200), nullable=False),
        sa.Column("given_name", sa.String(200), nullable=False),
        sa.Column("birth_date", sa.Date),
        sa.Column("sex", sa.String(1)),
        sa.Column("citizenship", sa.String(2), nullable=False),
        sa.Column("region_code", sa.String(16)),
        sa.Column("barred_category", sa.String(32)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("id_scheme", "national_id", name="uq_person_person_national_id"),
    )
    op.create_table(
        "party",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("initiated_on", sa.Date),
        sa.Column("congress_on", sa.Date),
        sa.Column("registered_on", sa.Date),
        sa.Column("ended_on", sa.Date),
        sa.Column("predecessor_id", sa.Integer, sa.ForeignKey("party.id")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "party_event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("party_id", sa.Integer, sa.ForeignKey("party.id"), nullable=False, index=True),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("until", sa.Date),
        sa.Column("decided_by", sa.String(300)),
        sa.Column("detail", sa.Text),
        *_audit(),
    )
    op.create_table(
        "intake_decision",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("party_id", sa.Integer, sa.ForeignKey("party.id"), nullable=False, index=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.Column("until", sa.Date),
        *_audit(),
        sa.CheckConstraint("state IN ('open', 'suspended')", name=op.f("ck_intake_decision_state")),
    )
    op.create_table(
        "membership_event",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id"), nullable=False, index=True),
        sa.Column("party_id", sa.Integer, sa.ForeignKey("party.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("deciding_body", sa.String(300)),
        sa.Column("founder", sa.Boolean, nullable=False),
        *_audit(),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint(
            "kind IN ('applied', 'admitted', 'refused', 'left', 'expelled', 'dissolved')",
            name=op.f("ck_membership_event_kind"),
        ),
    )
    op.create_index(
        "ix_membership_event_party_day", "membership_event", ["party_id", "occurred_on"]
    )
    op.create_table(
        "ledger_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_ledger_head_single_row")),
    )
    op.create_table(
        "current_membership",
        sa.Column("person_id", sa.Integer, primary_key=True),
        sa.Column("party_id", sa.Integer, nullable=False),
        sa.Column("region_code", sa.String(16)),
        sa.Column("since", sa.Date, nullable=False),
        sa.Column("event_seq", sa.Integer, nullable=False),
    )
    op.create_index(
        "ix_current_membership_party_region", "current_membership", ["party_id", "region_code"]
    )
    op.execute(
        sa.text("INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, :genesis)").bindparams(
            genesis=GENESIS_HASH
        )
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_APPEND_ONLY)
    else:
        for statement in SQLITE_APPEND_ONLY:
            op.execute(statement)


def downgrade() -> None:
    """Drop the registry tables and triggers."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER membership_event_no_truncate ON membership_event")
        op.execute("DROP TRIGGER membership_event_append_only ON membership_event")
        op.execute("DROP FUNCTION majlis_refuse_ledger_change()")
    else:
        op.execute("DROP TRIGGER membership_event_no_update")
        op.execute("DROP TRIGGER membership_event_no_delete")
    for table in (
        "current_membership",
        "ledger_head",
        "membership_event",
        "intake_decision",
        "party_event",
        "party",
        "person",
    ):
        op.drop_table(table)
