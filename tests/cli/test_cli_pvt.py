"""``majlis pvt design|status|estimate|compare`` on both databases."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis import pvt, record, results, store, synth
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


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ru",
            [
                "наблюдатель obs-b туда не назначен (назначены: obs-a)",
                "пришло с номера +77019999999, который не зарегистрирован",
                ": ошибка B=N+Vd: нарушено B = N + Vd",
                "(наблюдатель obs-c)",
                "копии наблюдателей obs-c, obs-d не совпадают",
            ],
        ),
        (
            "kk",
            [
                "obs-b байқаушысы оған бекітілмеген (бекітілгендер: obs-a)",
                "+77019999999 нөмірінен келді, ол оның тіркелген телефоны емес",
                ": қате B=N+Vd: B = N + Vd бұзылған",
                "(байқаушы obs-c)",
                "obs-c, obs-d байқаушыларының көшірмелері сәйкес келмейді",
            ],
        ),
    ],
)
def test_status_problems_in_each_language(
    run: CliRunner, database_url: str, lang: str, expected: list[str]
) -> None:
    """Each kind of problem on the status board is worded; stations and observers as given."""
    design = ["pvt", "design", "-e", E, "--margin", "2", "--seed", "5", "--stations", "40"]
    stations = json.loads(run.invoke(app, [*design, "--format", "json"]).output)["stations"]
    truth = synthesize(SYNTH).truth
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        pvt.assign_observers(
            session,
            E,
            {stations[0]: ["obs-a"], stations[1]: ["obs-a"]},
            designed_by="c",
            phones={"obs-a": "+77011112233"},
        )

        def copy(code: str, observer: str, by: str, **lines: int) -> None:
            p = truth.protocol(truth.station.index(code))
            p = dataclasses.replace(
                p,
                source=Source.OBSERVER,
                observer=observer,
                evidence_sha256="b" * 64,
                lines=dataclasses.replace(p.lines, **lines),
            )
            results.record_protocol(session, p, entered_by=by)

        copy(stations[0], "obs-b", "o")  # not the assigned observer
        copy(stations[1], "obs-a", "sms:+77019999999")  # not obs-a's phone
        valid = truth.protocol(truth.station.index(stations[2])).lines.valid
        copy(stations[2], "obs-c", "o", valid=valid + 1)  # B = N + Vd broken
        copy(stations[3], "obs-c", "o")
        voters = truth.protocol(truth.station.index(stations[3])).lines.voters
        copy(stations[3], "obs-d", "o", voters=voters + 1)  # the two copies differ
    engine.dispose()
    out = run.invoke(app, ["--lang", lang, "pvt", "status", "-e", E])
    assert out.exit_code == 0, out.output
    for text in expected:
        assert text in out.output, (text, out.output)
    for english in ("not assigned", "registered phone", "broken", "(observer", "disagree"):
        assert english not in out.output
