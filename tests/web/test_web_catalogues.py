"""The dashboard's catalogues are complete: CI fails when a message has no Russian or Kazakh.

The messages are extracted from the sources with Babel's own API and the mapping in
``babel.cfg`` (the one ``pybabel extract`` uses), so a new ``_()`` in a template or a new
``gettext()`` in a page fails here until both catalogues translate it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from majlis.web import i18n

REPO = Path(__file__).resolve().parent.parent.parent
LOCALE = REPO / "src" / "majlis" / "web" / "locale"
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _extracted() -> dict[tuple[str | tuple[str, ...], str | None], str]:
    """Every message of the sources (with its context) and where it was found first."""
    with (REPO / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[tuple[str | tuple[str, ...], str | None], str] = {}
    for filename, lineno, message, _, context in extract_from_dir(REPO, method_map, options_map):
        key = message if isinstance(message, str) else tuple(message)
        found.setdefault((key, context), f"{filename}:{lineno}")
    return found


def _catalogue(locale: str) -> Catalog:
    with (LOCALE / locale / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=locale)


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


def test_extraction_finds_the_dashboard() -> None:
    """The mapping reaches templates and Python alike (a broken babel.cfg cannot pass)."""
    found = {key for key, _ in _extracted()}
    assert len(found) > 150
    assert "Skip to content" in found  # base.html
    assert "Votes for %(list)s" in found  # _labels.py
    assert ("%(num)s station found", "%(num)s stations found") in found  # ngettext


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_every_message_is_translated(locale: str) -> None:
    """Each extracted message has a non-empty, non-fuzzy translation with the same placeholders."""
    catalogue = _catalogue(locale)
    problems: list[str] = []
    for (key, context), where in _extracted().items():
        msgid = key if isinstance(key, str) else key[0]
        entry = catalogue.get(msgid, context=context)
        if entry is None:
            problems.append(f"{where}: {msgid!r} is missing")
            continue
        forms = list(entry.string) if isinstance(entry.string, tuple) else [entry.string]
        if (
            entry.fuzzy
            or not all(forms)
            or len(forms) != (catalogue.num_plurals if isinstance(key, tuple) else 1)
        ):
            problems.append(f"{where}: {msgid!r} is fuzzy, empty or lacks a plural form")
            continue
        expected = _placeholders(msgid)
        problems.extend(
            f"{where}: {msgid!r} → {form!r} has placeholders {sorted(_placeholders(form))}, "
            f"expected {sorted(expected)}"
            for form in forms
            if _placeholders(form) != expected
        )
        if msgid.count("%%") != 0 and any(form.count("%%") != msgid.count("%%") for form in forms):
            problems.append(f"{where}: {msgid!r} → a translation changes the escaped %%")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_the_catalogue_compiles_and_serves(locale: str) -> None:
    """The committed .po compiles in memory; gettext serves it, plurals by the locale's rule."""
    with i18n.using(locale):
        assert i18n.gettext("Results") == {"ru": "Итоги", "kk": "Қорытындылар"}[locale]
        one = i18n.ngettext("%(num)s candidate", "%(num)s candidates", 1) % {"num": 1}
        five = i18n.ngettext("%(num)s candidate", "%(num)s candidates", 5) % {"num": 5}
        few = i18n.ngettext("%(num)s candidate", "%(num)s candidates", 3) % {"num": 3}
    assert (one, few, five) == {
        "ru": ("1 кандидат", "3 кандидата", "5 кандидатов"),
        "kk": ("1 кандидат", "3 кандидат", "5 кандидат"),
    }[locale]


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_the_committed_catalogue_is_what_babel_compiles(locale: str) -> None:
    """Each committed ``messages.mo`` is byte for byte what ``pybabel compile`` writes from its
    ``.po`` (fuzzy entries left out), so the catalogue the CLI and the dashboard read is never
    stale; after editing a ``.po``, run ``pybabel compile -d src/majlis/web/locale -D messages``.
    """
    from io import BytesIO

    from babel.messages.mofile import write_mo

    reference = BytesIO()
    write_mo(reference, _catalogue(locale), use_fuzzy=False)
    committed = (LOCALE / locale / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert committed == reference.getvalue(), (
        f"{locale}/LC_MESSAGES/messages.mo is stale: "
        "run `pybabel compile -d src/majlis/web/locale -D messages`"
    )


def test_locale_formats_numbers_and_dates() -> None:
    """Counts, shares and days follow the language (Babel), English unchanged."""
    from datetime import date
    from fractions import Fraction

    with i18n.using("en"):
        assert (i18n.fmt_int(1234567), i18n.fmt_pct(Fraction(6325, 10000))) == (
            "1,234,567",
            "63.25%",
        )
    with i18n.using("ru"):
        assert i18n.fmt_int(1234567) == "1\xa0234\xa0567"
        assert i18n.fmt_pct(Fraction(6325, 10000)) == "63,25%"
        assert i18n.fmt_date(date(2021, 1, 10)).startswith("10 янв. 2021")
    with i18n.using("kk"):
        assert "қаң" in i18n.fmt_date(date(2021, 1, 10))


def test_negotiation_order() -> None:
    """?lang= first, then the cookie, then Accept-Language by quality, English last."""
    assert i18n.negotiate("kk", "ru", "ru") == "kk"
    assert i18n.negotiate("xx", "ru", "kk") == "ru"
    assert i18n.negotiate(None, None, "de-DE, ru;q=0.3, kk;q=0.9") == "kk"
    assert i18n.negotiate(None, None, "kk;q=0, en-GB") == "en"
    assert i18n.negotiate(None, "zz", "de") == "en"
    assert i18n.negotiate("x" * 100, None, "ru-RU") == "ru"


def test_codes_read_as_words() -> None:
    """Stored codes are shown as words of the language; one English word may need two."""
    from majlis.elections import ListStatus
    from majlis.registry.model import PartyStatus
    from majlis.web._terms import term

    with i18n.using("ru"):
        assert term(ListStatus.REGISTERED) == "зарегистрирован"
        assert term(PartyStatus.REGISTERED) == "зарегистрирована"
        assert term("R=I+C") == "R=I+C"
    with i18n.using("en"):
        assert term(PartyStatus.INITIATIVE_GROUP) == "initiative group"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"MAJLIS_LANG": "kk", "LANG": "ru_RU.UTF-8"}, "kk"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LC_ALL": "C", "LANG": "kk_KZ.UTF-8"}, "en"),
        ({"LC_MESSAGES": "kk_KZ"}, "kk"),
        ({"MAJLIS_LANG": "fr"}, "en"),
        ({}, "en"),
    ],
)
def test_the_command_line_language_comes_from_the_environment(
    environ: dict[str, str], expected: str
) -> None:
    """MAJLIS_LANG first, then the POSIX variables in their order of precedence."""
    from majlis.i18n import from_environment

    assert from_environment(environ) == expected


def test_the_catalogues_load_without_a_web_framework() -> None:
    """majlis.i18n (for the CLI) reaches the catalogues with neither Starlette nor FastAPI."""
    import subprocess
    import sys

    code = (
        "import sys; from majlis import i18n\n"
        "with i18n.using('kk'): print(i18n.gettext('Results'))\n"
        "heavy = ('starlette', 'fastapi', 'jinja2', 'sqlalchemy')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split("\n")
    assert out[:2] == ["Қорытындылар", "[]"]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "PROVISIONAL: 1,200 of 1,500 stations final; 2 await resolution, 298 missing."),
        ("ru", "ПРЕДВАРИТЕЛЬНО: окончательные протоколы — 1\xa0200 из 1\xa0500 участков"),
        ("kk", "АЛДЫН АЛА: 1\xa0500 учаскенің 1\xa0200 учаскесінде хаттама түпкілікті"),
    ],
)
def test_the_provisional_banner_in_each_language(locale: str, expected: str) -> None:
    """The count's status is worded by the page (English as the domain says it)."""
    from majlis.results import CountStatus
    from majlis.web._deps import templates

    status = CountStatus("e", stations=1500, final=1200, awaiting=("A", "B"), missing=298)
    with i18n.using(locale):
        html = templates.env.get_template("_provisional.html").render(status=status)
    assert expected in html
    if locale == "en":
        assert status.sentence() in html
