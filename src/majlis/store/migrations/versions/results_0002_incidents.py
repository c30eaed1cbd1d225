"""results: incidents logged by observers at polling stations (append-only).

Revision ID: results_0002
Revises: results_0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "results_0002"
down_revision: str | Sequence[str] | None = "results_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATEGORIES = (
    "ballot-stuffing",
    "carousel-voting",
    "pressure",
    "observer-removed",
    "protocol-not-posted",
    "other",
)


def upgrade() -> None:
    """Create ``incident`` and its append-only triggers."""
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("election", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("observer", sa.String(length=200), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("evidence_sha256", sa.String(length=64), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "category IN (" + ", ".join(f"'{c}'" for c in CATEGORIES) + ")",
            name="ck_incident_category",
        ),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["polling_station.id"],
            name=op.f("fk_incident_station_id_polling_station"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident")),
    )
    op.create_index(
        "ix_incident_election_station", "incident", ["election", "station_id"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER incident_append_only BEFORE UPDATE OR DELETE ON incident "
            "FOR EACH ROW EXECUTE FUNCTION majlis_refuse_protocol_change()"
        )
    else:
        for op_name in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER incident_no_{op_name.lower()} BEFORE {op_name} ON incident "
                f"BEGIN SELECT RAISE(ABORT, 'incident is append-only: {op_name} refused'); END"
            )


def downgrade() -> None:
    """Drop ``incident`` and its triggers."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER incident_append_only ON incident")
    else:
        op.execute("DROP TRIGGER incident_no_update")
        op.execute("DROP TRIGGER incident_no_delete")
    op.drop_index("ix_incident_election_station", table_name="incident")
    op.drop_table("incident")
