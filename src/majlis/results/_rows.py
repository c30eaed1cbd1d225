"""Mapping between protocol records and their rows (explicit, both ways)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from majlis.results._protocol import COUNT_LINES, Lines, Protocol, Source
from majlis.store.results_rows import ProtocolVersionRow

__all__ = ["decode_votes", "encode_lists", "encode_votes", "now", "protocol_from_row", "row_values"]


def encode_lists(names: Iterable[str]) -> str:
    """Party-list names as the stored JSON text (ballot order)."""
    return json.dumps(list(names), ensure_ascii=False)


def encode_votes(votes: Iterable[int]) -> str:
    """Votes as the stored JSON text ``[v1,v2,...]`` (same order as the lists)."""
    return "[" + ",".join(str(int(v)) for v in votes) + "]"


def decode_votes(lists: str, votes: str) -> tuple[tuple[str, int], ...]:
    """The stored texts back as (list name, votes) pairs."""
    return tuple(zip(json.loads(lists), (int(v) for v in json.loads(votes)), strict=True))


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
        lists=encode_lists(protocol.lines.list_names),
        votes=encode_votes(v for _, v in protocol.lines.votes),
        content_hash=protocol.content_hash,
        reason=protocol.reason,
        entered_by=entered_by,
        entered_at=entered_at,
    )
    return values


def protocol_from_row(row: ProtocolVersionRow, station: str) -> Protocol:
    """The protocol record a row stores."""
    lines = Lines(
        votes=decode_votes(row.lists, row.votes),
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
