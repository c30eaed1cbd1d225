"""WCAG 2.1 A/AA on the static reports, checked with axe-core in Chromium: the demo's election
and audit reports, the printable results protocol and the quick-count statement, in every
language, on a desktop and on a phone — no violation of impact serious or critical."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser
from typer.testing import CliRunner

from majlis import pvt, results, store
from majlis.cli import app
from majlis.results import Source

pytestmark = pytest.mark.browser

E = "kz-majlis-2021"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo (200 stations) with a quick count whose observers copied the official
    protocols at 40 sampled stations; every report it has, by name."""
    folder = tmp_path_factory.mktemp("a11y") / "demo"
    runner = CliRunner()
    made = runner.invoke(app, ["demo", "--stations", "200", "--folder", str(folder)])
    assert made.exit_code == 0, made.output
    url = f"sqlite:///{folder / 'majlis-demo.sqlite3'}"
    engine = store.make_engine(url)
    with store.session_factory(engine)() as session:
        plan = pvt.plan_sample(session, E, margin=0.02, confidence=0.95, seed=1, stations=40)
        pvt.store_sample(session, plan, designed_by="coordinator")
        for code in plan.stations:
            official = results.latest_protocol(session, E, code, Source.OFFICIAL)
            assert official is not None
            copy = dataclasses.replace(
                official, source=Source.OBSERVER, observer="obs", evidence_sha256="d" * 64
            )
            results.record_protocol(session, copy, entered_by="o")
        session.commit()
    engine.dispose()
    found = {
        "election": folder / "majlis-demo-report.html",
        "audit": folder / "majlis-demo-audit.html",
    }
    env = {"MAJLIS_DATABASE_URL": url}
    for lang in ("en", "ru", "kk"):
        for name, command in (("protocol", "results"), ("statement", "pvt")):
            path = folder / f"{name}-{lang}.html"
            args = ["--lang", lang, "report", command, "-e", E, "--html", str(path)]
            out = runner.invoke(
                app, [*args, *(["--draws", "500"] if command == "pvt" else [])], env=env
            )
            assert out.exit_code == 0, out.output
            found[f"{name}-{lang}"] = path
    return found


@pytest.mark.parametrize("width", [1280, 390])
def test_reports_have_no_serious_accessibility_violations(
    browser: Browser,
    reports: dict[str, Path],
    width: int,
    serious_violations: Callable[..., dict[str, Any]],
) -> None:
    """axe-core finds no serious or critical WCAG 2.1 A/AA violation in any report."""
    assert len(reports) == 8
    pages = {name: path.as_uri() for name, path in reports.items()}
    assert serious_violations(browser, width, pages) == {}
