"""Mapping between protocol records and their rows (explicit, both ways)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from majlis.results._protocol import COUNT_LINES, Lines, Protocol, Source
from majlis.store.results_rows import ProtocolVersionRow

__all__ = ["now", "protocol_from_row", "row_values"]


def now() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


def row_values(
    protocol: Protocol, *, station_id: int, entered_by: str, entered_at: datetime
) -> dict[str, Any]:
    """The column values of a protocol version row."""
    values: dict[str, Any] = {k: getattr(protocol.lines, k) for k in COUNT_LINES}
    values.update(
        election=protocol.election,
        station_id=station_id,
        source=protocol.source.value,
        observer=protocol.observer or "",
        evidence_sha256=protocol.evidence_sha256,
        version=protocol.version,
        votes=[[name, v] for name, v in protocol.lines.votes],
        content_hash=protocol.content_hash,
        reason=protocol.reason,
        entered_by=entered_by,
        entered_at=entered_at,
    )
    return values


def protocol_from_row(row: ProtocolVersionRow, station: str) -> Protocol:
    """The protocol record a row stores."""
    lines = Lines(
        votes=tuple((str(name), int(v)) for name, v in row.votes),
        **{k: int(getattr(row, k)) for k in COUNT_LINES},
    )
    return Protocol(
        row.election,
        station,
        lines,
        source=Source(row.source),
        observer=row.observer or None,
        evidence_sha256=row.evidence_sha256,
        version=row.version,
        reason=row.reason,
    )
