"""Memberships: joining, leaving, expulsion and dissolution as events of the append-only ledger.

Services flush but never commit: the caller owns the transaction. A refused application is
recorded (``applied`` then ``refused``) and returned as :class:`JoinOutcome` with the refusal,
so the caller commits the record and then reports the error
(:meth:`JoinOutcome.raise_for_refusal`).

One active party per person is enforced by the database: the current roll
(``current_membership``) has the person as its primary key, and is maintained in the same
transaction as the ledger; a concurrent second admission fails on that key and becomes
:class:`~majlis.errors.DuplicateMembership`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError as DbIntegrityError
from sqlalchemy.orm import Session

from majlis.errors import DuplicateMembership, IneligibleError, RuleViolation
from majlis.registry import _convert, _counts
from majlis.registry._lookup import party_row
from majlis.registry.intake import suspension_on
from majlis.registry.ledger import event_hash
from majlis.registry.model import ActiveMembership, EventKind, MembershipEvent, Person
from majlis.registry.people import person_row
from majlis.registry.rules import admission_refusal
from majlis.store.registry_rows import (
    CurrentMembershipRow,
    LedgerHeadRow,
    MembershipEventRow,
    PartyRow,
    PersonRow,
)

__all__ = [
    "EventDraft",
    "JoinOutcome",
    "active_membership",
    "append_events",
    "current_party",
    "end_all_memberships",
    "expel",
    "history",
    "join",
    "leave",
]


@dataclass(frozen=True, slots=True)
class EventDraft:
    """An event about to be appended (the ledger assigns seq and hashes)."""

    person_id: int
    party_id: int
    kind: EventKind
    occurred_on: date
    reason: str | None = None
    deciding_body: str | None = None
    founder: bool = False


@dataclass(frozen=True, slots=True)
class JoinOutcome:
    """The result of an application: the events recorded and, if refused, why."""

    events: tuple[MembershipEvent, ...]
    refusal: RuleViolation | None

    @property
    def admitted(self) -> bool:
        """Whether the person was admitted."""
        return self.refusal is None

    def raise_for_refusal(self) -> None:
        """Raise the refusal, if any (after the caller committed the record of it)."""
        if self.refusal is not None:
            raise self.refusal


def lock_head(session: Session) -> LedgerHeadRow:
    """Lock and return the ledger head (SELECT ... FOR UPDATE; SQLite locks on write)."""
    return session.scalars(
        select(LedgerHeadRow)
        .where(LedgerHeadRow.id == 1)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def append_events(
    session: Session, drafts: Sequence[EventDraft], *, entered_by: str
) -> list[MembershipEventRow]:
    """Append ``drafts`` to the ledger, chaining each to the previous hash; flush."""
    head = lock_head(session)
    entered_at = datetime.now(UTC)
    rows = []
    for draft in drafts:
        seq = head.seq + 1
        digest = event_hash(
            prev_hash=head.hash,
            seq=seq,
            person_id=draft.person_id,
            party_id=draft.party_id,
            kind=draft.kind.value,
            occurred_on=draft.occurred_on,
            reason=draft.reason,
            deciding_body=draft.deciding_body,
            founder=draft.founder,
            entered_by=entered_by,
            entered_at=entered_at,
        )
        row = MembershipEventRow(
            seq=seq,
            person_id=draft.person_id,
            party_id=draft.party_id,
            kind=draft.kind.value,
            occurred_on=draft.occurred_on,
            reason=draft.reason,
            deciding_body=draft.deciding_body,
            founder=draft.founder,
            entered_by=entered_by,
            entered_at=entered_at,
            hash=digest,
        )
        session.add(row)
        rows.append(row)
        head.seq, head.hash = seq, digest
    session.flush()
    return rows


def current_party(session: Session, person_id: int) -> PartyRow | None:
    """Return the party ``person_id`` is an active member of, or None."""
    return session.scalars(
        select(PartyRow)
        .join(CurrentMembershipRow, CurrentMembershipRow.party_id == PartyRow.id)
        .where(CurrentMembershipRow.person_id == person_id)
    ).one_or_none()


def _who(person: PersonRow) -> str:
    return f"{person.family_name} {person.given_name} ({person.national_id})"


def _duplicate(who: str, party: str | None, wanted: str) -> DuplicateMembership:
    where = f"party {party!r}" if party is not None else "another party (admitted concurrently)"
    return DuplicateMembership(
        f"{who} is already an active member of {where}; one active party per person, so the "
        f"admission to {wanted!r} is refused (the person must leave first)",
        code="membership.duplicate" if party is not None else "membership.duplicate_concurrent",
        params={"person": who, "party": party, "wanted": wanted},
    )


def join(
    session: Session,
    *,
    national_id: str,
    party: str,
    on: date,
    entered_by: str,
    founder: bool = False,
) -> JoinOutcome:
    """Apply for membership and decide at once: admit, or record the refusal.

    Raises:
        NotFoundError: unknown person or party.
        DuplicateMembership: the person is an active member of a party (also when a
            concurrent transaction admitted them first — enforced by the database).
    """
    person = person_row(session, national_id)
    party_row_ = party_row(session, party)
    refusal = admission_refusal(
        person=_convert.person(person),
        party=_convert.party(party_row_),
        suspension=suspension_on(session, party_row_.id, on),
        on=on,
    )
    applied = EventDraft(person.id, party_row_.id, EventKind.APPLIED, on, founder=founder)
    if refusal is not None:
        rows = append_events(
            session,
            [applied, EventDraft(person.id, party_row_.id, EventKind.REFUSED, on, str(refusal))],
            entered_by=entered_by,
        )
        return JoinOutcome(tuple(_convert.event(r) for r in rows), refusal)
    who, wanted = _who(person), party_row_.slug
    existing = current_party(session, person.id)
    if existing is not None:
        raise _duplicate(who, existing.slug, wanted)
    admitted = EventDraft(
        person.id,
        party_row_.id,
        EventKind.ADMITTED,
        on,
        "founder" if founder else None,
        founder=founder,
    )
    try:
        rows = append_events(session, [applied, admitted], entered_by=entered_by)
        session.add(
            CurrentMembershipRow(
                person_id=person.id,
                party_id=party_row_.id,
                region_code=person.region_code,
                since=on,
                event_seq=rows[-1].seq,
            )
        )
        session.flush()
        _counts.adjust(session, {(party_row_.id, person.region_code): 1})
    except DbIntegrityError as exc:
        if "current_membership" in str(exc.orig) or "pk_current_membership" in str(exc.orig):
            raise _duplicate(who, None, wanted) from None
        raise
    return JoinOutcome(tuple(_convert.event(r) for r in rows), None)


def _end(
    session: Session,
    *,
    national_id: str,
    party: str | None,
    kind: EventKind,
    on: date,
    reason: str | None,
    deciding_body: str | None,
    entered_by: str,
) -> MembershipEvent:
    person = person_row(session, national_id)
    current = current_party(session, person.id)
    if current is None or (party is not None and current.slug != party):
        where = f"party {party!r}" if party else "any party"
        raise IneligibleError(
            f"{person.family_name} {person.given_name} ({person.national_id}) is not an active "
            f"member of {where}",
            code="membership.not_member" if party else "membership.not_member_any",
            params={"person": _who(person), "party": party},
        )
    member = session.get(CurrentMembershipRow, person.id)
    if member is not None and on < member.since:
        raise RuleViolation(
            f"the membership cannot end on {on.isoformat()}, before it began "
            f"({member.since.isoformat()})",
            code="membership.end_before_start",
            params={"on": on, "since": member.since},
        )
    (row,) = append_events(
        session,
        [EventDraft(person.id, current.id, kind, on, reason, deciding_body)],
        entered_by=entered_by,
    )
    session.execute(delete(CurrentMembershipRow).where(CurrentMembershipRow.person_id == person.id))
    if member is not None:
        _counts.adjust(session, {(member.party_id, member.region_code): -1})
    session.flush()
    return _convert.event(row)


def leave(
    session: Session,
    *,
    national_id: str,
    on: date,
    entered_by: str,
    party: str | None = None,
    reason: str | None = None,
) -> MembershipEvent:
    """Record that a member left their party (of their own will)."""
    return _end(
        session,
        national_id=national_id,
        party=party,
        kind=EventKind.LEFT,
        on=on,
        reason=reason,
        deciding_body=None,
        entered_by=entered_by,
    )


def expel(
    session: Session,
    *,
    national_id: str,
    on: date,
    reason: str,
    deciding_body: str,
    entered_by: str,
    party: str | None = None,
) -> MembershipEvent:
    """Record an expulsion, with its reason and the body that decided it."""
    return _end(
        session,
        national_id=national_id,
        party=party,
        kind=EventKind.EXPELLED,
        on=on,
        reason=reason,
        deciding_body=deciding_body,
        entered_by=entered_by,
    )


def end_all_memberships(
    session: Session, *, party_id: int, on: date, reason: str, entered_by: str
) -> int:
    """End every active membership of a party by its dissolution; return how many."""
    members = session.scalars(
        select(CurrentMembershipRow.person_id)
        .where(CurrentMembershipRow.party_id == party_id)
        .order_by(CurrentMembershipRow.person_id)
    ).all()
    append_events(
        session,
        [EventDraft(pid, party_id, EventKind.DISSOLVED, on, reason) for pid in members],
        entered_by=entered_by,
    )
    session.execute(delete(CurrentMembershipRow).where(CurrentMembershipRow.party_id == party_id))
    _counts.clear(session, party_id)
    session.flush()
    return len(members)


def active_membership(
    session: Session, national_id: str
) -> tuple[Person, ActiveMembership | None, str | None]:
    """A person, their active membership (or None) and that party's slug."""
    person = person_row(session, national_id)
    member = session.get(CurrentMembershipRow, person.id)
    if member is None:
        return _convert.person(person), None, None
    slug = session.scalars(select(PartyRow.slug).where(PartyRow.id == member.party_id)).one()
    return (
        _convert.person(person),
        ActiveMembership(member.person_id, member.party_id, member.since, member.event_seq),
        slug,
    )


def history(session: Session, national_id: str) -> tuple[Person, tuple[MembershipEvent, ...]]:
    """Return a person and every ledger event about them, oldest first."""
    person = person_row(session, national_id)
    rows = session.scalars(
        select(MembershipEventRow)
        .where(MembershipEventRow.person_id == person.id)
        .order_by(MembershipEventRow.seq)
    ).all()
    return _convert.person(person), tuple(_convert.event(r) for r in rows)
