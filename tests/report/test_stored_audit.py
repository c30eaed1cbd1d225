"""The stored audit of an election: computed once per (final protocols, settings), read back
identical, recomputed when a final protocol changes; its migration goes down and up."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.orm import Session

from majlis import results, store, synth
from majlis.report import (
    AuditOptions,
    AuditRecord,
    ElectionReport,
    election_audit,
    render_election_report,
    render_html,
)
from majlis.store._migrate import alembic_config
from majlis.store.audit_rows import ForensicAuditRow

FAST = AuditOptions(seed=3, resamples=20, spike_resamples=20)


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ForensicAuditRow)) or 0)


def _stage(session: Session) -> tuple[synth.SynthElection, synth.SynthStored]:
    spec = synth.SynthSpec(seed=5, stations=300, territorials=20, double_entry=True)
    election = synth.synthesize(spec)
    return election, synth.store_synthetic(session, election)


def test_an_audit_is_stored_once_and_read_back_identical(session: Session) -> None:
    """The second call reads the stored record; other settings make a second audit."""
    with session.begin():
        _stage(session)
    with session.begin():
        first = election_audit(session, synth.KZ_2021.election, options=FAST)
    with session.begin():
        again = election_audit(session, synth.KZ_2021.election, options=FAST)
        assert _count(session) == 1
        digest = results.final_protocols_digest(session, synth.KZ_2021.election)
    assert again.record == first.record
    assert again.protocols_digest == digest
    assert render_html(again.record) == render_html(first.record)
    assert AuditRecord.from_json(first.record.to_json()) == first.record
    assert first.record.flagged_stations == len(first.record.flagged) > 0
    with session.begin():
        other = election_audit(
            session, synth.KZ_2021.election, options=AuditOptions(seed=4, resamples=20)
        )
        assert _count(session) == 2
        narrowed = election_audit(
            session,
            synth.KZ_2021.election,
            options=AuditOptions(seed=3, resamples=20, spike_resamples=20, peak_range=(40, 95)),
        )
        assert _count(session) == 3
    assert other.record.options.seed == 4
    assert narrowed.record.options.peak_range == (40.0, 95.0)
    assert AuditRecord.from_json(narrowed.record.to_json()) == narrowed.record


def test_a_new_final_protocol_makes_a_new_audit(session: Session) -> None:
    """Resolving a station that awaited resolution changes the digest: the audit runs anew."""
    with session.begin():
        generated, stored = _stage(session)
    assert stored.pending
    election = synth.KZ_2021.election
    with session.begin():
        before = election_audit(session, election, options=FAST)
    station = stored.pending[0]
    official = generated.official
    paper = official.protocol(official.station.index(station)).lines.field_values()
    with session.begin():
        differences = results.entry_differences(session, election, station)
        results.finalise_station(
            session,
            election,
            station,
            decided_by="chair",
            resolution=results.Resolution(
                person="chair",
                values={d.field: paper[d.field] for d in differences},
                note="paper protocol",
            ),
        )
    with session.begin():
        after = election_audit(session, election, options=FAST)
        assert _count(session) == 2
    assert after.protocols_digest != before.protocols_digest
    assert after.record.stations == before.record.stations + 1


def test_the_audit_migration_goes_down_and_up(engine: Engine) -> None:
    """audit_0001 creates ``forensic_audit``; its downgrade drops it; upgrading restores it."""
    config = alembic_config(engine)
    command.downgrade(config, "audit@base")
    assert "forensic_audit" not in inspect(engine).get_table_names()
    store.upgrade(engine)
    assert "forensic_audit" in inspect(engine).get_table_names()


def test_a_provisional_count_is_said_at_the_top_of_the_reports(session: Session) -> None:
    """The audit report and the election report carry the count's provisional line."""
    with session.begin():
        _, stored = _stage(session)
        status = results.count_status(session, synth.KZ_2021.election)
        audit = election_audit(session, synth.KZ_2021.election, options=FAST)
    assert status.provisional
    assert len(status.awaiting) == len(stored.pending)
    line = status.sentence()
    assert line.startswith(f"PROVISIONAL: {300 - len(stored.pending)} of 300 stations final")
    assert line in render_html(audit.record, banner=line)
    assert 'data-testid="provisional"' not in render_html(audit.record)
    page = render_election_report(
        ElectionReport(title="t", polling_day=date(2021, 1, 10), summary={}, banner=line)
    )
    assert line in page
