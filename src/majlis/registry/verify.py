"""Verifying the membership ledger: the hash chain, and the current roll against a replay.

On PostgreSQL the server reads the ledger, the roll and its counts in ranges, each as one
value, and the client hashes every event, replays the ledger and compares the roll and its
counts as Polars columns (:mod:`majlis.registry._pg_scan`); what it cannot read, the server
checks (:mod:`majlis.registry._chain_pg`). On SQLite one
pass reads the ledger in large batches and recomputes every event's hash
(:mod:`majlis.registry._chain_scan`); the replay and the comparison with the stored roll and
its counts are column operations (:mod:`majlis.registry._roll_check`), the stored roll read
beside the ledger on a second connection that reads the session's snapshot
(:func:`majlis.store.snapshot_twin`) when one can be vouched for. Whatever either
cannot vouch for goes to the exact checks of :mod:`majlis.registry._verify_exact`, which
raise the error naming the first bad event or person.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import partial
from typing import Any

import polars as pl
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from majlis.errors import IntegrityError
from majlis.registry import _chain_pg, _pg_scan, _roll_check
from majlis.registry._chain_scan import scan_chain
from majlis.registry._verify_exact import check_event, compare_counts, compare_roll, replayed_roll
from majlis.registry.model import ActiveMembership
from majlis.store import driver_connection, snapshot_twin, threads_may_share
from majlis.store.registry_rows import GENESIS_HASH, CurrentMembershipRow, LedgerHeadRow

__all__ = ["LedgerReport", "current_roll", "replayed_roll", "verify_ledger"]


@dataclass(frozen=True, slots=True)
class LedgerReport:
    """What verification found: events checked, the head hash and the roll size."""

    events: int
    head_hash: str
    active_members: int


def current_roll(session: Session) -> dict[int, ActiveMembership]:
    """The stored current roll as memberships keyed by person id (event seq included)."""
    stmt = select(
        CurrentMembershipRow.person_id,
        CurrentMembershipRow.party_id,
        CurrentMembershipRow.since,
        CurrentMembershipRow.event_seq,
    )
    return {
        person: ActiveMembership(person, party, since, seq)
        for person, party, since, seq in session.execute(stmt)
    }


def verify_ledger(
    session: Session, *, progress: Callable[[int], None] | None = None
) -> LedgerReport:
    """Recompute every event's hash in order and compare the stored roll with a replay.

    Each event's hash is recomputed over its stored content and the stored hash of the event
    before it, so an edited event fails its own check, and an edited event whose hash was
    recomputed too fails the next one's. The sequence numbers must run 1, 2, ... without a
    gap, the ledger head must hold the last event's number and hash, the stored roll must be
    what a replay of the ledger gives, and the counts per party and region those of the roll.
    ``progress`` is called with the number of events checked so far, after each batch.

    Raises:
        IntegrityError: naming the first event whose stored hash or sequence number
            is wrong, or the first person whose stored membership differs from the replay.
    """
    if session.get_bind().dialect.name == "postgresql":
        return _verify_on_server(session, progress)
    # the stored roll is read and parsed in another thread while the ledger is walked: the
    # database and Polars let go of the GIL, so the two overlap on a second core; on a
    # connection of its own that reads the session's snapshot when one can be vouched for
    # (one SQLite connection runs one statement at a time), else on the session's (SQLite
    # lets two threads use one connection when built serialized)
    twin = snapshot_twin(session)
    raw = driver_connection(session)
    shared = twin is None
    together = not shared or (threads_may_share(raw) and sqlite3.threadsafety == 3)
    pool = ThreadPoolExecutor(1, "majlis-roll") if together else None

    def read_roll() -> tuple[pl.DataFrame | None, bool]:
        """The stored roll, and whether the stored counts are its own (checked here too,
        beside the walk, rather than after it)."""
        reader = raw if twin is None else twin
        try:
            stored = _roll_check.stored_roll(reader, postgres=False)
            counted = _roll_check.stored_counts(reader)
            return stored, stored is not None and _roll_check.counts_agree(stored, counted)
        finally:
            if twin is not None:
                twin.close()

    roll = pool.submit(read_roll) if pool else None

    def judge(seq: int, position: int, prev_hash: str) -> None:
        if roll is not None and shared:
            wait([roll])  # the connection is the exact check's alone
        check_event(session, seq, position, prev_hash)

    try:
        scan = scan_chain(session, judge=judge, progress=progress)
    finally:
        if pool is not None:
            pool.shutdown()  # waits for the roll: nothing else uses the connection after
    count = scan.count
    head = _check_head(session, count, scan.last_hash)
    replayed = _roll_check.replay_frame(scan.events)
    del scan
    stored, counts_agree = roll.result() if roll else read_roll()
    if stored is None or replayed is None or not _roll_check.roll_agrees(stored, replayed):
        compare_roll(session)  # raises naming the person, unless only the text form differed
    if not counts_agree:
        compare_counts(session)
    active = (
        stored.height
        if stored is not None
        else session.scalar(select(func.count()).select_from(CurrentMembershipRow))
    )
    return LedgerReport(events=count, head_hash=head.hash, active_members=int(active or 0))


def _check_head(session: Session, count: int, last_hash: str) -> LedgerHeadRow:
    """The ledger head, which must hold the last event's number and stored hash."""
    head = session.get(LedgerHeadRow, 1)
    if head is None or head.seq != count or head.hash != last_hash:
        raise IntegrityError(
            f"the ledger head (seq {head.seq if head else '?'}) does not match the last event "
            f"(#{count}): events were removed or appended outside majlis",
            code="ledger.head_mismatch",
            params={"seq": head.seq if head else "?", "count": count},
        )
    return head


def _beside(session: Session) -> Callable[[], Any] | None:
    """Another connection of the session's engine, unless the session is in a savepoint (whose
    snapshot cannot be shared)."""
    if session.in_nested_transaction():
        return None
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    return engine.raw_connection


def _verify_on_server(session: Session, progress: Callable[[int], None] | None) -> LedgerReport:
    """:func:`verify_ledger` on PostgreSQL: the client hashes and replays what the server reads
    (see _pg_scan); what that cannot read, the server checks (see _chain_pg)."""
    raw = driver_connection(session)
    with _chain_pg.server_settings(raw, **_pg_scan.SETTINGS):
        # a smallest seq of 1 (the primary key's ends, read at once): the pass counts each
        # range's events, so it finds a gap, and the largest is the number of events
        first, last = _chain_pg.ends(raw)
        checked = None
        if first == 1 and last is not None:
            checked = _pg_scan.client_pass(raw, last, progress, beside=_beside(session))
        odd: list[tuple[int, str | None]] = []
        if checked is not None and last is not None:
            count, last_hash = last, checked.last_hash
            odd.extend(checked.odd)
        else:
            count, first, last = _chain_pg.sequence(raw)
            if count and (first != 1 or last != count):
                # out of sequence somewhere: the walk in batches names the first such event
                scan = scan_chain(session, judge=partial(check_event, session), progress=progress)
                count, last_hash = scan.count, scan.last_hash
            elif count:  # in sequence, but changed while the pass read it
                odd, last_hash = _chain_pg.chain_mismatches(raw, count)
            else:
                last_hash = GENESIS_HASH
        for seq, before in odd:
            check_event(session, seq, seq, before or GENESIS_HASH)
        if progress is not None:
            progress(count)
        head = _check_head(session, count, last_hash)
        if checked is None:
            roll_differs = _chain_pg.roll_differs(raw)
            counts_differ, active = _chain_pg.counts_differ(raw)
        else:
            roll_differs, counts_differ = not checked.roll_agrees, not checked.counts_agree
            active = checked.active
        if roll_differs:
            compare_roll(session)  # raises naming the person or the contradicting event
        if counts_differ:
            compare_counts(session)
    return LedgerReport(events=count, head_hash=head.hash, active_members=active)
