"""api: access tokens (digests only) and the audit trail of writes made through the API.

Revision ID: api_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "api_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("api",)
depends_on: str | Sequence[str] | None = "registry_0001"


def upgrade() -> None:
    """Create ``api_token`` and ``api_audit``."""
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_api_token_party_id_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
    )
    op.create_index(op.f("ix_api_token_digest"), "api_token", ["digest"], unique=True)
    op.create_table(
        "api_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["token_id"], ["api_token.id"], name=op.f("fk_api_audit_token_id_api_token")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_audit")),
    )
    op.create_index(op.f("ix_api_audit_at"), "api_audit", ["at"], unique=False)


def downgrade() -> None:
    """Drop both tables."""
    op.drop_index(op.f("ix_api_audit_at"), table_name="api_audit")
    op.drop_table("api_audit")
    op.drop_index(op.f("ix_api_token_digest"), table_name="api_token")
    op.drop_table("api_token")
