"""Checks: control relations are errors, implausible values warnings; both paths agree."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.results import (
    CheckSettings,
    Lines,
    Protocol,
    ProtocolTable,
    Rule,
    Severity,
    check_protocol,
    check_table,
    invalid_fences,
    is_round_share,
)


def rules(findings: object) -> set[Rule]:
    """The rules named by findings."""
    return {f.rule for f in findings}  # type: ignore[attr-defined]


def test_consistent_protocol_has_no_error(protocol: Callable[..., Protocol]) -> None:
    """The builder's protocol satisfies every control relation."""
    assert not [f for f in check_protocol(protocol()) if f.severity is Severity.ERROR]


def test_received_relation_names_lines_and_numbers(protocol: Callable[..., Protocol]) -> None:
    """R ≠ I + C is an error naming the station, the lines, the numbers and the difference."""
    p = protocol(station="0042", received=1250, cancelled=500)
    (f,) = [f for f in check_protocol(p) if f.rule is Rule.RECEIVED]
    assert f.severity is Severity.ERROR
    assert f.station == "0042"
    assert f.lines == ("received", "issued", "cancelled")
    assert dict(f.values) == {"received": 1250, "issued": 693, "cancelled": 500}
    assert "R=1,250" in f.message
    assert "+57" in f.message
    assert str(f).startswith("station 0042: error R=I+C")


def test_every_relation_detected(protocol: Callable[..., Protocol]) -> None:
    """Each broken relation raises exactly its own error."""
    cases = {
        Rule.FOUND_LE_ISSUED: protocol(issued_station=600),
        Rule.FOUND: protocol(invalid=25, found_stationary=660),
        Rule.VALID: protocol(valid=671, found_stationary=661),
        Rule.ISSUED_LE_VOTERS: protocol(voters=500),
    }
    for rule, p in cases.items():
        errors = {f.rule for f in check_protocol(p) if f.severity is Severity.ERROR}
        assert rule in errors, (rule, errors)
    assert rules(check_protocol(protocol(voters=690))) >= {Rule.HIGH_TURNOUT}


def test_warnings(protocol: Callable[..., Protocol]) -> None:
    """High turnout, mobile share, additional voters and unusual invalid share are warnings."""
    found = rules(check_protocol(protocol(voters=700, additional_voters=200), invalid_fence=0.01))
    assert {Rule.HIGH_TURNOUT, Rule.ADDITIONAL_SHARE, Rule.UNUSUAL_INVALID} <= found
    mobile = protocol(found_mobile=200)
    assert Rule.MOBILE_SHARE in rules(check_protocol(mobile))
    assert all(f.severity is Severity.WARNING for f in check_protocol(mobile))


def test_round_turnout_and_leader(protocol: Callable[..., Protocol]) -> None:
    """A turnout of exactly 80 % and a leader share of exactly 75 % are flagged round."""
    p = protocol(
        voters=1000,
        issued_station=770,
        issued_mobile=30,
        received=1000,
        cancelled=200,
        votes={"Nur Otan": 600, "Ak Zhol": 200},
        invalid=5,
        found_stationary=775,
        found_mobile=30,
    )
    assert {Rule.ROUND_TURNOUT, Rule.ROUND_LEADER} <= rules(check_protocol(p))


def test_is_round_share_edges() -> None:
    """Closest-achievable count to a multiple of 5 % counts as round; its neighbours do not."""
    step = Fraction(1, 20)
    assert is_round_share(990, 1237, step)
    assert not is_round_share(989, 1237, step)
    assert is_round_share(1237, 1237, step)
    assert is_round_share(0, 7, step)
    assert not is_round_share(1, 0, step)


counts = st.integers(min_value=0, max_value=3000)


@st.composite
def random_protocols(draw: st.DrawFn) -> list[Protocol]:
    """Protocols that are often consistent and sometimes broken on any line."""
    out = []
    for i in range(draw(st.integers(1, 25))):
        votes = draw(st.lists(st.integers(0, 800), min_size=3, max_size=3))
        invalid, against = draw(st.integers(0, 60)), draw(st.integers(0, 30))
        valid = sum(votes) + against + draw(st.sampled_from([0, 0, 0, 1, -1]))
        found_m = draw(st.integers(0, 300))
        found_s = max(invalid + valid - found_m, 0)
        issued_s = found_s + draw(st.integers(-2, 5))
        voters = (
            draw(st.integers(max(issued_s + found_m, 0), 3000))
            if draw(st.booleans())
            else draw(counts)
        )
        received = draw(st.integers(0, 4000))
        cancelled = max(received - issued_s - found_m, 0) + draw(st.sampled_from([0, 0, 2]))
        lines = Lines.of(
            votes=dict(zip(("A", "B", "C"), votes, strict=True)),
            voters=voters,
            received=received,
            issued_station=max(issued_s, 0),
            issued_mobile=found_m,
            cancelled=cancelled,
            found_stationary=found_s,
            found_mobile=found_m,
            invalid=invalid,
            valid=max(valid, 0),
            against_all=against,
            additional_voters=draw(st.integers(0, 400)),
        )
        out.append(Protocol("e", f"{i:04d}", lines))
    return out


@settings(max_examples=60, deadline=None)
@given(random_protocols(), st.sampled_from(["north", "south"]))
def test_vectorised_agrees_with_per_protocol(protocols: list[Protocol], other: str) -> None:
    """check_table finds exactly the findings check_protocol finds, protocol by protocol."""
    regions = ["north" if i % 2 else other for i in range(len(protocols))]
    table = ProtocolTable.from_protocols(protocols)
    fences = invalid_fences(regions, table.counts["invalid"], table.line("found"), min_stations=1)
    fast = check_table(table, regions=regions, fences=fences).findings()
    slow = [
        f
        for p, r in zip(protocols, regions, strict=True)
        for f in check_protocol(p, invalid_fence=fences.get(r))
    ]
    assert fast == slow


def test_vectorised_blocked_rows(protocol: Callable[..., Protocol]) -> None:
    """Rows with an error are blocked; warning-only rows are not."""
    table = ProtocolTable.from_protocols(
        [
            protocol(station="1"),
            protocol(station="2", voters=500),
            protocol(station="3", voters=700),
        ]
    )
    result = check_table(table, settings=CheckSettings())
    assert result.blocked.tolist() == [False, True, False]
    assert result.counts()[Rule.HIGH_TURNOUT] == 2  # I > V is also a turnout over 95 %
    assert np.array_equal(result.masks[Rule.ISSUED_LE_VOTERS], [False, True, False])
