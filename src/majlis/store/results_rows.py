"""Rows of the results area: commissions, polling stations, protocol versions, finality.

Rows are storage only; :mod:`majlis.results` maps them to its frozen domain objects.
Protocol versions and finality decisions are append-only: the ORM refuses to update or
delete them, and triggers created by the ``results`` migration refuse it in the database.
Elections are referred to by their slug (e.g. ``kz-majlis-2021``); an election's protocols,
decisions and incidents are accepted only for an election stored in ``election``, whose
central commission (:class:`ElectionCommissionRow`) heads the hierarchy its stations sit in.

Protocol versions, decisions and incidents are hash-chained per election: ``seq`` is the
record's place in its election's chain of that table and ``record_hash`` covers its content
and the hash of the record before it; :class:`RecordHeadRow` keeps each chain's last place
and hash (see :mod:`majlis.results._chain`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from majlis.errors import IntegrityError
from majlis.store._base import Base

__all__ = [
    "CHAINED_TABLES",
    "CommissionRow",
    "ElectionCommissionRow",
    "IncidentRow",
    "PollingStationRow",
    "ProtocolFinalRow",
    "ProtocolVersionRow",
    "PublishedTotalRow",
    "RecordHeadRow",
]

#: The tables hash-chained per election, in the order a verification walks them.
CHAINED_TABLES = ("protocol_version", "protocol_final", "incident")


class CommissionRow(Base):
    """An election commission: central, territorial or precinct, under its parent."""

    __tablename__ = "commission"
    __table_args__ = (
        CheckConstraint("level IN ('central', 'territorial', 'precinct')", name="level"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("commission.id"), index=True)
    region: Mapped[str | None] = mapped_column(String(100))


class ElectionCommissionRow(Base):
    """The central commission that runs an election: its stations are those under it."""

    __tablename__ = "election_commission"

    election: Mapped[str] = mapped_column(String(64), primary_key=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("commission.id"), index=True)


class RecordHeadRow(Base):
    """The last link of one hash chain: (election, table) → its length and last hash."""

    __tablename__ = "record_head"

    election: Mapped[str] = mapped_column(String(64), primary_key=True)
    chain: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class PollingStationRow(Base):
    """A polling station (precinct): its commission, region, address and registered voters."""

    __tablename__ = "polling_station"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("commission.id"), index=True)
    region: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(String(300))
    registered_voters: Mapped[int] = mapped_column(Integer)


class ProtocolVersionRow(Base):
    """One version of one source's protocol of one station (append-only).

    ``observer`` is '' for non-observer sources (so the unique key works on both databases);
    ``lists`` is JSON text of the party-list names in ballot order and ``votes`` JSON text of
    their votes in the same order (text, not JSON columns: bulk imports write them as they
    are, and tabulation parses one shared ``lists`` text per election and the votes in bulk).
    """

    __tablename__ = "protocol_version"
    __table_args__ = (
        UniqueConstraint("election", "station_id", "source", "observer", "version", name="key"),
        CheckConstraint("source IN ('official', 'observer', 'entry1', 'entry2')", name="source"),
        CheckConstraint("version >= 1", name="version"),
        Index("ix_protocol_version_election_source", "election", "source"),
        UniqueConstraint("election", "seq", name="chain"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election: Mapped[str] = mapped_column(String(64))
    station_id: Mapped[int] = mapped_column(ForeignKey("polling_station.id"))
    source: Mapped[str] = mapped_column(String(16))
    observer: Mapped[str] = mapped_column(String(200))
    evidence_sha256: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    voters: Mapped[int] = mapped_column(Integer)
    additional_voters: Mapped[int] = mapped_column(Integer)
    received: Mapped[int] = mapped_column(Integer)
    issued_station: Mapped[int] = mapped_column(Integer)
    issued_mobile: Mapped[int] = mapped_column(Integer)
    cancelled: Mapped[int] = mapped_column(Integer)
    found_stationary: Mapped[int] = mapped_column(Integer)
    found_mobile: Mapped[int] = mapped_column(Integer)
    invalid: Mapped[int] = mapped_column(Integer)
    valid: Mapped[int] = mapped_column(Integer)
    against_all: Mapped[int] = mapped_column(Integer)
    lists: Mapped[str] = mapped_column(Text)
    votes: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seq: Mapped[int] = mapped_column(Integer)
    record_hash: Mapped[str] = mapped_column(String(64))


class ProtocolFinalRow(Base):
    """A decision that a station's official protocol version is final (append-only).

    The latest decision per (election, station) stands. ``method`` says how: two entries
    agreed, a person resolved their differences, or an official file was imported.
    ``resolution`` holds the resolved fields and values, ``findings`` the warnings seen.
    """

    __tablename__ = "protocol_final"
    __table_args__ = (
        CheckConstraint(
            "method IN ('double-entry', 'resolution', 'import', 'correction')", name="method"
        ),
        Index("ix_protocol_final_election_station", "election", "station_id"),
        UniqueConstraint("election", "seq", name="chain"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election: Mapped[str] = mapped_column(String(64))
    station_id: Mapped[int] = mapped_column(ForeignKey("polling_station.id"))
    official_version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolution: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(Integer)
    record_hash: Mapped[str] = mapped_column(String(64))


class PublishedTotalRow(Base):
    """An officially published higher-level total (territorial, region or national)."""

    __tablename__ = "published_total"
    __table_args__ = (
        UniqueConstraint("election", "level", "unit", name="key"),
        CheckConstraint("level IN ('territorial', 'region', 'national')", name="level"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(100))
    lines: Mapped[dict[str, int]] = mapped_column(JSON)
    source_note: Mapped[str | None] = mapped_column(Text)


INCIDENT_CATEGORIES = (
    "ballot-stuffing",
    "carousel-voting",
    "pressure",
    "observer-removed",
    "protocol-not-posted",
    "other",
)


class IncidentRow(Base):
    """An incident an observer (or a commission) logged at a polling station (append-only).

    ``observed_at`` is when it happened, ``recorded_at`` when it was stored; ``evidence_sha256``
    is the SHA-256 of a photo, video or document kept elsewhere.
    """

    __tablename__ = "incident"
    __table_args__ = (
        CheckConstraint(
            "category IN (" + ", ".join(f"'{c}'" for c in INCIDENT_CATEGORIES) + ")",
            name="category",
        ),
        Index("ix_incident_election_station", "election", "station_id"),
        UniqueConstraint("election", "seq", name="chain"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election: Mapped[str] = mapped_column(String(64))
    station_id: Mapped[int] = mapped_column(ForeignKey("polling_station.id"))
    observer: Mapped[str] = mapped_column(String(200))
    observed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    evidence_sha256: Mapped[str | None] = mapped_column(String(64))
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seq: Mapped[int] = mapped_column(Integer)
    record_hash: Mapped[str] = mapped_column(String(64))


def _refuse_change(_mapper: Any, _connection: Any, target: Any) -> None:
    """Refuse, at the ORM layer, any UPDATE or DELETE of a protocol version or decision."""
    raise IntegrityError(
        f"{target.__tablename__} is append-only: row #{target.id} cannot be changed or deleted; "
        "record a correction as a new version instead"
    )


for _row in (ProtocolVersionRow, ProtocolFinalRow, IncidentRow):
    event.listen(_row, "before_update", _refuse_change)
    event.listen(_row, "before_delete", _refuse_change)
