"""audit: forensic audits stored per (election, final protocols digest, settings).

Revision ID: audit_0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "audit_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("audit",)
depends_on: str | Sequence[str] | None = "results_0002"


def upgrade() -> None:
    """Create ``forensic_audit``."""
    op.create_table(
        "forensic_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("election", sa.String(length=64), nullable=False),
        sa.Column("protocols_digest", sa.String(length=64), nullable=False),
        sa.Column("settings_digest", sa.String(length=64), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forensic_audit")),
        sa.UniqueConstraint(
            "election", "protocols_digest", "settings_digest", name="uq_forensic_audit_key"
        ),
    )


def downgrade() -> None:
    """Drop ``forensic_audit``."""
    op.drop_table("forensic_audit")
