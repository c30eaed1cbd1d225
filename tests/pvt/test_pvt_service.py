"""The quick count of a stored election on SQLite and PostgreSQL: design in the chain,
reports from observer copies with their checks, estimate and comparison."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from majlis import pvt, record, results
from majlis.errors import InputError, IntegrityError, NotFoundError
from majlis.results import Source
from majlis.synth import (
    KZ_2021,
    Irregularities,
    SynthElection,
    SynthSpec,
    store_synthetic,
    synthesize,
)

E = KZ_2021.election
EVIDENCE = "a" * 64


def _copy(table: results.ProtocolTable, code: str, observer: str) -> results.Protocol:
    i = table.station.index(code)
    return dataclasses.replace(
        table.protocol(i), source=Source.OBSERVER, observer=observer, evidence_sha256=EVIDENCE
    )


@pytest.fixture
def election(session: Session) -> tuple[Session, SynthElection]:
    synth = synthesize(
        SynthSpec(
            stations=400,
            territorials=20,
            seed=4,
            irregularities=Irregularities(stuffing_share=0.3, stuffing_intensity=0.9),
        )
    )
    with session.begin():
        store_synthetic(session, synth)
    return session, synth


def test_design_is_chained_verified_and_reported(
    election: tuple[Session, SynthElection], tmp_path: Path
) -> None:
    session, synth = election
    before = record.record_digest(session).digest
    plan = pvt.plan_sample(
        session, E, margin=0.01, confidence=0.95, seed_text="CEC No. 17", stations=120
    )
    again = pvt.plan_sample(
        session, E, margin=0.01, confidence=0.95, seed_text="CEC No. 17", stations=120
    )
    assert plan.stations == again.stations
    assert plan.sha256 == again.sha256
    assert len(plan.stations) == 120
    assert sum(plan.allocation.sample) == 120
    pvt.store_sample(session, plan, designed_by="coordinator")
    session.commit()
    report = record.verify_record(session)
    assert "pvt_sample" in {h.chain for h in report.heads}
    assert report.digest != before
    assert pvt.current_sample(session, E)["sha256"] == plan.sha256
    # the export carries the sample; the offline walk reaches the same election digest
    manifest = record.export_record(session, E, tmp_path / "rec")
    assert record.verify_export(tmp_path / "rec").digest == manifest.digest

    # observers copy the truth at the sampled stations; two observers disagree at one
    # station, one copy breaks a relation
    codes = list(plan.stations)
    for code in codes[:100]:
        results.record_protocol(session, _copy(synth.truth, code, "obs-a"), entered_by="o")
    results.record_protocol(session, _copy(synth.truth, codes[0], "obs-b"), entered_by="o")
    bad = _copy(synth.truth, codes[1], "obs-b")
    (a, va), (b, vb), *rest = bad.lines.votes  # 5 votes read under the wrong list
    lines = dataclasses.replace(bad.lines, votes=((a, va - 5), (b, vb + 5), *rest))
    results.record_protocol(session, dataclasses.replace(bad, lines=lines), entered_by="o")
    other = _copy(synth.truth, codes[100], "obs-a")
    lines = dataclasses.replace(other.lines, cancelled=other.lines.cancelled + 1)
    results.record_protocol(session, dataclasses.replace(other, lines=lines), entered_by="o")
    session.commit()
    reports = pvt.collect_reports(session, E)
    board = {s.stratum: s for s in reports.board}
    assert sum(s.sampled for s in board.values()) == 120
    assert sum(s.reported for s in board.values()) == 99  # codes[1] in conflict
    assert sum(s.conflict for s in board.values()) == 1
    assert sum(s.rejected for s in board.values()) == 1  # R = I + C broken
    assert sum(s.missing for s in board.values()) == 19
    quick = pvt.estimate_election(session, E)
    assert quick.estimate.names == synth.truth.list_names
    comparison = pvt.compare_election(session, E, draws=500)
    leader = comparison.lists[0]
    assert leader.name == "Nur Otan"
    assert not leader.inside99  # the stuffed official share is above the PVT's interval
    assert not comparison.consistent
    assert any(not s.inside99 for s in comparison.seats)


def test_no_design_and_edits_are_refused(election: tuple[Session, SynthElection]) -> None:
    session, _ = election
    with pytest.raises(NotFoundError):
        pvt.current_sample(session, E)
    plan = pvt.plan_sample(session, E, margin=0.02, confidence=0.95, seed=1)
    pvt.store_sample(session, plan, designed_by="coordinator")
    session.commit()
    from majlis.store.pvt_rows import PvtSampleRow

    row = session.query(PvtSampleRow).one()
    row.designed_by = "someone else"
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_assignments_reject_copies_from_other_observers(
    election: tuple[Session, SynthElection],
) -> None:
    session, synth = election
    plan = pvt.plan_sample(session, E, margin=0.02, confidence=0.95, seed=3, stations=40)
    pvt.store_sample(session, plan, designed_by="coordinator")
    session.commit()
    codes = list(plan.stations)
    with pytest.raises(InputError):
        pvt.assign_observers(session, E, {"nowhere": ["x"]}, designed_by="c")
    session.rollback()
    doc = pvt.assign_observers(
        session, E, {codes[0]: ["obs-a"], codes[1]: ["obs-b"]}, designed_by="c"
    )
    session.commit()
    assert doc["stations"] == list(plan.stations)
    assert doc["sha256"] != plan.sha256
    assert doc["seq"] == 2
    for code in codes[:3]:
        results.record_protocol(session, _copy(synth.truth, code, "obs-a"), entered_by="o")
    session.commit()
    reports = pvt.collect_reports(session, E)
    assert sum(s.rejected for s in reports.board) == 1  # codes[1] is obs-b's
    assert sum(s.reported for s in reports.board) == 2  # codes[2] has no assignment
    assert any("not assigned there" in p for p in reports.problems)
    assert record.verify_record(session).digest == record.record_digest(session).digest
