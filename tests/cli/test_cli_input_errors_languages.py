"""The file readers' and the votes table's refusals speak the reader's language: each carries a
code and its parameters, worded in Russian and Kazakh by ``majlis.error_text``; the English line
is the error's own text, unchanged."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis import i18n
from majlis.cli import app
from majlis.cli._files import writable
from majlis.error_text import ERRORS, describe
from majlis.errors import InputError


def _seats(tmp_path: Path, lang: str, text: str | bytes | None) -> tuple[int, str]:
    """``majlis --lang LANG seats`` over a votes file holding ``text`` (None: no file)."""
    votes = tmp_path / "votes.csv"
    if isinstance(text, bytes):
        votes.write_bytes(text)
    elif text is not None:
        votes.write_text(text)
    result = CliRunner().invoke(
        app, ["--lang", lang, "seats", "--law", "kz-majlis-2009", str(votes)]
    )
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("text", "english", "russian", "kazakh"),
    [
        (
            "party,votes\nA,12x\n",
            "row 1, field 'votes': votes must be an integer from 0 to 10,000,000,000. "
            "Got '12x' instead.",
            "строка 1, поле «votes»: votes: нужно целое число от 0 до 10\xa0000\xa0000\xa0000. "
            "Получено: «12x».",
            "1-жол, «votes» өрісі: votes: 0–10\xa0000\xa0000\xa0000 аралығындағы бүтін сан "
            "болуы керек. Берілгені: «12x».",
        ),
        (
            "party,votes\nA,1\nA,2\n",
            "row 2, field 'party': the party name must be unique. Got 'A' instead.",
            "строка 2, поле «party»: название партии должно быть уникальным; «A» встречается "
            "повторно.",
            "2-жол, «party» өрісі: партия атауы бірегей болуы керек; «A» қайталанады.",
        ),
        (
            "party,votes,seats\nA,1,2\n",
            "field 'seats': column 'seats' must be one of ['party', 'votes',",
            "поле «seats»: столбец «seats» не предусмотрен; допустимые столбцы: party, votes,",
            "«seats» өрісі: «seats» бағаны қарастырылмаған; рұқсат етілген бағандар: party,",
        ),
        (
            "party\nA\n",
            "field 'votes': the header must be to have a 'votes' column. Got 'party' instead.",
            "поле «votes»: в заголовке нет столбца «votes». Заголовок: «party».",
            "«votes» өрісі: тақырып жолында «votes» бағаны жоқ. Тақырып жолы: «party».",
        ),
        (
            "party,votes\n",
            "the votes file must be at least one party row. Got 0 instead.",
            "в файле голосов нет ни одной строки с партией.",
            "дауыстар файлында партиясы бар бірде-бір жол жоқ.",
        ),
        (
            b"party,votes\nA\xff,1\n",
            "the votes file is not UTF-8 text: byte 0xff on line 2 (offset 13)",
            "файл голосов: это не текст в UTF-8 — байт 0xff в строке 2 (смещение 13)",
            "дауыстар файлы: бұл UTF-8 мәтіні емес — 2-жолдағы 0xff байтын (ығысуы 13)",
        ),
        (
            None,
            "cannot read the votes file: No such file or directory",
            "файл голосов: прочитать не удалось — нет такого файла или папки",
            "дауыстар файлы: оқу мүмкін болмады — мұндай файл немесе қалта жоқ",
        ),
    ],
)
def test_a_bad_votes_file_is_refused_in_each_language(
    tmp_path: Path, text: str | bytes | None, english: str, russian: str, kazakh: str
) -> None:
    """``majlis seats`` refuses the file (exit 2) with one line in the chosen language."""
    for lang, prefix, expected in (
        ("en", "error: ", english),
        ("ru", "ошибка: ", russian),
        ("kk", "қате: ", kazakh),
    ):
        code, output = _seats(tmp_path, lang, text)
        assert code == 2, output
        assert output.startswith(f"{prefix}{tmp_path / 'votes.csv'}"), output
        assert expected in output, output


def test_a_file_where_an_output_folder_goes_is_refused_in_kazakh(tmp_path: Path) -> None:
    """``majlis audit --out FILE`` refuses before any work, naming the option in Kazakh."""
    taken = tmp_path / "taken"
    taken.write_text("")
    result = CliRunner().invoke(
        app, ["--lang", "kk", "audit", "examples/kz-2021.csv", "--out", str(taken)]
    )
    assert result.exit_code == 2
    assert result.output == (
        f"қате: {taken}: --out қалтасы: мұнда қалта болуы керек, бірақ бұл жерде файл тұр\n"
    )


def test_a_malformed_date_option_is_refused_in_russian(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A YYYY-MM-DD option that is no calendar date names the option and the value."""
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    result = CliRunner().invoke(app, ["--lang", "ru", "person", "regions", "--on", "2021-99-01"])
    assert result.exit_code == 2
    assert (
        result.output == "ошибка: --on: нужна дата в формате ГГГГ-ММ-ДД. Получено: «2021-99-01».\n"
    )


def test_an_output_in_a_missing_folder_is_named_in_each_language(tmp_path: Path) -> None:
    """A file to write in a folder that does not exist is refused with the file's kind named."""
    with pytest.raises(InputError) as refused:
        writable(tmp_path / "none" / "rejects.csv", what="rejects file")
    assert refused.value.code == "output.no_folder"
    assert str(refused.value).endswith(f"cannot write the rejects file: no folder {tmp_path}/none")
    with i18n.using("ru"):
        russian = describe(refused.value)
    with i18n.using("kk"):
        kazakh = describe(refused.value)
    assert russian.endswith(
        f"файл отклонённых строк: записать не удаётся — нет папки {tmp_path}/none"
    )
    assert kazakh.endswith(
        f"қабылданбаған жолдар файлы: жазу мүмкін емес — {tmp_path}/none қалтасы жоқ"
    )


def test_every_file_code_has_a_message() -> None:
    """The codes the readers raise are all in the table (a typo would fall back to English)."""
    codes = {
        "file.unreadable", "file.not_utf8", "file.not_utf8_byte", "file.binary", "file.csv",
        "file.csv_anywhere", "file.json", "file.json_deep", "output.not_folder", "output.not_file",
        "output.denied", "output.no_folder", "output.folder_not_writable", "input.date",
        "csv.header_missing", "csv.column_unknown", "csv.row_width", "csv.boolean", "votes.count",
        "votes.party_empty", "votes.against_all_twice", "votes.constituency_empty",
        "votes.party_duplicate", "votes.no_rows", "votes.surplus_partner", "input.share",
        "input.negative", "csv.party_name", "csv.constituency_name", "threshold.no_ballots_cast",
        "threshold.no_registered_voters", "threshold.base_below_valid", "districts.national_law",
        "districts.no_file", "districts.short_form", "scenario.move", "scenario.not_removed",
        "scenario.redistribution_header", "polls.no_rows", "polls.uncertainty_both",
        "polls.uncertainty_none", "report.no_target", "election.no_final_protocol",
        "election.not_stored", "convocation.none_on", "protocols.columns",
        "mixed.candidates_column", "mixed.not_counted_column", "mixed.winners", "input.one_of",
        "input.set", "file.missing", "file.not_found", "roll.no_party", "audit.no_input",
        "audit.peak_range", "candidates.national_id", "mandate.how", "scenario.move_in",
        "scenario.move_in_national", "projection.no_baseline", "serve.sqlite_workers",
        "person.barred_unknown", "winners.district", "winners.region", "winners.district_wins",
        "constituencies.valid_votes", "coverage.needs_winners", "districts.against_all",
        "published.level", "deadline.nomination", "deadline.registration",
        "deadline.list_withdrawal", "deadline.withdraw_candidate", "deadline.revoke_candidate",
        "election.exists", "list.exists", "ballot.drawn", "ballot.no_lists", "list.not_candidate",
        "list.withdrawn_already", "boycott.not_registered",
    }  # fmt: skip
    assert codes <= set(ERRORS)
    assert errno.errorcode[errno.ENOENT] == "ENOENT"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--lang", "kk", "audit"],
            "қате: majlis audit үшін ФАЙЛ немесе --election КОД қажет; екеуі де көрсетілмеген.",
        ),
        (
            ["--lang", "ru", "audit", "x.csv", "--peak-range", "5"],
            "ошибка: --peak-range: нужно ОТ:ДО в процентах явки, например 55:95. Получено: «5».",
        ),
        (
            ["--lang", "kk", "serve", "--workers", "2"],
            "қате: SQLite тек бір жұмыс процесіне қызмет етеді, ал --workers 2 көрсетілген. "
            "Бірнеше процесс үшін PostgreSQL пайдаланыңыз "
            "(MAJLIS_DATABASE_URL=postgresql+psycopg://...).",
        ),
    ],
)
def test_options_refused_before_any_work_in_each_language(
    monkeypatch: pytest.MonkeyPatch, args: list[str], expected: str
) -> None:
    """An audit with nothing to audit, a malformed peak range, SQLite with workers: exit 2."""
    monkeypatch.delenv("MAJLIS_DATABASE_URL", raising=False)
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0
    assert result.output == expected + "\n"


@pytest.mark.parametrize(
    ("args", "lang", "expected"),
    [
        (
            ["seats", "--law", "ru-duma-2005", "examples/kz-2021.csv"],
            "kk",
            "қате: «--ballots-cast» өрісі: «ru-duma-2005» заңы шекті жәшіктердегі бюллетеньдер "
            "санынан есептейді; оны көрсетіңіз (--ballots-cast N).",
        ),
        (
            ["seats", "--law", "pl-sejm-2011", "examples/kz-2021.csv"],
            "ru",
            "ошибка: поле «--constituencies»: закон «pl-sejm-2011» — закон с округами: укажите "
            "--constituencies ФАЙЛ (constituency,seats,...).",
        ),
        (
            ["whatif", "--law", "kz-majlis-2009", "examples/kz-2021.csv", "--move", "A:B"],
            "kk",
            "қате: «--move» өрісі: --move: ҚАЙДАН:ҚАЙДА:ҚАНША түрінде болуы керек, мысалы "
            "'Nur Otan:Auyl:50000'. Берілгені: «A:B».",
        ),
        (
            ["whatif", "--law", "kz-majlis-2009", "examples/kz-2021.csv", "--move-share", "A:B:x"],
            "ru",
            "ошибка: поле «--move-share»: --move-share: нужна доля вида 10%, 0.1 или 1/10. "
            "Получено: «x».",
        ),
    ],
)
def test_seats_and_whatif_refusals_in_each_language(
    args: list[str], lang: str, expected: str
) -> None:
    """The options ``seats`` and ``whatif`` most often miss or mistype are worded, exit 2."""
    result = CliRunner().invoke(app, ["--lang", lang, *args])
    assert result.exit_code == 2
    assert result.output == expected + "\n"
    english = CliRunner().invoke(app, ["--lang", "en", *args])
    assert english.exit_code == 2
    assert english.output.startswith("error: field '--")


@pytest.mark.parametrize(
    ("args", "lang", "expected"),
    [
        (
            ["tabulate", "-e", "nope"],
            "kk",
            "қате: «nope» сайлауында бірде-бір түпкілікті хаттама жоқ",
        ),
        (
            ["parliament", "composition", "--date", "2021-01-01"],
            "ru",
            "ошибка: На 1 янв. 2021\u202fг. нет действующего созыва.",
        ),
    ],
)
def test_a_stored_records_refusals_in_each_language(
    database_url: str, monkeypatch: pytest.MonkeyPatch, args: list[str], lang: str, expected: str
) -> None:
    """A count with no final protocol and a day with no convocation are worded (exit 2)."""
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    result = CliRunner().invoke(app, ["--lang", lang, *args])
    assert result.exit_code == 2
    assert result.output == expected + "\n"


def test_a_passed_deadline_is_worded_with_its_dates() -> None:
    """A nomination after its deadline, or before the call, names the party and both days."""
    from datetime import date

    from majlis.demo import CALENDAR  # the 2021 Majlis election's real calendar
    from majlis.elections import Deadline
    from majlis.errors import DeadlinePassed

    refusals = []
    for on in (date(2020, 11, 21), date(2020, 10, 1)):
        with pytest.raises(DeadlinePassed) as refused:
            CALENDAR.require_open(
                Deadline.NOMINATION,
                on=on,
                action="nominate the list of Ak Zhol",
                code="deadline.nomination",
                params={"party": "Ak Zhol"},
            )
        refusals.append(refused.value)
    late, early = refusals
    assert str(late) == (
        "Cannot nominate the list of Ak Zhol on 2020-11-21: the nomination deadline was 2020-11-20."
    )
    with i18n.using("kk"):
        assert describe(late) == (
            "Ak Zhol тізімін 2020\u202fж. 21 қар. күні ұсынуға болмайды: ұсыну мерзімі "
            "2020\u202fж. 20 қар. күні аяқталды."
        )
    with i18n.using("ru"):
        assert describe(early) == (
            "Нельзя выдвинуть список Ak Zhol 1 окт. 2020\u202fг.: выборы назначены только "
            "20 окт. 2020\u202fг."
        )
