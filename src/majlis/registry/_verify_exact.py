"""The exact, row-by-row checks of the ledger, through the ORM: the reference for every message.

:func:`majlis.registry.verify_ledger` runs its fast pass first and comes here only for what
that pass could not vouch for, so an error reads the same whichever pass found it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.exc import DataError
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
    try:
        row = session.get(MembershipEventRow, seq, populate_existing=True)
    except DataError:  # a date or time no Python value holds (PostgreSQL's infinity): not hashed
        named = session.execute(
            select(MembershipEventRow.seq, *_NAMING).where(MembershipEventRow.seq == seq)
        ).one()
        if named.seq != position:
            raise _out_of_order(named, position) from None
        raise _edited(named) from None
    if row is None:  # pragma: no cover - the event was just read
        raise IntegrityError(f"ledger event #{seq} vanished during verification")
    if row.seq != position:
        raise _out_of_order(row, position)
    fields = hashed_fields(row)
    # a text stored as another type (a blob, on SQLite) is not what majlis wrote: no hash holds
    texts = (fields[name] for name in ("kind", "reason", "deciding_body", "entered_by"))
    if all(value is None or isinstance(value, str) for value in texts):
        digest: str | None = event_hash(prev_hash=prev_hash, **fields)
    else:
        digest = None
    if digest != row.hash:
        raise _edited(row)


#: the columns naming an event in a refusal, besides its seq
_NAMING = (
    MembershipEventRow.kind,
    MembershipEventRow.person_id,
    MembershipEventRow.party_id,
    MembershipEventRow.entered_by,
)


def _where(row: Any) -> str:
    return f"ledger event #{row.seq} ({row.kind}, person {row.person_id}, party {row.party_id})"


def _out_of_order(row: Any, position: int) -> IntegrityError:
    return IntegrityError(
        f"{_where(row)}: sequence number expected {position}",
        code="ledger.sequence",
        params={**_event(row), "expected": position},
    )


def _edited(row: Any) -> IntegrityError:
    return IntegrityError(
        f"{_where(row)}: stored content does not match its hash (the row was edited after "
        f"it was entered by {row.entered_by!r})",
        code="ledger.hash",
        params={**_event(row), "by": repr(row.entered_by)},
    )


def _event(row: Any) -> dict[str, object]:
    """The parameters naming a ledger event in a refusal."""
    return {"seq": row.seq, "kind": row.kind, "person": row.person_id, "party": row.party_id}


def compare_roll(session: Session) -> None:
    """Compare the stored roll with a replay of the ledger, person by person.

    Raises:
        IntegrityError: naming the first person whose stored membership differs.
    """
    replayed = replayed_roll(session)
    row = CurrentMembershipRow
    stmt = (
        select(row.person_id, row.party_id, row.since, row.event_seq)
        .order_by(row.person_id)
        .execution_options(yield_per=50_000)
    )
    try:
        with session.execute(stmt) as stored_rows:
            for person_id, party_id, since, seq in stored_rows:
                stored = ActiveMembership(person_id, party_id, since, seq)
                expected = replayed.pop(person_id, None)
                if expected != stored:
                    raise _roll_differs(person_id, str(stored), expected)
    except DataError:  # a date no Python value holds (PostgreSQL's infinity): not replayed
        person_id, party_id, day, seq = session.execute(
            select(row.person_id, row.party_id, cast(row.since, String), row.event_seq)
            .where(~row.since.between(date.min, date.max))
            .order_by(row.person_id)
            .limit(1)
        ).one()
        stored_text = (
            f"ActiveMembership(person_id={person_id}, party_id={party_id}, since={day}, "
            f"event_seq={seq})"
        )
        raise _roll_differs(person_id, stored_text, replayed.get(person_id)) from None
    if replayed:
        person_id = min(replayed)
        raise _roll_differs(person_id, "None", replayed[person_id])


def _roll_differs(person: int, stored: str, replayed: ActiveMembership | None) -> IntegrityError:
    return IntegrityError(
        f"the current roll differs from the ledger for person {person}: stored {stored}, "
        f"replayed {replayed}",
        code="ledger.roll_differs",
        params={"person": person, "stored": stored, "replayed": str(replayed)},
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
