"""The record as evidence on SQLite and PostgreSQL: chains, digest, refusals, export, tampering."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from majlis import law, record, results, store
from majlis.errors import IntegrityError, NotFoundError, ProtocolError
from majlis.results import Source
from majlis.store.results_rows import IncidentRow, PollingStationRow
from majlis.synth import KZ_2021, SynthSpec, store_synthetic, synthesize, table_frame

SPEC = SynthSpec(stations=40, territorials=17, seed=5, observer_share=0.2, entry_differences=2)
E = KZ_2021.election


@pytest.fixture
def stored(session: Session) -> Session:
    """A small synthetic election stored (entries, finals, copies), two incidents, a correction."""
    synth = synthesize(SPEC)
    with session.begin():
        store_synthetic(session, synth)
        for code in synth.official.station[:2]:
            results.record_incident(
                session,
                election=E,
                station=code,
                observer="Aigerim",
                category="pressure",
                description='=HYPERLINK("x") shouted at the chair',
            )
        first = results.latest_protocol(session, E, synth.official.station[0], Source.OFFICIAL)
        assert first is not None
        results.correct_protocol(session, first, reason="-1 recount", entered_by="PEC")
    return session


def test_verify_passes_and_digest_is_the_stored_heads(stored: Session) -> None:
    """An untouched record verifies; its digest equals the digest of the stored heads."""
    report = record.verify_record(stored)
    assert report.digest == record.record_digest(stored).digest
    assert {h.chain for h in report.heads} == {"protocol_version", "protocol_final", "incident"}
    assert report.counts()["incident"] == 2


def test_unknown_election_list_and_station_are_refused(stored: Session) -> None:
    """An unknown election, an unregistered list and a foreign station are refused by name."""
    code = synthesize(SPEC).official.station[0]
    proto = results.latest_protocol(stored, E, code, Source.OFFICIAL)
    assert proto is not None
    with pytest.raises(NotFoundError, match="no election 'kz-nowhere'"):
        results.record_protocol(stored, replace(proto, election="kz-nowhere"), entered_by="x")
    votes = dict(proto.lines.votes)
    votes["Adal Renamed"] = votes.pop("Adal")
    renamed = replace(proto, lines=replace(proto.lines, votes=tuple(votes.items())))
    with pytest.raises(ProtocolError, match="'Adal Renamed' is not a registered list"):
        results.correct_protocol(stored, renamed, reason="typo", entered_by="x")
    with pytest.raises(NotFoundError, match="no election 'kz-nowhere'"):
        results.record_incident(
            stored,
            election="kz-nowhere",
            station=code,
            observer="A",
            category="other",
            description="d",
        )
    results.add_commission(stored, code="CEC2", name="other", level=results.CommissionLevel.CENTRAL)
    results.add_commission(
        stored,
        code="T9",
        name="t",
        level=results.CommissionLevel.TERRITORIAL,
        parent="CEC2",
        region="R",
    )
    results.add_commission(
        stored, code="P9", name="p", level=results.CommissionLevel.PRECINCT, parent="T9", region="R"
    )
    results.add_station(
        stored, code="9999", commission="P9", region="R", address="a", registered_voters=10
    )
    with pytest.raises(NotFoundError, match="'9999' is not under the central commission"):
        results.record_protocol(stored, replace(proto, station="9999"), entered_by="x")
    stored.rollback()


def test_import_with_one_foreign_row_changes_nothing(stored: Session, tmp_path: Path) -> None:
    """A file whose one row names a list the election does not have stores nothing."""
    frame = table_frame(synthesize(SPEC).official).rename({"votes.Adal": "votes.Adal2"})
    frame.write_csv(tmp_path / "p.csv")
    before = results.count_versions(stored, E)
    stored.commit()
    with pytest.raises(ProtocolError, match="'Adal2' is not a registered list"), stored.begin():
        results.import_protocols(stored, tmp_path / "p.csv")
    assert results.count_versions(stored, E) == before


def test_export_verifies_offline_and_a_changed_tally_fails(stored: Session, tmp_path: Path) -> None:
    """The exported record verifies with no database; an edited tally file does not."""
    manifest = record.export_record(stored, E, tmp_path / "rec")
    report = record.verify_export(tmp_path / "rec")
    assert report.digest == manifest.digest == record.record_digest(stored, E).digest
    assert report.seats is not None
    assert sum(report.seats.values()) == 98
    csv = (tmp_path / "rec" / "incidents.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in csv
    tally = pl.read_parquet(tmp_path / "rec" / "tally.parquet")
    tally.with_columns(pl.col("votes.Adal") + 1).write_parquet(tmp_path / "rec" / "tally.parquet")
    with pytest.raises(IntegrityError, match=r"tally\.parquet: its SHA-256"):
        record.verify_export(tmp_path / "rec")
    manifest_path = tmp_path / "rec" / "manifest.json"
    data = json.loads(manifest_path.read_text(encoding="utf-8"))
    data["files"]["tally.parquet"] = hashlib.sha256(
        (tmp_path / "rec" / "tally.parquet").read_bytes()
    ).hexdigest()
    manifest_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IntegrityError, match="not the sum of the standing final protocols"):
        record.verify_export(tmp_path / "rec")


def _edit_manifest(folder: Path, **changes: Any) -> None:
    path = folder / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    path.write_text(json.dumps(data), encoding="utf-8")


def test_export_names_its_ruleset_by_id_and_content(stored: Session, tmp_path: Path) -> None:
    """The manifest records the ruleset's content digest; the offline check says which law."""
    record.export_record(stored, E, tmp_path / "rec")
    manifest = json.loads((tmp_path / "rec" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ruleset_id"] == "kz-majlis-2009"
    assert manifest["ruleset_sha256"] == law.ruleset_digest("kz-majlis-2009")
    report = record.verify_export(tmp_path / "rec")
    assert report.ruleset == "kz-majlis-2009"
    assert "seats recomputed under kz-majlis-2009: " in report.lines()[-1]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ruleset_sha256": "ab" * 32}, r"the law's text differs.*verify with majlis 0\."),
        ({"ruleset_sha256": None}, "records no content digest of ruleset 'kz-majlis-2009'"),
        ({"ruleset_id": "atlantis-senate-2020"}, "'atlantis-senate-2020', which .* not ship"),
        ({"ruleset_id": "kz-majlis"}, "'kz-majlis', which majlis .* does not ship"),
        ({"ruleset_id": None}, "names no ruleset for its seats"),
    ],
)
def test_offline_check_refuses_a_ruleset_it_cannot_vouch_for(
    stored: Session, tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    """A ruleset whose content differs from the shipped one, or that is unknown, is refused."""
    record.export_record(stored, E, tmp_path / "rec")
    _edit_manifest(tmp_path / "rec", **changes)
    with pytest.raises(IntegrityError, match=message):
        record.verify_export(tmp_path / "rec")


def test_another_shipped_law_with_its_own_digest_gives_other_seats(
    stored: Session, tmp_path: Path
) -> None:
    """Naming another shipped ruleset with its true digest still fails: the seats differ."""
    record.export_record(stored, E, tmp_path / "rec")
    other = "kz-majlis-2023"
    _edit_manifest(tmp_path / "rec", ruleset_id=other, ruleset_sha256=law.ruleset_digest(other))
    with pytest.raises(IntegrityError, match="seats differ from the law engine's"):
        record.verify_export(tmp_path / "rec")


def _lift(session: Session, table: str) -> None:
    if session.connection().dialect.name == "postgresql":
        session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
    else:
        session.execute(text(f"DROP TRIGGER {table}_no_update"))


_SWAP = {
    "source": "CASE WHEN source = 'entry1' THEN 'entry2' ELSE 'entry1' END",
    "method": "CASE WHEN method = 'import' THEN 'correction' ELSE 'import' END",
    "category": "CASE WHEN category = 'other' THEN 'pressure' ELSE 'other' END",
    "lists": "REPLACE(lists, 'Adal', 'Adal2')",
    "votes": "REPLACE(votes, '[', '[1')",
}
_COLUMNS = {
    "protocol_version": [
        "election",
        "station_id",
        "source",
        "observer",
        "evidence_sha256",
        "version",
        "voters",
        "valid",
        "against_all",
        "lists",
        "votes",
        "content_hash",
        "reason",
        "entered_by",
        "entered_at",
        "seq",
        "record_hash",
    ],
    "protocol_final": [
        "election",
        "station_id",
        "official_version",
        "content_hash",
        "method",
        "decided_by",
        "decided_at",
        "note",
        "seq",
        "record_hash",
    ],
    "incident": [
        "election",
        "station_id",
        "observer",
        "observed_at",
        "category",
        "description",
        "evidence_sha256",
        "recorded_by",
        "recorded_at",
        "seq",
        "record_hash",
    ],
}


def _edit(column: str, dialect: str) -> str:
    if column in _SWAP:
        return _SWAP[column]
    if column.endswith("_at"):
        return (
            f"{column} + interval '1 second'"
            if dialect == "postgresql"
            else f"strftime('%Y-%m-%d %H:%M:%f', {column}, '+1 second')"
        )
    if column in {
        "station_id",
        "version",
        "voters",
        "valid",
        "against_all",
        "seq",
        "official_version",
    }:
        return f"{column} + 1"
    return f"COALESCE({column}, '') || 'x'"


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_any_single_row_edit_is_detected_and_named(stored: Session, data: Any) -> None:
    """Any one edited cell of a chained table, made past the triggers, fails verification."""
    table = data.draw(st.sampled_from(sorted(_COLUMNS)))
    column = data.draw(st.sampled_from(_COLUMNS[table]))
    ids = [i for (i,) in stored.execute(text(f"SELECT id FROM {table} ORDER BY id"))]
    row = data.draw(st.sampled_from(ids))
    dialect = stored.connection().dialect.name
    savepoint = stored.begin_nested()
    try:
        _lift(stored, table)
        try:
            with stored.begin_nested():
                changed = stored.execute(
                    text(f"UPDATE {table} SET {column} = {_edit(column, dialect)} WHERE id = :id"),
                    {"id": row},
                )
        except DBAPIError:
            changed = None  # a constraint refused the edit (a duplicate key, a missing station)
        assume(changed is not None and changed.rowcount == 1)
        with pytest.raises(IntegrityError) as refused:
            record.verify_record(stored)
        assert table in str(refused.value) or column == "election"
    finally:
        savepoint.rollback()


def test_rewritten_newest_record_fails_only_against_the_published_digest(stored: Session) -> None:
    """A newest incident rewritten with its hash and head passes verify but not --expect."""
    published = record.verify_record(stored).digest
    seq, prev = stored.execute(
        text(
            "SELECT seq, record_hash FROM incident WHERE election = :e "
            "ORDER BY seq DESC LIMIT 1 OFFSET 1"
        ),
        {"e": E},
    ).one()
    newest = stored.scalars(
        select(IncidentRow).where(IncidentRow.election == E).order_by(IncidentRow.seq.desc())
    ).first()
    assert newest is not None
    code = stored.scalar(
        select(PollingStationRow.code).where(PollingStationRow.id == newest.station_id)
    )
    assert code is not None
    fields = results.incident_fields(
        code,
        newest.observer,
        newest.observed_at,
        newest.category,
        "nothing happened",
        newest.evidence_sha256,
        newest.recorded_by,
        newest.recorded_at,
    )
    forged = hashlib.sha256(f"{prev}\x1f{seq + 1}\x1f{fields}".encode()).hexdigest()
    _lift(stored, "incident")
    stored.execute(
        text(
            "UPDATE incident SET description = 'nothing happened', record_hash = :h WHERE id = :i"
        ),
        {"h": forged, "i": newest.id},
    )
    stored.execute(
        text("UPDATE record_head SET hash = :h WHERE election = :e AND chain = 'incident'"),
        {"h": forged, "e": E},
    )
    assert record.verify_record(stored).digest != published
    with pytest.raises(IntegrityError, match="not the expected"):
        record.verify_record(stored, expect=published)
    stored.rollback()


def test_cli_verify_prints_the_digest_last_and_exit_1_on_a_bad_record(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``majlis verify`` ends with the digest; ``--expect`` another digest exits 1 naming it."""
    from typer.testing import CliRunner

    from majlis.cli import app

    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "250")
    run = CliRunner()
    synth = run.invoke(app, ["synth", str(tmp_path / "s"), "--stations", "40", "--store"])
    assert synth.exit_code == 0, synth.output
    ok = run.invoke(app, ["verify"])
    assert ok.exit_code == 0, ok.output
    digest = ok.output.strip().splitlines()[-1]
    assert len(digest) == 64
    bad = run.invoke(app, ["verify", "--expect", "0" * 64])
    assert bad.exit_code == 1
    assert "not the expected" in bad.output
    exported = run.invoke(app, ["export", "record", str(tmp_path / "rec"), "-e", E])
    assert exported.exit_code == 0, exported.output
    offline = run.invoke(app, ["verify", "--record", str(tmp_path / "rec")])
    assert offline.exit_code == 0, offline.output
    assert offline.output.strip().splitlines()[-1] == exported.output.strip().splitlines()[-1]
    _edit_manifest(tmp_path / "rec", ruleset_sha256="0" * 64)
    changed_law = run.invoke(app, ["verify", "--record", str(tmp_path / "rec")])
    assert changed_law.exit_code == 1
    assert "the law's text differs" in changed_law.output
    missing = run.invoke(app, ["export", "record", str(tmp_path / "x"), "-e", "kz-nowhere"])
    assert missing.exit_code == 2


def test_api_record_is_public_and_matches_the_service(stored: Session, database_url: str) -> None:
    """``GET /api/v1/record`` answers anonymously with the stored heads' digest."""
    from fastapi.testclient import TestClient

    from majlis.api import Settings, create_app

    api_settings = Settings(database_url=database_url, access_log=False)
    stored.commit()
    expected = record.record_digest(stored).digest
    expected_one = record.record_digest(stored, E).digest
    stored.rollback()  # SQLite: the test's reading transaction would lock out the app
    engine = store.make_engine(database_url)
    try:
        with TestClient(create_app(api_settings, engine=engine)) as client:
            body = client.get("/api/v1/record").json()
            one = client.get("/api/v1/record", params={"election": E}).json()
    finally:
        engine.dispose()
    assert body["digest"] == expected
    assert one["digest"] == expected_one
    assert one["counts"]["incident"] == 2


def test_exported_csv_neutralises_formulas_and_parquet_keeps_the_text(
    stored: Session, tmp_path: Path
) -> None:
    """An incident's formula-like text is neutralised in the CSV, kept as is in the Parquet."""
    stored.commit()
    record.export_record(stored, E, tmp_path)
    csv_text = (tmp_path / "incidents.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in csv_text
    parquet = pl.read_parquet(tmp_path / "incidents.parquet")
    assert parquet["description"].str.starts_with("=HYPERLINK").any()


def test_a_withdrawn_list_is_not_a_vote_key(stored: Session) -> None:
    """Votes for a list withdrawn before polling day are refused, naming the list."""
    from majlis.store.elections_rows import ElectionRow, PartyListRow
    from majlis.store.registry_rows import PartyRow

    election_id = stored.scalar(select(ElectionRow.id).where(ElectionRow.slug == E))
    adal = stored.scalar(select(PartyRow.id).where(PartyRow.name == "Adal"))
    row = stored.scalar(
        select(PartyListRow).where(
            PartyListRow.election_id == election_id, PartyListRow.party_id == adal
        )
    )
    assert row is not None
    row.status = "withdrawn"
    stored.flush()
    code = synthesize(SPEC).official.station[1]
    proto = results.latest_protocol(stored, E, code, Source.OFFICIAL)
    assert proto is not None
    with pytest.raises(ProtocolError, match="'Adal' is not a registered list"):
        results.correct_protocol(stored, proto, reason="again", entered_by="x")
    stored.rollback()


def test_concurrent_writers_keep_one_chain(stored: Session, engine: Any) -> None:
    """Writers in parallel transactions take turns at the head: the chain stays one line."""
    from concurrent.futures import ThreadPoolExecutor

    stored.commit()
    codes = synthesize(SPEC).official.station[:4]
    factory = store.session_factory(engine)

    def log(code: str) -> None:
        for n in range(5):
            with factory() as session, session.begin():
                results.record_incident(
                    session,
                    election=E,
                    station=code,
                    observer=f"obs {code}",
                    category="other",
                    description=f"note {n}",
                )

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(log, codes))
    report = record.verify_record(stored)
    assert report.counts()["incident"] == 2 + 4 * 5


def test_results_page_shows_the_election_digest_and_follows_a_new_record(
    stored: Session, database_url: str
) -> None:
    """The dashboard's results page shows the election's digest, anew after an incident."""
    from fastapi.testclient import TestClient

    from majlis.api import Settings, create_app

    stored.commit()
    station = stored.scalars(select(PollingStationRow.code).limit(1)).one()
    before = record.record_digest(stored, E).digest
    stored.rollback()  # SQLite: the test's reading transaction would lock out the app
    engine = store.make_engine(database_url)
    try:
        settings = Settings(database_url=database_url, results_cache_seconds=0)
        with TestClient(create_app(settings, engine=engine)) as client:
            first = client.get("/results", params={"election": E}).text
            with stored.begin():
                results.record_incident(
                    stored,
                    election=E,
                    station=station,
                    observer="Dana",
                    category="other",
                    description="late opening",
                )
            after = record.record_digest(stored, E).digest
            stored.rollback()
            second = client.get("/results", params={"election": E}).text
    finally:
        engine.dispose()
    assert before != after
    assert before in first
    assert after in second
    assert before not in second


def test_the_ledger_walked_beside_the_elections_reports_the_same_and_the_first_error(
    stored: Session,
) -> None:
    """``sibling``: the same heads and digest; with a bad event and a bad protocol both
    committed, the ledger's error is the one raised, as when the checks run in order."""
    from datetime import date

    from majlis import registry
    from majlis.registry.iin import make_iin
    from majlis.store.registry_rows import MembershipEventRow

    founders = [make_iin(date(1990, 1, 1), "M", 1), make_iin(date(1985, 5, 5), "F", 2)]
    for n, iin in enumerate(founders):
        registry.register_person(
            stored, national_id=iin, family_name="F", given_name=f"G{n}", region_code="KZ-71"
        )
    registry.create_party(
        stored, slug="beside", name="Beside", initiated_on=date(2022, 9, 1), entered_by="t"
    )
    registry.hold_founding_congress(
        stored, party="beside", on=date(2022, 10, 1), founders=founders, entered_by="t"
    )
    stored.commit()
    sibling = store.sibling_sessions(stored)
    assert sibling is not None
    plain = record.verify_record(stored)
    beside = record.verify_record(stored, sibling=sibling)
    assert beside.heads[0].chain == "membership_event"
    assert beside.heads == plain.heads
    assert beside.digest == plain.digest
    assert beside.active_members == plain.active_members == 2
    # the edits are committed, for the sibling to see them: on PostgreSQL the triggers are
    # switched back on afterwards, as this session's database outlives the test
    try:
        _lift(stored, "protocol_version")
        stored.execute(text("UPDATE protocol_version SET votes = REPLACE(votes, '[', '[1')"))
        stored.commit()
        with pytest.raises(IntegrityError, match="protocol_version"):
            record.verify_record(stored, sibling=sibling)
        _lift(stored, "membership_event")
        first = stored.scalars(select(MembershipEventRow).order_by(MembershipEventRow.seq)).first()
        assert first is not None
        stored.execute(
            text("UPDATE membership_event SET entered_by = 'someone else' WHERE seq = :s"),
            {"s": first.seq},
        )
        stored.commit()
        with pytest.raises(IntegrityError, match="ledger event #1"):
            record.verify_record(stored, sibling=sibling)
        with pytest.raises(IntegrityError, match="ledger event #1"):
            record.verify_record(stored)
    finally:
        stored.rollback()
        if stored.connection().dialect.name == "postgresql":
            for table in ("protocol_version", "membership_event"):
                stored.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
            stored.commit()


def test_an_in_memory_database_has_no_sibling_sessions() -> None:
    """A private in-memory SQLite database is walked in order, on its one connection."""
    engine = store.make_engine("sqlite://")
    with store.session_factory(engine)() as session:
        assert store.sibling_sessions(session) is None
    engine.dispose()


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("protocol_version", "entered_at"),
        ("protocol_final", "decided_at"),
        ("incident", "observed_at"),
        ("incident", "recorded_at"),
    ],
)
def test_a_time_no_python_value_holds_is_named(stored: Session, table: str, column: str) -> None:
    """An infinite time (PostgreSQL's), which the binary reading leaves NULL and Python
    cannot load, is named by the walk, not a traceback."""
    if stored.connection().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's infinity")
    savepoint = stored.begin_nested()
    try:
        _lift(stored, table)
        first = stored.execute(text(f"SELECT min(id) FROM {table}")).scalar_one()
        stored.execute(
            text(f"UPDATE {table} SET {column} = 'infinity' WHERE id = :i"), {"i": first}
        )
        with pytest.raises(IntegrityError, match=table):
            record.verify_record(stored)
    finally:
        savepoint.rollback()
