"""An in-process cache of computed results, keyed by what they depend on.

A cached body is served for ``ttl`` seconds without touching the database; after that the
cheap ``probe`` (e.g. the number of stored protocol versions) decides whether to rebuild.
Each worker process keeps its own cache; nothing is shared, so the API stays stateless.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from majlis.store.results_rows import ProtocolFinalRow, ProtocolVersionRow


@dataclass(frozen=True, slots=True)
class CachedBody:
    """A response body with its strong ETag."""

    body: bytes
    etag: str


@dataclass(slots=True)
class _Entry:
    probe: Hashable
    checked: float
    value: CachedBody


class ResultsCache:
    """Bodies by key, revalidated by a probe after ``ttl`` seconds."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._entries: dict[Hashable, _Entry] = {}
        self._lock = threading.Lock()

    def get(
        self, key: Hashable, *, probe: Callable[[], Hashable], build: Callable[[], bytes]
    ) -> CachedBody:
        """The cached body for ``key``, rebuilt when the probe's answer changed."""
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and now - entry.checked < self.ttl:
            return entry.value
        current = probe()
        if entry is not None and entry.probe == current:
            entry.checked = now
            return entry.value
        body = build()
        value = CachedBody(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
        with self._lock:
            self._entries[key] = _Entry(current, now, value)
        return value


def results_probe(session: Session, election: str) -> Hashable:
    """What published results depend on: the stored versions and the latest final decision."""
    row = session.execute(
        select(
            select(func.count(ProtocolVersionRow.id))
            .where(ProtocolVersionRow.election == election)
            .scalar_subquery(),
            select(func.max(ProtocolFinalRow.id))
            .where(ProtocolFinalRow.election == election)
            .scalar_subquery(),
        )
    ).one()
    return (int(row[0] or 0), int(row[1] or 0))
