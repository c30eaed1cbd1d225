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


def _forty(session: Session, *, seed: int) -> pvt.SampleDesign:
    """A sample of 40 stations drawn from ``seed`` and stored."""
    plan = pvt.plan_sample(session, E, margin=0.02, confidence=0.95, seed=seed, stations=40)
    pvt.store_sample(session, plan, designed_by="coordinator")
    session.commit()
    return plan


def test_assignments_reject_copies_from_other_observers(
    election: tuple[Session, SynthElection],
) -> None:
    session, synth = election
    plan = _forty(session, seed=3)
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


def _sms(table: results.ProtocolTable, code: str, observer: str) -> str:
    """The quick-count message an observer sends for ``code`` with its true figures."""
    from majlis.pvt.core.sms import LINE_CODES, list_codes

    lines = table.protocol(table.station.index(code)).lines
    parts = [f"{c}{getattr(lines, n)}" for c, n in LINE_CODES.items()]
    codes = list_codes(len(lines.votes))
    parts += [f"{c}{v}" for c, (_, v) in zip(codes, lines.votes, strict=True)]
    return f"PVT {observer} {code} " + " ".join(parts)


def test_messages_are_attributed_by_the_senders_phone(
    election: tuple[Session, SynthElection],
) -> None:
    """With phones registered, a message counts as its phone's observer's, whatever name it
    carries: from an assigned observer's phone it is reported, from another observer's phone
    it is rejected at that station, from an unregistered number it is not stored."""
    session, synth = election
    plan = _forty(session, seed=7)
    codes = list(plan.stations)
    with pytest.raises(InputError):  # one number, two observers: a message could not be told
        pvt.assign_observers(
            session,
            E,
            {codes[0]: ["obs-a"]},
            designed_by="c",
            phones={"obs-a": "+7 701 111 22 33", "obs-b": "87011112233"},
        )
    session.rollback()
    with pytest.raises(InputError):
        pvt.assign_observers(
            session, E, {codes[0]: ["obs-a"]}, designed_by="c", phones={"obs-a": "call me"}
        )
    session.rollback()
    doc = pvt.assign_observers(
        session,
        E,
        {codes[0]: ["obs-a"], codes[1]: ["obs-b"]},
        designed_by="c",
        phones={"obs-a": "+7 (701) 111-22-33", "obs-b": "+77012223344"},
    )
    session.commit()
    assert doc["phones"] == {"obs-a": "+77011112233", "obs-b": "+77012223344"}
    assert doc["stations"] == list(plan.stations)

    # obs-a's phone (national format) names obs-b in the text: obs-a's copy, at obs-a's station
    mine = pvt.receive_sms(session, E, _sms(synth.truth, codes[0], "obs-b"), "87011112233")
    assert mine.stored, mine.reply
    assert "stored as obs-a's copy" in mine.reply
    # obs-a's phone claims to be obs-b at obs-b's station: obs-a is not assigned there
    theirs = pvt.receive_sms(session, E, _sms(synth.truth, codes[1], "obs-b"), "+77011112233")
    assert theirs.stored, theirs.reply
    # a number registered to nobody is refused, and nothing is stored
    stranger = pvt.receive_sms(session, E, _sms(synth.truth, codes[2], "obs-a"), "+77019999999")
    assert not stranger.stored
    assert "not a registered observer's phone" in stranger.reply
    # a copy entered as an SMS from a number that is not its observer's is rejected
    results.record_protocol(
        session, _copy(synth.truth, codes[3], "obs-b"), entered_by="sms:+77019999999"
    )
    session.commit()
    reports = pvt.collect_reports(session, E)
    assert reports.stations == (codes[0],)
    assert sum(s.reported for s in reports.board) == 1
    assert sum(s.rejected for s in reports.board) == 2
    assert any(f"station {codes[1]}: observer obs-a is not assigned" in p for p in reports.problems)
    assert any("+77019999999, which is not their registered phone" in p for p in reports.problems)
    stored_as = results.latest_protocol(session, E, codes[0], Source.OBSERVER, observer="obs-a")
    assert stored_as is not None
    assert results.latest_protocol(session, E, codes[2], Source.OBSERVER, observer="obs-a") is None


def test_without_registered_phones_the_name_in_the_message_is_taken(
    election: tuple[Session, SynthElection],
) -> None:
    """Before any phone is registered, the observer is the one the message names."""
    session, synth = election
    plan = _forty(session, seed=7)
    code = plan.stations[0]
    answer = pvt.receive_sms(session, E, _sms(synth.truth, code, "obs-z"), "+77015550000")
    assert answer.stored, answer.reply
    assert results.latest_protocol(session, E, code, Source.OBSERVER, observer="obs-z")


def test_phone_numbers_are_one_phone_in_any_national_spelling() -> None:
    assert pvt.same_phone("+77011112233", "8 701 111 22 33")
    assert pvt.same_phone("+77011112233", "77011112233")
    assert not pvt.same_phone("+77011112233", "+77011112234")
    assert not pvt.same_phone("", "")
    assert pvt.normalize_phone("+7 (701) 111-22-33") == "+77011112233"
    assert pvt.observer_of_phone({"phones": {"a": "+77011112233"}}, "87011112233") == "a"
    assert pvt.observer_of_phone({"phones": {"a": "+77011112233"}}, "+77010000000") is None
    assert pvt.observer_of_phone({}, "+77011112233") is None
