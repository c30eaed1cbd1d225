"""The load thread of a roll load: order kept, errors raised in the caller, it stops."""

from __future__ import annotations

import threading
import time

import pytest

from majlis.store.bulk._copier import Copier


def test_statements_run_in_order_in_another_thread() -> None:
    ran: list[tuple[str, object, str]] = []
    copier = Copier(lambda s, d: ran.append((s, d, threading.current_thread().name)), ahead=2)
    for k in range(50):
        copier.put(f"COPY t{k % 3}", k)
    copier.drain()
    assert [(s, d) for s, d, _ in ran] == [(f"COPY t{k % 3}", k) for k in range(50)]
    assert {name for _, _, name in ran} == {"majlis-copy"}
    assert not any(t.name == "majlis-copy" for t in threading.enumerate())


def test_an_error_is_raised_in_the_caller_and_the_rest_is_skipped() -> None:
    ran: list[object] = []

    def run(_statement: str, data: object) -> None:
        if data == 3:
            raise ValueError("row 3 is bad")
        ran.append(data)

    def put_all() -> None:
        for k in range(100):
            copier.put("COPY t", k)
            time.sleep(0.001)
        copier.drain()

    copier = Copier(run, ahead=1)
    with pytest.raises(ValueError, match="row 3 is bad"):
        put_all()
    copier.close()
    assert ran == [0, 1, 2]


def test_close_without_statements_and_twice_is_harmless() -> None:
    copier = Copier(lambda _s, _d: None)
    copier.close()
    copier.drain()
    copier.put("COPY t", 1)
    copier.close()
    copier.close()


def test_inline_statements_run_at_once_in_the_caller() -> None:
    """For a connection only its own thread may use: no thread, errors raised at put()."""
    ran: list[tuple[object, str]] = []

    def run(_statement: str, data: object) -> None:
        if data == 2:
            raise ValueError("row 2 is bad")
        ran.append((data, threading.current_thread().name))

    copier = Copier(run, inline=True)
    copier.put("INSERT", 1)
    assert ran == [(1, threading.current_thread().name)]
    with pytest.raises(ValueError, match="row 2 is bad"):
        copier.put("INSERT", 2)
    copier.drain()
    assert not any(t.name == "majlis-copy" for t in threading.enumerate())
