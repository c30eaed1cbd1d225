"""Incidents at polling stations: what observers saw, logged append-only with evidence hashes."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import InputError, Location
from majlis.results._chain import extend_chain, incident_fields
from majlis.results._rows import now
from majlis.results._scope import election_scope, station_of
from majlis.store.results_rows import IncidentRow, PollingStationRow

__all__ = ["Incident", "IncidentCategory", "list_incidents", "record_incident"]

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_MAX_DESCRIPTION = 4000
_CLOCK_SKEW = timedelta(minutes=5)


class IncidentCategory(enum.StrEnum):
    """What kind of incident was seen."""

    BALLOT_STUFFING = "ballot-stuffing"
    CAROUSEL_VOTING = "carousel-voting"
    PRESSURE = "pressure"
    OBSERVER_REMOVED = "observer-removed"
    PROTOCOL_NOT_POSTED = "protocol-not-posted"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Incident:
    """One logged incident: where, who saw it, when, what, and the hash of its evidence."""

    id: int
    election: str
    station: str
    observer: str
    observed_at: datetime
    category: IncidentCategory
    description: str
    evidence_sha256: str | None
    recorded_by: str
    recorded_at: datetime


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _category(value: IncidentCategory | str) -> IncidentCategory:
    try:
        return IncidentCategory(value)
    except ValueError:
        raise InputError.expected(
            what="The incident category",
            expected="one of " + ", ".join(c.value for c in IncidentCategory),
            got=value,
            location=Location(field="category"),
            code="incident.category",
            params={"valid": ", ".join(c.value for c in IncidentCategory), "got": repr(value)},
        ) from None


def _validate(
    *, observer: str, description: str, evidence_sha256: str | None, observed_at: datetime
) -> None:
    if not observer.strip():
        raise InputError.expected(
            what="The observer",
            expected="a non-empty name",
            got=observer,
            location=Location(field="observer"),
            code="incident.observer",
        )
    if not description.strip() or len(description) > _MAX_DESCRIPTION:
        raise InputError.expected(
            what="The description",
            expected=f"non-empty text of at most {_MAX_DESCRIPTION} characters",
            got=description[:60],
            location=Location(field="description"),
            code="incident.description",
            params={"most": _MAX_DESCRIPTION, "got": repr(description[:60])},
        )
    if evidence_sha256 is not None and not _SHA256.match(evidence_sha256):
        raise InputError.expected(
            what="The evidence hash",
            expected="a SHA-256 digest: 64 lowercase hexadecimal characters",
            got=evidence_sha256,
            location=Location(field="evidence_sha256"),
            code="incident.evidence",
        )
    if observed_at > now() + _CLOCK_SKEW:
        raise InputError.expected(
            what="The time of the incident",
            expected="not in the future",
            got=observed_at.isoformat(),
            location=Location(field="observed_at"),
            code="incident.future",
            params={"got": observed_at.isoformat()},
        )


def _incident(row: IncidentRow, station: str) -> Incident:
    return Incident(
        id=row.id,
        election=row.election,
        station=station,
        observer=row.observer,
        observed_at=_aware(row.observed_at),
        category=IncidentCategory(row.category),
        description=row.description,
        evidence_sha256=row.evidence_sha256,
        recorded_by=row.recorded_by,
        recorded_at=_aware(row.recorded_at),
    )


def record_incident(
    session: Session,
    *,
    election: str,
    station: str,
    observer: str,
    category: IncidentCategory | str,
    description: str,
    observed_at: datetime | None = None,
    evidence_sha256: str | None = None,
    recorded_by: str | None = None,
) -> Incident:
    """Log one incident at ``station`` (append-only; nothing is ever edited or deleted).

    ``observed_at`` defaults to now and must not lie in the future; a naive time is read as
    UTC. ``recorded_by`` (who stored it, e.g. the API token's holder) defaults to ``observer``.
    """
    kind = _category(category)
    moment = _aware(observed_at) if observed_at is not None else now()
    _validate(
        observer=observer,
        description=description,
        evidence_sha256=evidence_sha256,
        observed_at=moment,
    )
    sid = station_of(session, election_scope(session, election), station)
    recorded_at = now()
    who = (recorded_by or observer).strip()
    fields = incident_fields(
        station,
        observer.strip(),
        moment,
        kind.value,
        description.strip(),
        evidence_sha256,
        who,
        recorded_at,
    )
    [(seq, record_hash)] = extend_chain(session, election, "incident", [fields])
    row = IncidentRow(
        election=election,
        station_id=sid,
        observer=observer.strip(),
        observed_at=moment,
        category=kind.value,
        description=description.strip(),
        evidence_sha256=evidence_sha256,
        recorded_by=who,
        recorded_at=recorded_at,
        seq=seq,
        record_hash=record_hash,
    )
    session.add(row)
    session.flush()
    return _incident(row, station)


def list_incidents(
    session: Session,
    election: str,
    *,
    station: str | None = None,
    category: IncidentCategory | str | None = None,
) -> tuple[Incident, ...]:
    """The incidents of an election (of one station, of one category), in logging order."""
    query = (
        select(IncidentRow, PollingStationRow.code)
        .join(PollingStationRow, PollingStationRow.id == IncidentRow.station_id)
        .where(IncidentRow.election == election)
        .order_by(IncidentRow.id)
    )
    if station is not None:
        query = query.where(PollingStationRow.code == station)
    if category is not None:
        query = query.where(IncidentRow.category == _category(category).value)
    return tuple(_incident(row, code) for row, code in session.execute(query))
