"""``majlis audit --election``: the final protocols of a stored election, audited and reported."""

from __future__ import annotations

import html
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from majlis.cli import app
from majlis.report import AuditOptions, AuditTable, audit_table
from majlis.results import station_frame
from majlis.synth import Irregularities, NationalTotals, SynthSpec, store_synthetic, synthesize

TOTALS = NationalTotals(
    election="audit-cli",
    registered=400_000,
    ballots=250_000,
    invalid=6_000,
    votes=(("Blue", 60_000), ("Green", 150_000), ("Red", 34_000)),
)


@pytest.fixture
def stored(session: Session, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Session:
    """A 300-station synthetic election with stuffing stored in the test database."""
    spec = SynthSpec(
        totals=TOTALS,
        stations=300,
        territorials=30,
        seed=11,
        irregularities=Irregularities(stuffing_share=0.05),
    )
    with session.begin():
        store_synthetic(session, synthesize(spec))
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "250")
    return session


def test_audit_election_from_the_database(stored: Session, tmp_path: Path) -> None:
    """The report of a stored election carries the numbers of the export of the same protocols."""
    out = tmp_path / "out"
    methods = ["--method", "integer", "--method", "shpilkin"]
    args = ["audit", "--election", TOTALS.election, *methods, "--resamples", "20", "--seed", "3"]
    result = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = out / f"election-{TOTALS.election}.html"
    assert str(report) in result.output.replace("\n", "")
    page = html.unescape(report.read_text(encoding="utf-8"))
    assert "300 polling stations; leader: <b>Green</b>" in page
    # the same protocols through the open-data export, audited independently
    with stored.begin():
        frame = station_frame(stored, TOTALS.election)
    table = frame.select(
        pl.col("voters").alias("registered"),
        (pl.col("issued_station") + pl.col("issued_mobile")).alias("ballots_issued"),
        (pl.col("found_stationary") + pl.col("found_mobile")).alias("ballots_cast"),
        pl.col("valid"),
        pl.col("votes.Green").alias("leader"),
        pl.col("region"),
        pl.col("territorial").alias("territory"),
    )
    expected = audit_table(
        AuditTable("export", table, "Green"),
        options=AuditOptions(seed=3, resamples=20),
        methods=("integer", "shpilkin"),
    )
    for method in expected.methods:
        assert method.headline in page
        for _, value in method.numbers:
            assert value in page


def test_audit_election_unknown_and_missing_input(stored: Session) -> None:
    """An unknown election, an unknown leader list and no input at all are user errors."""
    runner = CliRunner()
    unknown = runner.invoke(app, ["audit", "--election", "no-such-election"])
    assert unknown.exit_code != 0
    assert "no-such-election" in unknown.output
    leader = runner.invoke(app, ["audit", "--election", TOTALS.election, "--leader", "Purple"])
    assert leader.exit_code == 2
    assert "Purple" in leader.output
    nothing = runner.invoke(app, ["audit"])
    assert nothing.exit_code == 2
    assert "--election" in nothing.output
