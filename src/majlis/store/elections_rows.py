"""Rows of the elections area: elections, party lists, candidates and the campaign's history.

Rows are storage only; :mod:`majlis.elections` maps them to its domain objects. Other areas
refer to an election by its ``slug`` (e.g. ``kz-majlis-2021``) and to a list by its party.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
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

__all__ = ["ElectionEventRow", "ElectionRow", "ListCandidateRow", "PartyListRow"]


class ElectionRow(Base):
    """One election: body, polling day, the ruleset in force, its calendar and ballot draw."""

    __tablename__ = "election"
    __table_args__ = (
        CheckConstraint("list_mode IN ('list-order', 'party-designates')", name="list_mode"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    jurisdiction: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(String(100))
    ruleset_id: Mapped[str] = mapped_column(String(64))
    list_seats: Mapped[int] = mapped_column(Integer)
    max_list_length: Mapped[int | None] = mapped_column(Integer)
    list_mode: Mapped[str] = mapped_column(String(24))
    called_on: Mapped[date] = mapped_column(Date)
    nomination_deadline: Mapped[date] = mapped_column(Date)
    registration_deadline: Mapped[date] = mapped_column(Date)
    candidate_withdrawal_deadline: Mapped[date] = mapped_column(Date)
    list_withdrawal_deadline: Mapped[date] = mapped_column(Date)
    polling_day: Mapped[date] = mapped_column(Date)
    ballot_seed: Mapped[int | None] = mapped_column(Integer)
    ballot_drawn_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PartyListRow(Base):
    """A party's list in one election: nominated, registered or withdrawn, and its ballot place."""

    __tablename__ = "party_list"
    __table_args__ = (
        UniqueConstraint("election_id", "party_id", name="uq_party_list_once"),
        CheckConstraint("status IN ('nominated', 'registered', 'withdrawn')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"))
    status: Mapped[str] = mapped_column(String(16))
    nominated_on: Mapped[date] = mapped_column(Date)
    registered_on: Mapped[date | None] = mapped_column(Date)
    registration_order: Mapped[int | None] = mapped_column(Integer)
    ballot_position: Mapped[int | None] = mapped_column(Integer)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)


class ListCandidateRow(Base):
    """One ranked candidate of a party list and where the candidacy stands."""

    __tablename__ = "list_candidate"
    __table_args__ = (
        UniqueConstraint("party_list_id", "rank", name="uq_list_candidate_rank"),
        UniqueConstraint("party_list_id", "person_id", name="uq_list_candidate_person"),
        CheckConstraint("status IN ('standing', 'withdrawn', 'revoked')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_list_id: Mapped[int] = mapped_column(ForeignKey("party_list.id"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    status_on: Mapped[date | None] = mapped_column(Date)
    statement: Mapped[str | None] = mapped_column(Text)


class ElectionEventRow(Base):
    """One step of the campaign's history (nomination, refusal, withdrawal, ballot draw, ...)."""

    __tablename__ = "election_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    party_list_id: Mapped[int | None] = mapped_column(ForeignKey("party_list.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    detail: Mapped[str] = mapped_column(Text)
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
