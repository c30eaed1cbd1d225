"""``majlis whatif`` and ``majlis project`` end to end, through the real Typer app."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis.cli import app

REPO = Path(__file__).resolve().parents[2]
KZ_2021 = str(REPO / "examples" / "kz-2021.csv")
KZ_2023 = str(REPO / "examples" / "kz-2023.csv")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_whatif_json_shows_the_boycott_flips(tmp_path: Path) -> None:
    """An Ak Zhol boycott with 60% of its voters to Auyl: JSON seats, flips and trace."""
    matrix = tmp_path / "matrix.csv"
    matrix.write_text("party,Auyl\nAk Zhol,60%\n", encoding="utf-8")
    code, out, _ = _run(
        "whatif",
        "--law",
        "kz-majlis-2009",
        KZ_2021,
        "--remove",
        "Ak Zhol",
        "--redistribute",
        str(matrix),
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["before"]["seats"]["Ak Zhol"] == 12
    assert "Ak Zhol" not in data["after"]["seats"]
    assert sum(data["after"]["seats"].values()) == 98
    assert data["votes_after"]["Auyl"] == 383_023 + 792_828 * 3 // 5
    flips = {f["party"]: f for f in data["threshold_flips"]}
    assert flips["Auyl"]["admitted_after"] is True
    assert any(event["kind"] == "quota" for event in data["after"]["trace"])


def test_whatif_csv_and_table() -> None:
    """A share move in 2023 by the date lookup: CSV rows add up, the table names the change."""
    code, out, _ = _run(
        "whatif",
        "--law",
        "kz-majlis",
        "--date",
        "2023-03-19",
        KZ_2023,
        "--move-share",
        "Respublica:OSDP:25%",
        "--format",
        "csv",
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sum(int(r["seats_after"]) for r in rows) == 69
    assert sum(int(r["votes_after"]) for r in rows) == sum(int(r["votes_before"]) for r in rows)
    code, out, _ = _run(
        "whatif",
        "--law",
        "kz-majlis-2023",
        KZ_2023,
        "--move-share",
        "Respublica:OSDP:25%",
        "--trace",
        "--format",
        "table",
    )
    assert code == 0
    assert "What if" in out
    assert "Trace after the change" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--move", "Nur Otan:Auyl"], "FROM:TO:AMOUNT"),
        (["--move", "Nur Otan:Auyl:lots"], "an integer from 0 to"),
        (["--move", "Nur Otan:Auyl:\u00b2"], "an integer from 0 to"),
        (["--move", "Nur Otan:Nobody:5"], "valid names"),
        (["--move-share", "Adal:Auyl:150%"], "in [0, 1]"),
        (["--move", "Adal:Auyl:258619"], "at most the 258618 votes"),
    ],
)
def test_whatif_errors_are_one_line_exit_2(args: list[str], message: str) -> None:
    """Bad changes exit 2 with one line naming the problem, no traceback."""
    code, out, err = _run("whatif", "--law", "kz-majlis-2009", KZ_2021, *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1


def test_project_json_is_reproducible(tmp_path: Path) -> None:
    """Same seed, same JSON; seats per run fill the 98-seat tier."""
    polls = tmp_path / "polls.csv"
    polls.write_text(
        "party,share\nNur Otan,71%\nAk Zhol,10.9%\nPeople's Party,9.1%\nAuyl,5.3%\nAdal,3.6%\n",
        encoding="utf-8",
    )
    args = [
        "project",
        "--law",
        "kz-majlis-2009",
        str(polls),
        "--sample-size",
        "1200",
        "--runs",
        "3000",
        "--seed",
        "11",
        "--batch-size",
        "1000",
        "--format",
        "json",
    ]
    code, first, _ = _run(*args)
    _, second, _ = _run(*args)
    assert code == 0
    assert first == second
    data = json.loads(first)
    assert data["runs"] == 3000
    assert sum(r["mean_seats"] for r in data["lists"]) == pytest.approx(98, abs=1e-3)
    assert all(sum(h) == 3000 for h in data["histogram"].values())


def test_project_table_with_standard_errors(tmp_path: Path) -> None:
    """An 'se' column selects the normal model; the table shows the probabilities."""
    polls = tmp_path / "polls.csv"
    polls.write_text(
        "party,share,se\nAmanat,55,2\nAuyl,11,1.2\nOSDP,5.2,0.8\nAGAINST ALL,4,0.6\n",
        encoding="utf-8",
    )
    code, out, _ = _run(
        "project", "--law", "kz-majlis-2023", str(polls), "--runs", "2000", "--format", "table"
    )
    assert code == 0
    assert "Seat projection" in out
    assert "model normal" in out


def test_project_needs_exactly_one_uncertainty(tmp_path: Path) -> None:
    """Neither a sample size nor an 'se' column: exit 2 naming both options."""
    polls = tmp_path / "polls.csv"
    polls.write_text("party,share\nA,60%\nB,40%\n", encoding="utf-8")
    code, _, err = _run("project", "--law", "kz-majlis-2009", str(polls), "--runs", "10")
    assert code == 2
    assert "--sample-size" in err


def test_example_files_run() -> None:
    """The example poll and redistribution files shipped in examples/ work as documented."""
    code, out, _ = _run(
        "whatif", "--law", "kz-majlis-2009", KZ_2021, "--remove", "Ak Zhol",
        "--redistribute", str(REPO / "examples" / "kz-2021-redistribution.csv"), "--format", "csv",
    )  # fmt: skip
    assert code == 0
    rows = {r["party"]: r for r in csv.DictReader(io.StringIO(out))}
    assert int(rows["Auyl"]["votes_after"]) == 383_023 + 792_828 * 2 // 5
    code, out, _ = _run(
        "project", "--law", "kz-majlis-2009", str(REPO / "examples" / "kz-2021-shares.csv"),
        "--sample-size", "1200", "--runs", "2000", "--seed", "42", "--format", "csv",
    )  # fmt: skip
    assert code == 0
    records = list(csv.DictReader(io.StringIO(out)))
    assert records[0]["party"] == "Nur Otan"
    assert float(records[0]["p_majority"]) == 1.0


def test_project_refuses_an_electorate_past_exact_arithmetic(tmp_path: Path) -> None:
    """More voters than 64-bit arithmetic compares exactly is refused (exit 2), not projected
    with silently overflowed threshold counts."""
    polls = tmp_path / "polls.csv"
    polls.write_text("party,share\nNur Otan,71%\nAk Zhol,11%\nPeople's Party,9%\n", "utf-8")
    args = ["project", "--law", "kz-majlis-2009", str(polls), "--sample-size", "1000"]
    code, out, err = _run(*args, "--runs", "4", "--voters", str(4 * 10**18), "--format", "json")
    assert code == 2
    assert out == ""
    assert "voters" in err
    assert "at most 1,000,000,000,000" in err
    assert "4,000,000,000,000,000,000" in err
    code, out, err = _run(*args, "--runs", "4", "--voters", str(10**12), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert sum(r["mean_seats"] for r in data["lists"]) == pytest.approx(98)
    # every list past 7% in every run at this size of sample
    assert all(r["p_threshold"] == 1.0 for r in data["lists"] if r["mean_seats"] > 0)


GOLDEN = REPO / "tests" / "golden" / "data"
ES_VOTES = str(GOLDEN / "es-congreso-2023.csv")
ES_CONS = str(GOLDEN / "es-congreso-2023-constituencies.csv")
ES_POLL = (
    "party,share\nPP,33.1\nPSOE,27.0\nVOX,12.4\nSUMAR,10.0\nEH Bildu,1.4\nEAJ-PNV,1.1\n"
    "PSC,5.3\nERC,1.9\nJUNTS,1.6\nBNG,0.6\nUPN,0.2\nCCa,0.5\n"
)


def test_whatif_on_a_districted_law_shows_each_province(tmp_path: Path) -> None:
    """Spain 2023: a national VOX-to-PP swing and a Madrid move, seats per province in JSON."""
    code, out, _ = _run(
        "whatif",
        "--law",
        "es-congreso-1985",
        ES_VOTES,
        "--constituencies",
        ES_CONS,
        "--move-share",
        "VOX:PP:20%",
        "--move-in",
        "Madrid:PSOE:SUMAR:50000",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    seats = {r["party"]: r for r in data["seats"]}
    assert seats["PP"]["before"] == 137
    assert seats["PP"]["after"] > 137
    assert sum(r["after"] for r in data["seats"]) == 350
    provinces = {r["constituency"] for r in data["constituencies"]}
    assert "Madrid" in provinces
    assert sum(r["change"] for r in data["constituencies"]) == 0
    code, out, _ = _run(
        "whatif", "--law", "es-congreso-1985", ES_VOTES, "--constituencies", ES_CONS,
        "--move-in", "Madrid:PSOE:SUMAR:50000", "--format", "csv",
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sum(int(r["seats_after"]) for r in rows) == 350
    assert {r["constituency"] for r in rows if r["seats_after"] != r["seats_before"]} <= {"Madrid"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--move-in", "Atlantis:PP:VOX:5"], "Atlantis"),
        (["--move-in", "Madrid:PP:VOX"], "CONSTITUENCY:FROM:TO:AMOUNT"),
        (["--move-in", "Madrid:PP:VOX:many"], "an integer from 0 to"),
        (["--move", "PP:Nobody:5"], "Nobody"),
    ],
)
def test_districted_whatif_errors_are_one_line(args: list[str], message: str) -> None:
    """Bad districted changes exit 2 with one line naming the problem."""
    code, _, err = _run(
        "whatif", "--law", "es-congreso-1985", ES_VOTES, "--constituencies", ES_CONS, *args
    )
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_districted_whatif_names_the_bad_constituency_row(tmp_path: Path) -> None:
    """A constituency file with a bad seat count: file, row and field in one line."""
    bad = tmp_path / "cons.csv"
    lines = Path(ES_CONS).read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",6,", ",six,", 1)
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = _run(
        "whatif", "--law", "es-congreso-1985", ES_VOTES, "--constituencies", str(bad),
        "--move", "PP:VOX:5",
    )  # fmt: skip
    assert code == 2
    assert "cons.csv" in err
    assert "row 3" in err
    assert "seats" in err


def test_project_a_districted_law(tmp_path: Path) -> None:
    """Spain from a national poll: JSON seats sum to 350, provinces carry their mean seats."""
    polls = tmp_path / "polls.csv"
    polls.write_text(ES_POLL, encoding="utf-8")
    args = ["project", "--law", "es-congreso-1985", str(polls), "--sample-size", "2000"]
    common = [*args, "--constituencies", ES_CONS, "--baseline", ES_VOTES, "--runs", "300"]
    code, out, _ = _run(*common, "--swing", "uniform", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert abs(sum(r["mean_seats"] for r in data["lists"]) - 350) < 1e-6
    assert abs(sum(data["constituencies"]["Madrid"].values()) - 37) < 1e-3  # rounded means
    assert data["model"] == "dirichlet, uniform swing"
    code, out, _ = _run(*common, "--format", "table")
    assert code == 0
    assert "proportional swing" in out


def test_project_districted_errors(tmp_path: Path) -> None:
    """No baseline; a poll missing a list; a constituency poll for nowhere: exit 2, one line."""
    polls = tmp_path / "polls.csv"
    polls.write_text(ES_POLL, encoding="utf-8")
    args = ["project", "--law", "es-congreso-1985", str(polls), "--sample-size", "2000"]
    code, _, err = _run(*args, "--constituencies", ES_CONS, "--runs", "5")
    assert code == 2
    assert "--baseline" in err
    short = tmp_path / "short.csv"
    short.write_text(ES_POLL.replace("CCa,0.5\n", ""), encoding="utf-8")
    code, _, err = _run(
        "project", "--law", "es-congreso-1985", str(short), "--sample-size", "9",
        "--constituencies", ES_CONS, "--baseline", ES_VOTES, "--runs", "5",
    )  # fmt: skip
    assert code == 2
    assert "CCa" in err
    local = tmp_path / "local.csv"
    local.write_text("constituency,party,share\nAtlantis,PP,1\n", encoding="utf-8")
    code, _, err = _run(
        *args, "--constituencies", ES_CONS, "--baseline", ES_VOTES, "--runs", "5",
        "--constituency-polls", str(local),
    )  # fmt: skip
    assert code == 2
    assert "Atlantis" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ru", ["Что если — kz-majlis-2023", "голоса до", "мандаты после", "изменение"]),
        ("kk", ["Егер өзгерсе — kz-majlis-2023", "бұрынғы дауыстар", "кейінгі мандаттар"]),
    ],
)
def test_whatif_table_in_each_language(lang: str, expected: list[str]) -> None:
    """The what-if table's title and headings are worded; the parties' names stay."""
    move = ["--move-share", "Respublica:OSDP:25%", "--format", "tsv"]
    code, out, _ = _run("--lang", lang, "whatif", "--law", "kz-majlis-2023", KZ_2023, *move)
    assert code == 0, out
    for text in expected[1:]:
        assert text in out.splitlines()[0]
    code, out, _ = _run(
        "--lang", lang, "whatif", "--law", "kz-majlis-2023", KZ_2023, *move[:2], "--format", "table"
    )
    assert code == 0, out
    assert expected[0] in out
    assert "Respublica" in out


@pytest.mark.parametrize(
    ("lang", "title", "line"),
    [
        ("ru", "Прогноз мандатов — kz-majlis-2023", "модель normal; равенств:"),
        ("kk", "Мандаттар болжамы — kz-majlis-2023", "модель normal; теңдік:"),
    ],
)
def test_project_table_in_each_language(tmp_path: Path, lang: str, title: str, line: str) -> None:
    """The projection's title, headings and closing line are worded; parties as named."""
    polls = tmp_path / "polls.csv"
    polls.write_text("party,share,se\nAmanat,55,2\nAuyl,11,1.2\nOSDP,5.2,0.8\n", encoding="utf-8")
    args = ["--law", "kz-majlis-2023", str(polls), "--runs", "500", "--format", "table"]
    code, out, _ = _run("--lang", lang, "project", *args)
    assert code == 0, out
    assert title in out
    assert line in out
    assert "Amanat" in out
