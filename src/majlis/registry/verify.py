"""Verifying the membership ledger: the hash chain, and the current roll against a replay."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from majlis.errors import IntegrityError
from majlis.registry.ledger import event_hash, replay
from majlis.registry.model import ActiveMembership
from majlis.store.registry_rows import (
    GENESIS_HASH,
    CurrentMembershipRow,
    LedgerHeadRow,
    MembershipEventRow,
    RollCountRow,
)

__all__ = ["LedgerReport", "current_roll", "replayed_roll", "verify_ledger"]


@dataclass(frozen=True, slots=True)
class LedgerReport:
    """What verification found: events checked, the head hash and the roll size."""

    events: int
    head_hash: str
    active_members: int


def replayed_roll(session: Session) -> dict[int, ActiveMembership]:
    """Replay the whole ledger (seq order) into the roll, keyed by person id."""
    with session.execute(
        select(
            MembershipEventRow.seq,
            MembershipEventRow.person_id,
            MembershipEventRow.party_id,
            MembershipEventRow.kind,
            MembershipEventRow.occurred_on,
        )
        .order_by(MembershipEventRow.seq)
        .execution_options(yield_per=50_000)
    ) as rows:
        return replay(rows)


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


def _check(row: MembershipEventRow, count: int, prev_hash: str) -> str:
    """Check one event's place and hash in the chain after ``prev_hash``; return its hash."""
    where = f"ledger event #{row.seq} ({row.kind}, person {row.person_id}, party {row.party_id})"
    if row.seq != count:
        raise IntegrityError(f"{where}: sequence number expected {count}")
    digest = event_hash(
        prev_hash=prev_hash,
        seq=row.seq,
        person_id=row.person_id,
        party_id=row.party_id,
        kind=row.kind,
        occurred_on=row.occurred_on,
        reason=row.reason,
        deciding_body=row.deciding_body,
        founder=row.founder,
        entered_by=row.entered_by,
        entered_at=row.entered_at,
    )
    if digest != row.hash:
        raise IntegrityError(
            f"{where}: stored content does not match its hash (the row was edited after "
            f"it was entered by {row.entered_by!r})"
        )
    return row.hash


def verify_ledger(
    session: Session, *, progress: Callable[[int], None] | None = None
) -> LedgerReport:
    """Recompute every event's hash in order and compare the stored roll with a replay.

    Each event's hash is recomputed over its content and the stored hash of the event
    before it, so an edited event fails its own check, and an edited event whose hash was
    recomputed too fails the next one's.

    Raises:
        IntegrityError: naming the first event whose stored hash or sequence number
            is wrong, or the first person whose stored membership differs from the replay.
    """
    expected_prev = GENESIS_HASH
    count = 0
    with session.scalars(
        select(MembershipEventRow)
        .order_by(MembershipEventRow.seq)
        .execution_options(yield_per=20_000)
    ) as events:
        for row in events:
            expected_prev = _check(row, count := count + 1, expected_prev)
            if progress is not None and count % 10_000 == 0:
                progress(count)
    head = session.get(LedgerHeadRow, 1)
    if head is None or head.seq != count or head.hash != expected_prev:
        raise IntegrityError(
            f"the ledger head (seq {head.seq if head else '?'}) does not match the last event "
            f"(#{count}): events were removed or appended outside majlis"
        )
    replayed = replayed_roll(session)
    active = 0
    stmt = (
        select(
            CurrentMembershipRow.person_id,
            CurrentMembershipRow.party_id,
            CurrentMembershipRow.since,
            CurrentMembershipRow.event_seq,
        )
        .order_by(CurrentMembershipRow.person_id)
        .execution_options(yield_per=50_000)
    )
    with session.execute(stmt) as stored_rows:
        for person_id, party_id, since, seq in stored_rows:
            stored = ActiveMembership(person_id, party_id, since, seq)
            expected = replayed.pop(person_id, None)
            if expected != stored:
                raise IntegrityError(
                    f"the current roll differs from the ledger for person {person_id}: stored "
                    f"{stored}, replayed {expected}"
                )
            active += 1
    if replayed:
        person_id = min(replayed)
        raise IntegrityError(
            f"the current roll differs from the ledger for person {person_id}: stored None, "
            f"replayed {replayed[person_id]}"
        )
    counted = {
        (party, region): members
        for party, region, members in session.execute(
            select(RollCountRow.party_id, RollCountRow.region_code, RollCountRow.members).where(
                RollCountRow.members != 0
            )
        )
    }
    rolled = {
        (party, region or ""): int(members)
        for party, region, members in session.execute(
            select(
                CurrentMembershipRow.party_id, CurrentMembershipRow.region_code, func.count()
            ).group_by(CurrentMembershipRow.party_id, CurrentMembershipRow.region_code)
        )
    }
    if counted != rolled:
        wrong = sorted(set(counted.items()) ^ set(rolled.items()))[:3]
        raise IntegrityError(
            f"the member counts per party and region differ from the roll: {wrong}"
        )
    return LedgerReport(events=count, head_hash=expected_prev, active_members=active)
