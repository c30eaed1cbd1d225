"""registry: on PostgreSQL, id schemes, IINs and region codes compare byte by byte.

These codes are ASCII (digits, letters, hyphens), so the database's locale orders them no
differently from ``COLLATE "C"``; it only costs a locale-aware comparison each time the
unique index of people or the roll's index by region is searched, which is several times
per inserted member. Measured on a roll import: a seventh less server time for people and
the current roll. SQLite compares bytes already.

Revision ID: registry_0005
Revises: registry_0004
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "registry_0005"
down_revision: str | Sequence[str] | None = "registry_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (table, column, length) of every code column of the registry
CODES = (
    ("person", "id_scheme", 16),
    ("person", "national_id", 32),
    ("person", "region_code", 16),
    ("current_membership", "region_code", 16),
    ("roll_count", "region_code", 16),
)


def _collate(collation: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, length in CODES:
        kind = f'varchar({length}) COLLATE "{collation}"'
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind}")


def upgrade() -> None:
    """Set ``COLLATE "C"`` on the registry's codes (PostgreSQL only)."""
    _collate("C")


def downgrade() -> None:
    """Back to the database's default collation (PostgreSQL only)."""
    _collate("default")
