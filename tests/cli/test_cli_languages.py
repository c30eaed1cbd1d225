"""The command line speaks the language of ``--lang``, MAJLIS_LANG or LANG: ``majlis verify``
and ``majlis export record`` (the digest, the line scripts read, the same in every language),
the tables' headers and numbers, the errors, the printable reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis.cli import app


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"MAJLIS_LANG": "ru"}, "запись проверена: "),
        ({"LANG": "kk_KZ.UTF-8"}, "жазба тексерілді: "),
        ({"LANG": "C.UTF-8"}, "record verified: "),
    ],
)
def test_verify_in_the_users_language(
    database_url: str, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], expected: str
) -> None:
    """The messages follow the environment; the last line is the digest whatever the language."""
    for name in ("MAJLIS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "250")
    english = CliRunner().invoke(app, ["verify"])
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    out = CliRunner().invoke(app, ["verify"])
    assert out.exit_code == 0, out.output
    assert expected in out.output
    assert out.output.strip().splitlines()[-1] == english.output.strip().splitlines()[-1]
    assert len(out.output.strip().splitlines()[-1]) == 64


def test_a_failed_verification_says_so_in_kazakh(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected digest exits 1 with the failure worded in the chosen language."""
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("MAJLIS_LANG", "kk")
    out = CliRunner().invoke(app, ["verify", "--expect", "0" * 64])
    assert out.exit_code == 1
    assert "тексеруден өтпеді: " in out.output


def test_lang_option_words_tables_and_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--lang`` outranks the environment; headers and errors are worded, JSON keys are not."""
    monkeypatch.setenv("MAJLIS_LANG", "ru")
    kazakh = CliRunner().invoke(
        app, ["--lang", "kk", "seats", "--law", "kz-majlis-2009", "examples/kz-2021.csv"]
    )
    assert kazakh.exit_code == 0, kazakh.output
    assert kazakh.output.splitlines()[0].split("\t") == ["партия", "дауыстар", "орын"]
    assert "Nur Otan\t5\xa0148\xa0074\t76" in kazakh.output
    russian = CliRunner().invoke(app, ["seats", "--law", "kz-majlis-2009", "examples/kz-2021.csv"])
    assert russian.output.splitlines()[0].split("\t")[0] == "партия"
    data = CliRunner().invoke(
        app, ["seats", "--law", "kz-majlis-2009", "examples/kz-2021.csv", "--format", "json"]
    )
    assert json.loads(data.output)["seats"]["Nur Otan"] == 76
    missing = CliRunner().invoke(app, ["--lang", "kk", "seats", "--law", "x", "nowhere.csv"])
    assert missing.exit_code == 2
    assert missing.output.startswith("қате: ")
    english = CliRunner().invoke(app, ["--lang", "en", "seats", "--law", "x", "nowhere.csv"])
    assert english.output.startswith("error: ")
    assert CliRunner().invoke(app, ["--lang", "de", "laws"]).exit_code == 2


def test_results_protocol_in_kazakh(database_url: str, tmp_path: Path) -> None:
    """The printable protocol is worded in Kazakh, its numbers grouped the Kazakh way."""
    env = {"MAJLIS_DATABASE_URL": database_url}
    synth = CliRunner().invoke(
        app, ["synth", str(tmp_path / "synth"), "--stations", "60", "--store"], env=env
    )
    assert synth.exit_code == 0, synth.output
    page = tmp_path / "protocol.html"
    out = CliRunner().invoke(
        app,
        ["--lang", "kk", "report", "results", "-e", "kz-majlis-2021", "--html", str(page)],
        env=env,
    )
    assert out.exit_code == 0, out.output
    assert out.output.startswith("жазылды: ")
    html = page.read_text(encoding="utf-8")
    assert '<html lang="kk">' in html
    assert "Дауыс беру қорытындылары туралы хаттама" in html
    assert "Тізімге енгізілген сайлаушылар саны (V)" in html
    assert "АЛДЫН АЛА" in html  # synth leaves stations awaiting resolution
    assert re.search(r"<td class=\"n\">\d{1,3}(\xa0\d{3})+</td>", html)  # 1 234 567


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ru", ("действует с", "не действует на дату", "неизвестный свод правил")),
        ("kk", ("бастап", "бірде-бірі күшінде емес", "ережелер жинағы белгісіз")),
    ],
)
def test_a_law_not_in_force_or_unknown_is_refused_in_the_users_language(
    lang: str, words: tuple[str, str, str]
) -> None:
    """A shipped law asked for outside its time, a family with no version then, an unknown id:
    each refusal is worded (dates the language's way) and exits 2."""
    csv = "examples/kz-2021.csv"
    calls = (
        ["seats", "--law", "kz-majlis-2009", "--date", "2030-01-01", csv],
        ["seats", "--law", "kz-majlis", "--date", "1990-01-01", csv],
        ["seats", "--law", "nowhere", csv],
    )
    for call, word in zip(calls, words, strict=True):
        out = CliRunner().invoke(app, ["--lang", lang, *call])
        assert out.exit_code == 2, out.output
        assert word in out.output
        assert "in force" not in out.output
        assert "unknown ruleset" not in out.output


def test_the_methods_table_is_worded_and_its_json_stays_english() -> None:
    """``law methods``: the families and descriptions are the law's own, worded in the
    table; JSON keeps the law's English."""
    from majlis.labels import METHOD_FAMILIES, METHOD_TEXTS
    from majlis.law import METHODS

    assert {m.name: m.description for m in METHODS.values()} == METHOD_TEXTS
    assert {m.family for m in METHODS.values()} == set(METHOD_FAMILIES)
    for lang, word in (("ru", "наибольший остаток, квота Хэйра V/S"), ("kk", "Хэйр квотасы")):
        out = CliRunner().invoke(app, ["--lang", lang, "law", "methods"])
        assert out.exit_code == 0, out.output
        assert word in out.output
        assert "largest remainder" not in out.output
    data = CliRunner().invoke(app, ["--lang", "ru", "law", "methods", "--format", "json"])
    assert {r["name"]: r["description"] for r in json.loads(data.output)} == METHOD_TEXTS
