"""``majlis db info|upgrade`` on a SQLite file named by MAJLIS_DATABASE_URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis.cli import app


def test_db_upgrade_then_info(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Upgrade creates the schema; info then shows the file and 'up to date yes'."""
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("MAJLIS_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("COLUMNS", "300")
    runner = CliRunner()
    before = runner.invoke(app, ["db", "info"])
    assert before.exit_code == 0, before.output
    assert "run 'majlis db upgrade'" in before.output
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "registry_" in result.output
    after = runner.invoke(app, ["db", "info"])
    assert str(path) in after.output
    assert "yes" in after.output
