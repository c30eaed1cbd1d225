"""registry: the current roll loses its index by party and region; roll_count answers instead.

Every count of the current roll by party or by party and region (the party list, the
members-per-region statistics, the registration check) now reads ``roll_count``, which is
kept in the same transaction as the roll. The index then served only a party's dissolution,
a rare event that can read the whole roll once, while every admitted member paid for an
insert into it: in a bulk import about a third of the time spent loading the roll.

Revision ID: registry_0006
Revises: registry_0005
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "registry_0006"
down_revision: str | Sequence[str] | None = "registry_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Drop the roll's index by party and region."""
    op.drop_index("ix_current_membership_party_region", table_name="current_membership")


def downgrade() -> None:
    """Recreate the roll's index by party and region."""
    op.create_index(
        "ix_current_membership_party_region", "current_membership", ["party_id", "region_code"]
    )
