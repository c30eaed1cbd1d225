"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from majlis.cli import app

#: The member the ``cli`` fixture admits.
IIN = "900101300126"


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner on a migrated database holding one party with one admitted member (a module
    may define its own ``cli``, which then wins)."""
    for name in ("MAJLIS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "250")
    runner = CliRunner()
    for args in (
        ["party", "create", "amanat", "--name", "Amanat", "--on", "2020-01-01"],
        [
            *("member", "join", IIN, "--party", "amanat", "--on", "2021-01-01"),
            *("--family-name", "Test", "--given-name", "One"),
        ],
    ):
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output
    return runner
