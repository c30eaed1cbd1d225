"""`majlis seats --winners` for a coverage law (Germany) through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis.cli import app

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "golden" / "data"
VOTES = str(DATA / "de-bundestag-2025.csv")
WINNERS = str(DATA / "de-bundestag-2025-winners.csv")
runner = CliRunner()


def _seats(*extra: str) -> tuple[int, str, str]:
    args = ["seats", "--law", "de-bundestag-2024", VOTES, "--winners", WINNERS, *extra]
    result = runner.invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def test_json_has_seats_land_matrix_and_unseated_winners() -> None:
    """JSON: party seats, each Land's lists, the 23 winners not seated, the trace."""
    code, out, err = _seats("--format", "json")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["seats"]["CDU"] == 164
    assert payload["house"] == 630
    assert payload["lists"]["Bayern"]["CSU"] == 44
    assert payload["district_seats"]["Hessen"]["CDU"] == 15
    assert payload["list_seats"]["Hessen"]["CDU"] == 0
    assert len(payload["unseated"]) == 23
    assert "Mannheim" in payload["unseated"]
    mannheim = next(w for w in payload["winners"] if w["district"] == "Mannheim")
    assert mannheim == {
        "district": "Mannheim",
        "constituency": "Baden-Württemberg",
        "party": "CDU",
        "votes": 37566,
        "valid_votes": 151921,
        "share": "37566/151921",
        "seated": False,
    }
    assert any(r["kind"] == "cover" for r in payload["trace"])


def test_table_shows_the_three_tables() -> None:
    """The table format shows national seats, the Land matrix and the unseated winners."""
    code, out, err = _seats("--format", "table")
    assert code == 0, err
    assert "Seats by constituency" in out
    assert "Constituency winners not seated: 23" in out
    assert "Nürnberg-Nord" in out


def test_csv_rows_per_land_list() -> None:
    """CSV: one row per Land list with seats, constituency seats and list seats."""
    code, out, err = _seats("--format", "csv")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "constituency,party,votes,seats,district_seats,list_seats"
    assert "Bayern,CSU,2964028,44,44,0" in lines


def test_coverage_law_needs_the_winners() -> None:
    """Long-form votes without --winners is one line, exit 2."""
    result = runner.invoke(app, ["seats", "--law", "de-bundestag-2024", VOTES])
    assert result.exit_code == 2
    assert "--winners" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_winners_need_a_coverage_law(tmp_path: Path) -> None:
    """--winners with another law is one line, exit 2."""
    votes = tmp_path / "v.csv"
    votes.write_text("party,votes\nA,5\n", encoding="utf-8")
    result = runner.invoke(
        app, ["seats", "--law", "kz-majlis-2009", str(votes), "--winners", WINNERS]
    )
    assert result.exit_code == 2
    assert "coverage law" in result.stderr


HEAD = "district,constituency,party,votes,valid_votes\n"
BAD_WINNERS = [
    (HEAD + "D,Bayern,CSU,x,10\n", "row 1, field 'votes'"),
    (HEAD + "D,Bavaria,CSU,5,10\n", "row 1, field 'constituency'"),
    (HEAD + "D,Bayern,CSU,11,10\n", "row 1, field 'votes'"),
    ("district,constituency,party,votes\nD,Bayern,CSU,5\n", "field 'valid_votes'"),
    (HEAD.strip() + ",x\nD,Bayern,CSU,5,10,1\n", "field 'x'"),
]


@pytest.mark.parametrize(("text", "where"), BAD_WINNERS)
def test_bad_winners_file_is_one_line_exit_2(tmp_path: Path, text: str, where: str) -> None:
    """A bad winners row fails naming the file, the row and the field."""
    winners = tmp_path / "w.csv"
    winners.write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["seats", "--law", "de-bundestag-2024", VOTES, "--winners", str(winners)]
    )
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert where in message
    assert "w.csv" in message


def test_law_show_names_the_cover() -> None:
    """`majlis law show` describes the coverage rule."""
    result = runner.invoke(app, ["law", "show", "de-bundestag-2024", "--format", "csv"])
    assert result.exit_code == 0
    assert "coverage: party seats to Land lists by sainte_lague" in result.stdout


def test_independent_winner_and_votes_not_counted(tmp_path: Path) -> None:
    """An empty party is an independent seated off the 630; not_counted leaves the upper."""
    votes = tmp_path / "v.csv"
    votes.write_text(
        "constituency,party,votes,not_counted\nL,A,600,100\nL,B,400,0\n", encoding="utf-8"
    )
    winners = tmp_path / "w.csv"
    winners.write_text(
        "district,constituency,party,votes,valid_votes\nD1,L,A,50,100\nD2,L,,40,90\n",
        encoding="utf-8",
    )
    args = ["seats", "--law", "de-bundestag-2024", str(votes), "--winners", str(winners)]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["independents"] == 1
    assert payload["seats"] == {"A": 349, "B": 280}  # 629 seats on 500 : 400
    assert payload["unseated"] == []


def test_not_counted_needs_a_coverage_law(tmp_path: Path) -> None:
    """The not_counted column with another law is one line, exit 2."""
    votes = tmp_path / "v.csv"
    votes.write_text("party,votes,not_counted\nA,5,1\n", encoding="utf-8")
    result = runner.invoke(app, ["seats", "--law", "kz-majlis-2009", str(votes)])
    assert result.exit_code == 2
    assert "not_counted" in result.stderr
