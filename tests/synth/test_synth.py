"""majlis synth: exact national totals, control relations, ground truth, speed."""

from __future__ import annotations

import time

import numpy as np
import pytest

from majlis.results import (
    Lines,
    Protocol,
    ProtocolTable,
    Rule,
    Severity,
    Source,
    check_table,
    compare_entries,
)
from majlis.synth import KZ_2021, Irregularities, SynthSpec, synthesize
from majlis.synth._apportion import split_by_weights


@pytest.fixture(scope="module")
def rigged() -> object:
    """A 2021-like election with stuffing, switching and rounding, double entry and copies."""
    spec = SynthSpec(
        seed=7,
        double_entry=True,
        observer_share=0.1,
        irregularities=Irregularities(
            stuffing_share=0.04, switching_share=0.03, rounding_share=0.02
        ),
    )
    return synthesize(spec)


def test_sums_exactly_to_the_official_2021_totals() -> None:
    """Σ over 10,061 stations equals every official national figure of 10 January 2021."""
    e = synthesize(SynthSpec(seed=1))
    o = e.official
    assert len(o) == 10_061
    assert len({s.territorial for s in e.stations}) == 232
    assert len({s.region for s in e.stations}) == 17
    assert int(o.counts["voters"].sum()) == 11_919_241
    assert int(o.line("found").sum()) == 7_539_280
    assert int(o.counts["invalid"].sum()) == 297_718
    assert dict(zip(o.list_names, o.votes.sum(axis=0).tolist(), strict=True)) == dict(KZ_2021.votes)


def test_control_relations_hold_with_irregularities(rigged: object) -> None:
    """No synthetic official protocol breaks a control relation, even when manipulated."""
    e = rigged
    result = check_table(e.official)  # type: ignore[attr-defined]
    assert not any(result.counts()[r] for r in Rule if r.severity is Severity.ERROR)
    assert int(e.official.votes[:, 0].sum()) == 5_148_074  # type: ignore[attr-defined]


def test_ground_truth_matches_the_difference(rigged: object) -> None:
    """Official − truth is non-zero exactly at the recorded stations, by the recorded amounts."""
    e = rigged
    diff = e.official.votes - e.truth.votes  # type: ignore[attr-defined]
    codes = e.official.station  # type: ignore[attr-defined]
    recorded = {m.station: m for m in e.manipulations}  # type: ignore[attr-defined]
    changed = {codes[i] for i in np.flatnonzero(np.abs(diff).sum(axis=1))}
    assert changed == set(recorded)
    assert 0.08 * 10_061 < len(recorded) <= round(0.09 * 10_061)
    for i, code in enumerate(codes):
        if code in recorded:
            m = recorded[code]
            assert diff[i, 0] == m.leader_votes_added
            assert -diff[i, 1:].sum() == sum(v for _, v in m.votes_removed)
    found_true = e.truth.line("found")  # type: ignore[attr-defined]
    assert int(found_true.sum()) == 7_539_280 - sum(m.ballots_added for m in recorded.values())


def test_round_turnouts_are_flagged(rigged: object) -> None:
    """Every station whose turnout was written to a round number is flagged round (V ≥ 200)."""
    e = rigged
    flagged = check_table(e.official).masks[Rule.ROUND_TURNOUT]  # type: ignore[attr-defined]
    big = e.official.counts["voters"] >= 200  # type: ignore[attr-defined]
    index = {c: i for i, c in enumerate(e.official.station)}  # type: ignore[attr-defined]
    rounded = [index[m.station] for m in e.manipulations if m.kind == "rounding"]  # type: ignore[attr-defined]
    assert rounded
    assert all(flagged[i] for i in rounded if big[i])


def test_double_entry_and_observer_copies(rigged: object) -> None:
    """Entries differ at exactly 12 stations; copies at manipulated stations disagree."""
    e = rigged
    first, second = e.entries  # type: ignore[attr-defined]
    same = (first.votes == second.votes).all(axis=1)
    for line, column in first.counts.items():
        same &= column == second.counts[line]
    differing = np.flatnonzero(~same).tolist()
    assert len(differing) == 12
    assert all(len(compare_entries(first.protocol(i), second.protocol(i))) == 1 for i in differing)
    copies = e.observer  # type: ignore[attr-defined]
    manipulated = {m.station for m in e.manipulations}  # type: ignore[attr-defined]
    official = {c: i for i, c in enumerate(e.official.station)}  # type: ignore[attr-defined]
    disagree = {
        copies.station[j]
        for j in range(len(copies))
        if not np.array_equal(copies.votes[j], e.official.votes[official[copies.station[j]]])  # type: ignore[attr-defined]
    }
    assert manipulated & set(copies.station) <= disagree | set()
    assert len(disagree - manipulated) <= 5


def test_seeded_and_fast() -> None:
    """The same seed gives the same election; 10,061 stations take well under two seconds."""
    start = time.perf_counter()
    a = synthesize(SynthSpec(seed=3))
    assert time.perf_counter() - start < 2.0
    b = synthesize(SynthSpec(seed=3))
    assert np.array_equal(a.official.votes, b.official.votes)
    assert not np.array_equal(a.official.votes, synthesize(SynthSpec(seed=4)).official.votes)


def test_largest_remainder_is_exact() -> None:
    """The Hare split of 10,061 stations over 17 weights sums exactly with a floor of one."""
    split = split_by_weights(10_061, [1, 2, 3] * 5 + [100, 1], minimum=1)
    assert int(split.sum()) == 10_061
    assert split.min() >= 1


def test_table_hashes_equal_protocol_hashes() -> None:
    """The bulk hash path gives each row exactly the hash of its protocol record."""
    e = synthesize(SynthSpec(stations=60, territorials=17, seed=9, observer_share=0.5))
    for table in (e.official, e.observer):
        assert table is not None
        assert table.content_hashes() == [p.content_hash for p in table.protocols()]


def test_table_hashes_with_unicode_and_quotes() -> None:
    """Cyrillic names, quotes and backslashes hash the same on both paths."""
    lines = Lines.of(
        votes={"«Нұр Отан»": 5, 'Ak "Zhol"': 3, "back\\slash": 1},
        voters=20,
        received=20,
        issued_station=10,
        issued_mobile=0,
        cancelled=10,
        found_stationary=10,
        found_mobile=0,
        invalid=1,
        valid=9,
    )
    copy = Protocol(
        "выборы-2021",
        "Алматы-1",
        lines,
        source=Source.OBSERVER,
        observer='Ерлан "Е"',
        evidence_sha256="f" * 64,
    )
    table = ProtocolTable.from_protocols([copy, Protocol("e", "2", lines)])
    assert table.content_hashes() == [p.content_hash for p in table.protocols()]
