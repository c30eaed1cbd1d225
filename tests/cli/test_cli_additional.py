"""`majlis seats` for an additional-member law (Scotland) through the real CLI."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis import i18n
from majlis.cli import app
from majlis.law import trace as law_trace
from majlis.trace_text import trace_line

runner = CliRunner()

#: the Explanatory Notes' North East Scotland 1999 (regional votes, constituencies won),
#: beside seven made-up regions of one list each
NORTH_EAST = {
    "Labour": (72666, 4),
    "Lib Dem": (49843, 3),
    "SNP": (92329, 2),
    "Conservative": (52149, 0),
    "Green": (8067, 0),
}
OTHERS = [f"Region {k}" for k in range(2, 9)]


def _files(tmp_path: Path, *, wins_in_votes: bool) -> tuple[Path, Path, Path]:
    votes = ["constituency,party,votes" + (",district_wins" if wins_in_votes else "")]
    for party, (v, w) in NORTH_EAST.items():
        votes.append(f"North East,{party},{v}" + (f",{w}" if wins_in_votes else ""))
    votes += [f"{r},Other,1000" + (",0" if wins_in_votes else "") for r in OTHERS]
    regions = ["constituency,seats", "North East,7", *(f"{r},7" for r in OTHERS)]
    wins = ["district,constituency,party,votes,valid_votes"]
    n = 0
    for party, (_, w) in NORTH_EAST.items():
        for _ in range(w):
            n += 1
            wins.append(f"NE {n},North East,{party},100,200")
    wins.append("NE 10,North East,,90,200")  # a candidate no party nominated
    wins.append("R2 1,Region 2,Labour,50,100")  # Labour stood no list in Region 2
    paths = (tmp_path / "votes.csv", tmp_path / "regions.csv", tmp_path / "wins.csv")
    for path, lines in zip(paths, (votes, regions, wins), strict=True):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def _seats(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["seats", "--law", "gb-sco-parliament", "--date", "2021-05-06", *args]
    )
    return result.exit_code, result.stdout, result.stderr


def test_json_from_the_winners_file(tmp_path: Path) -> None:
    """The winners file gives the constituencies: regional seats, members, independents."""
    votes, regions, wins = _files(tmp_path, wins_in_votes=False)
    code, out, err = _seats(
        str(votes), "--constituencies", str(regions), "--winners", str(wins), "--format", "json"
    )
    assert code == 0, err
    payload = json.loads(out)
    assert payload["constituencies"]["North East"]["SNP"] == 4
    assert payload["constituencies"]["North East"]["Conservative"] == 3
    assert payload["district_seats"]["North East"]["Labour"] == 4
    assert payload["district_seats"]["Region 2"] == {"Other": 0, "Labour": 1}
    assert payload["constituencies"]["Region 2"]["Labour"] == 0
    assert payload["members"]["Labour"] == 5
    assert payload["members"]["SNP"] == 6
    assert payload["independents"] == 1
    assert any(e["kind"] == "district_wins" for e in payload["trace"])


def test_the_table_shows_members_and_the_region_matrix(tmp_path: Path) -> None:
    """Table output: members per party, the region matrix as total (constituencies), trace."""
    votes, regions, _ = _files(tmp_path, wins_in_votes=True)
    code, out, err = _seats(str(votes), "--constituencies", str(regions), "--format", "table")
    assert code == 0, err
    assert "Members by region: total (of which constituencies won)" in out
    assert "6 (2)" in out  # the SNP in the North East
    assert "seat 7 -> SNP: 92329 / 6" in out
    csv_code, csv_out, _ = _seats(str(votes), "--constituencies", str(regions), "--format", "csv")
    assert csv_code == 0
    assert "North East,SNP,92329,4,2" in csv_out.splitlines()


def test_constituencies_given_twice_fail(tmp_path: Path) -> None:
    """district_wins in the votes and a winners file together are refused."""
    votes, regions, wins = _files(tmp_path, wins_in_votes=True)
    code, _, err = _seats(str(votes), "--constituencies", str(regions), "--winners", str(wins))
    assert code == 2
    assert "district_wins" in err
    assert "--winners" in err


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("X 1,Atlantis,SNP", "constituency"),
        ("NE 1,North East,SNP", "district"),
        (",North East,SNP", "district"),
    ],
)
def test_a_bad_winners_row_is_named(tmp_path: Path, row: str, field: str) -> None:
    """An unknown region or a repeated or empty constituency fails naming row and column."""
    votes, regions, wins = _files(tmp_path, wins_in_votes=False)
    wins.write_text(wins.read_text(encoding="utf-8") + row + ",1,2\n", encoding="utf-8")
    code, _, err = _seats(str(votes), "--constituencies", str(regions), "--winners", str(wins))
    assert code == 2
    assert str(wins) in err
    assert field in err


def test_winners_for_a_list_law_are_refused(tmp_path: Path) -> None:
    """--winners still belongs to coverage and additional-member laws only."""
    votes, _, wins = _files(tmp_path, wins_in_votes=False)
    result = runner.invoke(
        app, ["seats", "--law", "kz-majlis-2009", str(votes), "--winners", str(wins)]
    )
    assert result.exit_code == 2
    assert "additional-member" in result.stderr


def test_law_show_names_the_kind() -> None:
    """`majlis law show` describes the additional members."""
    result = runner.invoke(app, ["law", "show", "gb-sco-parliament-1999"])
    assert result.exit_code == 0, result.stderr
    assert "additional members" in result.stdout


def test_the_new_trace_lines_are_worded_in_each_language() -> None:
    """The first regional figure, a list with none, and the one-more-vote tie-break."""
    events = [
        law_trace.DistrictWinsCounted(
            party="SNP",
            constituency="North East",
            district_wins=2,
            votes=92329,
            divisor=Fraction(3),
            figure=Fraction(92329, 3),
        ),
        law_trace.DistrictWinsCounted(
            party="Ind",
            constituency="North East",
            district_wins=1,
            votes=0,
            divisor=Fraction(2),
            figure=None,
        ),
        law_trace.ListExhausted(party="Ind", constituency="North East", seats=1),
        law_trace.TieBroken(
            stage=law_trace.Phrase("stage.additional", constituency="North East"),
            seats=1,
            contenders=("A", "B"),
            winners=("B",),
            rule="one more vote each",
        ),
    ]
    english = [law_trace.render_event(e) for e in events]
    assert english[1] == "Ind: 1 constituency won in North East; no regional figure"
    with i18n.using("en"):
        assert [trace_line(e) for e in events] == english
    for lang, word in (("ru", "округов"), ("kk", "округтер")):
        with i18n.using(lang):
            worded = [trace_line(e) for e in events]
        assert all(w != e for w, e in zip(worded, english, strict=True))
        assert word in worded[0]


def test_the_table_names_independents_and_an_undecided_tie(tmp_path: Path) -> None:
    """A constituency won by no party is a row; equal figures with no seed stay undecided."""
    votes = tmp_path / "votes.csv"
    votes.write_text(
        "constituency,party,votes\nNorth East,A,70\nNorth East,B,70\nRegion 2,Other,1000\n",
        encoding="utf-8",
    )
    regions = tmp_path / "regions.csv"
    regions.write_text("constituency,seats\nNorth East,1\nRegion 2,55\n", encoding="utf-8")
    wins = tmp_path / "wins.csv"
    wins.write_text("district,constituency,party\nNE 1,North East,\n", encoding="utf-8")
    code, out, err = _seats(
        str(votes), "--constituencies", str(regions), "--winners", str(wins), "--format", "table"
    )
    assert code == 0, err
    row = next(line for line in out.splitlines() if "independents" in line)
    assert [cell.strip() for cell in row.strip().strip("│").split("│")] == [
        "independents",
        "",
        "1",
        "0",
        "1",
    ]
    assert "undecided: 1 seat tied among A, B" in out


def test_the_candidates_column(tmp_path: Path) -> None:
    """A list of one name takes one seat; the column is refused for other laws and when bad."""
    votes = tmp_path / "votes.csv"
    regions = tmp_path / "regions.csv"
    regions.write_text("constituency,seats\nNorth East,2\nRegion 2,54\n", encoding="utf-8")
    votes.write_text(
        "constituency,party,votes,candidates\nNorth East,Ind,900,1\nNorth East,B,100,\n"
        "Region 2,Other,1000,\n",
        encoding="utf-8",
    )
    code, out, err = _seats(str(votes), "--constituencies", str(regions), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["constituencies"]["North East"] == {"Ind": 1, "B": 1}
    other = runner.invoke(app, ["seats", "--law", "es-congreso-1985", str(votes)])
    assert other.exit_code == 2
    assert "candidates" in other.stderr
    votes.write_text(
        "constituency,party,votes,candidates\nNorth East,Ind,900,x\n", encoding="utf-8"
    )
    code, _, err = _seats(str(votes), "--constituencies", str(regions))
    assert code == 2
    assert "row 1, field 'candidates'" in err
