"""The exact, row-by-row checks of the ledger, through the ORM: the reference for every message.

:func:`majlis.registry.verify_ledger` runs its fast pass first and comes here only for what
that pass could not vouch for, so an error reads the same whichever pass found it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from majlis.errors import IntegrityError
from majlis.registry.ledger import event_hash, replay
from majlis.registry.model import ActiveMembership
from majlis.store.registry_rows import CurrentMembershipRow, MembershipEventRow, RollCountRow

__all__ = ["check_event", "compare_counts", "compare_roll", "hashed_fields", "replayed_roll"]

#: an event's columns that its hash covers (after the hash of the event before it)
_HASHED = (
    *("seq", "person_id", "party_id", "kind", "occurred_on", "reason", "deciding_body"),
    *("founder", "entered_by", "entered_at"),
)


def hashed_fields(row: MembershipEventRow) -> dict[str, Any]:
    """The stored values of ``row`` that its hash covers, by :func:`event_hash`'s names."""
    return {name: getattr(row, name) for name in _HASHED}


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


def check_event(session: Session, seq: int, position: int, prev_hash: str) -> None:
    """Check event ``seq``, the ``position``-th in order, chained after ``prev_hash``.

    Raises:
        IntegrityError: its sequence number is not ``position``, or its stored content
            does not match its hash.
    """
    # read as stored: an object the session already holds may predate an edit of the row
    row = session.get(MembershipEventRow, seq, populate_existing=True)
    if row is None:  # pragma: no cover - the event was just read
        raise IntegrityError(f"ledger event #{seq} vanished during verification")
    where = f"ledger event #{row.seq} ({row.kind}, person {row.person_id}, party {row.party_id})"
    if row.seq != position:
        raise IntegrityError(
            f"{where}: sequence number expected {position}",
            code="ledger.sequence",
            params={**_event(row), "expected": position},
        )
    fields = hashed_fields(row)
    # a text stored as another type (a blob, on SQLite) is not what majlis wrote: no hash holds
    texts = (fields[name] for name in ("kind", "reason", "deciding_body", "entered_by"))
    if all(value is None or isinstance(value, str) for value in texts):
        digest: str | None = event_hash(prev_hash=prev_hash, **fields)
    else:
        digest = None
    if digest != row.hash:
        raise IntegrityError(
            f"{where}: stored content does not match its hash (the row was edited after "
            f"it was entered by {row.entered_by!r})",
            code="ledger.hash",
            params={**_event(row), "by": repr(row.entered_by)},
        )


def _event(row: MembershipEventRow) -> dict[str, object]:
    """The parameters naming a ledger event in a refusal."""
    return {"seq": row.seq, "kind": row.kind, "person": row.person_id, "party": row.party_id}


def compare_roll(session: Session) -> None:
    """Compare the stored roll with a replay of the ledger, person by person.

    Raises:
        IntegrityError: naming the first person whose stored membership differs.
    """
    replayed = replayed_roll(session)
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
                    f"{stored}, replayed {expected}",
                    code="ledger.roll_differs",
                    params={"person": person_id, "stored": str(stored), "replayed": str(expected)},
                )
    if replayed:
        person_id = min(replayed)
        raise IntegrityError(
            f"the current roll differs from the ledger for person {person_id}: stored None, "
            f"replayed {replayed[person_id]}",
            code="ledger.roll_differs",
            params={"person": person_id, "stored": "None", "replayed": str(replayed[person_id])},
        )


def compare_counts(session: Session) -> None:
    """Compare the stored member counts per party and region with the roll's.

    Raises:
        IntegrityError: listing up to three differing counts.
    """
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
            f"the member counts per party and region differ from the roll: {wrong}",
            code="ledger.counts_differ",
            params={"wrong": str(wrong)},
        )
