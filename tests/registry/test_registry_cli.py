"""The registry's commands end to end on a SQLite file: one clear line and exit code on error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis.cli import app


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Invoke ``majlis`` against a fresh SQLite file; returns (exit code, output)."""
    monkeypatch.setenv("MAJLIS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, list(args))
        return result.exit_code, result.output

    return invoke


def test_party_member_lifecycle_through_the_cli(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Create a party, admit, suspend intake, refuse, expel, show history, verify, export."""
    assert run("party", "create", "amanat", "--name", "Amanat", "--on", "2022-09-01")[0] == 0
    code, out = run(
        "member",
        "join",
        "000101500001",
        "--party",
        "amanat",
        "--on",
        "2023-01-05",
        "--family-name",
        "Abaev",
        "--given-name",
        "Arman",
        "--region",
        "KZ-71",
    )
    assert code == 0, out
    assert "admitted to amanat" in out
    code, out = run("party", "register", "amanat", "--on", "2023-02-01")
    assert code == 3
    assert out.startswith("error: party 'amanat' is initiative_group; it cannot become registered")
    assert len(out.strip().splitlines()) == 1
    run("party", "suspend-intake", "amanat", "--reason", "no rumours", "--on", "2023-03-01")
    code, out = run(
        "member",
        "join",
        "951231400300",
        "--party",
        "amanat",
        "--on",
        "2023-03-05",
        "--family-name",
        "B",
        "--given-name",
        "C",
        "--region",
        "KZ-75",
    )
    assert code == 3
    assert "suspended the intake of new members on 2023-03-01: no rumours" in out
    code, out = run("member", "history", "951231400300")
    assert "refused" in out
    assert (
        run(
            "member",
            "expel",
            "000101500001",
            "--reason",
            "discipline",
            "--body",
            "Political Council",
            "--on",
            "2023-04-01",
        )[0]
        == 0
    )
    code, out = run("member", "history", "000101500001")
    assert "expelled" in out
    assert "Political Council" in out
    code, out = run("member", "show", "000101500001")
    assert code == 0, out
    assert "none" in out
    code, out = run("registry", "verify")
    assert code == 0, out
    assert "5 events" in out
    code, out = run("members", "stats", "--party", "amanat", "--growth", "month")
    assert code == 0, out
    assert "2023-04-01" in out
    code, out = run("members", "export", "--out", str(tmp_path / "p.json"))
    assert code == 0, out
    document = json.loads((tmp_path / "p.json").read_text())
    assert document["memberships"][0]["label"] == "expelled"
    code, out = run("party", "show", "amanat", "--on", "2023-03-10")
    assert "suspended since 2023-03-01" in out


def test_import_rejects_file_with_report(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A roll with one bad row is rejected whole: one error line, exit code 2."""
    run("party", "create", "auyl", "--name", "Auyl", "--on", "2022-09-01")
    roll = tmp_path / "party.csv"
    roll.write_text(
        "iin,family_name,given_name,region\n000101500001,A,B,KZ-71\n000101500002,C,D,KZ-71\n"
    )
    code, out = run("members", "import", str(roll), "--party", "auyl", "--on", "2023-01-01")
    assert code == 2
    assert "row 3, field 'iin'" in out
    code, out = run(
        "members", "import", str(roll), "--party", "auyl", "--on", "2023-01-01", "--skip-invalid"
    )
    assert code == 0, out
    assert "1 of 2 rows imported" in out
