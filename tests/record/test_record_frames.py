"""The elections' chains checked at once (Polars) against the record-by-record walk, on both
databases: the same canonical texts, the same heads, the same first error."""

from __future__ import annotations

import hashlib
import json
import struct
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from majlis import record, results
from majlis.errors import IntegrityError
from majlis.record import _aggregates, _frames
from majlis.record._versions import _template
from majlis.record._walk import Walked, _sqlite_moment, walk_finals, walk_incidents, walk_versions
from majlis.results import COUNT_LINES, Source, canonical_text
from majlis.synth import KZ_2021, SynthSpec, store_synthetic, synthesize

E = KZ_2021.election
SPEC = SynthSpec(
    stations=20,
    territorials=17,
    seed=11,
    observer_share=0.5,
    double_entry=True,
    entry_differences=3,
)
AWKWARD = 'a "quoted" \\ back\x1fslash\nnew line\t{brace} Қазақ 🗳'

#: texts as a clerk could type them, and then some: quotes, backslashes, separators, controls
texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
nullable = st.none() | texts


Heads = tuple[tuple[int, str], ...]


def _walked(session: Session) -> Heads | str:
    """The record-by-record walks' (length, head) of each chain, or the first error's message
    (a value of a type majlis never writes, such as a blob, can stop the walk otherwise)."""
    try:
        versions = walk_versions(session, E)
        walked = versions, walk_finals(session, E, versions.official), walk_incidents(session, E)
    except (IntegrityError, TypeError, ValueError) as error:
        return f"{type(error).__name__}: {error}"
    return tuple((w.length, w.head) for w in walked)


def _at_once(session: Session) -> Heads | str:
    try:
        walked = _frames.walk_election(session, E)
    except (IntegrityError, TypeError, ValueError) as error:
        return f"{type(error).__name__}: {error}"
    return tuple((w.length, w.head) for w in walked)


@pytest.fixture
def awkward(session: Session) -> Session:
    """A small election with observers, resolved entries, corrections and incidents whose
    texts hold quotes, backslashes, separators, newlines and non-ASCII characters."""
    synth = synthesize(SPEC)
    with session.begin():
        store_synthetic(session, synth)
        for i, code in enumerate(synth.official.station[:3]):
            results.record_incident(
                session,
                election=E,
                station=code,
                observer=f"Ай\\гүл {i}",
                category="other",
                description=AWKWARD,
                evidence_sha256=None if i else "ab" * 32,
                recorded_by=f"PEC\x1f{i}",
            )
        first = results.latest_protocol(session, E, synth.official.station[0], Source.OFFICIAL)
        assert first is not None
        results.correct_protocol(session, first, reason=AWKWARD, entered_by="ПИК №1 \\")
    return session


def test_the_pass_at_once_vouches_for_an_untouched_record_as_the_walk_does(
    awkward: Session,
) -> None:
    """Every chain of an untouched record is vouched for at once, with the walk's heads."""
    checked = _frames.check_versions(awkward, E)
    assert checked is not None
    versions, official = checked
    walked = walk_versions(awkward, E)
    assert (versions.length, versions.head) == (walked.length, walked.head)
    assert _frames.official_versions(official) == walked.official
    assert _frames.check_finals(awkward, E, official) == walk_finals(awkward, E, walked.official)
    assert _frames.check_incidents(awkward, E) == walk_incidents(awkward, E)
    assert versions.length > 3 * SPEC.stations
    assert walk_incidents(awkward, E).length == 3
    resolved = awkward.scalar(
        text("SELECT count(*) FROM protocol_final WHERE resolution IS NOT NULL")
    )
    assert resolved, "the fixture should hold a final decision with a resolution"


def test_an_empty_election_has_empty_chains(awkward: Session) -> None:
    """An election with no record walks to no record, at once as by the walk."""
    assert _frames.check_incidents(awkward, "no-such-election") == Walked(0, "0" * 64, {})
    checked = _frames.check_versions(awkward, "no-such-election")
    assert checked is not None
    assert checked[0] == Walked(0, "0" * 64, {})


@settings(max_examples=60, deadline=None)
@given(values=st.lists(nullable, max_size=6))
def test_json_and_canonical_text_are_those_of_python(values: list[str | None]) -> None:
    """Texts quoted as json.dumps quotes them and escaped as canonical_text escapes them."""
    series = pl.Series(values, dtype=pl.String)
    assert _frames._json(series).to_list() == [json.dumps(v, ensure_ascii=False) for v in values]
    escaped = pl.select(_frames._escaped(pl.lit(series))).to_series()
    assert escaped.to_list() == [canonical_text(v) for v in values]


@settings(max_examples=40, deadline=None)
@given(moments=st.lists(st.datetimes(), min_size=1, max_size=5), zoned=st.booleans())
def test_sqlite_times_are_made_canonical_as_the_walk_makes_them(
    moments: list[datetime], zoned: bool
) -> None:
    """SQLite's stored times (with or without a UTC offset) read as the walk reads them."""
    offset = "+00:00" if zoned else ""
    stored = [str(m.replace(microsecond=m.microsecond or 1)) + offset for m in moments]
    frame = pl.DataFrame({"at": stored})
    at, read = _frames._moment("at", "sqlite")
    out = frame.select(at.alias("at"), read.alias("read"))
    assert out["read"].all()
    assert out["at"].to_list() == [_sqlite_moment(s) for s in stored]


@settings(max_examples=40, deadline=None)
@given(moments=st.lists(st.datetimes(min_value=datetime(1000, 1, 1)), min_size=1, max_size=5))
def test_postgresql_times_are_made_canonical_as_the_walk_makes_them(
    moments: list[datetime],
) -> None:
    """PostgreSQL's times, read as microseconds since 2000-01-01 UTC from their packed
    binary values, are written as the walk's canonical time."""
    epoch = datetime(2000, 1, 1)
    micros = [(m - epoch) // timedelta(microseconds=1) for m in moments]
    frame = pl.DataFrame({"at": _aggregates._pg_column(_timestamps(micros), len(micros), "moment")})
    at, read = _frames._moment("at", "postgresql")
    out = frame.select(at.alias("at"), read.alias("read"))
    assert out["read"].all()
    assert out["at"].to_list() == [results.canonical_moment(m) for m in moments]


def _timestamps(micros: list[int]) -> bytes:
    """Packed timestamptz values as PostgreSQL sends them (``timestamptz_send`` joined)."""
    return b"".join(struct.pack(">q", m) for m in micros)


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(texts, max_size=5),
    rows=st.lists(
        st.tuples(
            st.lists(st.integers(0, 10**9), max_size=6).map(lambda v: f"[{','.join(map(str, v))}]")
            | texts,
            nullable,
            st.sampled_from(["", "Aigerim", 'Ай"гүл']),
            texts,
            st.sampled_from([s.value for s in Source]),
            st.lists(st.integers(0, 10**7), min_size=len(COUNT_LINES), max_size=len(COUNT_LINES)),
        ),
        min_size=1,
        max_size=6,
    ),
    election=texts,
)
def test_content_json_is_the_walks_for_any_names_and_votes(
    names: list[str], rows: list[tuple[Any, ...]], election: str
) -> None:
    """A version's content JSON is filled as the walk fills it, from votes read exactly where
    the walk reads them (bracketed, as many as the ballot has lists)."""
    lists = json.dumps(names, ensure_ascii=False)
    frame = pl.DataFrame(
        {
            "lists": [lists] * len(rows),
            "votes": [r[0] for r in rows],
            "evidence_json": [json.dumps(r[1], ensure_ascii=False) for r in rows],
            "observer_json": [json.dumps(r[2] or None, ensure_ascii=False) for r in rows],
            "code_json": [json.dumps(r[3], ensure_ascii=False) for r in rows],
            "source": [r[4] for r in rows],
            **{k: [str(r[5][i]) for r in rows] for i, k in enumerate(COUNT_LINES)},
        }
    )
    content = _frames._content(frame, election)
    assert content is not None
    body, read = content
    out = frame.select(body.alias("body"), read.alias("read"))
    fill, width = _template(election, lists)
    for (votes, evidence, observer, code, source, counts), mine, fits in zip(
        rows, out["body"], out["read"], strict=True
    ):
        parts = votes[1:-1].split(",") if width else []
        assert fits == (votes[:1] == "[" and votes[-1:] == "]" and len(parts) == width)
        if fits:

            def enc(v: str | None) -> str:
                return json.dumps(v, ensure_ascii=False)

            assert mine == fill(
                enc(evidence), *counts, *parts, enc(observer or None), source, enc(code)
            )


def _lift(session: Session, table: str) -> None:
    if session.connection().dialect.name == "postgresql":
        session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
    else:
        session.execute(text(f"DROP TRIGGER {table}_no_update"))


def _reseal(session: Session, table: str, fields: str) -> None:
    """Give the newest record of ``table`` the hash of its (edited) ``fields`` and move the head."""
    seq, prev = session.execute(
        text(
            f"SELECT seq, record_hash FROM {table} WHERE election = :e "
            "ORDER BY seq DESC LIMIT 1 OFFSET 1"
        ),
        {"e": E},
    ).one()
    forged = hashlib.sha256(f"{prev}\x1f{seq + 1}\x1f{fields}".encode()).hexdigest()
    session.execute(
        text(f"UPDATE {table} SET record_hash = :h WHERE election = :e AND seq = :s"),
        {"h": forged, "e": E, "s": seq + 1},
    )
    session.execute(
        text("UPDATE record_head SET hash = :h WHERE election = :e AND chain = :c"),
        {"h": forged, "e": E, "c": table},
    )


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(reason=nullable, entered_by=texts, description=texts, observer=texts, by=texts)
def test_rewritten_texts_with_their_hashes_are_read_as_the_walk_reads_them(
    awkward: Session, reason: str | None, entered_by: str, description: str, observer: str, by: str
) -> None:
    """The newest version and incident rewritten with any texts and resealed: the pass at once
    vouches exactly when the walk does, with the same heads."""
    assume("\x00" not in f"{reason}{entered_by}{description}{observer}{by}")  # PostgreSQL's text
    savepoint = awkward.begin_nested()
    try:
        for table in ("protocol_version", "incident"):
            _lift(awkward, table)
        version = awkward.execute(
            text(
                "SELECT id, content_hash, version, entered_at FROM protocol_version "
                "WHERE election = :e ORDER BY seq DESC LIMIT 1"
            ),
            {"e": E},
        ).one()
        awkward.execute(
            text("UPDATE protocol_version SET reason = :r, entered_by = :b WHERE id = :i"),
            {"r": reason, "b": entered_by, "i": version.id},
        )
        entered_at = awkward.scalar(
            text("SELECT entered_at FROM protocol_version WHERE id = :i"), {"i": version.id}
        )
        _reseal(
            awkward,
            "protocol_version",
            results.version_fields(
                version.content_hash, version.version, reason, entered_by, _utc(entered_at)
            ),
        )
        incident = awkward.execute(
            text(
                "SELECT i.id, s.code, i.observed_at, i.category, i.evidence_sha256, i.recorded_at "
                "FROM incident i JOIN polling_station s ON s.id = i.station_id "
                "WHERE i.election = :e ORDER BY i.seq DESC LIMIT 1"
            ),
            {"e": E},
        ).one()
        awkward.execute(
            text(
                "UPDATE incident SET description = :d, observer = :o, recorded_by = :b "
                "WHERE id = :i"
            ),
            {"d": description, "o": observer, "b": by, "i": incident.id},
        )
        _reseal(
            awkward,
            "incident",
            results.incident_fields(
                incident.code,
                observer,
                _utc(incident.observed_at),
                incident.category,
                description,
                incident.evidence_sha256,
                by,
                _utc(incident.recorded_at),
            ),
        )
        walked = _walked(awkward)
        assert not isinstance(walked, str), walked
        assert _at_once(awkward) == walked
        checked = _frames.check_versions(awkward, E)
        if "\x1e" not in f"{reason}{entered_by}":
            assert checked is not None
            assert checked[0].head == walked[0][1]
        if "\x1e" not in f"{description}{observer}{by}":
            incidents = _frames.check_incidents(awkward, E)
            assert incidents is not None
            assert (incidents.length, incidents.head) == walked[2]
        assert record.verify_record(awkward).heads
    finally:
        savepoint.rollback()


def _utc(moment: Any) -> datetime | str:
    """A time read back by a text query: SQLite's text as the walk reads it, else the time."""
    if isinstance(moment, str):
        return _sqlite_moment(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_EDITS: dict[str, list[tuple[str, str]]] = {
    "protocol_version": [
        ("source", "CASE WHEN source = 'entry1' THEN 'entry2' ELSE 'entry1' END"),
        ("observer", "observer || :t"),
        ("evidence_sha256", "COALESCE(evidence_sha256, '') || :t"),
        ("version", "version + 1"),
        ("voters", "voters + 1"),
        ("valid", "valid + 0.5"),  # a fraction, where SQLite keeps it
        ("observer", "CAST(observer AS BLOB)"),  # the same bytes as a blob (SQLite)
        ("seq", "CAST(seq AS BLOB)"),
        ("against_all", "against_all - 1"),
        ("lists", "REPLACE(lists, 'Adal', :t)"),
        ("votes", "REPLACE(votes, ',', :t)"),
        ("content_hash", "upper(content_hash)"),
        ("reason", ":t"),
        ("entered_by", ":t"),
        ("seq", "seq + 1000"),
        ("record_hash", "upper(record_hash)"),
    ],
    "protocol_final": [
        ("official_version", "official_version + 1"),
        ("content_hash", "upper(content_hash)"),
        ("method", "CASE WHEN method = 'import' THEN 'correction' ELSE 'import' END"),
        ("decided_by", ":t"),
        ("note", ":t"),
        ("seq", "seq + 1000"),
        ("station_id", "station_id + 1"),
    ],
    "incident": [
        ("observer", ":t"),
        ("description", ":t"),
        ("evidence_sha256", ":t"),
        ("recorded_by", ":t"),
        ("category", "CASE WHEN category = 'other' THEN 'pressure' ELSE 'other' END"),
        ("record_hash", "upper(record_hash)"),
    ],
}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(data=st.data(), value=texts)
def test_any_edit_fails_at_once_with_the_walks_first_error(
    awkward: Session, data: Any, value: str
) -> None:
    """One edited cell: the election fails with the message the walk gives, naming the same
    first bad record, and the pass at once vouches for no chain the walk refuses."""
    assume("\x00" not in value)
    table = data.draw(st.sampled_from(sorted(_EDITS)))
    column, edit = data.draw(st.sampled_from(_EDITS[table]))
    ids = [i for (i,) in awkward.execute(text(f"SELECT id FROM {table} ORDER BY id"))]
    row = data.draw(st.sampled_from(ids))
    savepoint = awkward.begin_nested()
    try:
        _lift(awkward, table)
        try:
            with awkward.begin_nested():
                changed = awkward.execute(
                    text(f"UPDATE {table} SET {column} = {edit} WHERE id = :id"),
                    {"id": row, "t": value},
                )
        except DBAPIError:
            changed = None  # a constraint refused the edit
        assume(changed is not None and changed.rowcount == 1)
        walked = _walked(awkward)
        assert _at_once(awkward) == walked
        if isinstance(walked, str):
            checked = {
                "protocol_version": _frames.check_versions(awkward, E),
                "incident": _frames.check_incidents(awkward, E),
            }
            assert checked.get(table) is None or not walked.startswith(f"IntegrityError: {table}:")
    finally:
        savepoint.rollback()


@pytest.mark.parametrize(
    "edit", ["observer = CAST(observer AS BLOB)", "valid = valid + 0.5", "seq = seq + 0.5"]
)
def test_a_value_of_another_type_is_left_to_the_walk(awkward: Session, edit: str) -> None:
    """On SQLite, which keeps any type in any column, a blob with the same bytes or a fraction
    is not read at once: the walk decides, as it always did."""
    if awkward.connection().dialect.name != "sqlite":
        pytest.skip("PostgreSQL keeps each column's type")
    _lift(awkward, "protocol_version")
    first = awkward.scalar(text("SELECT min(id) FROM protocol_version"))
    awkward.execute(text(f"UPDATE protocol_version SET {edit} WHERE id = :i"), {"i": first})
    assert _frames.check_versions(awkward, E) is None
    assert _at_once(awkward) == _walked(awkward)
    awkward.rollback()
