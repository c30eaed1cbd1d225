"""The services' refusals a user meets with ordinary input (a bad slug, a membership ending
before it began, a party succeeding itself or split into one, an intake suspension ending before
it was decided, an unknown convocation, a deputy nobody registered, a what-if move from a list
not in the votes) carry a code and its parameters, worded in Russian and Kazakh by
``majlis.error_text``; the English line is the error's own text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis import errors, i18n
from majlis.cli import app
from majlis.error_text import ERRORS, describe

IIN = "900101300126"  # the member the ``cli`` fixture (conftest) admits


@pytest.mark.parametrize(
    ("args", "exit_code", "english", "russian", "kazakh"),
    [
        (
            ["party", "create", "Bad_Slug", "--name", "Bad"],
            2,
            "error: party slug must be lower-case letters, digits and '-'. Got 'Bad_Slug' instead.",
            "ошибка: краткое имя партии (slug): допустимы только строчные буквы, цифры и «-». "
            "Получено: «Bad_Slug».",
            "қате: партияның қысқа атауы (slug): тек кіші әріптер, цифрлар және «-» рұқсат "
            "етіледі. Берілгені: «Bad_Slug».",
        ),
        (
            ["member", "leave", IIN, "--on", "2020-06-01"],
            3,
            "error: the membership cannot end on 2020-06-01, before it began (2021-01-01)",
            "ошибка: членство не может прекратиться 1 июн. 2020\u202fг., раньше своего начала "
            "(1 янв. 2021\u202fг.)",
            "қате: мүшелік 2020\u202fж. 01 мау. күні, басталуынан (2021\u202fж. 01 қаң.) бұрын "
            "тоқтай алмайды",
        ),
        (
            ["party", "reorganise", "amanat", "--mode", "merger", "--into", "amanat"],
            2,
            "error: the successors of 'amanat' must be other parties, each named once; got amanat",
            "ошибка: преемниками «amanat» должны быть другие партии, каждая названа один раз; "
            "получено: amanat",
            "қате: «amanat» партиясының мұрагерлері басқа партиялар болуы керек, әрқайсысы бір "
            "рет аталады; берілгені: amanat",
        ),
        (
            [
                *("party", "suspend-intake", "amanat", "--reason", "audit"),
                *("--on", "2022-05-01", "--until", "2022-04-01"),
            ],
            3,
            "error: a suspension of intake decided on 2022-05-01 cannot end earlier (2022-04-01)",
            "ошибка: приостановление приёма, решённое 1 мая 2022\u202fг., не может закончиться "
            "раньше (1 апр. 2022\u202fг.)",
            "қате: 2022\u202fж. 01 мам. күні шешілген қабылдауды тоқтата тұру одан ерте "
            "(2022\u202fж. 01 сәу.) аяқтала алмайды",
        ),
        (
            ["parliament", "history", "viii"],
            2,
            "error: No convocation 'viii' (known: none).",
            "ошибка: Созыва «viii» нет (известны: нет).",
            "қате: «viii» шақырылымы жоқ (белгілілері: жоқ).",
        ),
        (
            [
                *("mandate", "terminate", "viii", "--on", "2022-01-01"),
                *("--national-id", "000000000000", "--reason", "died"),
            ],
            2,
            "error: No person with kz-iin 000000000000 in the registry.",
            "ошибка: В реестре нет человека с ИИН 000000000000.",
            "қате: Тізілімде ЖСН-і 000000000000 болатын адам жоқ.",
        ),
        (
            ["party", "reorganise", "amanat", "--mode", "split", "--into", "amanat-2"],
            2,
            "error: a split has at least 2 successors; got 1",
            "ошибка: при разделении преемников не меньше двух; указано: 1",
            "қате: бөліну кезінде мұрагерлер кемінде екеу болады; көрсетілгені: 1",
        ),
        (
            ["whatif", "--law", "kz-majlis-2009", "examples/kz-2021.csv", "--move", "Nope:Auyl:1"],
            2,
            "error: no list named 'Nope' in the votes; valid names: Nur Otan, Ak Zhol, People's "
            "Party of Kazakhstan, Auyl, Adal, AGAINST ALL, abstainers.",
            "ошибка: в голосах нет списка 'Nope'; допустимые названия: Nur Otan, Ak Zhol, "
            "People's Party of Kazakhstan, Auyl, Adal, AGAINST ALL, abstainers.",
            "қате: дауыстарда 'Nope' тізімі жоқ; рұқсат етілген атаулар: Nur Otan, Ak Zhol, "
            "People's Party of Kazakhstan, Auyl, Adal, AGAINST ALL, abstainers.",
        ),
        (
            [
                *("member", "join", "900101300215", "--party", "amanat"),
                *("--family-name", " ", "--given-name", "Two"),
            ],
            2,
            "error: field 'family_name': family_name must not be blank; got ' '",
            "ошибка: поле «family_name»: family_name: значение не может быть пустым; получено: ' '",
            "қате: «family_name» өрісі: family_name: мән бос болмауы керек; берілгені: ' '",
        ),
        (
            ["pvt", "design", "-e", "x", "--margin", "2", "--seed", "1", "--stratify", "county"],
            2,
            "error: the stratification must be region or territorial or none. Got 'county' "
            "instead.",
            "ошибка: способ стратификации: допустимо region, territorial или none. Получено: "
            "'county'.",
            "қате: стратификация тәсілі: region, territorial немесе none болуы керек. "
            "Берілгені: 'county'.",
        ),
    ],
)
def test_service_refusals_in_each_language(
    cli: CliRunner,
    args: list[str],
    exit_code: int,
    english: str,
    russian: str,
    kazakh: str,
) -> None:
    """One line on stderr in the chosen language, the exit code of the error's class."""
    for lang, expected in (("en", english), ("ru", russian), ("kk", kazakh)):
        done = cli.invoke(app, ["--lang", lang, *args])
        assert (done.exit_code, done.output) == (exit_code, expected + "\n")


def test_the_english_templates_are_the_messages() -> None:
    """Worded in English from its code and parameters, a refusal reads as its own text (the
    days as ISO dates, as the domain writes them); the translations keep the names as given."""
    from majlis.error_text import _word

    raised = [
        errors.RuleViolation(
            "Post 7 is a district seat: leaving a party ends only list mandates.",
            code="mandate.not_list_post.district",
            params={"post": 7},
        ),
        errors.RuleViolation(
            "2021-01-01 is outside the term of VIII (from 2021-01-15 to 2023-03-19).",
            code="mandate.outside_term",
            params={
                "on": date(2021, 1, 1),
                "convocation": "VIII",
                "start": date(2021, 1, 15),
                "until": date(2023, 3, 19),
            },
        ),
        errors.ConflictError(
            "station 1: entry 2 is not entered yet; a protocol becomes final only when two "
            "independent entries agree",
            code="protocol.entry_missing",
            params={"station": "1", "source": "entry2"},
        ),
        errors.InputError.expected(
            what="The lifetime in days",
            expected="in [1, 3650]",
            got=0,
            location=errors.Location(field="days"),
            code="token.days",
            params={"got": repr(0)},
        ),
        errors.RuleViolation(
            "party 'b' succeeds 'a' (merger on 2023-01-02); under kz-2022 it may register no "
            "earlier than 2023-03-02, not on 2023-02-01",
            code="party.successor_wait",
            params={
                "party": "b",
                "predecessor": "a",
                "mode": "merger",
                "since": date(2023, 1, 2),
                "law": "kz-2022",
                "earliest": date(2023, 3, 2),
                "on": date(2023, 2, 1),
            },
        ),
        errors.ConflictError(
            "Amanat has a registered list: withdraw it to boycott.",
            code="boycott.has_list.registered",
            params={"party": "Amanat"},
        ),
    ]
    for exc in raised:
        assert exc.code is not None
        key = f"{exc.code}+until" if exc.params.get("until") else str(exc.code)
        with i18n.using("en"):
            worded = ERRORS[key] % {
                n: v.isoformat() if isinstance(v, date) else _word(n, v)
                for n, v in exc.params.items()
            }
        assert worded == exc.message
    with i18n.using("ru"):
        assert describe(raised[1]) == (
            "1 янв. 2021\u202fг. — вне срока полномочий VIII (с 15 янв. 2021\u202fг. по 19 мар. "
            "2023\u202fг.)."
        )
        assert describe(raised[2]) == (
            "участок 1: ввод 2 ещё не выполнен; протокол становится окончательным, только когда "
            "совпадают два независимых ввода"
        )
        assert describe(raised[3]) == (
            "поле «days»: срок действия в днях должен быть в пределах [1, 3650]. Получено: 0."
        )
        assert "— преемник «a» (слияние, 2 янв. 2023\u202fг.)" in describe(raised[4])
    with i18n.using("kk"):
        assert describe(raised[5]) == (
            "Amanat партиясының тіркелген тізімі бар: сайлауға бойкот жариялау үшін оны кері "
            "қайтарып алыңыз."
        )


def test_every_raised_code_has_a_message() -> None:
    """Every literal code the sources raise is in the table (a typo would fall back to English);
    a code built with a status suffix has a message for each status it can take."""
    from pathlib import Path

    import majlis

    root = Path(majlis.__file__).parent
    literal = re.compile(r'code="([a-z_]+\.[a-z_.]+)"(?!\s*\+)')
    raised = {c for path in root.rglob("*.py") for c in literal.findall(path.read_text())}
    keys = {key.split("+")[0] for key in ERRORS}
    assert raised - keys == set()
    for prefix, statuses in {
        "list.not_nominated": ("registered", "withdrawn"),
        "candidate.not_standing": ("withdrawn", "revoked"),
        "boycott.has_list": ("nominated", "registered"),
        "convocation.list_not_registered": ("nominated", "withdrawn"),
        "mandate.not_list_post": ("district", "appointed"),
    }.items():
        assert {f"{prefix}.{s}" for s in statuses} <= keys


def test_a_broken_control_relation_names_its_findings_in_each_language() -> None:
    """A protocol refused as final lists its broken relations as the checks word them."""
    from majlis.results import Lines, Protocol, Severity, check_protocol

    lines = Lines.of(
        votes={"A": 500, "B": 170},
        voters=1200,
        received=1250,
        issued_station=3,
        issued_mobile=30,
        cancelled=1217,
        found_stationary=0,
        found_mobile=30,
        invalid=20,
        valid=10,
        against_all=0,
        additional_voters=15,
    )
    broken = tuple(
        f for f in check_protocol(Protocol("e", "0001", lines)) if f.severity is Severity.ERROR
    )
    exc = errors.RuleViolation(
        "station 0001: the protocol cannot be final while a control relation is broken: "
        + "; ".join(f"{f.rule.value}: {f.message}" for f in broken),
        code="protocol.control_broken",
        params={"station": "0001", "findings": broken},
    )
    with i18n.using("ru"):
        russian = describe(exc)
    with i18n.using("kk"):
        kazakh = describe(exc)
    assert russian.startswith(
        "участок 0001: протокол не может стать окончательным, пока нарушено контрольное "
        "соотношение: Vd=votes+A: нарушено Vd = Σ голосов + A: Vd=10"
    )
    assert kazakh.startswith("0001 учаскесі: бақылау арақатынасы бұзылған кезде хаттама")
    assert "Vd = Σ дауыс + A бұзылған" in kazakh


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ru",
            "ошибка: MAJLIS_DATABASE_URL должна быть URL SQLAlchemy, например "
            "'postgresql+psycopg://user@host:5432/db' или 'sqlite:///path'. Получено: '::nope'.",
        ),
        (
            "kk",
            "қате: MAJLIS_DATABASE_URL SQLAlchemy URL болуы керек, мысалы "
            "'postgresql+psycopg://user@host:5432/db' немесе 'sqlite:///path'. Берілгені: "
            "'::nope'.",
        ),
    ],
)
def test_a_malformed_database_url_in_each_language(
    monkeypatch: pytest.MonkeyPatch, lang: str, expected: str
) -> None:
    """An unusable setting exits 5 with one line in the chosen language."""
    monkeypatch.setenv("MAJLIS_DATABASE_URL", "::nope")
    monkeypatch.setenv("COLUMNS", "250")
    done = CliRunner().invoke(app, ["--lang", lang, "party", "list"])
    assert (done.exit_code, done.output) == (5, expected + "\n")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ru", "ошибка: {folder}/manifest.json: нет манифеста (это выгруженная запись?)"),
        ("kk", "қате: {folder}/manifest.json: манифест жоқ (бұл экспортталған жазба ма?)"),
    ],
)
def test_a_folder_that_is_no_exported_record_in_each_language(
    tmp_path: Path, lang: str, expected: str
) -> None:
    """``majlis verify --record`` on a folder without a manifest: exit 2, one worded line."""
    done = CliRunner().invoke(app, ["--lang", lang, "verify", "--record", str(tmp_path)])
    assert (done.exit_code, done.output) == (2, expected.format(folder=tmp_path) + "\n")


def test_files_refused_whole_in_each_language(cli: CliRunner, tmp_path: Path) -> None:
    """A roll without its columns and a protocols file of another type: exit 2, worded."""
    roll = tmp_path / "roll.csv"
    roll.write_text("nope,x\n1,2\n")
    protocols = tmp_path / "protocols.txt"
    protocols.write_text("a\n")
    for lang, header, kind in (
        (
            "ru",
            "ошибка: roll.csv, строка 1: в заголовке должны быть столбцы iin, family_name, "
            "given_name, region. Заголовок: «nope,x».",
            f"ошибка: {protocols}: файл протоколов должен быть .csv, .json или .parquet. "
            "Получено: «.txt».",
        ),
        (
            "kk",
            "қате: roll.csv, 1-жол: тақырып жолында iin, family_name, given_name, region "
            "бағандары болуы керек. Тақырып жолы: «nope,x».",
            f"қате: {protocols}: хаттамалар файлы .csv, .json немесе .parquet болуы керек. "
            "Берілгені: «.txt».",
        ),
    ):
        done = cli.invoke(
            app, ["--lang", lang, "members", "import", str(roll), "--party", "amanat"]
        )
        assert (done.exit_code, done.output.strip()) == (2, header)
        done = cli.invoke(app, ["--lang", lang, "protocols", "import", str(protocols), "-e", "x"])
        assert done.exit_code == 2
        assert done.output.strip().endswith(kind)


def test_an_audit_column_the_file_lacks_in_each_language(tmp_path: Path) -> None:
    """``majlis audit`` with a column option naming no column of the file: exit 2, worded."""
    table = tmp_path / "stations.csv"
    table.write_text("a,b\n1,2\n")
    args = ["audit", str(table), "--registered", "a", "--leader", "b", "--valid", "zz"]
    for lang, expected in (
        (
            "ru",
            "поле «zz»: столбец для «valid»: допустимо одно из значений ['a', 'b']. "
            "Получено: 'zz'.",
        ),
        (
            "kk",
            "«zz» өрісі: «valid» үшін баған мына мәндердің бірі болуы керек: ['a', 'b']. "
            "Берілгені: 'zz'.",
        ),
    ):
        done = CliRunner().invoke(app, ["--lang", lang, *args])
        assert done.exit_code == 2
        assert done.output.strip().endswith(f"{table}, {expected}")
