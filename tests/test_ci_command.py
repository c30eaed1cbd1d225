"""CI runs the test command the README gives, and that command measures coverage."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _readme_command() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    [line] = [ln for ln in text.splitlines() if "pip install -e '.[dev]'" in ln]
    return line.split("&&")[-1].strip()


def _ci_command() -> str:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    step = script.split('step "tests"\n', 1)[1]
    return step.splitlines()[0].strip()


def test_ci_runs_the_readme_test_command() -> None:
    """The last command of the README's set-up line is the test step of ``.ci/run``."""
    assert _readme_command() == _ci_command()
    assert re.search(r"-m pytest\b.*--cov\b", _ci_command())


def test_the_coverage_threshold_is_set_once() -> None:
    """The threshold lives in ``[tool.coverage.report] fail_under``, not on a command line."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["coverage"]["run"]["branch"] is True
    assert config["tool"]["coverage"]["report"]["fail_under"] > 0
    assert "--cov-fail-under" not in _ci_command()
