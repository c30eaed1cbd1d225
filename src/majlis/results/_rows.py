"""Mapping between protocol records and their rows (explicit, both ways)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from majlis.results._protocol import COUNT_LINES, Lines, Protocol, Source
from majlis.store.results_rows import ProtocolVersionRow

__all__ = ["decode_votes", "encode_votes", "now", "protocol_from_row", "row_values"]


def encode_votes(votes: Iterable[tuple[str, int]]) -> str:
    """Votes per list as the stored JSON text ``[["name", votes], ...]`` (ballot order)."""
    return "[" + ",".join(f"[{json.dumps(n, ensure_ascii=False)},{int(v)}]" for n, v in votes) + "]"


def decode_votes(text: str) -> tuple[tuple[str, int], ...]:
    """The stored JSON text of the votes back as (list name, votes) pairs."""
    return tuple((str(name), int(v)) for name, v in json.loads(text))


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
        votes=encode_votes(protocol.lines.votes),
        content_hash=protocol.content_hash,
        reason=protocol.reason,
        entered_by=entered_by,
        entered_at=entered_at,
    )
    return values


def protocol_from_row(row: ProtocolVersionRow, station: str) -> Protocol:
    """The protocol record a row stores."""
    lines = Lines(
        votes=decode_votes(row.votes),
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
