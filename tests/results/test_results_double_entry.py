"""Double entry: agreement makes a protocol final; differences need a recorded resolution."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from majlis.errors import ConflictError, InputError
from majlis.results import Protocol, Resolution, Source, agreed_protocol, compare_entries


def test_agreeing_entries_give_the_official_protocol(protocol: Callable[..., Protocol]) -> None:
    """Two equal entries yield an official protocol with the same figures and hash content."""
    a, b = protocol(source=Source.ENTRY_1), protocol(source=Source.ENTRY_2)
    assert compare_entries(a, b) == ()
    final = agreed_protocol(a, b)
    assert final.source is Source.OFFICIAL
    assert final.lines == a.lines


def test_differences_listed_field_by_field(protocol: Callable[..., Protocol]) -> None:
    """Each differing field is listed with both values and the difference."""
    a = protocol(source=Source.ENTRY_1, votes={"Nur Otan": 500, "Ak Zhol": 100})
    b = protocol(
        source=Source.ENTRY_2,
        votes={"Nur Otan": 50, "Ak Zhol": 100},
        valid=600,
        found_stationary=590,
    )
    diffs = {d.field: (d.first, d.second, d.difference) for d in compare_entries(a, b)}
    assert diffs == {"votes.Nur Otan": (500, 50, -450)}  # equal fields are not listed
    with pytest.raises(ConflictError, match=r"votes.Nur Otan: entry 1 = 500, entry 2 = 50"):
        agreed_protocol(a, b)


def test_resolution_must_cover_exactly_the_differences(protocol: Callable[..., Protocol]) -> None:
    """A resolution that leaves out a differing field is refused; a full one is applied."""
    a = protocol(source=Source.ENTRY_1, invalid=20)
    b = protocol(source=Source.ENTRY_2, invalid=21, found_stationary=a.lines.found_stationary)
    assert [d.field for d in compare_entries(a, b)] == ["invalid"]
    with pytest.raises(InputError, match="exactly the differing fields"):
        agreed_protocol(a, b, resolution=Resolution("Aigerim", {"voters": 1}))
    final = agreed_protocol(a, b, resolution=Resolution("Aigerim", {"invalid": 20}, "paper"))
    assert final.lines.invalid == 20


def test_entries_of_different_stations_refused(protocol: Callable[..., Protocol]) -> None:
    """Comparing entries of two stations is a conflict."""
    with pytest.raises(ConflictError, match="different protocols"):
        compare_entries(protocol(station="1"), protocol(station="2"))
