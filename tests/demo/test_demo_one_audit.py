"""One audit per election: the demo's HTML audit, ``majlis audit -e``, the dashboard and the
API show the same stored figures, computed once."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from majlis import results, store, synth
from majlis.api import Settings, create_app
from majlis.cli import app as cli
from majlis.report import AUDIT_DEFAULTS
from majlis.store.audit_rows import ForensicAuditRow

ELECTION = synth.KZ_2021.election


def _pairs(page: str) -> set[tuple[str, str]]:
    """Every (label, value) row of the page's number tables."""
    found = re.findall(r"<th[^>]*>([^<]*)</th>\s*<td[^>]*>([^<]*)</td>", page)
    return {(html.unescape(k).strip(), html.unescape(v).strip()) for k, v in found}


def _flagged(page: str) -> int:
    match = re.search(r'data-testid="flagged">([\d,]+)<', page)
    assert match is not None
    return int(match.group(1).replace(",", ""))


def test_the_same_audit_everywhere(
    demo_run: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HTML audit, CLI report, dashboard page and API JSON carry identical figures."""
    folder, _ = demo_run
    database = tmp_path / "demo.sqlite3"
    shutil.copyfile(folder / "majlis-demo.sqlite3", database)
    url = f"sqlite:///{database}"
    app = create_app(Settings(database_url=url, access_log=False))
    with TestClient(app) as client:
        api = client.get(f"/api/v1/elections/{ELECTION}/forensics").json()
        dashboard = client.get("/forensics", params={"election": ELECTION}).text
    app.state.engine.dispose()
    monkeypatch.setenv(store.DATABASE_URL_VARIABLE, url)
    out = CliRunner().invoke(cli, ["audit", "-e", ELECTION, "--out", str(tmp_path / "reports")])
    assert out.exit_code == 0, out.output
    (cli_report,) = (tmp_path / "reports").glob("*.html")
    pages = {
        "demo audit report": (folder / "majlis-demo-audit.html").read_text(encoding="utf-8"),
        "majlis audit -e": cli_report.read_text(encoding="utf-8"),
        "dashboard": dashboard,
    }

    assert (api["seed"], api["resamples"], api["spike_resamples"]) == (
        AUDIT_DEFAULTS.seed,
        AUDIT_DEFAULTS.resamples,
        AUDIT_DEFAULTS.spike_resamples,
    )
    numbers = {(k, v) for m in api["methods"] for k, v in m["numbers"].items()}
    labels = {k for k, _ in numbers}
    assert {"incremental fraud f_i", "p-value (Monte Carlo, one-sided)"} <= labels
    for name, page in pages.items():
        text = html.unescape(page)
        for method in api["methods"]:
            assert method["headline"] in text, (name, method["key"])
        assert numbers <= _pairs(page), (name, sorted(numbers - _pairs(page))[:5])
        assert _flagged(page) == api["flagged_stations"] == len(api["flagged"]), name
    demo_report = html.unescape((folder / "majlis-demo-report.html").read_text(encoding="utf-8"))
    for method in api["methods"]:
        assert method["headline"] in demo_report

    engine = store.make_engine(url)
    with store.session_factory(engine)() as session:
        stored = session.scalar(
            select(func.count())
            .select_from(ForensicAuditRow)
            .where(ForensicAuditRow.election == ELECTION)
        )
        digest = results.final_protocols_digest(session, ELECTION)
    engine.dispose()
    assert stored == 1  # computed once by the demo, read by every other output
    assert api["protocols_digest"] == digest
