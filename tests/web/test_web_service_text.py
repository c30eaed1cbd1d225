"""The services' sentences on the dashboard in Russian and Kazakh: a station's check findings
and the chamber's history, worded as the command line words them (one wording per sentence)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import create_engine

from majlis import parliament, results, store
from majlis.api import Settings, create_app
from majlis.finding_text import code_word, finding_text
from majlis.i18n import using
from majlis.note_text import note_text
from majlis.notes import Note

ELECTION = "kz-majlis-2021"


@pytest.fixture(scope="module")
def db(live_database: str) -> Iterator[Any]:
    """A read session on a copy of the demo database (deferred transactions)."""
    engine = create_engine(live_database)
    with store.session_factory(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="module")
def client(live_database: str) -> Iterator[TestClient]:
    """The app on the same copy of the demo database."""
    app = create_app(Settings(database_url=live_database, access_log=False))
    with TestClient(app) as http:
        yield http


def _shown(text: str) -> str:
    """``text`` as the page's HTML carries it (escaped by the templates)."""
    return str(escape(text))


@pytest.fixture(scope="module")
def flagged(db: Any) -> tuple[str, tuple[results.Finding, ...]]:
    """A station whose official protocol has findings, and those findings."""
    table, _ = results.final_table(db, ELECTION)
    for i in range(len(table)):
        if results.check_protocol(table.protocol(i)):
            code = table.station[i]
            official = results.latest_protocol(db, ELECTION, code, results.Source.OFFICIAL)
            assert official is not None
            return code, results.check_protocol(official)
    raise AssertionError("the demo data has no station with a check finding")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_station_findings_in_the_page_language(
    client: TestClient, flagged: tuple[str, tuple[results.Finding, ...]], lang: str
) -> None:
    """Each finding of the station reads in the page's language; the English message is gone."""
    code, findings = flagged
    assert findings
    html = client.get(f"/stations/{quote(code)}", params={"election": ELECTION, "lang": lang})
    assert html.status_code == 200
    for f in findings:
        with using(lang):
            worded, rule = finding_text(f), code_word(f.rule.value)
        assert worded != f.message
        assert _shown(f"{rule}: {worded}") in html.text, (lang, f.rule)
        assert _shown(f.message) not in html.text, (lang, f.rule)


def test_station_findings_in_english_are_the_service_messages(
    client: TestClient, flagged: tuple[str, tuple[results.Finding, ...]]
) -> None:
    """In English the page shows each finding's message as the service wrote it."""
    code, findings = flagged
    html = client.get(f"/stations/{quote(code)}", params={"election": ELECTION, "lang": "en"})
    for f in findings:
        assert _shown(f"{f.rule.value}: {f.message}") in html.text


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_parliament_history_in_the_page_language(client: TestClient, db: Any, lang: str) -> None:
    """Every step of the chamber's history reads in the page's language, none in English."""
    slug = parliament.convocations(db)[0].slug
    history = parliament.chamber_history(db, convocation=slug)
    keyed = [e.detail for e in history if isinstance(e.detail, Note)]
    steps = {"chamber.opened", "chamber.terminated+notice", "chamber.succeeded"}
    assert {d.key for d in keyed} >= steps
    html = client.get("/parliament", params={"convocation": slug, "lang": lang}).text
    for detail in keyed:
        with using(lang):
            worded = note_text(detail)
        assert worded != str(detail)
        assert _shown(worded) in html, (lang, detail.key)
        assert _shown(str(detail)) not in html, (lang, detail.key)
