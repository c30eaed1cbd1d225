"""The small demo, built once per test session and shared by the demo's test modules."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis.cli import app


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo built once through the CLI with 500 stations: (folder, printed output)."""
    folder = tmp_path_factory.mktemp("demo") / "out"
    result = CliRunner().invoke(app, ["demo", "--stations", "500", "--folder", str(folder)])
    assert result.exit_code == 0, result.output
    return folder, result.output
