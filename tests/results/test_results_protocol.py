"""Protocol records: validation, canonical content hash, sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from majlis.errors import ProtocolError
from majlis.results import Lines, Protocol, Source, canonical_json


def test_lines_reject_negative_and_bool(protocol: Callable[..., Protocol]) -> None:
    """A negative count or a bool is refused naming the line and the bad value."""
    with pytest.raises(ProtocolError, match=r"'invalid' must be a non-negative integer. Got -1"):
        protocol(invalid=-1)
    with pytest.raises(ProtocolError, match="votes for 'Ak Zhol'"):
        replace(protocol().lines, votes=(("Ak Zhol", True),))


def test_duplicate_list_name_refused() -> None:
    """Two vote entries for the same list are refused."""
    with pytest.raises(ProtocolError, match="unique"):
        Lines(1, 1, 1, 0, 0, 1, 0, 0, 1, (("A", 1), ("A", 0)))


def test_derived_lines(protocol: Callable[..., Protocol]) -> None:
    """I and B are the sums of their station and mobile parts."""
    p = protocol(issued_station=600, issued_mobile=40, found_stationary=650, found_mobile=40)
    assert (p.lines.issued, p.lines.found) == (640, 690)
    assert p.lines.value("votes.Ak Zhol") == 100


def test_hash_is_sha256_of_canonical_json(protocol: Callable[..., Protocol]) -> None:
    """The content hash is SHA-256 over sorted-key compact JSON of the content."""
    import hashlib

    p = protocol()
    text = canonical_json(p.content())
    assert ", " not in text
    assert ": " not in text
    assert text.index('"election"') < text.index('"lines"')
    assert p.content_hash == hashlib.sha256(text.encode()).hexdigest()


def test_hash_changes_with_any_figure_not_with_version(protocol: Callable[..., Protocol]) -> None:
    """A changed figure changes the hash; a new version with the same figures keeps it."""
    p = protocol()
    assert protocol(voters=1201).content_hash != p.content_hash
    assert replace(p, version=2, reason="recount").content_hash == p.content_hash


def test_observer_copy_needs_observer_and_evidence(protocol: Callable[..., Protocol]) -> None:
    """An observer copy without an evidence hash is refused; an official one with it too."""
    lines = protocol().lines
    with pytest.raises(ProtocolError, match="evidence_sha256"):
        Protocol("e", "1", lines, source=Source.OBSERVER, observer="Erkin")
    with pytest.raises(ProtocolError, match="observer"):
        Protocol("e", "1", lines, observer="Erkin")
    copy = Protocol(
        "e", "1", lines, source=Source.OBSERVER, observer="Erkin", evidence_sha256="ab" * 32
    )
    assert copy.content()["observer"] == "Erkin"
