"""Recently verified API tokens, per worker process, for a few seconds.

Every authenticated request would otherwise look its token up in the database (a query and a
thread-pool hop before any work starts). A verified token's holder is kept for ``ttl`` seconds,
keyed by the token's stored digest (the secret itself is not kept). The price: a token revoked
(or expiring) elsewhere is refused by this worker at the latest ``ttl`` seconds later; a revoke
through this worker's API forgets it at once. ``ttl`` = 0 switches the cache off.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from majlis.store.tokens import Principal, token_digest

__all__ = ["TokenCache"]


class TokenCache:
    """Token digest → (holder, when verified); at most ``size`` entries, oldest dropped first."""

    def __init__(
        self, ttl: float, *, size: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl, self.size, self._clock = ttl, size, clock
        self._entries: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    def get(self, secret: str) -> Principal | None:
        """The holder of ``secret`` if it was verified less than ``ttl`` seconds ago."""
        if self.ttl <= 0:
            return None
        entry = self._entries.get(token_digest(secret))
        if entry is None or self._clock() - entry[1] >= self.ttl:
            return None
        return entry[0]

    def put(self, secret: str, holder: Principal) -> None:
        """Remember that ``secret`` was just verified as ``holder``'s."""
        if self.ttl <= 0:
            return
        key = token_digest(secret)
        with self._lock:
            self._entries.pop(key, None)
            while len(self._entries) >= self.size:
                del self._entries[next(iter(self._entries))]
            self._entries[key] = (holder, self._clock())

    def forget(self, token_id: int) -> None:
        """Drop every entry of token ``token_id`` (after a revoke)."""
        with self._lock:
            for key in [k for k, (p, _) in self._entries.items() if p.token_id == token_id]:
                del self._entries[key]
