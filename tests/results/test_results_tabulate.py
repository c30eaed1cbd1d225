"""Tabulation up the hierarchy and discrepancy reports."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest

from majlis.errors import InputError
from majlis.law import PartyList, allocate, get_ruleset
from majlis.results import (
    Level,
    Protocol,
    ProtocolTable,
    Source,
    compare_copy,
    compare_published,
    tabulate,
)
from majlis.synth import SynthSpec, synthesize


def _three(protocol: Callable[..., Protocol]) -> ProtocolTable:
    return ProtocolTable.from_protocols(
        [protocol(station="1"), protocol(station="2", voters=1000), protocol(station="3")]
    )


def test_levels_sum_to_the_nation(protocol: Callable[..., Protocol]) -> None:
    """Station, territorial and regional sums all add up to the national tally."""
    tab = tabulate(
        _three(protocol),
        territorial={"1": "T1", "2": "T1", "3": "T2"},
        region={"T1": "North", "T2": "South"},
    )
    national = tab.national
    assert national.stations == 3
    assert national.lines["voters"] == 3400
    assert dict(national.votes)["Nur Otan"] == 1500
    for level in (Level.STATION, Level.TERRITORIAL, Level.REGION):
        tallies = tab.tallies(level)
        assert sum(t.lines["found"] for t in tallies) == national.lines["found"]
    north = tab.tally(Level.REGION, "North")
    assert north.stations == 2
    assert north.lines["voters"] == 2200
    assert north.turnout == Fraction(2 * 693, 2200)
    assert national.share("Nur Otan") == Fraction(1500, 3 * 670)


def test_duplicate_station_refused(protocol: Callable[..., Protocol]) -> None:
    """Two final protocols for one station cannot be tabulated."""
    table = ProtocolTable.from_protocols([protocol(station="1"), protocol(station="1")])
    with pytest.raises(InputError, match="one final protocol per station"):
        tabulate(table, territorial={"1": "T"}, region={"T": "R"})


def test_observer_copy_discrepancy(protocol: Callable[..., Protocol]) -> None:
    """An observer copy with fewer leader votes shows the line and the size of the difference."""
    official = protocol()
    lines = protocol(
        votes={"Nur Otan": 400, "Ak Zhol": 100, "People's Party of Kazakhstan": 70},
        found_stationary=560,
    ).lines
    copy = Protocol(
        "kz-2021", "0001", lines, source=Source.OBSERVER, observer="Erkin", evidence_sha256="0" * 64
    )
    report = compare_copy(official, copy)
    diffs = {d.line: d.difference for d in report.differences}
    assert diffs == {
        "issued_station": 100,
        "cancelled": -100,
        "found_stationary": 100,
        "valid": 100,
        "votes.Nur Otan": 100,
    }
    assert report.size == 500
    assert report.against == "observer Erkin"


def test_published_total_discrepancy(protocol: Callable[..., Protocol]) -> None:
    """A published national total that differs from the station sums is reported per line."""
    tab = tabulate(_three(protocol), territorial={"1": "T", "2": "T", "3": "T"}, region={"T": "R"})
    report = compare_published(tab.national, {"votes.Nur Otan": 1600, "voters": 3400})
    assert [(d.line, d.official, d.other, d.difference) for d in report.differences] == [
        ("votes.Nur Otan", 1500, 1600, -100)
    ]


def test_synthetic_2021_allocates_76_12_10() -> None:
    """The synthetic 2021 count, tabulated, gives the official 76 / 12 / 10 under the 2009 law."""
    election = synthesize(SynthSpec(seed=21))
    places = {s.code: s for s in election.stations}
    tab = tabulate(
        election.official,
        territorial={c: s.territorial for c, s in places.items()},
        region={s.territorial: s.region for s in places.values()},
    )
    national = tab.national
    seats = allocate(
        get_ruleset("kz-majlis-2009"),
        [PartyList(n, v, registration_order=i) for i, (n, v) in enumerate(national.votes)],
        ballots_cast=national.lines["found"],
        registered_voters=national.lines["voters"],
    )
    assert dict(seats.seats) == {
        "Nur Otan": 76,
        "Ak Zhol": 12,
        "People's Party of Kazakhstan": 10,
        "Auyl": 0,
        "Adal": 0,
    }


def test_regional_variation() -> None:
    """Regions differ as set: Almaty city turns out far less than Turkistan Region."""
    election = synthesize(SynthSpec(seed=3))
    places = {s.code: s for s in election.stations}
    tab = tabulate(
        election.official,
        territorial={c: s.territorial for c, s in places.items()},
        region={s.territorial: s.region for s in places.values()},
    )
    almaty = tab.tally(Level.REGION, "Almaty").turnout
    turkistan = tab.tally(Level.REGION, "Turkistan Region").turnout
    assert almaty < turkistan - Fraction(2, 10)
    assert tab.national.turnout == Fraction(7_539_280, 11_919_241)


def test_an_unknown_unit_and_line_are_refused_in_each_language(
    protocol: Callable[..., Protocol],
) -> None:
    """A unit the tabulation lacks and a published line it does not know carry codes; the
    English is the error's text, Russian and Kazakh are worded from the parameters."""
    from majlis import i18n
    from majlis.error_text import describe
    from majlis.errors import ConflictError, NotFoundError

    tab = tabulate(
        _three(protocol),
        territorial={"1": "T1", "2": "T1", "3": "T2"},
        region={"T1": "North", "T2": "South"},
    )
    with pytest.raises(NotFoundError) as missing:
        tab.tally(Level.REGION, "West")
    with pytest.raises(ConflictError) as unknown:
        compare_published(tab.tally(Level.REGION, "North"), {"spoilt": 3})
    assert str(missing.value) == "no region 'West' in the tabulation"
    assert str(unknown.value).startswith(
        "published region total 'North' names an unknown line 'spoilt' (known: voters, "
    )
    with i18n.using("ru"):
        assert describe(missing.value) == "в подсчёте итогов нет региона «West»"
        assert describe(unknown.value).startswith(
            "опубликованный итог региона «North» содержит неизвестную строку «spoilt»"
        )
    with i18n.using("kk"):
        assert describe(missing.value) == "қорытынды есебінде «West» өңірі жоқ"
        assert describe(unknown.value).startswith(
            "«North» өңірінің жарияланған қорытындысында белгісіз «spoilt» жолы бар"
        )
