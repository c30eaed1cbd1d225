"""Protocol services: record versions, correct, finalise by double entry, history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session, aliased

from majlis.errors import ConflictError, InputError, NotFoundError, RuleViolation
from majlis.results._chain import extend_chain, final_fields, version_fields
from majlis.results._checks import CheckSettings, Finding, Severity, check_protocol
from majlis.results._double_entry import (
    FieldDifference,
    Resolution,
    agreed_protocol,
    compare_entries,
)
from majlis.results._protocol import Protocol, Source
from majlis.results._rows import now, protocol_from_row, row_values
from majlis.results._scope import election_scope, station_of
from majlis.store.results_rows import (
    CommissionRow,
    PollingStationRow,
    ProtocolFinalRow,
    ProtocolVersionRow,
)

__all__ = [
    "Correction",
    "FinalDecision",
    "Finalisation",
    "StoredVersion",
    "correct_protocol",
    "count_versions",
    "entry_differences",
    "final_decision",
    "finalise_station",
    "latest_copies",
    "latest_protocol",
    "protocol_history",
    "record_protocol",
]


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """A stored protocol version with who entered it and when."""

    protocol: Protocol
    content_hash: str
    entered_by: str
    entered_at: datetime


@dataclass(frozen=True, slots=True)
class FinalDecision:
    """The standing decision that a version of a station's protocol is final, and how.

    ``method``: ``double-entry`` (two entries agreed), ``resolution`` (a person resolved
    their differences; ``resolution`` holds who and which fields), ``import`` or
    ``correction``.
    """

    official_version: int
    content_hash: str
    method: str
    decided_by: str
    decided_at: datetime
    resolution: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class Finalisation:
    """The outcome of making a station's protocol final."""

    protocol: Protocol
    method: str
    warnings: tuple[Finding, ...]
    resolution: Resolution | None


def _station_id(session: Session, code: str) -> int:
    sid = session.scalar(select(PollingStationRow.id).where(PollingStationRow.code == code))
    if sid is None:
        raise NotFoundError(
            f"no polling station '{code}'", code="station.unknown", params={"station": code}
        )
    return sid


_LATEST_VERSION = (
    select(func.max(ProtocolVersionRow.version))
    .where(
        ProtocolVersionRow.election == bindparam("election"),
        ProtocolVersionRow.station_id == PollingStationRow.id,
        ProtocolVersionRow.source == bindparam("source"),
        ProtocolVersionRow.observer == bindparam("observer"),
    )
    .scalar_subquery()
)
_PRECINCT, _TERRITORIAL = aliased(CommissionRow), aliased(CommissionRow)
#: built once: a submission only binds its values (no statement built per request); the
#: station is found only under the election's central commission
_STATION_AND_VERSION = (
    select(PollingStationRow.id, _LATEST_VERSION)
    .join(_PRECINCT, PollingStationRow.commission_id == _PRECINCT.id)
    .join(_TERRITORIAL, _PRECINCT.parent_id == _TERRITORIAL.id)
    .where(
        PollingStationRow.code == bindparam("code"),
        _TERRITORIAL.parent_id == bindparam("central"),
    )
)


def _station_and_version(session: Session, protocol: Protocol) -> tuple[int, int]:
    """The station's id and the latest version number of the protocol's source (0 if none).

    Refuses an unknown election, vote keys that are not exactly its registered lists, and a
    station outside its central commission's hierarchy (each error names the key or station).
    The hot path of a submission: the election's scope, then one indexed round trip for the
    station (under the commission) and its latest version.
    """
    scope = election_scope(session, protocol.election)
    where = f"station {protocol.station}'s {protocol.source.value} protocol"
    scope.check_lists(
        protocol.lines.list_names,
        where=where,
        station=protocol.station,
        source=protocol.source.value,
    )
    wanted = {
        "election": protocol.election,
        "code": protocol.station,
        "central": scope.require_commission(),
        "source": protocol.source.value,
        "observer": protocol.observer or "",
    }
    found = session.connection().execute(_STATION_AND_VERSION, wanted).first()
    if found is None:
        station_of(session, scope, protocol.station)  # raises, naming what is wrong
        raise NotFoundError(f"no polling station '{protocol.station}'")  # pragma: no cover
    return int(found[0]), int(found[1] or 0)


def _latest_row(
    session: Session, election: str, station_id: int, source: Source, observer: str | None
) -> ProtocolVersionRow | None:
    return session.scalar(
        select(ProtocolVersionRow)
        .where(
            ProtocolVersionRow.election == election,
            ProtocolVersionRow.station_id == station_id,
            ProtocolVersionRow.source == source.value,
            ProtocolVersionRow.observer == (observer or ""),
        )
        .order_by(ProtocolVersionRow.version.desc())
        .limit(1)
    )


def record_protocol(
    session: Session, protocol: Protocol, *, entered_by: str, reason: str | None = None
) -> Protocol:
    """Store ``protocol`` as the next version of its (election, station, source, observer).

    The first version needs no reason; any later one is a correction and must give one.
    Returns the stored record (with its version number and reason).
    """
    sid, latest = _station_and_version(session, protocol)
    version = latest + 1
    reason = reason if reason is not None else protocol.reason
    if version > 1 and not (reason and reason.strip()):
        raise InputError.expected(
            what=f"a correction of station {protocol.station}'s {protocol.source.value} protocol",
            expected="a reason (nothing is overwritten; every new version says why)",
            got=reason,
            code="protocol.correction_reason",
            params={
                "station": protocol.station,
                "source": protocol.source.value,
                "got": repr(reason),
            },
        )
    stored = Protocol(
        protocol.election,
        protocol.station,
        protocol.lines,
        source=protocol.source,
        observer=protocol.observer,
        evidence_sha256=protocol.evidence_sha256,
        version=version,
        reason=reason,
    )
    at = now()
    fields = version_fields(stored.content_hash, version, reason, entered_by, at)
    [(seq, record_hash)] = extend_chain(session, stored.election, "protocol_version", [fields])
    values = row_values(stored, station_id=sid, entered_by=entered_by, entered_at=at)
    values.update(seq=seq, record_hash=record_hash)
    # one Core INSERT on the session's connection: no unit of work, no ORM execution context
    session.connection().execute(insert(ProtocolVersionRow), [values])
    return stored


def latest_protocol(
    session: Session, election: str, station: str, source: Source, *, observer: str | None = None
) -> Protocol | None:
    """The latest version of one source's protocol of a station, if any."""
    row = _latest_row(session, election, _station_id(session, station), source, observer)
    return None if row is None else protocol_from_row(row, station)


def protocol_history(session: Session, election: str, station: str) -> list[StoredVersion]:
    """Every stored version of every source of a station's protocol, oldest first."""
    sid = _station_id(session, station)
    rows = session.scalars(
        select(ProtocolVersionRow)
        .where(ProtocolVersionRow.election == election, ProtocolVersionRow.station_id == sid)
        .order_by(ProtocolVersionRow.id)
    )
    return [
        StoredVersion(protocol_from_row(r, station), r.content_hash, r.entered_by, r.entered_at)
        for r in rows
    ]


def latest_copies(session: Session, election: str, stations: Sequence[str]) -> list[StoredVersion]:
    """The latest version of each observer's copy at the given stations, by station and
    observer."""
    v = ProtocolVersionRow
    rows = session.execute(
        select(PollingStationRow.code, v)
        .join(PollingStationRow, PollingStationRow.id == v.station_id)
        .where(v.election == election, v.source == Source.OBSERVER.value)
        .where(PollingStationRow.code.in_(list(stations)))
        .order_by(v.version)
    ).all()
    latest: dict[tuple[str, str], tuple[str, ProtocolVersionRow]] = {}
    for code, row in rows:
        latest[(code, row.observer)] = (code, row)  # later versions overwrite earlier ones
    return [
        StoredVersion(protocol_from_row(r, code), r.content_hash, r.entered_by, r.entered_at)
        for _, (code, r) in sorted(latest.items())
    ]


def final_decision(session: Session, election: str, station: str) -> FinalDecision | None:
    """The standing final decision of a station (the latest one), if any."""
    sid = _station_id(session, station)
    row = session.scalar(
        select(ProtocolFinalRow)
        .where(ProtocolFinalRow.election == election, ProtocolFinalRow.station_id == sid)
        .order_by(ProtocolFinalRow.id.desc())
        .limit(1)
    )
    if row is None:
        return None
    return FinalDecision(
        official_version=row.official_version,
        content_hash=row.content_hash,
        method=row.method,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        resolution=row.resolution,
    )


def _entries(session: Session, election: str, station: str) -> tuple[Protocol, Protocol]:
    first = latest_protocol(session, election, station, Source.ENTRY_1)
    second = latest_protocol(session, election, station, Source.ENTRY_2)
    if first is None or second is None:
        missing = "entry 1" if first is None else "entry 2"
        raise ConflictError(
            f"station {station}: {missing} is not entered yet; "
            "a protocol becomes final only when two independent entries agree",
            code="protocol.entry_missing",
            params={
                "station": station,
                "source": Source.ENTRY_1.value if first is None else Source.ENTRY_2.value,
            },
        )
    return first, second


def entry_differences(session: Session, election: str, station: str) -> tuple[FieldDifference, ...]:
    """The fields on which the latest two entries of a station differ."""
    return compare_entries(*_entries(session, election, station))


def _make_final(
    session: Session,
    protocol: Protocol,
    *,
    method: str,
    decided_by: str,
    resolution: dict[str, Any] | None,
    note: str | None,
    settings: CheckSettings | None,
) -> tuple[Protocol, tuple[Finding, ...]]:
    findings = check_protocol(protocol, settings=settings)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise RuleViolation(
            f"station {protocol.station}: the protocol cannot be final while a control relation "
            "is broken: " + "; ".join(f"{f.rule.value}: {f.message}" for f in errors),
            code="protocol.control_broken",
            params={"station": protocol.station, "findings": tuple(errors)},
        )
    sid = _station_id(session, protocol.station)
    official = _latest_row(session, protocol.election, sid, Source.OFFICIAL, None)
    if official is None or official.content_hash != protocol.content_hash:
        protocol = record_protocol(
            session, protocol, entered_by=decided_by, reason=note or f"final by {method}"
        )
        version = protocol.version
    else:
        version = official.version
    at = now()
    fields = final_fields(
        protocol.station, version, protocol.content_hash, method, decided_by, at, resolution, note
    )
    [(seq, record_hash)] = extend_chain(session, protocol.election, "protocol_final", [fields])
    session.add(
        ProtocolFinalRow(
            election=protocol.election,
            station_id=sid,
            official_version=version,
            content_hash=protocol.content_hash,
            method=method,
            decided_by=decided_by,
            decided_at=at,
            resolution=resolution,
            note=note,
            seq=seq,
            record_hash=record_hash,
        )
    )
    session.flush()
    return protocol, findings


def finalise_station(
    session: Session,
    election: str,
    station: str,
    *,
    decided_by: str,
    resolution: Resolution | None = None,
    settings: CheckSettings | None = None,
) -> Finalisation:
    """Make a station's protocol final from its two entries (and a resolution if they differ).

    Raises:
        ConflictError: an entry is missing, or the entries differ and no resolution is given.
        RuleViolation: the agreed figures break a control relation (an error blocks finality).
    """
    station_of(session, election_scope(session, election), station)
    first, second = _entries(session, election, station)
    differences = compare_entries(first, second)
    agreed = agreed_protocol(first, second, resolution=resolution if differences else None)
    record = None
    if differences and resolution is not None:
        record = {
            "person": resolution.person,
            "values": dict(resolution.values),
            "note": resolution.note,
            "differences": [[d.field, d.first, d.second] for d in differences],
        }
    method = "resolution" if record else "double-entry"
    stored, findings = _make_final(
        session,
        agreed,
        method=method,
        decided_by=decided_by,
        resolution=record,
        note=resolution.note if record and resolution else None,
        settings=settings,
    )
    warnings = tuple(f for f in findings if f.severity is Severity.WARNING)
    return Finalisation(stored, method, warnings, resolution if record else None)


@dataclass(frozen=True, slots=True)
class Correction:
    """A stored correction; ``final`` when an official correction became final anew."""

    protocol: Protocol
    final: Finalisation | None
    errors: tuple[Finding, ...]


def correct_protocol(
    session: Session,
    protocol: Protocol,
    *,
    reason: str,
    entered_by: str,
    settings: CheckSettings | None = None,
) -> Correction:
    """Record a correction (a new version with a reason); an official one becomes final anew.

    A corrected official protocol that breaks a control relation is stored but not made
    final (the earlier final version keeps standing); its errors are returned.
    """
    sid = station_of(session, election_scope(session, protocol.election), protocol.station)
    if _latest_row(session, protocol.election, sid, protocol.source, protocol.observer) is None:
        raise NotFoundError(
            f"station {protocol.station} has no {protocol.source.value} protocol to correct",
            code="protocol.none_to_correct",
            params={"station": protocol.station, "source": protocol.source.value},
        )
    stored = record_protocol(session, protocol, entered_by=entered_by, reason=reason)
    findings = check_protocol(stored, settings=settings)
    errors = tuple(f for f in findings if f.severity is Severity.ERROR)
    if stored.source is not Source.OFFICIAL or errors:
        return Correction(stored, None, errors)
    final, _ = _make_final(
        session,
        stored,
        method="correction",
        decided_by=entered_by,
        resolution=None,
        note=reason,
        settings=settings,
    )
    warnings = tuple(f for f in findings if f.severity is Severity.WARNING)
    return Correction(stored, Finalisation(final, "correction", warnings, None), ())


def count_versions(session: Session, election: str) -> int:
    """How many protocol versions an election has (all sources)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(ProtocolVersionRow)
            .where(ProtocolVersionRow.election == election)
        )
        or 0
    )
