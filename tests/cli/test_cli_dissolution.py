"""``majlis party liquidate``, ``mandate dissolve`` and ``mandate by-election`` on both
databases: the mandates end or are filled, and bad input gets one clear line, no traceback."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from majlis import parliament, registry, store
from majlis.cli import app
from majlis.demo import Member, stage_members


@pytest.fixture
def chamber(
    database_url: str, monkeypatch: pytest.MonkeyPatch, small_chamber: Any
) -> dict[str, Any]:
    """Convocation ``c`` staged in a fresh database, plus one person outside the chamber."""
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        staged: dict[str, list[Member]] = small_chamber(session)
        [(outsider, _)] = stage_members(session, count=1, seed=31337)
    engine.dispose()
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "250")
    return {"staged": staged, "outsider": outsider.iin}


def _read(database_url: str, on: date) -> parliament.Composition:
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session:
        comp = parliament.composition(session, on=on, convocation="c")
    engine.dispose()
    return comp


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_liquidation_ends_the_mandates(chamber: dict[str, Any], database_url: str) -> None:
    """``party liquidate`` reports the memberships and the two mandates it ended."""
    code, out = _invoke(
        "party", "liquidate", "party-a", "--decided-by", "Supreme Court", "--on", "2021-07-01"
    )
    assert code == 0, out
    assert "party-a: liquidated on 2021-07-01; 4 memberships ended" in out
    assert out.count("mandate ended:") == 2
    comp = _read(database_url, date(2021, 7, 1))
    assert "Party A" not in comp.by_group
    assert comp.vacant_by_group["Party A"] == 2


def test_liquidation_of_an_unknown_party(chamber: dict[str, Any], database_url: str) -> None:
    """An unknown slug is one line naming the known parties; nothing changes."""
    code, out = _invoke("party", "liquidate", "nobody", "--decided-by", "court")
    assert code != 0
    assert out.startswith("error: no party 'nobody'; known parties: party-a, party-b")
    assert len(out.strip().splitlines()) == 1
    assert _read(database_url, date(2021, 7, 1)).by_group["Party A"] == 2


def test_dissolve_after_a_merger(chamber: dict[str, Any], database_url: str) -> None:
    """``mandate dissolve`` ends a merged party's mandates; a registered party's are refused."""
    code, out = _invoke("mandate", "dissolve", "c", "--party", "party-a", "--on", "2021-07-01")
    assert code == 3
    assert out.startswith("error: Party A is still registered on 2021-07-01")
    assert len(out.strip().splitlines()) == 1
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        registry.reorganise_party(
            session,
            party="party-a",
            on=date(2021, 7, 1),
            mode="merger",
            successors=["party-b"],
            entered_by="test",
        )
    engine.dispose()
    code, out = _invoke("mandate", "dissolve", "c", "--party", "party-a", "--on", "2021-07-10")
    assert code == 0, out
    assert "2 mandates ended" in out
    assert _read(database_url, date(2021, 7, 10)).vacant_by_group["Party A"] == 2


def test_by_election(chamber: dict[str, Any], database_url: str) -> None:
    """A vacant appointed post is filled; a held one is refused in one line."""
    held = next(
        m
        for m in _mandates(database_url)
        if m.kind is parliament.SeatKind.APPOINTED and m.end is None
    )
    args = ["mandate", "by-election", "c", "--post", str(held.post), "--on", "2021-05-01"]
    code, out = _invoke(*args, "--national-id", chamber["outsider"])
    assert code != 0
    assert out.startswith(f"error: Post {held.post} of C is held on 2021-05-01 or later")
    assert len(out.strip().splitlines()) == 1
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        parliament.terminate_mandate(
            session,
            convocation="c",
            person=held.person_id,
            reason=parliament.TerminationReason.DIED,
            on=date(2021, 4, 1),
        )
    engine.dispose()
    code, out = _invoke(*args, "--national-id", chamber["outsider"])
    assert code == 0, out
    assert f"(post {held.post}) from 2021-05-01" in out
    assert _read(database_url, date(2021, 5, 1)).by_group[parliament.ASSEMBLY] == 9


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--post", "1", "--national-id", "{outsider}"], "party-list seat"),
        (["--post", "100", "--national-id", "000000000000"], "No person with kz-iin"),
        (["--post", "0", "--national-id", "{outsider}"], "Invalid value for '--post'"),
    ],
)
def test_by_election_bad_input(chamber: dict[str, Any], args: list[str], message: str) -> None:
    """A list post, an unknown person, a post number below 1: one line, no traceback."""
    filled = [a.format(outsider=chamber["outsider"]) for a in args]
    code, out = _invoke("mandate", "by-election", "c", "--on", "2021-05-01", *filled)
    assert code != 0
    assert message in out
    assert "Traceback" not in out


def _mandates(database_url: str) -> tuple[parliament.MandateView, ...]:
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session:
        found = parliament.mandates(session, convocation="c", on=date(2021, 1, 15))
    engine.dispose()
    return found


@pytest.mark.parametrize(
    ("lang", "title", "kinds", "ended"),
    [
        ("ru", "Состав на", "способ замещения\tместа", "мандат прекращён:"),
        ("kk", "күнгі құрам", "толтыру тәсілі\tорындар", "мандат тоқтатылды:"),
    ],
)
def test_the_chamber_in_each_language(
    chamber: dict[str, Any], lang: str, title: str, kinds: str, ended: str
) -> None:
    """Composition headings, seat types and mandate outcomes are worded; groups as named."""
    code, out = _invoke(
        "--lang", lang, "parliament", "composition", "--date", "2021-07-01", "--format", "table"
    )
    assert code == 0, out
    assert title in out
    assert "Party A" in out
    code, out = _invoke(
        "--lang", lang, "parliament", "composition", "--date", "2021-07-01", "--format", "tsv"
    )
    assert kinds in out
    code, out = _invoke(
        "--lang",
        lang,
        "party",
        "liquidate",
        "party-a",
        "--decided-by",
        "Court",
        "--on",
        "2021-07-01",
    )
    assert code == 0, out
    assert out.count(ended) == 2


def test_history_in_each_language(chamber: dict[str, Any], database_url: str) -> None:
    """Every step of the chamber's history reads in Russian and Kazakh; names as registered."""
    held = next(
        m
        for m in _mandates(database_url)
        if m.kind is parliament.SeatKind.APPOINTED and m.end is None
    )
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        parliament.terminate_mandate(
            session,
            convocation="c",
            person=held.person_id,
            reason=parliament.TerminationReason.DIED,
            on=date(2021, 4, 1),
        )
    engine.dispose()
    by_election = ["mandate", "by-election", "c", "--post", str(held.post), "--on", "2021-05-01"]
    assert _invoke(*by_election, "--national-id", chamber["outsider"])[0] == 0
    liquidate = ["party", "liquidate", "party-a", "--decided-by", "Court", "--on", "2021-07-01"]
    assert _invoke(*liquidate)[0] == 0
    code, english = _invoke("parliament", "history", "c")
    assert code == 0, english
    assert "2021-07-01  terminated           post 1: mandate of " in english
    assert "ended (party dissolved); Party A ceased to exist on 2021-07-01" in english
    words = {
        "ru": [
            "C: открыт; мест — 107 (по партийным спискам — 98",
            "занятие места        место 1: его занял кандидат № 1 списка Party A",
            "место 99: избрание — Assembly of the People of Kazakhstan",
            "прекращён (умер)",
            "место 99: ожидаются дополнительные выборы (Assembly of the People of Kazakhstan)",
            "(партия ликвидирована); партия Party A прекратила существование 1 июл. 2021",
            "место 1: список Party A исчерпан",
        ],
        "kk": [
            "C ашылды: барлығы 107 орын",
            "1-орын: Party A тізіміндегі № 1 кандидат орын алды",
            "99-орын: сайлаған — Assembly of the People of Kazakhstan",
            "мандаты тоқтатылды (қайтыс болды)",
            "99-орын: қосымша сайлау күтілуде",
            "(партия таратылды); Party A 2021 ж. 01 шіл. күні өмір сүруін тоқтатты",
            "1-орын: Party A тізімі таусылды",
        ],
    }
    for lang, expected in words.items():
        code, out = _invoke("--lang", lang, "parliament", "history", "c")
        assert code == 0, out
        out = out.replace("\u202f", " ").replace("\xa0", " ")
        for text in expected:
            assert text in out, (lang, text, out)
        for template in ("opened with", "candidate no.", "ended (", "awaiting", "ceased to"):
            assert template not in out, (lang, template)
