"""An in-process cache of computed results, keyed by what they depend on, shared by the API
and the dashboard it mounts (both serve the same published results and audits).

A cached body is served for ``ttl`` seconds without touching the database; after that a
cheap ``probe`` (the latest final decision) says whether to rebuild. One request rebuilds
while the others keep getting the previous body (stale-while-revalidate), so a burst of
readers never recomputes the same tabulation many times over. Each worker process keeps
its own cache; nothing is shared, so the API stays stateless.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from majlis import record, results

if TYPE_CHECKING:  # the audit stack (SciPy, plots) loads on an audit's first use
    from majlis.report import StoredAudit

__all__ = ["CachedBody", "ResultsCache", "cached_audit", "results_probe"]


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
    """Bodies by key, revalidated by a probe after ``ttl`` seconds, rebuilt by one caller."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._entries: dict[Hashable, _Entry] = {}
        self._building: set[Hashable] = set()
        self._lock = threading.Lock()

    def fresh(self, key: Hashable) -> CachedBody | None:
        """The body for ``key`` if it was checked within the TTL (no database needed)."""
        entry = self._entries.get(key)
        if entry is not None and time.monotonic() - entry.checked < self.ttl:
            return entry.value
        return None

    def get(
        self, key: Hashable, *, probe: Callable[[], Hashable], build: Callable[[], bytes]
    ) -> CachedBody:
        """The cached body for ``key``, rebuilt when the probe's answer changed."""
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and now - entry.checked < self.ttl:
            return entry.value
        with self._lock:
            if entry is not None and key in self._building:
                return entry.value  # someone is rebuilding: serve the previous body
            self._building.add(key)
        try:
            current = probe()
            if entry is not None and entry.probe == current:
                entry.checked = time.monotonic()
                return entry.value
            body = build()
            value = CachedBody(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
            self._entries[key] = _Entry(current, time.monotonic(), value)
            return value
        finally:
            with self._lock:
                self._building.discard(key)


def results_probe(session: Session, election: str) -> Hashable:
    """What published results depend on: the heads of the election's record chains.

    Every protocol version (entries, official, observer copies), final decision and incident
    extends one of the election's chains, so a new final protocol, a new entry (which changes
    which stations await resolution) and the record digest the pages show all change a head.
    """
    return tuple(head.line() for head in record.stored_heads(session, election))


def cached_audit(state: Any, session: Session, election: str) -> StoredAudit:
    """The stored audit of ``election`` (:func:`majlis.report.election_audit`, default
    settings), kept in ``state`` (the app's) while the final protocols stay the same."""
    from majlis.report import election_audit  # the audit stack: only when an audit is asked

    memo: dict[str, StoredAudit] = state.__dict__.setdefault("audits", {})
    digest = results.final_protocols_digest(session, election)
    hit = memo.get(election)
    if hit is not None and hit.protocols_digest == digest:
        return hit
    audit = election_audit(session, election)
    memo[election] = audit
    return audit
