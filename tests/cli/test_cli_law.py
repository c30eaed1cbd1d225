"""`majlis laws`, `majlis law show` and `majlis seats` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis.cli import app
from majlis.law import METHODS

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _wide(*args: str) -> tuple[int, str]:
    """A table in a terminal wide enough that no cell is wrapped."""
    result = runner.invoke(app, list(args), env={"COLUMNS": "400"})
    return result.exit_code, result.stdout


def test_laws_lists_every_ruleset_with_dates() -> None:
    """The table lists the Kazakh versions with their effective dates."""
    code, out, _ = _run("laws")
    assert code == 0
    assert "kz-majlis-2009" in out
    assert "2009-02-19" in out


def test_laws_json_and_csv() -> None:
    """JSON and CSV outputs carry ids, dates and seats."""
    code, out, _ = _run("laws", "--format", "json")
    assert code == 0
    records = {r["id"]: r for r in json.loads(out)}
    assert records["kz-majlis-2023"]["list_seats"] == 69
    code, out, _ = _run("laws", "--format", "csv")
    assert out.splitlines()[0].startswith("id,jurisdiction,body,effective_from")


def test_law_show() -> None:
    """`law show` prints the citation and the runner-up rule."""
    code, out, _ = _run("law", "show", "kz-majlis-2009")
    assert code == 0
    assert "Art. 97-1" in out
    assert "runner-up" in out
    code, out, _ = _run("law", "show", "kz-majlis", "--date", "2023-03-19", "--format", "json")
    assert json.loads(out)["id"] == "kz-majlis-2023"


def test_seats_table_for_2021() -> None:
    """The README example prints the official 76/12/10 and the trace."""
    code, out, _ = _run("seats", "--law", "kz-majlis-2009", str(REPO / "examples/kz-2021.csv"))
    assert code == 0
    assert "Trace" in out
    assert "leftover seat 2 -> Ak Zhol" in out


def test_seats_trace_shows_names_as_given(tmp_path: Path) -> None:
    """A party named like an emoji code or Rich markup reads as registered in the trace."""
    votes = tmp_path / "v.csv"
    votes.write_text("party,votes\n:star: List,600\n[bold]B[/bold],400\n", encoding="utf-8")
    code, out, _ = _run("seats", "--law", "kz-majlis-2009", str(votes), "--format", "table")
    assert code == 0
    trace = out.split("Trace", 1)[1]
    assert ":star: List: 600 votes" in trace
    assert "[bold]B[/bold]: 400 votes" in trace
    assert "\N{WHITE MEDIUM STAR}" not in trace


def test_seats_json_shape_for_2023() -> None:
    """A parallel law's JSON is the chamber with its tiers; AGAINST ALL enters the base."""
    code, out, _ = _run(
        "seats",
        "--law",
        "kz-majlis",
        "--date",
        "2023-03-19",
        str(REPO / "examples/kz-2023.csv"),
        "--format",
        "json",
    )
    assert code == 0
    payload = json.loads(out)
    assert set(payload) == {
        "ruleset",
        "seats",
        "list_seats",
        "district_seats",
        "vacant_district_seats",
        "trace",
    }
    assert payload["ruleset"] == "kz-majlis-2023"
    assert payload["seats"]["Amanat"] == payload["list_seats"]["Amanat"] == 40
    assert payload["seats"]["OSDP"] == 4
    assert payload["vacant_district_seats"] == 29  # the example gives no district winners
    assert "AGAINST ALL" not in payload["seats"]
    assert payload["trace"][1] == {
        "kind": "threshold_base",
        "base": "valid_votes",
        "votes": 6_366_441,
        "text": "threshold base (valid_votes): 6366441 votes",
    }


def test_seats_show_the_whole_chamber_of_a_parallel_law(tmp_path: Path) -> None:
    """Kazakhstan 2023: list seats, districts won and their sum, in the table and the CSV."""
    votes = tmp_path / "kz.csv"
    text = (REPO / "examples/kz-2023.csv").read_text(encoding="utf-8").splitlines()
    rows = [text[0] + ",district_wins"]
    rows += [line + (",20" if line.startswith("Amanat") else ",") for line in text[1:]]
    rows.append("Independents,0,6")
    votes.write_text("\n".join(rows) + "\n", encoding="utf-8")
    args = ("seats", "--law", "kz-majlis-2023", str(votes))
    code, out, _ = _run(*args, "--format", "csv")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "party,votes,list_seats,district_seats,seats"
    assert "Amanat,3431510,40,20,60" in lines
    assert "Independents,0,0,6,6" in lines
    code, out, _ = _run(*args)
    assert code == 0
    assert "Chamber under kz-majlis-2023" in out
    assert "Amanat: 40 list seats + 20 districts won = 60 seats" in out
    assert "districts not given (left empty): 3" in out


def test_seats_refuse_more_districts_than_the_tier(tmp_path: Path) -> None:
    """Districts won beyond the 29 of the district tier fail naming the file, row and field."""
    votes = tmp_path / "kz.csv"
    votes.write_text("party,votes,district_wins\nAmanat,100,20\nAuyl,50,10\n", encoding="utf-8")
    code, _, err = _run("seats", "--law", "kz-majlis-2023", str(votes))
    assert code == 2
    assert f"{votes}, row 2, field 'district_wins'" in err
    assert len(err.strip().splitlines()) == 1


def test_seats_csv(tmp_path: Path) -> None:
    """CSV output is party,votes,seats in input order."""
    code, out, _ = _run(
        "seats", "--law", "kz-majlis-2009", str(REPO / "examples/kz-2021.csv"), "--format", "csv"
    )
    assert code == 0
    assert out.splitlines()[:2] == ["party,votes,seats", "Nur Otan,5148074,76"]


def test_seats_with_own_ruleset_file(tmp_path: Path) -> None:
    """--law accepts a path to the user's own TOML."""
    law = tmp_path / "mine.toml"
    law.write_text(
        'id = "my-law"\ntitle = "t"\njurisdiction = "XX"\nbody = "b"\n'
        'effective_from = 2000-01-01\ncitation = "Statute of the example, Art. 1"\n'
        'sources = ["https://example.org"]\n[seats]\ntotal = 10\nlist = 10\n'
        '[allocation]\nmethod = "dhondt"\n[threshold]\nvalue = "0%"\nbase = "list_votes"\n',
        encoding="utf-8",
    )
    votes = tmp_path / "v.csv"
    votes.write_text("party,votes\nA,600\nB,400\n", encoding="utf-8")
    code, out, _ = _run("seats", "--law", str(law), str(votes), "--format", "json")
    assert code == 0
    assert json.loads(out)["seats"] == {"A": 6, "B": 4}


def test_optional_columns(tmp_path: Path) -> None:
    """minority, district_wins, alliance_size and registration_order columns are read."""
    votes = tmp_path / "v.csv"
    votes.write_text(
        "party,votes,minority,district_wins,alliance_size,registration_order\n"
        "A,9500,false,0,1,2\nSSW,100,true,0,1,1\nB,400,no,3,1,3\n",
        encoding="utf-8",
    )
    code, out, _ = _run("seats", "--law", "de-bundestag-2024", str(votes), "--format", "json")
    assert code == 0, out
    seats = json.loads(out)["seats"]
    assert seats["B"] > 0


BAD_ROWS = [
    ("party,votes\nA,-5\n", "v.csv, row 1, field 'votes'", "an integer from 0 to"),
    # beyond any electorate: would overflow the trace's decimal renderings
    ("party,votes\nA,1" + "0" * 400 + "\nB,5\n", "v.csv, row 1, field 'votes'", "10,000,000,000"),
    # digits str.isdigit() takes but int() refuses
    ("party,votes\nA,\u00b2\n", "v.csv, row 1, field 'votes'", "an integer from 0 to"),
    ("party,votes\nA,12.5\n", "v.csv, row 1, field 'votes'", "'12.5'"),
    ("party,votes\nA,5\nA,6\n", "v.csv, row 2, field 'party'", "unique"),
    ("party,votes\n ,5\n", "v.csv, row 1, field 'party'", "non-empty"),
    ("party,count\nA,5\n", "v.csv, field 'votes'", "a 'votes' column"),
    ("party,votes,colour\nA,5,red\n", "v.csv, field 'colour'", "one of"),
    ("party,votes,minority\nA,5,maybe\n", "v.csv, row 1, field 'minority'", "true or false"),
    ("party,votes,surplus_partner\nA,5,Z\n", "v.csv, row 1, field 'surplus_partner'", "'Z'"),
    ("party,votes\nA,5\nAGAINST ALL,1\nagainst all,2\n", "v.csv, row 3, field 'party'", "once"),
]


@pytest.mark.parametrize(("text", "where", "what"), BAD_ROWS)
def test_bad_votes_file_is_one_line_exit_2(
    tmp_path: Path, text: str, where: str, what: str
) -> None:
    """Bad input gets one line naming file, row and field, and exit code 2."""
    votes = tmp_path / "v.csv"
    votes.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["seats", "--law", "kz-majlis-2009", str(votes)])
    assert result.exit_code == 2
    message = result.stderr.strip().replace(str(tmp_path) + "/", "")
    assert len(message.splitlines()) == 1
    assert message.startswith(f"error: {where}")
    assert what in message
    assert "Traceback" not in result.output


def test_unknown_ruleset_exit_2() -> None:
    """An unknown --law fails listing valid ids, exit code 2."""
    result = runner.invoke(app, ["seats", "--law", "nowhere", str(REPO / "examples/kz-2021.csv")])
    assert result.exit_code == 2
    assert "valid ids: " in result.stderr
    assert "de-bundestag-2024, " in result.stderr


def test_bad_ruleset_file_exit_2(tmp_path: Path) -> None:
    """A malformed ruleset file names the file and key, exit code 2."""
    law = tmp_path / "bad.toml"
    law.write_text('id = "x"\n', encoding="utf-8")
    result = runner.invoke(app, ["law", "show", str(law)])
    assert result.exit_code == 2
    assert "field 'sources'" in result.stderr


def test_bad_date_exit_2() -> None:
    """A malformed --date names the option and the expected form."""
    result = runner.invoke(app, ["law", "show", "kz-majlis", "--date", "10/01/2021"])
    assert result.exit_code == 2
    assert "--date must be a date such as 2021-01-10" in result.stderr


def test_missing_file_exit_2(tmp_path: Path) -> None:
    """A votes file that does not exist is a one-line error naming it."""
    result = runner.invoke(app, ["seats", "--law", "kz-majlis-2009", str(tmp_path / "no.csv")])
    assert result.exit_code == 2
    assert "no.csv: cannot read the votes file" in result.stderr


def test_missing_ballots_cast_exit_2() -> None:
    """A ruleset measuring the threshold against ballots cast needs --ballots-cast."""
    result = runner.invoke(
        app, ["seats", "--law", "ru-duma-2014", str(REPO / "examples/kz-2021.csv")]
    )
    assert result.exit_code == 2
    assert "field '--ballots-cast'" in result.stderr


def test_ballots_cast_option(tmp_path: Path) -> None:
    """--ballots-cast enters the threshold base (Russian law: ballots in the boxes)."""
    result = runner.invoke(
        app,
        [
            "seats",
            "--law",
            "ru-duma-2014",
            "--ballots-cast",
            "8000000",
            str(REPO / "examples/kz-2021.csv"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0
    trace = json.loads(result.stdout)["trace"]
    assert next(e for e in trace if e["kind"] == "threshold_base")["votes"] == 8_000_000


def test_law_methods_lists_the_registry() -> None:
    """`law methods` names every registered method."""
    code, out, _ = _run("law", "methods", "--format", "csv")
    assert code == 0
    assert {line.split(",")[0] for line in out.splitlines()[1:]} == set(METHODS)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ru", ["Избирательные законы", "страна", "ныне", "от базы «действительные голоса»"]),
        ("kk", ["Сайлау заңдары", "ел", "қазір", "«жарамды дауыстар» бойынша 5%"]),
    ],
)
def test_laws_in_each_language(lang: str, expected: list[str]) -> None:
    """The headings, the open end and the threshold are worded; ids and methods as registered."""
    code, out = _wide("--lang", lang, "laws", "--format", "table")
    assert code == 0, out
    for text in expected:
        assert text in out
    assert "kz-majlis-2023" in out
    assert "hare" in out
    for english in ("Rulesets", "country", " now ", "of list_votes", "of valid_votes"):
        assert english not in out


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ru",
            [
                "страна / орган",
                "всего 98: по спискам 69, в округах 29",
                "параллельная: выигранные округа",
                "назначаются партией после подсчёта",
                "более ранняя регистрация",
            ],
        ),
        (
            "kk",
            [
                "ел / орган",
                "барлығы 98: тізім бойынша 69, округтерде 29",
                "параллель: жеңіп алынған округтер",
                "санақтан кейін партия белгілейді",
                "ертерек тіркелу",
            ],
        ),
    ],
)
def test_law_show_in_each_language(lang: str, expected: list[str]) -> None:
    """Every key and coded value of a ruleset is worded; the citation stays as enacted."""
    code, out = _wide("--lang", lang, "law", "show", "kz-majlis-2023", "--format", "table")
    assert code == 0, out
    for text in expected:
        assert text in out
    assert "Art. 97-1" in out
    for english in ("in force", "tie-break", "list mode", "designated", "(inclusive)", " total:"):
        assert english not in out


@pytest.mark.parametrize(
    ("law", "ru", "kk"),
    [
        (
            "no-storting-2005",
            "1 выравнивающее место в каждом округе (modified_sainte_lague)",
            "әр округте 1 теңестіру орны",
        ),
        ("nz-house-1994", "1 выигранный округ", "жеңіп алынған 1 округ"),
        ("de-bundestag-2024", "покрытие: мандаты партий", "жабу: партия мандаттары"),
        ("ch-zh-kantonsrat-2006", "бипропорциональное распределение", "бипропорционалды бөлу"),
        (
            "gb-sco-parliament-1999",
            "дополнительные депутаты: мандаты каждого региона",
            "қосымша депутаттар: әр өңірдің мандаттары",
        ),
    ],
)
def test_law_show_rules_in_each_language(law: str, ru: str, kk: str) -> None:
    """Levelling seats, district qualification, coverage and biproportion read in both."""
    for lang, text in (("ru", ru), ("kk", kk)):
        code, out = _wide("--lang", lang, "law", "show", law, "--format", "table")
        assert code == 0, out
        assert text in out, (lang, out)


def test_law_show_csv_and_json_stay_english() -> None:
    """A script reads the same CSV and JSON in every language."""
    english = _run("law", "show", "no-storting-2005", "--format", "csv")[1]
    assert _run("--lang", "kk", "law", "show", "no-storting-2005", "--format", "csv")[1] == english
    assert "levelling seat each" in english
    payload = json.loads(_run("--lang", "ru", "laws", "--format", "json")[1])
    norway = next(r for r in payload if r["id"] == "no-storting-2005")
    assert norway["constituencies"].startswith("seats fixed per constituency")
