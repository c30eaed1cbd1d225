"""``majlis pvt design|status|estimate|compare`` on both databases."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis import record, results, store, synth
from majlis.cli import app
from majlis.results import Source
from majlis.synth import Irregularities, SynthSpec, synthesize

E = synth.KZ_2021.election
SYNTH = SynthSpec(
    stations=300,
    territorials=20,
    seed=9,
    irregularities=Irregularities(stuffing_share=0.3, stuffing_intensity=0.9),
)


@pytest.fixture
def run(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        synth.store_synthetic(session, synthesize(SYNTH))
    engine.dispose()
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "250")
    return CliRunner()


def _copies(database_url: str, codes: list[str]) -> None:
    truth = synthesize(SYNTH).truth
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        for code in codes:
            p = truth.protocol(truth.station.index(code))
            copy = dataclasses.replace(
                p, source=Source.OBSERVER, observer="obs", evidence_sha256="b" * 64
            )
            results.record_protocol(session, copy, entered_by="sms")
    engine.dispose()


def test_design_status_estimate_compare(run: CliRunner, database_url: str, tmp_path: Path) -> None:
    base = ["pvt", "design", "-e", E, "--margin", "2", "--confidence", "95"]
    dry = run.invoke(app, [*base, "--seed-from", "CEC No. 17", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "dry run: nothing stored" in dry.output
    assert "Almaty" in dry.output
    stored = run.invoke(
        app, [*base, "--seed-from", "CEC No. 17", "--stations", "100", "--format", "json"]
    )
    assert stored.exit_code == 0, stored.output
    doc = json.loads(stored.output)
    assert doc["sample_stations"] == 100
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session:
        assert "pvt_sample" in {h.chain for h in record.verify_record(session).heads}
    engine.dispose()
    _copies(database_url, doc["stations"][:90])
    status = json.loads(run.invoke(app, ["pvt", "status", "-e", E, "--format", "json"]).output)
    assert status["total"] == {
        "sampled": 100,
        "reported": 90,
        "missing": 10,
        "conflict": 0,
        "rejected": 0,
    }
    table = run.invoke(app, ["pvt", "estimate", "-e", E])
    assert table.exit_code == 0, table.output
    assert "Nur Otan" in table.output
    assert "turnout" in table.output
    rounds = run.invoke(app, ["pvt", "rounds", "-e", E, "--rounds", "3"])
    assert rounds.exit_code == 0, rounds.output
    header, *lines = rounds.output.splitlines()  # piped: tab-separated, one round a line
    assert header.split("\t")[:3] == ["arrived by", "reports", "Nur Otan"]
    assert len(lines) == 3
    assert all(len(line.split("\t")) == len(header.split("\t")) for line in lines)
    as_csv = run.invoke(app, ["pvt", "rounds", "-e", E, "--rounds", "3", "--format", "csv"])
    assert as_csv.output.splitlines()[0].startswith("at,reports,Nur Otan,")
    sheet = tmp_path / "assign.csv"
    sheet.write_text("station,observer,phone\n" + f"{doc['stations'][95]},someone,+77010000005\n")
    assigned = run.invoke(app, ["pvt", "assign", "-e", E, str(sheet)])
    assert assigned.exit_code == 0, assigned.output
    assert "1 of 100 sampled stations assigned; 1 phone registered" in assigned.output
    bad = tmp_path / "bad.csv"
    bad.write_text("who,where\n")
    assert run.invoke(app, ["pvt", "assign", "-e", E, str(bad)]).exit_code == 2
    compared = run.invoke(app, ["pvt", "compare", "-e", E, "--draws", "500"])
    assert compared.exit_code == 0, compared.output
    assert "NOT consistent" in compared.output
    assert "lie outside the PVT's 99 % range" in compared.output


def test_refusals(run: CliRunner) -> None:
    both = run.invoke(
        app, ["pvt", "design", "-e", E, "--margin", "2", "--seed", "1", "--seed-from", "x"]
    )
    assert both.exit_code == 2
    assert "Traceback" not in both.output
    none = run.invoke(app, ["pvt", "estimate", "-e", E])
    assert none.exit_code != 0
    assert "no quick-count sample" in none.output
    unknown = run.invoke(app, ["pvt", "design", "-e", "nope", "--margin", "2", "--seed", "1"])
    assert unknown.exit_code != 0
