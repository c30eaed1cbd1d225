"""The printable results protocol carries the same tally and seats as ``majlis tabulate``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis.cli import app

weasyprint = pytest.importorskip("weasyprint", reason="the PDF needs WeasyPrint (extra 'pdf')")
pypdf = pytest.importorskip("pypdf")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small demo election (200 stations), stored in SQLite: its URL."""
    folder = tmp_path_factory.mktemp("protocol") / "demo"
    result = CliRunner().invoke(app, ["demo", "--stations", "200", "--folder", str(folder)])
    assert result.exit_code == 0, result.output
    return f"sqlite:///{folder / 'majlis-demo.sqlite3'}"


def _tabulated(url: str) -> tuple[str, list[tuple[str, str, str]]]:
    """What ``majlis tabulate --level national`` prints (piped: tab-separated): its text and
    (list, votes, seats) from the seats table."""
    result = CliRunner().invoke(
        app,
        ["tabulate", "-e", "kz-majlis-2021", "--level", "national"],
        env={"MAJLIS_DATABASE_URL": url},
    )
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines()]
    seats = [(n, v, s) for n, v, s in (r for r in rows if len(r) == 3) if s.isdigit()]
    return result.output, seats


def test_pdf_protocol_has_the_tally_and_seats_of_tabulate(database: str, tmp_path: Path) -> None:
    """The PDF has a page; its text names each list with the votes and seats tabulate prints,
    the national lines, the count status and the election's record digest."""
    pdf = tmp_path / "protocol.pdf"
    result = CliRunner().invoke(
        app,
        ["report", "results", "-e", "kz-majlis-2021", "--pdf", str(pdf)],
        env={"MAJLIS_DATABASE_URL": database},
    )
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) >= 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    printed, seats = _tabulated(database)
    assert len(seats) == 5
    assert sum(int(s) for _, _, s in seats) == 98
    for name, votes, won in seats:
        assert re.search(rf"{re.escape(name)} {votes} [\d.]+% {won}\b", text), (name, text)
    voters = re.search(r"^national\t[\d,]+\t([\d,]+)", printed, re.MULTILINE)
    assert voters is not None
    assert f"Voters on the list (V) {voters.group(1)}" in text
    assert "Final: all 200 stations have a final protocol." in text
    export = CliRunner().invoke(
        app,
        ["export", "record", str(tmp_path / "record"), "-e", "kz-majlis-2021"],
        env={"MAJLIS_DATABASE_URL": database},
    )
    digest = export.output.strip().splitlines()[-1]
    assert re.fullmatch(r"[0-9a-f]{64}", digest), export.output
    assert digest in text.replace("\n", "")


def test_protocol_needs_somewhere_to_write(database: str) -> None:
    """Without --pdf or --html the command refuses with exit 2 and says what it needs."""
    result = CliRunner().invoke(
        app, ["report", "results", "-e", "kz-majlis-2021"], env={"MAJLIS_DATABASE_URL": database}
    )
    assert result.exit_code == 2
    assert "--pdf" in result.output
