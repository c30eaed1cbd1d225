"""The registry's tables (``party list``/``show``, ``member show``/``history``) in Russian and
Kazakh: headings and the store's codes are worded, names and slugs stay as registered, and
English keeps the codes the scripts read."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis.cli import app

IIN = "900101300126"


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner on a migrated database holding one party with one admitted member."""
    for name in ("MAJLIS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "250")
    runner = CliRunner()
    for args in (
        ["party", "create", "amanat", "--name", "Amanat", "--on", "2020-01-01"],
        [
            *("member", "join", IIN, "--party", "amanat", "--on", "2021-01-01"),
            *("--family-name", "Test", "--given-name", "One"),
        ],
    ):
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output
    return runner


def _out(cli: CliRunner, lang: str, *args: str) -> str:
    done = cli.invoke(app, ["--lang", lang, *args])
    assert done.exit_code == 0, done.output
    return done.output


@pytest.mark.parametrize(
    ("lang", "header", "row"),
    [
        ("en", "slug\tname\tkind\tstatus\tregistered\tmembers", "party\tinitiative_group\t-\t1"),
        (
            "ru",
            "код\tназвание\tвид\tстатус\tдата регистрации\tчлены",
            "партия\tинициативная группа",
        ),
        ("kk", "коды\tатауы\tтүрі\tмәртебесі\tтіркелген күні\tмүшелер", "партия\tбастамашыл топ"),
    ],
)
def test_party_list_in_each_language(cli: CliRunner, lang: str, header: str, row: str) -> None:
    """Headings and kind/status are worded; slug and name stay as registered."""
    lines = _out(cli, lang, "party", "list").splitlines()
    assert lines[0] == header
    assert lines[1].startswith("amanat\tAmanat\t")
    assert row in lines[1]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["kind / status", "party / initiative_group", "initiative group", "2020-01-01"]),
        ("ru", ["вид / статус", "партия / инициативная группа", "янв. 2020", "приём в члены"]),
        ("kk", ["түрі / мәртебесі", "партия / бастамашыл топ", "мүшелікке қабылдау", "ашық"]),
    ],
)
def test_party_show_in_each_language(cli: CliRunner, lang: str, expected: list[str]) -> None:
    """The card's labels and values are in the reader's language; the title is the name."""
    out = _out(cli, lang, "party", "show", "amanat", "--on", "2022-01-01")
    assert "Amanat (amanat)" in out
    for text in expected:
        assert text in out


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["born / sex", "1990-01-01 / M", "amanat since 2021-01-01"]),
        ("ru", ["дата рождения / пол", "/ муж.", "amanat с 1"]),
        ("kk", ["туған күні / жынысы", "/ ер", "ЖСН"]),
    ],
)
def test_member_show_in_each_language(cli: CliRunner, lang: str, expected: list[str]) -> None:
    """A person's card: labels, the sex and the dates worded; the name as registered."""
    out = _out(cli, lang, "member", "show", IIN)
    assert "Test One" in out
    for text in expected:
        assert text in out


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["event", "entered by", "applied", "admitted"]),
        ("ru", ["событие", "кем внесено", "подано заявление", "принят"]),
        ("kk", ["оқиға", "енгізген", "өтініш берді", "қабылданды"]),
    ],
)
def test_member_history_in_each_language(cli: CliRunner, lang: str, expected: list[str]) -> None:
    """The ledger's headings and event kinds are worded; the party's slug stays."""
    out = _out(cli, lang, "member", "history", IIN)
    assert "amanat" in out
    for text in expected:
        assert text in out


@pytest.mark.parametrize(
    ("lang", "header", "growth"),
    [
        ("en", "party\tmembers", "from\tjoins\tleaves\texpulsions\tdissolutions\tnet\tmembers"),
        ("ru", "партия\tчлены", "начало периода\tвступили\tвышли\tисключены"),
        ("kk", "партия\tмүшелер", "кезең басы\tкірді\tшықты\tшығарылды"),
    ],
)
def test_members_stats_in_each_language(
    cli: CliRunner, lang: str, header: str, growth: str
) -> None:
    """The statistics' headings are worded in a table; CSV keeps the English keys."""
    assert _out(cli, lang, "members", "stats").splitlines()[0] == header
    series = _out(cli, lang, "members", "stats", "--party", "amanat", "--growth", "month")
    assert series.splitlines()[0].startswith(growth)
    csv = _out(cli, lang, "members", "stats", "--format", "csv")
    assert csv.splitlines() == ["party,members", "amanat,1"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "1 persons, 1 organizations, 1 memberships"),
        ("ru", "людей — 1, организаций — 1, членств — 1"),
        ("kk", "1 адам, 1 ұйым, 1 мүшелік"),
    ],
)
def test_members_export_in_each_language(
    cli: CliRunner, lang: str, expected: str, tmp_path: Path
) -> None:
    """The export's confirmation counts what it wrote in the reader's words."""
    out = _out(cli, lang, "members", "export", "--out", str(tmp_path / "roll.json"))
    assert expected in out
