"""Builders shared by the results tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from majlis.results import Lines, Protocol, Source

LISTS = ("Nur Otan", "Ak Zhol", "People's Party of Kazakhstan")


def make_lines(**overrides: Any) -> Lines:
    """A consistent protocol (every control relation holds) with the given overrides."""
    votes = overrides.pop(
        "votes", {"Nur Otan": 500, "Ak Zhol": 100, "People's Party of Kazakhstan": 70}
    )
    against = overrides.pop("against_all", 0)
    invalid = overrides.pop("invalid", 20)
    valid = overrides.pop("valid", sum(votes.values()) + against)
    found_mobile = overrides.pop("found_mobile", 30)
    found_stationary = overrides.pop("found_stationary", invalid + valid - found_mobile)
    issued_mobile = overrides.pop("issued_mobile", found_mobile)
    issued_station = overrides.pop("issued_station", found_stationary + 3)
    voters = overrides.pop("voters", 1200)
    received = overrides.pop("received", 1250)
    cancelled = overrides.pop("cancelled", received - issued_station - issued_mobile)
    fields = {
        "voters": voters,
        "received": received,
        "issued_station": issued_station,
        "issued_mobile": issued_mobile,
        "cancelled": cancelled,
        "found_stationary": found_stationary,
        "found_mobile": found_mobile,
        "invalid": invalid,
        "valid": valid,
        "against_all": against,
        "additional_voters": overrides.pop("additional_voters", 15),
    }
    assert not overrides, overrides
    return Lines.of(votes=votes, **fields)


@pytest.fixture
def protocol() -> Callable[..., Protocol]:
    """Build a protocol of station '0001' in 'kz-2021' with overridden lines."""

    def build(station: str = "0001", source: Source = Source.OFFICIAL, **lines: Any) -> Protocol:
        return Protocol("kz-2021", station, make_lines(**lines), source=source)

    return build


@pytest.fixture
def lines() -> Callable[..., Lines]:
    """Build consistent protocol lines with overrides (see make_lines)."""
    return make_lines
