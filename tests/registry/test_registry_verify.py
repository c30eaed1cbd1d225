"""The fast ledger verification: the canonical text it builds, and every kind of tampering.

Each test runs on SQLite and PostgreSQL (the ``engine``/``session`` fixtures). Batches are
made tiny, so that the edit sits in a later batch than the first and the paging is tested.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import polars as pl
import pytest
from sqlalchemy import Connection, Engine, text

from majlis import registry, store
from majlis.errors import IntegrityError
from majlis.registry import (
    _chain_pg,
    _chain_scan,
    _chain_sqlite,
    _pg_scan,
    _roll_check,
    _verify_exact,
)
from majlis.registry._verify_exact import hashed_fields
from majlis.registry.ledger import canonical_event
from majlis.store import driver_connection
from majlis.store.registry_rows import MembershipEventRow

#: text that the canonical form escapes or that a naive split would cut
AWKWARD = [
    "back\\slash \\x1f",
    "unit\x1fseparator",
    "record\x1eseparator",
    "new\nline, tab\t, quote \" and ' ",
    "Қазақстан — ünïcödé 🗳",
    "",
]


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three events a batch, so that every ledger here spans several."""
    monkeypatch.setattr(_chain_scan, "BATCH", 3)
    monkeypatch.setattr(_chain_scan, "SQLITE_BATCH_EVENTS", 3)
    monkeypatch.setattr(_pg_scan, "BATCH", 3)
    monkeypatch.setattr(_roll_check, "_BATCH", 2)


def _lift_triggers(connection: Connection) -> None:
    """Let raw SQL update and delete ledger events (as someone behind majlis's back would)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE membership_event DISABLE TRIGGER USER"))
    else:
        connection.execute(text("DROP TRIGGER IF EXISTS membership_event_no_update"))
        connection.execute(text("DROP TRIGGER IF EXISTS membership_event_no_delete"))


def _churn(world: Any) -> int:
    """Joins, leaves and expulsions with awkward reasons; return the number of events."""
    s = world.session
    for n, iin in enumerate(world.people):
        party = world.parties[n % 3]
        registry.join(
            s, national_id=iin, party=party, on=date(2023, 3, 1), entered_by=AWKWARD[n % 6]
        )
    for n, iin in enumerate(world.people[:6]):
        if n % 2:
            registry.leave(
                s, national_id=iin, on=date(2023, 6, 1), entered_by="t", reason=AWKWARD[n]
            )
        else:
            registry.expel(
                s,
                national_id=iin,
                on=date(2023, 6, 2),
                reason=AWKWARD[n],
                deciding_body=AWKWARD[5 - n],
                entered_by="t",
            )
    registry.join(
        s, national_id=world.people[0], party="ak-zhol", on=date(2024, 1, 5), entered_by="t"
    )
    s.commit()
    return registry.verify_ledger(s).events


def _restore_triggers(connection: Connection) -> None:
    """PostgreSQL keeps its database for the whole test session: the triggers come back."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE membership_event ENABLE TRIGGER USER"))


def _tamper(engine: Engine, *statements: str) -> None:
    with engine.begin() as connection:
        _lift_triggers(connection)
        for statement in statements:
            connection.execute(text(statement))
        _restore_triggers(connection)


def _verify(engine: Engine) -> registry.LedgerReport:
    with store.session_factory(engine)() as fresh:
        return registry.verify_ledger(fresh)


def test_the_fast_path_hashes_awkward_text_as_event_hash_does(world: Any) -> None:
    """Backslashes, separators, newlines and non-ASCII text verify, over several batches."""
    events = _churn(world)
    report = registry.verify_ledger(world.session)
    assert report.events == events > 3 * 5
    assert report.active_members == len(world.people) - 6 + 1 + 3  # the founders too


def test_the_fast_path_finds_what_the_exact_path_finds(world: Any, engine: Engine) -> None:
    """Every event the fast pass vouches for passes the exact check of the same event."""
    _churn(world)
    s = world.session
    prev = "0" * 64
    for position, row in enumerate(s.query(MembershipEventRow).order_by(MembershipEventRow.seq), 1):
        _verify_exact.check_event(s, row.seq, position, prev)
        prev = row.hash
    assert registry.verify_ledger(s).head_hash == prev


def test_progress_is_told_the_events_checked(world: Any) -> None:
    """The progress callback hears a growing count that ends at the number of events."""
    events = _churn(world)
    heard: list[int] = []
    registry.verify_ledger(world.session, progress=heard.append)
    assert heard == sorted(heard)
    assert heard[-1] == events


def test_an_edited_field_is_named(world: Any, engine: Engine) -> None:
    """A party id changed in a later batch names that event."""
    _churn(world)
    world.session.close()
    _tamper(engine, "UPDATE membership_event SET party_id = 1 WHERE seq = 11 AND party_id <> 1")
    _tamper(engine, "UPDATE membership_event SET reason = 'rewritten' WHERE seq = 14")
    with pytest.raises(IntegrityError, match=r"ledger event #1[14] \(.*does not match its hash"):
        _verify(engine)


def test_an_edited_hash_is_named(world: Any, engine: Engine) -> None:
    """An event whose stored hash was replaced fails its own check."""
    _churn(world)
    world.session.close()
    other = "'" + "ab" * 32 + "'"
    value = f"decode({other}, 'hex')" if engine.dialect.name == "postgresql" else other
    _tamper(engine, f"UPDATE membership_event SET hash = {value} WHERE seq = 8")
    with pytest.raises(IntegrityError, match=r"ledger event #8 \(.*does not match its hash"):
        _verify(engine)


def test_a_deleted_event_is_named(world: Any, engine: Engine) -> None:
    """The event after a gap fails on its sequence number."""
    _churn(world)
    world.session.close()
    _tamper(engine, "DELETE FROM membership_event WHERE seq = 7")
    with pytest.raises(IntegrityError, match=r"ledger event #8 \(.*sequence number expected 7"):
        _verify(engine)


def test_a_deleted_last_event_breaks_the_head(world: Any, engine: Engine) -> None:
    """Removing the newest event leaves a head that no longer matches."""
    events = _churn(world)
    world.session.close()
    _tamper(engine, f"DELETE FROM membership_event WHERE seq = {events}")
    with pytest.raises(IntegrityError, match="ledger head"):
        _verify(engine)


def test_a_swapped_order_is_named(world: Any, engine: Engine) -> None:
    """Two events that trade places break the chain at the first of them."""
    _churn(world)
    world.session.close()
    _tamper(
        engine,
        "UPDATE membership_event SET seq = -1 WHERE seq = 10",
        "UPDATE membership_event SET seq = 10 WHERE seq = 12",
        "UPDATE membership_event SET seq = 12 WHERE seq = -1",
    )
    with pytest.raises(IntegrityError, match=r"ledger event #10 \(.*does not match its hash"):
        _verify(engine)


def test_a_changed_roll_row_is_named(world: Any, engine: Engine) -> None:
    """A member moved to another party in the roll alone is found by the replay."""
    _churn(world)
    s = world.session
    person = s.execute(text("SELECT min(person_id) FROM current_membership")).scalar_one()
    s.execute(
        text("UPDATE current_membership SET party_id = party_id + 1 WHERE person_id = :p"),
        {"p": person},
    )
    s.commit()
    with pytest.raises(
        IntegrityError, match=f"current roll differs from the ledger for person {person}:"
    ):
        registry.verify_ledger(s)


def test_a_changed_roll_date_is_named(world: Any) -> None:
    """A membership's start date changed in the roll alone is found by the replay."""
    _churn(world)
    s = world.session
    s.execute(text("UPDATE current_membership SET since = '2001-01-01'"))
    s.commit()
    with pytest.raises(IntegrityError, match="current roll differs from the ledger"):
        registry.verify_ledger(s)


def test_the_stored_roll_reads_unknown_regions_and_refuses_a_separator(world: Any) -> None:
    """A NULL region is read as unknown; a value holding a separator sends it to the exact check."""
    _churn(world)
    s = world.session
    people = s.execute(text("SELECT person_id FROM current_membership ORDER BY person_id")).all()
    first, last = people[0][0], people[-1][0]
    s.execute(
        text("UPDATE current_membership SET region_code = NULL WHERE person_id = :p"), {"p": first}
    )
    raw, postgres = driver_connection(s), s.connection().dialect.name == "postgresql"
    roll = _roll_check.stored_roll(raw, postgres=postgres)
    assert roll is not None
    assert roll["person"].to_list() == [p for (p,) in people]
    assert roll.filter(pl.col("no_region"))["person"].to_list() == [first]
    s.execute(
        text("UPDATE current_membership SET region_code = :r WHERE person_id = :p"),
        {"r": "KZ\x1e71", "p": last},
    )
    assert _roll_check.stored_roll(raw, postgres=postgres) is None
    s.rollback()


def test_the_stored_roll_reads_batches_of_unknown_regions_only(world: Any) -> None:
    """Batches whose regions are all NULL, or all given, read as such (SQLite counts them)."""
    _churn(world)
    s = world.session
    people = [p for (p,) in s.execute(text("SELECT person_id FROM current_membership"))]
    s.execute(text("UPDATE current_membership SET region_code = NULL WHERE person_id <= 2"))
    raw, postgres = driver_connection(s), s.connection().dialect.name == "postgresql"
    roll = _roll_check.stored_roll(raw, postgres=postgres)
    assert roll is not None
    unknown = sorted(p for p in people if p <= 2)
    assert unknown
    assert roll.filter(pl.col("no_region"))["person"].sort().to_list() == unknown
    assert roll.filter(pl.col("no_region"))["region"].to_list() == [""] * len(unknown)
    s.execute(text("UPDATE current_membership SET region_code = NULL"))
    roll = _roll_check.stored_roll(raw, postgres=postgres)
    assert roll is not None
    assert roll["no_region"].all()
    assert roll.height == len(people)
    s.rollback()


def test_a_changed_count_row_is_named(world: Any) -> None:
    """A member count per party and region that differs from the roll is found."""
    _churn(world)
    s = world.session
    s.execute(text("UPDATE roll_count SET members = members + 1 WHERE members > 0"))
    s.commit()
    with pytest.raises(IntegrityError, match="member counts per party and region differ"):
        registry.verify_ledger(s)


def _row_hash(row: MembershipEventRow, prev: str, *, kind: str | None = None) -> str:
    """The hash majlis writes for ``row`` after ``prev`` (with its kind replaced by ``kind``)."""
    return registry.event_hash(prev_hash=prev, **{**hashed_fields(row), "kind": kind or row.kind})


def test_a_replay_contradiction_is_named(world: Any, engine: Engine) -> None:
    """An exit turned into an admission (hash and all) is caught; the replay names it."""
    _churn(world)
    world.session.close()
    # a forged ledger that hashes consistently: the first exit becomes a second admission
    with store.session_factory(engine)() as s:
        rows = s.query(MembershipEventRow).order_by(MembershipEventRow.seq).all()
        first_exit = next(r for r in rows if r.kind in ("left", "expelled"))
        prev = "0" * 64
        forged = []
        for row in rows:
            kind = "admitted" if row.seq == first_exit.seq else row.kind
            digest = _row_hash(row, prev, kind=kind)
            forged.append((row.seq, kind, digest))
            prev = digest
    with engine.begin() as connection:
        _lift_triggers(connection)
        postgres = connection.dialect.name == "postgresql"
        for seq, kind, digest in forged:
            value = bytes.fromhex(digest) if postgres else digest
            connection.execute(
                text("UPDATE membership_event SET kind = :k, hash = :h WHERE seq = :s"),
                {"k": kind, "h": value, "s": seq},
            )
        connection.execute(text("UPDATE ledger_head SET hash = :h"), {"h": prev})
        _restore_triggers(connection)
    with pytest.raises(IntegrityError, match=f"ledger event #{first_exit.seq} admits"):
        _verify(engine)


def test_sqlite_times_stored_in_another_form_go_to_the_exact_check(
    world: Any, engine: Engine
) -> None:
    """On SQLite, a time written with a T is the same time: the exact check vouches for it."""
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite stores times as text; PostgreSQL as timestamps")
    events = _churn(world)
    world.session.close()
    _tamper(engine, "UPDATE membership_event SET entered_at = replace(entered_at, ' ', 'T')")
    assert _verify(engine).events == events
    _tamper(engine, "UPDATE membership_event SET entered_at = '2001-01-01T00:00:00' WHERE seq = 9")
    with pytest.raises(IntegrityError, match=r"ledger event #9 \(.*does not match its hash"):
        _verify(engine)


def test_the_server_writes_each_event_s_canonical_bytes_as_python_does(
    world: Any, engine: Engine
) -> None:
    """On PostgreSQL the server's canonical text is ``canonical_event``'s, byte for byte.

    Over NULL texts (one NUL byte), backslashes, unit and record separators, newlines,
    non-ASCII text, a time in another zone, a time on a whole second and one a microsecond
    after it.
    """
    if engine.dialect.name != "postgresql":
        pytest.skip("the server builds the canonical text on PostgreSQL only")
    events = _churn(world)
    world.session.close()
    _tamper(
        engine,
        "UPDATE membership_event SET entered_at = '1999-12-31 23:59:59+05' WHERE seq = 4",
        "UPDATE membership_event SET entered_at = '2024-02-29 12:00:00.000001+00', "
        "reason = NULL, deciding_body = E'a\\\\b\\x1f\\x1e' WHERE seq = 5",
        "UPDATE membership_event SET reason = E'\\\\x1f \\x1f ünï 🗳\\n', "
        "entered_by = E'\\\\\\\\' WHERE seq = 6",
    )
    with engine.connect() as connection:
        connection.exec_driver_sql("SET DateStyle = 'ISO, YMD'")
        server = dict(
            connection.exec_driver_sql(
                f"SELECT e.seq, {_chain_pg.PAYLOAD} FROM membership_event e "
                "LEFT JOIN membership_event p ON p.seq = e.seq - 1"
            ).all()
        )
    with store.session_factory(engine)() as s:
        rows = s.query(MembershipEventRow).order_by(MembershipEventRow.seq).all()
    assert len(rows) == len(server) == events
    assert rows[4].reason is None
    assert rows[3].entered_at.microsecond == 0
    prev = "0" * 64
    for row in rows:
        mine = canonical_event(prev_hash=prev, **hashed_fields(row))
        assert bytes(server[row.seq]) == mine, row.seq
        prev = row.hash
    with pytest.raises(IntegrityError, match=r"ledger event #4 \(.*does not match its hash"):
        _verify(engine)


def test_sqlite_an_upper_case_hash_is_named(world: Any, engine: Engine) -> None:
    """An upper-case stored hash is the same digest as bytes, yet not the hex majlis wrote."""
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL keeps each hash as 32 bytes")
    _churn(world)
    world.session.close()
    _tamper(engine, "UPDATE membership_event SET hash = upper(hash) WHERE seq = 8")
    with pytest.raises(IntegrityError, match=r"ledger event #8 \(.*does not match its hash"):
        _verify(engine)


def test_sqlite_the_fast_pass_takes_every_batch_without_a_record_separator(
    world: Any, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite only a batch whose text holds U+001E is read event by event."""
    if engine.dialect.name != "sqlite":
        pytest.skip("the server checks every event on PostgreSQL")
    events = _churn(world)
    slow: list[int] = []
    event_by_event = _chain_scan._event_by_event

    def recorded(*args: Any, after: int, **kwargs: Any) -> Any:
        slow.append(after)
        return event_by_event(*args, after=after, **kwargs)

    monkeypatch.setattr(_chain_scan, "_event_by_event", recorded)
    assert registry.verify_ledger(world.session).events == events
    held = {
        (seq - 1) // 3 * 3
        for (seq,) in world.session.execute(
            text(
                "SELECT seq FROM membership_event WHERE instr(entered_by, char(30)) "
                "OR instr(reason, char(30)) OR instr(deciding_body, char(30))"
            )
        )
    }
    assert held
    assert sorted(held) == slow


def test_sqlite_a_founder_flag_of_another_type_goes_to_the_exact_check(
    world: Any, engine: Engine
) -> None:
    """On SQLite a flag 0 stored as the blob '0' reads as true to majlis: the event is named."""
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL keeps the flag as a boolean")
    _churn(world)
    seq = world.session.scalar(text("SELECT min(seq) FROM membership_event WHERE founder = 0"))
    world.session.close()
    _tamper(engine, f"UPDATE membership_event SET founder = X'30' WHERE seq = {seq}")
    with pytest.raises(IntegrityError, match=rf"ledger event #{seq} \(.*does not match its hash"):
        _verify(engine)


@pytest.mark.parametrize(
    ("stored", "pattern", "regex"),
    [
        (text, _chain_sqlite._DAY, r"^[1-9]\d{3}-\d{2}-\d{2}$")
        for text in [
            "2023-03-01",
            "1000-01-01",
            "9999-99-99",
            "0999-01-01",
            "2023/03/01",
            "2023-3-01x",
        ]
    ]
    + [
        (text, _chain_sqlite._TIME, r"^[1-9]\d{3}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$")
        for text in [
            "2023-03-01 12:00:00.000001",
            "2023-03-01T12:00:00.000001",
            "0999-03-01 12:00:00.000001",
            "2023-03-01 12:00:00,000001",
            "2023-03-01 12:00:0a.000001",
        ]
    ],
)
def test_sqlite_stored_forms_are_checked_byte_by_byte_as_their_pattern_says(
    stored: str, pattern: str, regex: str
) -> None:
    """The fast pass takes a date or time only in the form majlis writes (from the year 1000:
    Python writes earlier years' times unpadded), each byte checked against its place."""
    cells = _chain_sqlite.ascii_cells(stored * 3, len(pattern), 3)
    assert cells is not None
    assert _chain_sqlite._fits(cells, pattern) == bool(re.match(regex, stored))


def test_sqlite_a_batch_s_null_flags_are_right_whether_read_or_counted(
    world: Any, engine: Engine
) -> None:
    """Each nullable text's NULL flags, read for a batch with both, else known by its count."""
    if engine.dialect.name != "sqlite":
        pytest.skip("the batch of aggregates is SQLite's")
    _churn(world)
    cursor = driver_connection(world.session).cursor()
    stored = world.session.execute(
        text("SELECT reason IS NULL, deciding_body IS NULL FROM membership_event ORDER BY seq")
    ).all()
    after, mixed = 0, 0
    while (row := _chain_sqlite.read_batch(cursor, after, 3))[0]:
        reasons, bodies = zip(*stored[after : after + row[0]], strict=True)
        assert row[11] == "".join(str(n) for n in reasons)
        assert row[13] == "".join(str(n) for n in bodies)
        mixed += len(set(reasons)) > 1 or len(set(bodies)) > 1
        after += 3
    assert 0 < mixed < after // 3


def test_sqlite_a_fresh_session_reads_the_roll_on_a_twin_connection(
    world: Any, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beside the ledger's batches on the session's connection, not queued behind them."""
    if engine.dialect.name != "sqlite":
        pytest.skip("the server compares the roll on PostgreSQL")
    events = _churn(world)
    world.session.close()
    read_on: list[Any] = []
    stored_roll = _roll_check.stored_roll

    def recorded(raw: Any, *, postgres: bool) -> Any:
        read_on.append(raw)
        return stored_roll(raw, postgres=postgres)

    monkeypatch.setattr(_roll_check, "stored_roll", recorded)
    with store.session_factory(engine)() as fresh:
        assert registry.verify_ledger(fresh).events == events
        assert len(read_on) == 1
        assert read_on[0] is not driver_connection(fresh)
    read_on.clear()
    with store.session_factory(engine)() as busy:
        busy.execute(text("SELECT 1"))  # a transaction under way: its snapshot may be older
        assert registry.verify_ledger(busy).events == events
        assert read_on == [driver_connection(busy)]


@pytest.mark.parametrize("column", ["reason", "deciding_body", "entered_by"])
def test_sqlite_a_text_stored_as_a_blob_is_named(world: Any, engine: Engine, column: str) -> None:
    """On SQLite a text column's value rewritten as a blob of the same bytes is not majlis's
    record: the event is named, not passed on its bytes nor failed with a traceback."""
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's text columns hold no blob")
    _churn(world)
    seq = world.session.scalar(
        text(f"SELECT min(seq) FROM membership_event WHERE {column} IS NOT NULL AND seq > 3")
    )
    world.session.close()
    _tamper(
        engine, f"UPDATE membership_event SET {column} = CAST({column} AS BLOB) WHERE seq = {seq}"
    )
    with pytest.raises(IntegrityError, match=rf"ledger event #{seq} \("):
        _verify(engine)


def _rehashed(engine: Engine, *statements: str) -> None:
    """Run ``statements`` on the ledger, then store every event's hash (and the head's) anew,
    as majlis would have written them: a ledger that is sound with the edited values."""
    _tamper(engine, *statements)
    with store.session_factory(engine)() as s:
        prev, hashes = "0" * 64, []
        for row in s.query(MembershipEventRow).order_by(MembershipEventRow.seq):
            prev = _row_hash(row, prev)
            hashes.append((row.seq, prev))
    with engine.begin() as connection:
        _lift_triggers(connection)
        for seq, digest in hashes:
            connection.execute(
                text("UPDATE membership_event SET hash = :h WHERE seq = :s"),
                {"h": bytes.fromhex(digest), "s": seq},
            )
        connection.execute(text("UPDATE ledger_head SET hash = :h"), {"h": prev})
        _restore_triggers(connection)


def _exact_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The events that verify_ledger hands to the exact check, recorded as it runs."""
    checked: list[int] = []
    check_event = _verify_exact.check_event

    def recorded(session: Any, seq: int, position: int, prev_hash: str) -> None:
        checked.append(seq)
        check_event(session, seq, position, prev_hash)

    monkeypatch.setattr(registry.verify, "check_event", recorded)
    return checked


def test_postgresql_the_client_checks_every_range_without_a_separator(
    world: Any, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL only a range whose text holds U+001E or U+001F is checked by the server."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's batches are read by _chain_scan")
    events = _churn(world)
    sent: list[int] = []
    server_range = _pg_scan._server_range

    def recorded(connection: Any, after: int, last: int, prev: str) -> pl.DataFrame:
        sent.append(after)
        return server_range(connection, after, last, prev)

    monkeypatch.setattr(_pg_scan, "_server_range", recorded)
    checked = _exact_checks(monkeypatch)
    assert registry.verify_ledger(world.session).events == events
    texts = "concat(entered_by, reason, deciding_body)"
    held = {
        (seq - 1) // 3 * 3
        for (seq,) in world.session.execute(
            text(
                f"SELECT seq FROM membership_event WHERE strpos({texts}, chr(30)) > 0 "
                f"OR strpos({texts}, chr(31)) > 0"
            )
        )
    }
    assert held
    assert sorted(held) == sent
    assert len(sent) < events // 3
    assert checked == []


def test_postgresql_the_client_writes_times_and_texts_as_python_does(
    world: Any, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Times on a whole second, in another zone or a microsecond past one, NULL and empty
    texts, backslashes and newlines pass the client's pass as written; a time or a date
    before the year 1000 goes to the exact check, which vouches for it."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the client reads the server's text on PostgreSQL only")
    events = _churn(world)
    world.session.close()
    _rehashed(
        engine,
        "UPDATE membership_event SET entered_at = '1999-12-31 23:59:59+05' WHERE seq = 4",
        "UPDATE membership_event SET entered_at = '2024-02-29 12:00:00.000001+00', "
        "reason = NULL, deciding_body = E'a\\\\b' WHERE seq = 5",
        "UPDATE membership_event SET reason = E'\\\\x1f ünï 🗳\\n\\r', "
        "entered_by = E'\\\\\\\\' WHERE seq = 6",
        "UPDATE membership_event SET entered_by = '' WHERE seq = 7",
        "UPDATE membership_event SET entered_at = '0999-01-01 00:00:00+00' WHERE seq = 8",
        "UPDATE membership_event SET occurred_on = '0999-06-30' WHERE seq = 9",
    )
    checked = _exact_checks(monkeypatch)
    report = _verify(engine)
    assert report.events == events
    assert checked == [8, 9]


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        ("UPDATE membership_event SET reason = '' WHERE reason IS NULL AND seq > 3", None),
        ("UPDATE membership_event SET founder = NOT founder WHERE seq = 5", 5),
        (
            "UPDATE membership_event SET entered_at = entered_at + interval '1 microsecond' "
            "WHERE seq = 4",
            4,
        ),
        ("UPDATE membership_event SET occurred_on = occurred_on + 1 WHERE seq = 5", 5),
        ("UPDATE membership_event SET kind = 'left' WHERE seq = 4", 4),
        # a carriage return that ends a value, which Polars' reader would drop
        ("UPDATE membership_event SET entered_by = entered_by || E'\\r' WHERE seq = 5", 5),
        ("UPDATE membership_event SET reason = coalesce(reason, '') || E'\\r' WHERE seq = 4", 4),
        # values the packed columns do not hold as majlis writes them: checked elsewhere
        ("UPDATE membership_event SET hash = substring(hash from 1 for 31) WHERE seq = 5", 5),
        # a 31-byte and a 33-byte hash whose bytes, joined, are the two hashes as they were
        (
            "UPDATE membership_event e SET hash = CASE WHEN e.seq = 5 "
            "THEN substring(p.hash from 1 for 31) ELSE substring(p.hash from 32) || e.hash END "
            "FROM membership_event p WHERE p.seq = 5 AND e.seq IN (5, 6)",
            5,
        ),
        ("UPDATE membership_event SET hash = hash || '\\x00'::bytea WHERE seq = 5", 5),
        ("UPDATE membership_event SET occurred_on = 'infinity' WHERE seq = 5", 5),
        ("UPDATE membership_event SET entered_at = '-infinity' WHERE seq = 5", 5),
    ],
)
def test_postgresql_each_edited_cell_read_by_the_client_is_named(
    world: Any, engine: Engine, edit: str, named: int | None
) -> None:
    """An edit of any column in a range the client reads names its event."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the client reads the server's text on PostgreSQL only")
    _churn(world)
    world.session.close()
    with store.session_factory(engine)() as s:
        first = s.scalar(
            text("SELECT min(seq) FROM membership_event WHERE seq > 3 AND reason IS NULL")
        )
    _tamper(engine, edit)
    seq = first if named is None else named
    with pytest.raises(IntegrityError, match=rf"ledger event #{seq} \(.*does not match its hash"):
        _verify(engine)


def test_postgresql_a_roll_holding_a_separator_goes_to_the_exact_comparison(
    world: Any, engine: Engine
) -> None:
    """A region holding U+001E is compared by the exact checks, and still passes."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the client reads the server's text on PostgreSQL only")
    events = _churn(world)
    s = world.session
    s.execute(text("UPDATE current_membership SET region_code = 'KZ\x1e71'"))
    s.execute(text("DELETE FROM roll_count"))
    s.execute(
        text(
            "INSERT INTO roll_count (party_id, region_code, members) SELECT party_id, "
            "region_code, count(*) FROM current_membership GROUP BY 1, 2"
        )
    )
    s.commit()
    assert registry.verify_ledger(s).events == events
    s.execute(
        text(
            "UPDATE current_membership SET since = since + 1 WHERE person_id = ("
            "SELECT min(person_id) FROM current_membership)"
        )
    )
    s.commit()
    with pytest.raises(IntegrityError, match="current roll differs from the ledger"):
        registry.verify_ledger(s)


def test_postgresql_a_second_connection_reads_only_the_session_s_own_snapshot(
    world: Any, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ranges are shared with a second connection only while the session's transaction
    has written nothing; a change it has not committed is seen and named."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the second connection shares a PostgreSQL snapshot")
    events = _churn(world)
    connections: list[int] = []
    read = _pg_scan._read

    def recorded(cursors: list[Any], *args: Any) -> Any:
        connections.append(len(cursors))
        return read(cursors, *args)

    monkeypatch.setattr(_pg_scan, "_read", recorded)
    s = world.session
    assert registry.verify_ledger(s).events == events
    person = s.execute(text("SELECT min(person_id) FROM current_membership")).scalar_one()
    s.execute(
        text("UPDATE current_membership SET since = since + 1 WHERE person_id = :p"),
        {"p": person},
    )
    with pytest.raises(
        IntegrityError, match=f"current roll differs from the ledger for person {person}:"
    ):
        registry.verify_ledger(s)
    assert connections == [2, 1]
    s.rollback()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("party_id = party_id + 1", "current roll differs from the ledger for person"),
        ("since = since - 1", "current roll differs from the ledger for person"),
        ("event_seq = event_seq + 1", "current roll differs from the ledger for person"),
        ("region_code = NULL", "member counts per party and region differ"),
        ("region_code = region_code || 'x'", "member counts per party and region differ"),
    ],
)
def test_postgresql_each_edited_cell_of_the_roll_is_found(
    world: Any, engine: Engine, edit: str, message: str
) -> None:
    """An edit of any column of one member's row in the roll is found by the client's pass."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the client reads the server's text on PostgreSQL only")
    _churn(world)
    s = world.session
    person = s.execute(text("SELECT max(person_id) FROM current_membership")).scalar_one()
    s.execute(text(f"UPDATE current_membership SET {edit} WHERE person_id = :p"), {"p": person})
    s.commit()
    with pytest.raises(IntegrityError, match=message):
        registry.verify_ledger(s)


def test_postgresql_a_roll_date_no_python_date_holds_is_named(world: Any, engine: Engine) -> None:
    """An infinite date in the stored roll, which Python cannot load, names its person."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    _churn(world)
    s = world.session
    person = s.execute(text("SELECT max(person_id) FROM current_membership")).scalar_one()
    s.execute(
        text("UPDATE current_membership SET since = 'infinity' WHERE person_id = :p"), {"p": person}
    )
    s.commit()
    with pytest.raises(
        IntegrityError, match=f"roll differs from the ledger for person {person}: .*since=infinity"
    ):
        registry.verify_ledger(s)
