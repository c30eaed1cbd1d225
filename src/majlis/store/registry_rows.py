"""Rows of the registry area: people, parties, intake decisions and the membership ledger.

Rows are storage only; :mod:`majlis.registry` maps them to its frozen domain objects.
The membership ledger is append-only: the ORM refuses to update or delete an event (and
database triggers created by the ``registry`` migrations refuse it too).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeEngine

from majlis.errors import IntegrityError
from majlis.store._base import Base

__all__ = [
    "GENESIS_HASH",
    "CurrentMembershipRow",
    "Digest",
    "IntakeDecisionRow",
    "LedgerHeadRow",
    "MembershipEventRow",
    "PartyEventRow",
    "PartyRow",
    "PersonRow",
    "RollCountRow",
]

#: The hash the first ledger event chains to.
GENESIS_HASH = "0" * 64


def _code(length: int) -> String:
    """A code of at most ``length`` characters (id scheme, IIN, region), byte-ordered.

    On PostgreSQL it is ``COLLATE "C"`` (migration registry_0005): these codes are ASCII, so
    a locale's rules order them no differently and only make every comparison slower.
    SQLite compares bytes anyway.
    """
    return String(length).with_variant(String(length, collation="C"), "postgresql")


class Digest(TypeDecorator[str]):
    """A SHA-256 digest, hex in Python; 32 bytes (``bytea``) on PostgreSQL, hex text on SQLite.

    Half the width of its hex text in every ledger row PostgreSQL stores, and in the
    write-ahead log of every import (migration registry_0004).
    """

    impl = String(64)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """``bytea`` on PostgreSQL, 64 characters elsewhere."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(LargeBinary())
        return dialect.type_descriptor(String(64))

    def process_bind_param(self, value: str | None, dialect: Dialect) -> Any:
        """The hex digest as bytes for PostgreSQL."""
        if value is not None and dialect.name == "postgresql":
            return bytes.fromhex(value)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:  # noqa: ARG002
        """The stored digest as hex."""
        if isinstance(value, bytes | memoryview):
            return bytes(value).hex()
        return None if value is None else str(value)


class PersonRow(Base):
    """A natural person, identified by a national id within a scheme (e.g. ``kz-iin``)."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("id_scheme", "national_id", name="person_national_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    id_scheme: Mapped[str] = mapped_column(_code(16))
    national_id: Mapped[str] = mapped_column(_code(32))
    family_name: Mapped[str] = mapped_column(String(200))
    given_name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    citizenship: Mapped[str] = mapped_column(String(2))
    region_code: Mapped[str | None] = mapped_column(_code(16))
    barred_category: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PartyRow(Base):
    """A political organization: a registered party or an unregistered movement."""

    __tablename__ = "party"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(24))
    initiated_on: Mapped[date | None] = mapped_column(Date)
    congress_on: Mapped[date | None] = mapped_column(Date)
    registered_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    predecessor_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PartyEventRow(Base):
    """One step of a party's lifecycle (initiative group, congress, registration, ...)."""

    __tablename__ = "party_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    occurred_on: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(300))
    detail: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IntakeDecisionRow(Base):
    """A party's decision to suspend or reopen the intake of new members."""

    __tablename__ = "intake_decision"
    __table_args__ = (CheckConstraint("state IN ('open', 'suspended')", name="state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MembershipEventRow(Base):
    """One event of the append-only membership ledger, chained by SHA-256 to its predecessor.

    The link to the predecessor is not stored again in each row: it is the hash of event
    ``seq - 1`` (:data:`GENESIS_HASH` for the first).
    """

    __tablename__ = "membership_event"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('applied', 'admitted', 'refused', 'left', 'expelled', 'dissolved')",
            name="kind",
        ),
        Index("ix_membership_event_party_day", "party_id", "occurred_on"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    # a declared key on SQLite; on PostgreSQL the same guarantee by statement-level triggers
    # (migration registry_0003), so that a bulk import does not check its one party per row
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"))
    kind: Mapped[str] = mapped_column(String(16))
    occurred_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    deciding_body: Mapped[str | None] = mapped_column(String(300))
    founder: Mapped[bool] = mapped_column(Boolean)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    hash: Mapped[str] = mapped_column(Digest())


class LedgerHeadRow(Base):
    """The single row holding the ledger's last sequence number and hash (the append lock)."""

    __tablename__ = "ledger_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class CurrentMembershipRow(Base):
    """The current roll: one row per active member; the primary key makes it one party each.

    A projection of the ledger (whose events reference person and party by foreign keys);
    it carries no foreign keys of its own so that bulk loads stay fast, and
    ``majlis registry verify`` checks it against a replay of the ledger. Nor has it an index
    by party: its counts per party and region are kept in ``roll_count`` (migration
    registry_0006), and only a party's dissolution reads all of a party's members.
    """

    __tablename__ = "current_membership"

    person_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_id: Mapped[int] = mapped_column(Integer)
    region_code: Mapped[str | None] = mapped_column(_code(16))
    since: Mapped[date] = mapped_column(Date)
    event_seq: Mapped[int] = mapped_column(Integer)


class RollCountRow(Base):
    """Active members per party and region (``''`` = unknown), kept with the current roll."""

    __tablename__ = "roll_count"

    party_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(_code(16), primary_key=True)
    members: Mapped[int] = mapped_column(Integer)


def _refuse_change(_mapper: Any, _connection: Any, target: MembershipEventRow) -> None:
    """Refuse, at the ORM layer, any UPDATE or DELETE of a ledger event."""
    raise IntegrityError(
        f"the membership ledger is append-only: event #{target.seq} cannot be changed or deleted"
    )


event.listen(MembershipEventRow, "before_update", _refuse_change)
event.listen(MembershipEventRow, "before_delete", _refuse_change)
