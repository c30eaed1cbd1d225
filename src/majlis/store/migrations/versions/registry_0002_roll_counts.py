"""registry: members per party and region, maintained with the current roll.

Revision ID: registry_0002
Revises: registry_0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0002"
down_revision: str | Sequence[str] | None = "registry_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create roll_count and fill it from the current roll."""
    op.create_table(
        "roll_count",
        sa.Column("party_id", sa.Integer, primary_key=True),
        sa.Column("region_code", sa.String(16), primary_key=True),
        sa.Column("members", sa.Integer, nullable=False),
    )
    op.execute(
        "INSERT INTO roll_count (party_id, region_code, members) "
        "SELECT party_id, COALESCE(region_code, ''), COUNT(*) FROM current_membership "
        "GROUP BY party_id, COALESCE(region_code, '')"
    )


def downgrade() -> None:
    """Drop roll_count."""
    op.drop_table("roll_count")
