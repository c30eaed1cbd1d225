"""The quick count's text-message format: typos tolerated, what is missing said."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from majlis.pvt.core.sms import LINE_CODES, list_codes, parse_sms

LISTS = ("Nur Otan", "Ak Zhol", "People's Party")


def test_full_message_with_typos() -> None:
    text = "PVT obs-7 0101 V12OO R1200 S8O0 M2l C399 B790 F21 N11 D800 PA5OO PB 200 pc100"
    parsed = parse_sms(text, LISTS)
    assert parsed.complete, parsed.reply()
    assert parsed.lines["voters"] == 1200
    assert parsed.lines["issued_station"] == 800
    assert parsed.lines["issued_mobile"] == 21
    assert parsed.lines["against_all"] == 0
    assert parsed.votes == {"PA": 500, "PB": 200, "PC": 100}
    assert parsed.reply().startswith("PVT obs-7 0101: V=1200 W=0 R=1200")


def test_missing_and_unreadable_are_named() -> None:
    parsed = parse_sms("PVT obs-7 0101 V1200 R12x0 PA500", LISTS)
    assert not parsed.complete
    assert parsed.unreadable == ("R12x0",)
    assert "missing R S M C B F N D PB PC" in parsed.reply()
    assert parse_sms("hello", LISTS).reply().startswith("PVT ? ?: nothing read; missing PVT")
    assert parse_sms("PVT", LISTS).missing[:2] == ("observer", "station")


def test_list_codes_skip_letters_read_as_digits() -> None:
    codes = list_codes(30)
    assert len(set(codes)) == 30
    assert not any(c in code[1:] for code in codes for c in "ILO")
    assert codes[:3] == ("PA", "PB", "PC")


@given(st.lists(st.integers(0, 10**6), min_size=14, max_size=14))
def test_round_trip(values: list[int]) -> None:
    lines = dict(zip(LINE_CODES, values[:11], strict=True))
    votes = dict(zip(list_codes(3), values[11:], strict=True))
    text = "PVT a 1 " + " ".join(f"{c}{v}" for c, v in {**lines, **votes}.items())
    parsed = parse_sms(text, LISTS)
    assert parsed.complete
    assert parsed.votes == votes
    assert {c: parsed.lines[n] for c, n in LINE_CODES.items()} == lines
