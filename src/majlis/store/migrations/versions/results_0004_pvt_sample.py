"""results: the quick count's sample designs, chained per election (append-only).

Revision ID: results_0004
Revises: results_0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "results_0004"
down_revision: str | Sequence[str] | None = "results_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``pvt_sample`` and its append-only triggers."""
    op.create_table(
        "pvt_sample",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("election", sa.String(length=64), nullable=False),
        sa.Column("design", sa.Text(), nullable=False),
        sa.Column("sample_sha256", sa.String(length=64), nullable=False),
        sa.Column("designed_by", sa.String(length=200), nullable=False),
        sa.Column("designed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("record_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pvt_sample")),
        sa.UniqueConstraint("election", "seq", name=op.f("uq_pvt_sample_chain")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER pvt_sample_append_only BEFORE UPDATE OR DELETE ON pvt_sample "
            "FOR EACH ROW EXECUTE FUNCTION majlis_refuse_protocol_change()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER pvt_sample_no_{verb.lower()} BEFORE {verb} ON pvt_sample "
                f"BEGIN SELECT RAISE(ABORT, 'pvt_sample is append-only: {verb} refused'); END"
            )


def downgrade() -> None:
    """Drop ``pvt_sample``, its triggers and its chain heads."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER pvt_sample_append_only ON pvt_sample")
    else:
        op.execute("DROP TRIGGER pvt_sample_no_update")
        op.execute("DROP TRIGGER pvt_sample_no_delete")
    op.execute("DELETE FROM record_head WHERE chain = 'pvt_sample'")
    op.drop_table("pvt_sample")
