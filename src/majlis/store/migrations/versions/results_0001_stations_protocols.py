"""results: commissions, polling stations, protocol versions, finality, published totals.

Revision ID: results_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "results_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("results",)
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("protocol_version", "protocol_final")

PG_FUNCTION = """
CREATE FUNCTION majlis_refuse_protocol_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;
"""


def _lines() -> list[sa.Column[object]]:
    names = (
        "voters",
        "additional_voters",
        "received",
        "issued_station",
        "issued_mobile",
        "cancelled",
        "found_stationary",
        "found_mobile",
        "invalid",
        "valid",
        "against_all",
    )
    return [sa.Column(name, sa.Integer, nullable=False) for name in names]


def upgrade() -> None:
    """Create the results tables and their append-only triggers."""
    op.create_table(
        "commission",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("commission.id"), index=True),
        sa.Column("region", sa.String(100)),
        sa.CheckConstraint(
            "level IN ('central', 'territorial', 'precinct')", name="ck_commission_level"
        ),
    )
    op.create_table(
        "polling_station",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column(
            "commission_id", sa.Integer, sa.ForeignKey("commission.id"), nullable=False, index=True
        ),
        sa.Column("region", sa.String(100), nullable=False, index=True),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("registered_voters", sa.Integer, nullable=False),
    )
    op.create_table(
        "protocol_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("election", sa.String(64), nullable=False),
        sa.Column("station_id", sa.Integer, sa.ForeignKey("polling_station.id"), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("observer", sa.String(200), nullable=False),
        sa.Column("evidence_sha256", sa.String(64)),
        sa.Column("version", sa.Integer, nullable=False),
        *_lines(),
        sa.Column("lists", sa.Text, nullable=False),
        sa.Column("votes", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("entered_by", sa.String(100), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "election",
            "station_id",
            "source",
            "observer",
            "version",
            name="uq_protocol_version_key",
        ),
        sa.CheckConstraint(
            "source IN ('official', 'observer', 'entry1', 'entry2')",
            name="ck_protocol_version_source",
        ),
        sa.CheckConstraint("version >= 1", name="ck_protocol_version_version"),
    )
    op.create_index(
        "ix_protocol_version_election_source", "protocol_version", ["election", "source"]
    )
    op.create_table(
        "protocol_final",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("election", sa.String(64), nullable=False),
        sa.Column("station_id", sa.Integer, sa.ForeignKey("polling_station.id"), nullable=False),
        sa.Column("official_version", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(100), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolution", sa.JSON),
        sa.Column("note", sa.Text),
        sa.CheckConstraint(
            "method IN ('double-entry', 'resolution', 'import', 'correction')",
            name="ck_protocol_final_method",
        ),
    )
    op.create_index(
        "ix_protocol_final_election_station", "protocol_final", ["election", "station_id"]
    )
    op.create_table(
        "published_total",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("election", sa.String(64), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("unit", sa.String(100), nullable=False),
        sa.Column("lines", sa.JSON, nullable=False),
        sa.Column("source_note", sa.Text),
        sa.UniqueConstraint("election", "level", "unit", name="uq_published_total_key"),
        sa.CheckConstraint(
            "level IN ('territorial', 'region', 'national')", name="ck_published_total_level"
        ),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION majlis_refuse_protocol_change()"
            )
    else:
        for table in APPEND_ONLY:
            for op_name in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{op_name.lower()} BEFORE {op_name} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op_name} refused'); END"
                )


def downgrade() -> None:
    """Drop the results tables and triggers."""
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        op.execute("DROP FUNCTION majlis_refuse_protocol_change()")
    else:
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER {table}_no_update")
            op.execute(f"DROP TRIGGER {table}_no_delete")
    for table in (
        "published_total",
        "protocol_final",
        "protocol_version",
        "polling_station",
        "commission",
    ):
        op.drop_table(table)
