"""The registry's tables (``party list``/``show``, ``member show``/``history``) in Russian and
Kazakh: headings and the store's codes are worded, names and slugs stay as registered, and
English keeps the codes the scripts read."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis.cli import app

IIN = "900101300126"  # the member the ``cli`` fixture (conftest) admits


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


def _plain(text: str) -> str:
    """Babel's no-break spaces (in "5 000", "2022 г.") as plain ones."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ru",
            [
                "нет: партия «amanat» не была зарегистрирована на 1 янв. 2022 г.; она не может",
                "членов всего: требуется 20 000, имеется 1",
                "членов — Shymkent (KZ-79): требуется 600, имеется 0",
                "учредителей (инициативная группа): требуется 1 000, имеется 0",
            ],
        ),
        (
            "kk",
            [
                "жоқ: «amanat» партиясы 2022 ж. 01 қаң. күні тіркелмеген еді; ол тізім ұсына",
                "барлық мүшелер: талап етіледі 20 000, бар 1",
                "мүшелер — Shymkent (KZ-79): талап етіледі 600, бар 0",
                "құрылтайшылар (бастамашыл топ): талап етіледі 1 000, бар 0",
            ],
        ),
    ],
)
def test_party_show_refusal_and_shortfalls_in_each_language(
    cli: CliRunner, lang: str, expected: list[str]
) -> None:
    """Why the party may not nominate and each unmet requirement are worded; places as named."""
    out = _plain(_out(cli, lang, "party", "show", "amanat", "--on", "2022-01-01"))
    for text in expected:
        assert text in out
    for english in ("cannot nominate", "required", "members in", "founders ("):
        assert english not in out


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ru",
            [
                "партия «amanat» не может быть зарегистрирована 1 июн. 2023 г. по закону "
                "kz-party-law-2022 (",
                "не выполнены требования: членов всего: требуется 5 000, имеется 2; членов — ",
                "регионов, представленных среди учредителей (2/3 из 20): требуется 14, имеется 0",
            ],
        ),
        (
            "kk",
            [
                "«amanat» партиясын 2023 ж. 01 мау. күні kz-party-law-2022 заңы бойынша (",
                "тіркеу мүмкін емес: орындалмаған талаптар: барлық мүшелер: талап етіледі 5 000",
                "(20 өңірдің 2/3 бөлігі): талап етіледі 14, бар 0",
            ],
        ),
    ],
)
def test_a_refused_registration_in_each_language(
    cli: CliRunner, tmp_path: Path, lang: str, expected: list[str]
) -> None:
    """The refusal names the law and every unmet requirement in the reader's language."""
    founder = "850314300013"
    _out(cli, "en", "person", "register", founder, "--family-name", "A", "--given-name", "B")
    founders = tmp_path / "founders.txt"
    founders.write_text(founder + "\n", encoding="utf-8")
    _out(
        cli, "en", "party", "congress", "amanat", "--founders", str(founders), "--on", "2023-03-01"
    )
    done = cli.invoke(app, ["--lang", lang, "party", "register", "amanat", "--on", "2023-06-01"])
    assert done.exit_code != 0
    out = " ".join(_plain(done.output).split())
    for text in expected:
        assert text in out
    for english in ("cannot be registered", "required", "members in", "founders ("):
        assert english not in out


def test_every_nomination_refusal_in_russian_and_kazakh(cli: CliRunner) -> None:
    """A movement, a party suspended by a court until a day, and a liquidated party."""
    for args in (
        ["party", "create", "dvizh", "--name", "Dvizh", "--movement", "--on", "2020-01-01"],
        ["party", "create", "nur", "--name", "Nur", "--on", "2015-01-01"],
        [
            *("party", "record-registration", "nur", "--on", "2016-01-01"),
            *("--authority", "MoJ", "--reference", "No. 1"),
        ],
        [
            *("party", "suspend", "nur", "--court", "Court", "--on", "2020-01-01"),
            *("--until", "2020-06-30"),
        ],
        ["party", "liquidate", "nur", "--decided-by", "Court", "--on", "2022-01-01"],
    ):
        _out(cli, "en", *args)
    expected = {
        ("dvizh", "2021-01-01"): (
            "«dvizh» — незарегистрированное движение; оно не может выдвинуть список",
            "«dvizh» — тіркелмеген қозғалыс; ол тізім ұсына алмайды",
        ),
        ("nur", "2020-03-01"): (
            "деятельность партии «nur» приостановлена судом с 1 янв. 2020 г. по 30 июн. 2020 г.",
            "2020 ж. 01 қаң. бастап 2020 ж. 30 мау. дейін тоқтата тұрды",
        ),
        ("nur", "2022-06-01"): (
            "партия «nur» ликвидирована 1 янв. 2022 г.; она не может выдвинуть список",
            "«nur» партиясы 2022 ж. 01 қаң. күні таратылған; ол тізім ұсына алмайды",
        ),
    }
    for (slug, on), (ru, kk) in expected.items():
        for lang, text in (("ru", ru), ("kk", kk)):
            out = " ".join(_plain(_out(cli, lang, "party", "show", slug, "--on", on)).split())
            assert text in out, (lang, out)
            assert "cannot nominate" not in out


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ru",
            "партия «amanat» находится на стадии «инициативная группа»; перейти на стадию "
            "«регистрация» нельзя (с этой стадии возможен переход на: учредительный съезд, "
            "ликвидация)",
        ),
        (
            "kk",
            "«amanat» партиясы «бастамашыл топ» кезеңінде; «тіркеу» кезеңіне өту мүмкін емес "
            "(бұл кезеңнен өтуге болатыны: құрылтай съезі, тарату)",
        ),
    ],
)
def test_a_refused_step_of_the_lifecycle_in_each_language(
    cli: CliRunner, lang: str, expected: str
) -> None:
    """An initiative group cannot be registered before its congress: the stages are worded."""
    done = cli.invoke(app, ["--lang", lang, "party", "register", "amanat", "--on", "2021-06-01"])
    assert done.exit_code != 0
    assert expected in " ".join(done.output.split())
    assert "initiative_group" not in done.output
