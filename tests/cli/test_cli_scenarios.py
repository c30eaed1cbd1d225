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
        (["--move", "Nur Otan:Auyl:lots"], "non-negative integer"),
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
