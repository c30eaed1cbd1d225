"""parliament: a history step keeps the key and parameters of its sentence beside the text.

The chamber's history stores each step's detail as English text; ``detail_key`` and
``detail_params`` (JSON) keep which sentence it is and what it was made of
(:class:`majlis.notes.Note`), so a front end can word it in the reader's language. Rows
written before have neither and read as their text.

Revision ID: parliament_0002
Revises: parliament_0001
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "parliament_0002"
down_revision: str | Sequence[str] | None = "parliament_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the detail's key and parameters."""
    with op.batch_alter_table("parliament_event") as batch:
        batch.add_column(sa.Column("detail_key", sa.String(64), nullable=True))
        batch.add_column(sa.Column("detail_params", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop the detail's key and parameters."""
    with op.batch_alter_table("parliament_event") as batch:
        batch.drop_column("detail_params")
        batch.drop_column("detail_key")
