"""The audit of a stored election: computed once per state of the count, stored, read by all.

:func:`election_audit` is the one service behind every forensic figure of a stored election:
``majlis audit --election``, the dashboard's forensics page, ``GET
/api/v1/elections/{slug}/forensics`` and the demo's reports. It keys the audit by the digest
of the standing final protocols (:func:`majlis.results.final_protocols_digest`) and by its
settings; a stored audit with the same key is read back, otherwise the audit runs on the
final protocols and its record is stored. The same count and the same settings therefore
give the same figures everywhere, and :data:`AUDIT_DEFAULTS` are the settings everyone uses
unless a caller asks for others.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from majlis.elections import get_election
from majlis.errors import NotFoundError
from majlis.report.audit import audit_table
from majlis.report.model import AUDIT_DEFAULTS, AuditOptions
from majlis.report.record import AuditRecord
from majlis.report.stored import stored_station_table
from majlis.results import final_protocols_digest, station_results
from majlis.store.audit_rows import ForensicAuditRow

__all__ = ["AUDIT_DEFAULTS", "StoredAudit", "election_audit"]


@dataclass(frozen=True, slots=True)
class StoredAudit:
    """An election's audit record, the digest of the protocols it read, when it was computed."""

    election: str
    protocols_digest: str
    computed_at: datetime
    record: AuditRecord


def _settings(options: AuditOptions, leader: str | None, methods: tuple[str, ...] | None) -> str:
    chosen = list(methods) if methods else None
    return json.dumps(
        {"options": asdict(options), "leader": leader, "methods": chosen}, sort_keys=True
    )


def _title(session: Session, election: str) -> str:
    try:
        return f"{get_election(session, election).name} ({election})"
    except NotFoundError:
        return f"election {election}"


def _find(session: Session, election: str, digest: str, settings_digest: str) -> StoredAudit | None:
    row = session.scalars(
        select(ForensicAuditRow).where(
            ForensicAuditRow.election == election,
            ForensicAuditRow.protocols_digest == digest,
            ForensicAuditRow.settings_digest == settings_digest,
        )
    ).one_or_none()
    if row is None:
        return None
    computed = row.computed_at if row.computed_at.tzinfo else row.computed_at.replace(tzinfo=UTC)
    return StoredAudit(election, digest, computed, AuditRecord.from_json(row.document))


def election_audit(
    session: Session,
    election: str,
    *,
    options: AuditOptions = AUDIT_DEFAULTS,
    leader: str | None = None,
    methods: tuple[str, ...] | None = None,
    on_step: Callable[[str], None] | None = None,
) -> StoredAudit:
    """The audit of ``election``'s standing final protocols: read if stored, else run and stored.

    ``leader`` (default: the most voted list) and ``methods`` (default: all) are part of the
    settings, as ``options`` are. The audit is stored in a savepoint of the caller's
    transaction; when another process stored the same audit meanwhile, that one is read back.

    Raises:
        NotFoundError: the election has no final protocol.
    """
    digest = final_protocols_digest(session, election)
    settings = _settings(options, leader, methods)
    settings_digest = hashlib.sha256(settings.encode()).hexdigest()
    found = _find(session, election, digest, settings_digest)
    if found is not None:
        return found
    table = stored_station_table(
        station_results(session, election), leader=leader, name=_title(session, election)
    )
    record = AuditRecord.from_audit(
        audit_table(table, options=options, methods=methods, on_step=on_step)
    )
    now = datetime.now(UTC)
    try:
        with session.begin_nested():
            session.add(
                ForensicAuditRow(
                    election=election,
                    protocols_digest=digest,
                    settings_digest=settings_digest,
                    settings=settings,
                    document=record.to_json(),
                    computed_at=now,
                )
            )
    except IntegrityError:
        again = _find(session, election, digest, settings_digest)
        if again is not None:
            return again
        raise
    return StoredAudit(election, digest, now, record)
