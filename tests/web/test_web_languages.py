"""The dashboard in English, Russian and Kazakh: every page per language, the switch, the
negotiation (``?lang=``, cookie, ``Accept-Language``) and hostile ``lang`` values."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Page
from sqlalchemy import create_engine

from majlis import registry, results, store
from majlis.web.i18n import COOKIE

ELECTION = "kz-majlis-2021"
# A few words each page must show in each language (navigation and page-specific).
WORDS = {
    "en": ["Results", "Parliament", "Skip to content"],
    "ru": ["Итоги", "Парламент", "Перейти к содержимому"],
    "kk": ["Қорытындылар", "Парламент", "Мазмұнға өту"],
}
PAGE_WORDS = {
    "results": {"en": "turnout", "ru": "явка", "kk": "сайлаушылардың қатысуы"},
    "region": {
        "en": "Territorial commissions",
        "ru": "Территориальные избирательные комиссии",
        "kk": "Аумақтық сайлау комиссиялары",
    },
    "territory": {
        "en": "Polling stations",
        "ru": "Избирательные участки",
        "kk": "Сайлау учаскелері",
    },
    "station": {
        "en": "Protocols side by side",
        "ru": "Протоколы рядом",
        "kk": "Хаттамаларды салыстыру",
    },
    "search": {
        "en": "Registered voters",
        "ru": "Зарегистрировано избирателей",
        "kk": "Тіркелген сайлаушылар",
    },
    "discrepancies": {
        "en": "official figures",
        "ru": "официальными данными",
        "kk": "ресми деректерден",
    },
    "forensics": {"en": "Conclusions", "ru": "Выводы", "kk": "Қорытындылар"},
    "parties": {"en": "Intake", "ru": "Приём в члены", "kk": "Мүшелікке қабылдау"},
    "party": {"en": "Membership over time", "ru": "Динамика членства", "kk": "Мүшеліктің өзгеруі"},
    "parliament": {"en": "Convocation", "ru": "Созыв", "kk": "Шақырылым"},
    "pvt": {
        "en": "Quick count",
        "ru": "Параллельный подсчёт голосов",
        "kk": "Дауыстарды параллель санау",
    },
    "login": {"en": "Token", "ru": "Токен", "kk": "Токен"},
    "home": {
        "en": "statistical checks",
        "ru": "статистические проверки",
        "kk": "статистикалық тексеру",
    },
}


@pytest.fixture(scope="module")
def db(live_server: Any) -> Iterator[Any]:
    """A read session on the live server's database (deferred transactions)."""
    engine = create_engine(live_server.database_url)
    with store.session_factory(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="module")
def pages(db: Any) -> dict[str, str]:
    """One address per kind of page, on the demo data."""
    tab = results.tabulate_election(db, ELECTION)
    region = next(iter(tab.tallies(results.Level.REGION))).unit
    place = next(iter(results.station_places(db).values()))
    party = next(iter(registry.list_parties(db)))[0].slug
    return {
        "home": "/",
        "results": f"/results?election={ELECTION}",
        "region": f"/results/regions/{quote(region, safe='')}?election={ELECTION}",
        "territory": f"/results/territories/{quote(place.territorial)}?election={ELECTION}",
        "station": f"/stations/{quote(place.code)}?election={ELECTION}",
        "search": f"/stations?q={quote(place.code)}",
        "discrepancies": f"/discrepancies?election={ELECTION}",
        "forensics": f"/forensics?election={ELECTION}",
        "parties": "/parties",
        "party": f"/parties/{party}",
        "parliament": "/parliament",
        "pvt": f"/pvt?election={ELECTION}",
        "login": "/login",
    }


def _get(live_server: Any, path: str, **kwargs: Any) -> httpx.Response:
    """One request with no cookie jar (each test says exactly what it sends)."""
    return httpx.get(live_server.url + path, timeout=120, **kwargs)


def _with(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_page_in_every_language(live_server: Any, pages: dict[str, str], lang: str) -> None:
    """Each page renders in the language asked for, with <html lang> and its own words."""
    for kind, path in pages.items():
        response = _get(live_server, _with(path, lang))
        assert response.status_code == 200, (kind, response.text[:300])
        html = response.text
        assert f'<html lang="{lang}">' in html, kind
        for word in [*WORDS[lang], PAGE_WORDS[kind][lang]]:
            assert word in html, (kind, lang, word)
        if lang != "en":
            assert "Skip to content" not in html, kind
            assert ">Results<" not in html, kind


def test_numbers_follow_the_language(live_server: Any, db: Any) -> None:
    """Counts are grouped the Russian way on the Russian page; the English one is unchanged."""
    voters = results.tabulate_election(db, ELECTION).national.lines["voters"]
    assert voters >= 1000
    ru = _get(live_server, f"/results?election={ELECTION}&lang=ru").text
    en = _get(live_server, f"/results?election={ELECTION}&lang=en").text
    assert f"{voters:,}".replace(",", "\xa0") in ru
    assert f"{voters:,}" in en


def test_the_switch_keeps_the_page_and_is_remembered(
    live_server: Any, pages: dict[str, str]
) -> None:
    """The switch links to this page in each language (marked up for assistive technology); a
    choice through it is kept in a cookie that later pages honour."""
    path = pages["region"]
    response = _get(live_server, _with(path, "ru"))
    nav = re.search(r'<nav class="langs".*?</nav>', response.text, re.S)
    assert nav is not None
    links = re.findall(
        r'<a href="([^"]+)" hreflang="(\w+)" lang="(\w+)"( aria-current="true")?>', nav.group(0)
    )
    base = path.replace("&", "&amp;")
    assert [(h, code, current != "") for h, code, lang, current in links] == [
        (f"{base.split('?')[0]}?election={ELECTION}&amp;lang={code}", code, code == "ru")
        for code in ("en", "ru", "kk")
    ]
    assert all(code == lang for _, code, lang, _ in links)
    assert response.cookies.get(COOKIE) == "ru"
    assert {"accept-language", "cookie"} <= {
        v.strip().lower() for v in response.headers.get("vary", "").split(",")
    }
    later = _get(live_server, pages["parties"], cookies={COOKIE: "ru"})
    assert '<html lang="ru">' in later.text
    assert COOKIE not in later.headers.get("set-cookie", "")
    # ?lang= beats the cookie, the cookie beats Accept-Language
    assert '<html lang="kk">' in _get(live_server, "/parties?lang=kk", cookies={COOKIE: "ru"}).text
    assert (
        '<html lang="ru">'
        in _get(
            live_server, "/parties", cookies={COOKIE: "ru"}, headers={"Accept-Language": "kk"}
        ).text
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [("kk", "kk"), ("kk-KZ,ru;q=0.8,en;q=0.5", "kk"), ("de-DE,ru;q=0.5", "ru"), ("fr", "en")],
)
def test_accept_language_picks_the_language(live_server: Any, header: str, expected: str) -> None:
    """With neither ?lang= nor cookie, the browser's preference decides; English otherwise."""
    html = _get(live_server, "/parliament", headers={"Accept-Language": header}).text
    assert f'<html lang="{expected}">' in html


def test_results_cache_is_per_language(live_server: Any) -> None:
    """The public results page is cached per language: Russian never leaks into English."""
    path = f"/results?election={ELECTION}"
    for _ in range(2):
        assert "Итоги по стране" in _get(live_server, _with(path, "ru")).text
        english = _get(live_server, path).text
        assert "National result" in english
        assert "Итоги" not in english


def test_unknown_language_falls_back_to_english(live_server: Any) -> None:
    """?lang=xx is no error: the page is English and no cookie is set."""
    response = _get(live_server, "/results?lang=xx")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert COOKIE not in response.headers.get("set-cookie", "")


@pytest.mark.parametrize("value", ["%00", "ru%00", "r" * 36, "ru" + "-x" * 40])
def test_hostile_lang_is_refused(live_server: Any, value: str) -> None:
    """A NUL byte or an over-long value is refused like any other bad query parameter."""
    response = _get(live_server, f"/results?lang={value}")
    assert response.status_code == 422
    assert COOKIE not in response.headers.get("set-cookie", "")


@pytest.mark.browser
def test_switching_language_in_chromium(
    page: Page, live_server: Any, pages: dict[str, str], shoot: Any
) -> None:
    """Clicking Қазақша on a region page stays on that page, in Kazakh, and the next page too."""
    page.goto(live_server.url + pages["region"])
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Қазақша").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "kk"
    assert page.url.split("?")[0] == live_server.url + pages["region"].split("?")[0]
    current = page.get_by_role("navigation", name="Тіл").locator("[aria-current=true]")
    assert current.inner_text() == "Қазақша"
    shoot(page, "region-kk")
    page.get_by_role("navigation", name="Негізгі мәзір").get_by_role(
        "link", name="Партиялар"
    ).click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "kk"
    assert page.get_by_role("heading", level=1).inner_text() == "Партиялар"


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_longer_words_fit_a_phone(
    browser: Any, live_server: Any, pages: dict[str, str], lang: str, shoot: Any
) -> None:
    """Russian and Kazakh run longer than English: still no sideways scroll at 390 px."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    for kind in ("results", "region", "station", "parliament"):
        phone.goto(live_server.url + _with(pages[kind], lang))
        assert phone.evaluate("document.documentElement.scrollWidth") <= 391, kind
        shoot(phone, f"{kind}-{lang}-phone")
    context.close()
