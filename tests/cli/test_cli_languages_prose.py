"""Beyond the tables: refusals, the allocation's trace, the quick count's prose and ``majlis
verify`` are worded in Russian and Kazakh, while English stays as the domain says it."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from typer.testing import CliRunner

from majlis import errors, i18n, store, synth
from majlis.cli import app
from majlis.error_text import ERRORS, describe
from majlis.law import trace as law_trace
from majlis.synth import SynthSpec, synthesize
from majlis.trace_text import PHRASES, trace_line

KZ_2021 = ["seats", "--law", "kz-majlis-2009", "examples/kz-2021.csv"]
DESIGN = ["--margin", "2", "--seed", "7", "--dry-run", "--format", "tsv"]


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner on a migrated database, wide enough that no line wraps."""
    for name in ("MAJLIS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "250")
    return CliRunner()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ru",
            "ошибка: Test One (900101300126) уже состоит в партии «alpha»; человек может "
            "состоять только в одной партии, поэтому в приёме в «beta» отказано",
        ),
        (
            "kk",
            "қате: Test One (900101300126) «alpha» партиясының белсенді мүшесі; адам тек бір "
            "партияда бола алады, сондықтан «beta» партиясына қабылдаудан бас тартылды",
        ),
        (
            "en",
            "error: Test One (900101300126) is already an active member of party 'alpha'; one "
            "active party per person, so the admission to 'beta' is refused",
        ),
    ],
)
def test_a_membership_refusal_in_each_language(cli: CliRunner, lang: str, expected: str) -> None:
    """A second party's admission is refused (exit 3) in the reader's words; names as given."""
    for slug in ("alpha", "beta"):
        made = cli.invoke(
            app, ["party", "create", slug, "--name", slug.title(), "--on", "2020-01-01"]
        )
        assert made.exit_code == 0, made.output
    join = ["member", "join", "900101300126", "--on", "2021-01-01"]
    first = cli.invoke(
        app,
        ["--lang", lang, *join, "--party", "alpha", "--family-name", "Test", "--given-name", "One"],
    )
    assert first.exit_code == 0, first.output
    confirmed = {
        "ru": "принят в alpha",
        "kk": "alpha партиясына қабылданды",
        "en": "admitted to alpha",
    }
    assert confirmed[lang] in first.output
    second = cli.invoke(app, ["--lang", lang, *join, "--party", "beta"])
    assert second.exit_code == 3
    assert second.output.startswith(expected)


@pytest.mark.parametrize(
    ("lang", "unknown", "bad_iin"),
    [
        (
            "ru",
            "ошибка: Выборов «nope» нет (известны: нет).",
            "ошибка: ИИН «900101300122»: контрольная цифра (12-я) должна быть 6. Получено: 2.",
        ),
        (
            "kk",
            "қате: «nope» сайлауы жоқ (белгілілері: жоқ).",
            "қате: ЖСН «900101300122»: бақылау цифры (12-ші) 6 болуы керек. Берілгені: 2.",
        ),
    ],
)
def test_refusals_of_bad_input(cli: CliRunner, lang: str, unknown: str, bad_iin: str) -> None:
    """An unknown election and a wrong check digit exit 2 with one translated line."""
    out = cli.invoke(app, ["--lang", lang, "election", "show", "nope"])
    assert (out.exit_code, out.output.strip()) == (2, unknown)
    iin = [
        "member",
        "join",
        "900101300122",
        "--party",
        "x",
        "--family-name",
        "A",
        "--given-name",
        "B",
    ]
    out = cli.invoke(app, ["--lang", lang, *iin])
    assert (out.exit_code, out.output.strip()) == (2, bad_iin)


def test_an_error_keeps_its_english_and_its_code() -> None:
    """str() is the English message (the API's detail); the code and parameters travel with it."""
    exc = errors.NotFoundError(
        "No election 'x' (known: a).",
        code="election.unknown",
        params={"election": "x", "known": "a"},
    )
    with i18n.using("en"):
        assert describe(exc) == str(exc) == "No election 'x' (known: a)."
    with i18n.using("ru"):
        assert describe(exc) == "Выборов «x» нет (известны: a)."
    uncoded = errors.InputError("bad", location=errors.Location("f.csv", 3, "iin"))
    with i18n.using("kk"):
        assert describe(uncoded) == "f.csv, row 3, field 'iin': bad"
    located = errors.NationalIdError(
        "an IIN must be exactly 12 digits. Got '1' instead.",
        location=errors.Location("roll.csv", 7, "iin"),
        code="iin.digits",
        params={"value": "1"},
    )
    with i18n.using("kk"):
        assert describe(located) == (
            "roll.csv, 7-жол, «iin» өрісі: ЖСН дәл 12 цифрдан тұруы керек. Берілгені: «1»."
        )
    assert {key.split("+")[0] for key in ERRORS} >= {"election.unknown", "membership.duplicate"}


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "ru",
            [
                "база порога (голоса за партийные списки): 7\xa0241\xa0562 голоса",
                "Auyl: 383\xa0023 голоса = 5,2892% от 7\xa0241\xa0562 (нужно 7,0000%) -> не "
                "допущен: порог не преодолён",
                "Ak Zhol: 792\xa0828 / квота = 77\xa0697\xa0144/6\xa0599\xa0921 (≈11,772435) -> "
                "11 мандатов, остаток 5\xa0098\xa0013/6\xa0599\xa0921 (≈0,772435)",
                "оставшийся мандат № 2 -> Ak Zhol (наибольший остаток",
            ],
        ),
        (
            "kk",
            [
                "шек негізі (партиялық тізімдерге берілген дауыстар): 7\xa0241\xa0562 дауыс",
                "Nur Otan: 5\xa0148\xa0074 дауыс = 7\xa0241\xa0562 ішінен 71,0907% (қажеті "
                "7,0000%) -> жіберілді: шектен өтті",
                "квота (hare): дауыстар (6\xa0599\xa0921) / мандаттар (98) = 6\xa0599\xa0921/98",
                "қалған № 1 мандат -> People's Party of Kazakhstan (ең үлкен қалдық",
            ],
        ),
    ],
)
def test_the_trace_in_each_language(lang: str, lines: list[str]) -> None:
    """``majlis seats`` explains each step in the reader's words, numbers grouped their way."""
    out = CliRunner().invoke(app, ["--lang", lang, *KZ_2021], env={"COLUMNS": "250"})
    assert out.exit_code == 0, out.output
    for line in lines:
        assert line in out.output
    english = CliRunner().invoke(app, ["--lang", "en", *KZ_2021], env={"COLUMNS": "250"})
    assert "Auyl: 383023 votes = 5.2892% of 7241562 (needs 7.0000%) -> excluded" in english.output


def test_the_json_trace_stays_english() -> None:
    """The JSON trace is data: its text and reasons are the law's English in any language."""
    out = CliRunner().invoke(app, ["--lang", "ru", *KZ_2021, "--format", "json"])
    trace = json.loads(out.output)["trace"]
    assert trace[1]["reason"] == "at or over the threshold"
    assert trace[1]["text"].startswith("Nur Otan: 5148074 votes")


def test_every_phrase_and_event_kind_is_worded() -> None:
    """The adapter's phrases are the law's; every event kind has its own Russian line."""
    assert dict(law_trace.PHRASES) == PHRASES
    phrase = law_trace.Phrase
    events = [
        law_trace.StageStarted(name=phrase("stage.split", pair="A + B"), seats=3, method="dhondt"),
        law_trace.ThresholdBase(
            base=phrase("base.constituency", base="valid_votes", constituency="Nord"), votes=10
        ),
        law_trace.RunnerUpAdmitted(party="R", votes=5, variant="admit"),
        law_trace.RunnerUpCorrected(
            party="R", before=1, after=2, reason=phrase("seat.runner_up", seats=2)
        ),
        law_trace.SurplusPairFormed(parties=("A", "B"), votes=10),
        law_trace.SeatWithdrawn(
            party="W", remainder=Fraction(1, 3), reason=phrase("seat.withdrawn")
        ),
        law_trace.DivisorSeat(
            seat=1,
            party="D",
            votes=9,
            divisor=Fraction(7, 5),
            quotient=None,
            note=phrase("note.huntington_hill"),
        ),
        law_trace.SeatCapApplied(party="C", cap=65, excess=3),
        law_trace.SeatPlaced(
            party="P",
            constituency="Nord",
            level="levelling",
            key=Fraction(1, 2),
            reason=phrase("seat.levelling"),
        ),
        law_trace.OverhangKept(party="O", share=3, district_wins=5),
        law_trace.DistrictSeatsAdded(party="M", list_seats=4, district_seats=2),
        law_trace.TieBroken(
            stage=law_trace.ALLOCATION,
            seats=1,
            contenders=("X", "Y"),
            winners=("Y",),
            rule="lot",
            seed=3,
        ),
        law_trace.TieLeft(stage="Nord", seats=2, contenders=("X", "Y")),
    ]
    with i18n.using("ru"):
        worded = [trace_line(event) for event in events]
    english = [law_trace.render_event(event) for event in events]
    assert all(w != e for w, e in zip(worded, english, strict=True))
    assert worded[0] == "== раздел внутри пары A + B: 3 мандата, метод dhondt"
    assert worded[1] == "база порога (действительные голоса в округе Nord): 10 голосов"
    assert worded[11].endswith("(правило: жребий, зерно 3)")
    assert worded[12] == (
        "равенство на этапе «Nord»: 2 мандата между X, Y остаются нераспределёнными"
    )
    with i18n.using("en"):
        assert [trace_line(event) for event in events] == english


@pytest.fixture
def pvt_cli(cli: CliRunner, database_url: str) -> CliRunner:
    """The runner on a database holding a small synthetic 2021 election."""
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        synth.store_synthetic(session, synthesize(SynthSpec(stations=60, territorials=17, seed=4)))
    engine.dispose()
    return cli


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ru", ["пробный запуск: ничего не сохранено", "зерно 7", "страта\tучастки\tизбиратели"]),
        ("kk", ["сынақ іске қосу: ештеңе сақталмады", "бастапқы сан 7", "страта\tучаскелер"]),
        ("en", ["dry run: nothing stored", "seed 7", "stratum\tstations\tvoters\tsample"]),
    ],
)
def test_the_quick_count_design_in_each_language(
    pvt_cli: CliRunner, lang: str, expected: list[str]
) -> None:
    """``majlis pvt design`` words its sentence, its headers and its lines for the reader."""
    out = pvt_cli.invoke(
        app,
        ["--lang", lang, "pvt", "design", "-e", synth.KZ_2021.election, *DESIGN],
    )
    assert out.exit_code == 0, out.output
    for text in expected:
        assert text in out.output
    nothing = pvt_cli.invoke(app, ["--lang", lang, "pvt", "status", "-e", synth.KZ_2021.election])
    assert nothing.exit_code == 2
    assert "'majlis pvt design'" in nothing.output
    assert nothing.output.startswith(
        {"ru": "ошибка: у выборов", "kk": "қате: «", "en": "error: the"}[lang]
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ru", "проверка не пройдена: контрольная сумма записи — "),
        ("kk", "тексеруден өтпеді: жазбаның бақылау сомасы — "),
    ],
)
def test_a_failed_verification_is_worded_through(cli: CliRunner, lang: str, expected: str) -> None:
    """``majlis verify --expect`` words the mismatch itself, not only its prefix."""
    out = cli.invoke(app, ["--lang", lang, "verify", "--expect", "0" * 64])
    assert out.exit_code == 1
    assert out.output.startswith(expected)
    assert "0" * 64 in out.output
