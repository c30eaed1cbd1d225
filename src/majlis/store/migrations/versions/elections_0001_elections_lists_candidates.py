"""elections: elections, party lists, ranked candidates and the campaign's history.

Revision ID: elections_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "elections_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("elections",)
depends_on: str | Sequence[str] | None = "registry_0001"


def upgrade() -> None:
    """Create the elections tables."""
    op.create_table(
        "election",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("jurisdiction", sa.String(length=16), nullable=False),
        sa.Column("body", sa.String(length=100), nullable=False),
        sa.Column("ruleset_id", sa.String(length=64), nullable=False),
        sa.Column("list_seats", sa.Integer(), nullable=False),
        sa.Column("max_list_length", sa.Integer(), nullable=True),
        sa.Column("list_mode", sa.String(length=24), nullable=False),
        sa.Column("called_on", sa.Date(), nullable=False),
        sa.Column("nomination_deadline", sa.Date(), nullable=False),
        sa.Column("registration_deadline", sa.Date(), nullable=False),
        sa.Column("candidate_withdrawal_deadline", sa.Date(), nullable=False),
        sa.Column("list_withdrawal_deadline", sa.Date(), nullable=False),
        sa.Column("polling_day", sa.Date(), nullable=False),
        sa.Column("ballot_seed", sa.Integer(), nullable=True),
        sa.Column("ballot_drawn_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "list_mode IN ('list-order', 'party-designates')", name=op.f("ck_election_list_mode")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_election")),
        sa.UniqueConstraint("slug", name=op.f("uq_election_slug")),
    )
    op.create_table(
        "party_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("nominated_on", sa.Date(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("registration_order", sa.Integer(), nullable=True),
        sa.Column("ballot_position", sa.Integer(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawal_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('nominated', 'registered', 'withdrawn')", name=op.f("ck_party_list_status")
        ),
        sa.ForeignKeyConstraint(
            ["election_id"], ["election.id"], name=op.f("fk_party_list_election_id_election")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_party_list_party_id_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_list")),
        sa.UniqueConstraint("election_id", "party_id", name="uq_party_list_once"),
    )
    op.create_index(op.f("ix_party_list_election_id"), "party_list", ["election_id"], unique=False)
    op.create_table(
        "election_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("party_list_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"], ["election.id"], name=op.f("fk_election_event_election_id_election")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_election_event_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["party_list_id"],
            ["party_list.id"],
            name=op.f("fk_election_event_party_list_id_party_list"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_election_event_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_election_event")),
    )
    op.create_index(
        op.f("ix_election_event_election_id"), "election_event", ["election_id"], unique=False
    )
    op.create_table(
        "list_candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_list_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_on", sa.Date(), nullable=True),
        sa.Column("statement", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('standing', 'withdrawn', 'revoked')", name=op.f("ck_list_candidate_status")
        ),
        sa.ForeignKeyConstraint(
            ["party_list_id"],
            ["party_list.id"],
            name=op.f("fk_list_candidate_party_list_id_party_list"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_list_candidate_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_candidate")),
        sa.UniqueConstraint("party_list_id", "person_id", name="uq_list_candidate_person"),
        sa.UniqueConstraint("party_list_id", "rank", name="uq_list_candidate_rank"),
    )
    op.create_index(
        op.f("ix_list_candidate_party_list_id"), "list_candidate", ["party_list_id"], unique=False
    )
    op.create_index(
        op.f("ix_list_candidate_person_id"), "list_candidate", ["person_id"], unique=False
    )


def downgrade() -> None:
    """Drop the elections tables."""
    op.drop_table("list_candidate")
    op.drop_table("election_event")
    op.drop_table("party_list")
    op.drop_table("election")
