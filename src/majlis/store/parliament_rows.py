"""Rows of the parliament area: convocations, posts, mandates and the chamber's history.

A mandate that ends because the deputy's party membership ended points at the registry's
ledger event (``ledger_seq``); a mandate that fills a vacancy points at the mandate
it succeeds, so the chain expulsion → termination → replacement is stored, not inferred.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from majlis.store._base import Base

__all__ = ["ConvocationRow", "MandateRow", "ParliamentEventRow", "PostRow"]


class ConvocationRow(Base):
    """One convocation of a chamber, usually opened after an election."""

    __tablename__ = "convocation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    jurisdiction: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(String(100))
    ruleset_id: Mapped[str] = mapped_column(String(64))
    election_id: Mapped[int | None] = mapped_column(ForeignKey("election.id"))
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)


class PostRow(Base):
    """One seat of a convocation: its number, how it is filled, and the list that won it."""

    __tablename__ = "post"
    __table_args__ = (
        UniqueConstraint("convocation_id", "number", name="uq_post_number"),
        CheckConstraint("kind IN ('party-list', 'district', 'appointed')", name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    convocation_id: Mapped[int] = mapped_column(ForeignKey("convocation.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    group_label: Mapped[str | None] = mapped_column(String(300))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    party_list_id: Mapped[int | None] = mapped_column(ForeignKey("party_list.id"))


class MandateRow(Base):
    """A person holding a post from ``start`` to ``end`` (exclusive; NULL while held)."""

    __tablename__ = "mandate"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(32))
    predecessor_id: Mapped[int | None] = mapped_column(ForeignKey("mandate.id"))
    ledger_seq: Mapped[int | None] = mapped_column(ForeignKey("membership_event.seq"))
    notice: Mapped[str | None] = mapped_column(Text)


class ParliamentEventRow(Base):
    """One step of the chamber's history: seated, notice received, terminated, vacancy, ..."""

    __tablename__ = "parliament_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    convocation_id: Mapped[int] = mapped_column(ForeignKey("convocation.id"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id"))
    mandate_id: Mapped[int | None] = mapped_column(ForeignKey("mandate.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    ledger_seq: Mapped[int | None] = mapped_column(ForeignKey("membership_event.seq"))
    detail: Mapped[str] = mapped_column(Text)
    # which sentence the detail is and what it was made of (majlis.notes.Note), for a front
    # end to word it; None for a detail stored as plain text
    detail_key: Mapped[str | None] = mapped_column(String(64))
    detail_params: Mapped[dict[str, object] | None] = mapped_column(JSON)
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
