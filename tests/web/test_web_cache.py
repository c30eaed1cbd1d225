"""The results cache: revalidation by probe, one rebuild at a time."""

from __future__ import annotations

import threading

from majlis.cache import ResultsCache


def test_probe_decides_rebuilds() -> None:
    """Within the TTL nothing is asked; after it, an unchanged probe keeps the body."""
    cache = ResultsCache(ttl=0)
    state = {"probe": 1, "builds": 0}

    def build() -> bytes:
        state["builds"] += 1
        return f"body {state['probe']}".encode()

    first = cache.get("k", probe=lambda: state["probe"], build=build)
    again = cache.get("k", probe=lambda: state["probe"], build=build)
    assert (first, state["builds"]) == (again, 1)
    state["probe"] = 2
    changed = cache.get("k", probe=lambda: state["probe"], build=build)
    assert changed.body == b"body 2"
    assert changed.etag != first.etag
    assert state["builds"] == 2


def test_readers_get_the_previous_body_while_one_rebuilds() -> None:
    """While one caller rebuilds, another is served the previous body at once."""
    cache = ResultsCache(ttl=0)
    cache.get("k", probe=lambda: 1, build=lambda: b"old")
    started, release = threading.Event(), threading.Event()

    def slow_build() -> bytes:
        started.set()
        release.wait(5)
        return b"new"

    worker = threading.Thread(target=lambda: cache.get("k", probe=lambda: 2, build=slow_build))
    worker.start()
    started.wait(5)
    assert cache.get("k", probe=lambda: 2, build=lambda: b"never").body == b"old"
    release.set()
    worker.join(5)
    assert cache.get("k", probe=lambda: 2, build=lambda: b"never").body == b"new"
