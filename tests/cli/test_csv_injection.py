"""CSV written by majlis never carries a live spreadsheet formula; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from majlis import csvsafe
from majlis.cli import app

FORMULAS = ['=HYPERLINK("http://x","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1"]
NUMBERS = ["-5", "+3.25", "-1e3", "0", ".5", "12"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_formulas_get_an_apostrophe(cell: str) -> None:
    """A text cell opening with =, +, -, @ or a tab is written as text."""
    assert csvsafe.safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", [*NUMBERS, -5, 2.5, Fraction(-1, 3), None, "", "Nur Otan"])
def test_numbers_and_plain_text_are_untouched(cell: object) -> None:
    """Numbers, negative ones included, and ordinary text pass unchanged."""
    assert csvsafe.safe_cell(cell) == cell


def test_the_row_writers_and_the_frame_agree() -> None:
    """csv rows, dict rows and a Polars frame neutralise the same cells (and headers)."""
    cells = FORMULAS + NUMBERS
    out = io.StringIO()
    csvsafe.writer(out, lineterminator="\n").writerows([[c] for c in cells])
    by_rows = [r[0] for r in csv.reader(io.StringIO(out.getvalue()))]
    out = io.StringIO()
    writer = csvsafe.DictWriter(out, ["=name"], lineterminator="\n")
    writer.writeheader()
    writer.writerows({"=name": c} for c in cells)
    by_dicts = list(csv.reader(io.StringIO(out.getvalue())))
    frame = csvsafe.safe_frame(pl.DataFrame({"=name": cells, "votes": [-1] * len(cells)}))
    assert by_rows == [r[0] for r in by_dicts[1:]] == frame["'=name"].to_list()
    assert by_dicts[0] == ["'=name"]
    assert frame["votes"].to_list() == [-1] * len(cells)  # an integer column is untouched
    assert by_rows[: len(FORMULAS)] == ["'" + c for c in FORMULAS]
    assert by_rows[len(FORMULAS) :] == NUMBERS


def test_seats_and_whatif_csv_neutralise_party_names(tmp_path: Path) -> None:
    """``majlis seats --format csv`` and ``whatif`` write =HYPERLINK and +cmd names as text."""
    votes = tmp_path / "votes.csv"
    votes.write_text(
        'party,votes\n"=HYPERLINK(""http://x"",""y"")",600000\n+cmd,300000\n@me,100000\n'
    )
    runner = CliRunner()
    seats = runner.invoke(app, ["seats", str(votes), "--law", "kz-majlis-2009", "--format", "csv"])
    assert seats.exit_code == 0, seats.output
    rows = list(csv.reader(io.StringIO(seats.stdout)))
    names = [r[0] for r in rows[1:]]
    assert set(names) >= {'\'=HYPERLINK("http://x","y")', "'+cmd", "'@me"}
    assert all(not n.startswith(csvsafe.TRIGGERS) for n in names)
    whatif = runner.invoke(
        app,
        ["whatif", str(votes), "--law", "kz-majlis-2009", "--remove", "@me", "--format", "csv"],
    )
    assert whatif.exit_code == 0, whatif.output
    cells = [c for r in csv.reader(io.StringIO(whatif.stdout)) for c in r]
    assert "'+cmd" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
