"""parliament: convocations, posts, mandates and the chamber's history.

Revision ID: parliament_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "parliament_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("parliament",)
depends_on: str | Sequence[str] | None = "elections_0001"


def upgrade() -> None:
    """Create the parliament tables."""
    op.create_table(
        "convocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("jurisdiction", sa.String(length=16), nullable=False),
        sa.Column("body", sa.String(length=100), nullable=False),
        sa.Column("ruleset_id", sa.String(length=64), nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["election_id"], ["election.id"], name=op.f("fk_convocation_election_id_election")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_convocation")),
        sa.UniqueConstraint("slug", name=op.f("uq_convocation_slug")),
    )
    op.create_table(
        "post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("convocation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("group_label", sa.String(length=300), nullable=True),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("party_list_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('party-list', 'district', 'appointed')", name=op.f("ck_post_kind")
        ),
        sa.ForeignKeyConstraint(
            ["convocation_id"], ["convocation.id"], name=op.f("fk_post_convocation_id_convocation")
        ),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"], name=op.f("fk_post_party_id_party")),
        sa.ForeignKeyConstraint(
            ["party_list_id"], ["party_list.id"], name=op.f("fk_post_party_list_id_party_list")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post")),
        sa.UniqueConstraint("convocation_id", "number", name="uq_post_number"),
    )
    op.create_index(op.f("ix_post_convocation_id"), "post", ["convocation_id"], unique=False)
    op.create_table(
        "mandate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=32), nullable=True),
        sa.Column("predecessor_id", sa.Integer(), nullable=True),
        sa.Column("ledger_seq", sa.Integer(), nullable=True),
        sa.Column("notice", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ledger_seq"],
            ["membership_event.seq"],
            name=op.f("fk_mandate_ledger_seq_membership_event"),
        ),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"], name=op.f("fk_mandate_party_id_party")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_mandate_person_id_person")
        ),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], name=op.f("fk_mandate_post_id_post")),
        sa.ForeignKeyConstraint(
            ["predecessor_id"], ["mandate.id"], name=op.f("fk_mandate_predecessor_id_mandate")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandate")),
    )
    op.create_index(op.f("ix_mandate_person_id"), "mandate", ["person_id"], unique=False)
    op.create_index(op.f("ix_mandate_post_id"), "mandate", ["post_id"], unique=False)
    op.create_table(
        "parliament_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("convocation_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("mandate_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("ledger_seq", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["convocation_id"],
            ["convocation.id"],
            name=op.f("fk_parliament_event_convocation_id_convocation"),
        ),
        sa.ForeignKeyConstraint(
            ["mandate_id"], ["mandate.id"], name=op.f("fk_parliament_event_mandate_id_mandate")
        ),
        sa.ForeignKeyConstraint(
            ["ledger_seq"],
            ["membership_event.seq"],
            name=op.f("fk_parliament_event_ledger_seq_membership_event"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_parliament_event_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["post.id"], name=op.f("fk_parliament_event_post_id_post")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parliament_event")),
    )
    op.create_index(
        op.f("ix_parliament_event_convocation_id"),
        "parliament_event",
        ["convocation_id"],
        unique=False,
    )


def downgrade() -> None:
    """Drop the parliament tables."""
    op.drop_table("parliament_event")
    op.drop_table("mandate")
    op.drop_table("post")
    op.drop_table("convocation")
