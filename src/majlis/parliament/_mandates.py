"""Ending mandates and filling the vacancies they leave.

Source: Constitutional Law "On Elections" (Kazakhstan), art. 97-2: a list deputy who leaves or
is expelled from the party, or whose party ceases to exist, loses the mandate on the party's
notice by decision of the Central Election Commission; the seat passes to the next candidate of
the same list; Constitution art. 52 (resignation, death). The Assembly's deputies are replaced
by a by-election in the Assembly.

Known deviations: the statute sets time limits for the notice and the decision; majlis records
both dates but does not enforce the limits.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.elections import get_list, members_on, party_is_registered
from majlis.elections._lists import next_in_line
from majlis.errors import ConflictError, NotFoundError, RuleViolation
from majlis.parliament._composition import SeatKind, TerminationReason
from majlis.parliament._queries import convocation_row, record_event, to_views
from majlis.parliament._records import MandateView, TerminationOutcome
from majlis.store.elections_rows import ElectionRow, PartyListRow
from majlis.store.parliament_rows import ConvocationRow, MandateRow, PostRow
from majlis.store.registry_rows import MembershipEventRow, PartyRow, PersonRow

__all__ = [
    "dissolve_party_mandates",
    "fill_by_election",
    "terminate_mandate",
    "terminate_on_membership_event",
]

_LEDGER_REASONS = {
    "expelled": TerminationReason.EXPELLED,
    "left": TerminationReason.LEFT_PARTY,
    "dissolved": TerminationReason.PARTY_DISSOLVED,
}


def _active_mandates(
    session: Session, crow: ConvocationRow, *, on: date, person: int | None = None
) -> list[tuple[MandateRow, PostRow]]:
    query = (
        select(MandateRow, PostRow)
        .join(PostRow, PostRow.id == MandateRow.post_id)
        .where(
            PostRow.convocation_id == crow.id,
            MandateRow.start <= on,
            (MandateRow.end.is_(None)) | (MandateRow.end > on),
        )
    )
    if person is not None:
        query = query.where(MandateRow.person_id == person)
    return [(m, p) for m, p in session.execute(query.order_by(PostRow.number))]


def _person_label(session: Session, person: int) -> str:
    row = session.get(PersonRow, person)
    return f"{row.family_name} {row.given_name}" if row else f"person {person}"


def _fill_list_seat(
    session: Session, crow: ConvocationRow, post: PostRow, ended: MandateRow, on: date
) -> tuple[MandateRow | None, str | None]:
    lrow = session.get_one(PartyListRow, post.party_list_id)
    party = session.get_one(PartyRow, lrow.party_id)
    erow = session.get_one(ElectionRow, lrow.election_id)
    plist = get_list(session, election=erow.slug, party=party.slug)
    ever_seated = set(
        session.scalars(
            select(MandateRow.person_id)
            .join(PostRow, PostRow.id == MandateRow.post_id)
            .where(PostRow.convocation_id == crow.id, PostRow.party_list_id == lrow.id)
        )
    )
    members = (
        members_on(
            session, party_id=party.id, persons=[c.person_id for c in plist.candidates], on=on
        )
        if party_is_registered(party, on)
        else frozenset()
    )
    successor = next_in_line(plist.entries, excluded=ever_seated, eligible=members.__contains__)
    if successor is None:
        note = (
            f"post {post.number}: the list of {party.name} is exhausted (no standing candidate "
            "still a member); the seat stays empty until the next election"
        )
        record_event(session, crow, on=on, kind="seat-vacant", post=post, detail=note)
        return None, note
    mandate = MandateRow(
        post_id=post.id, person_id=successor, party_id=party.id, start=on, predecessor_id=ended.id
    )
    session.add(mandate)
    session.flush()
    rank = next(c.rank for c in plist.candidates if c.person_id == successor)
    record_event(
        session,
        crow,
        on=on,
        kind="succeeded",
        post=post,
        mandate=mandate,
        detail=f"post {post.number}: candidate no. {rank} of {party.name}, "
        f"{_person_label(session, successor)}, takes the seat of "
        f"{_person_label(session, ended.person_id)}",
    )
    return mandate, None


def terminate_mandate(
    session: Session,
    *,
    convocation: str,
    person: int,
    reason: TerminationReason,
    on: date,
    notice: str | None = None,
    ledger_seq: int | None = None,
) -> TerminationOutcome:
    """End the mandate ``person`` holds on ``on`` and fill or record the vacancy.

    A list seat goes to the next standing candidate of the same list who is still a member;
    an exhausted list leaves it empty until the next election; an appointed or district seat
    waits for a by-election.
    """
    crow = convocation_row(session, convocation)
    held = _active_mandates(session, crow, on=on, person=person)
    if not held:
        raise NotFoundError(
            f"{_person_label(session, person)} holds no mandate in {crow.name} on {on.isoformat()}."
        )
    mandate, post = held[0]
    if reason.ends_membership and post.kind != SeatKind.PARTY_LIST.value:
        raise RuleViolation(
            f"Post {post.number} is a {post.kind} seat: leaving a party ends only list mandates."
        )
    mandate.end = on
    mandate.end_reason = reason.value
    mandate.notice = notice
    mandate.ledger_seq = ledger_seq
    session.flush()
    record_event(
        session,
        crow,
        on=on,
        kind="terminated",
        post=post,
        mandate=mandate,
        ledger_seq=ledger_seq,
        detail=f"post {post.number}: mandate of {_person_label(session, person)} ended "
        f"({reason.value})" + (f"; {notice}" if notice else ""),
    )
    successor: MandateRow | None = None
    vacancy: str | None = None
    if post.kind == SeatKind.PARTY_LIST.value and post.party_list_id is not None:
        successor, vacancy = _fill_list_seat(session, crow, post, mandate, on)
    else:
        vacancy = f"post {post.number}: awaiting a by-election ({post.group_label or post.kind})"
        record_event(session, crow, on=on, kind="by-election-awaited", post=post, detail=vacancy)
    session.flush()
    ended_view = to_views(session, [mandate])[0]
    successor_view: MandateView | None = to_views(session, [successor])[0] if successor else None
    return TerminationOutcome(ended=ended_view, successor=successor_view, vacancy=vacancy)


def terminate_on_membership_event(
    session: Session,
    *,
    convocation: str,
    ledger_seq: int,
    notice_on: date,
    decided_on: date,
) -> TerminationOutcome:
    """The party notifies the commission of a ledger event; the commission ends the mandate.

    The ledger event (expelled, left, dissolved) and the mandate's end are linked both ways
    in the history: the mandate and each chamber event carry the ledger event's id.
    """
    crow = convocation_row(session, convocation)
    event = session.scalars(
        select(MembershipEventRow).where(MembershipEventRow.seq == ledger_seq)
    ).one_or_none()
    if event is None:
        raise NotFoundError(f"No membership ledger event #{ledger_seq} (ledger sequence number).")
    reason = _LEDGER_REASONS.get(event.kind)
    if reason is None:
        raise RuleViolation(
            f"Ledger event #{event.seq} is '{event.kind}': only expelled, left or dissolved "
            "end a list mandate."
        )
    if notice_on < event.occurred_on or decided_on < notice_on:
        raise ConflictError(
            f"The notice ({notice_on}) must follow the ledger event ({event.occurred_on}) and "
            f"precede the decision ({decided_on})."
        )
    party = session.get_one(PartyRow, event.party_id)
    held = _active_mandates(session, crow, on=decided_on, person=event.person_id)
    if not held or held[0][0].party_id != party.id:
        raise NotFoundError(
            f"{_person_label(session, event.person_id)} holds no list mandate of {party.name} "
            f"in {crow.name} on {decided_on.isoformat()}."
        )
    notice = (
        f"{party.name} notified the commission on {notice_on.isoformat()} of ledger event "
        f"#{event.seq} ({event.kind} on {event.occurred_on.isoformat()}"
        + (f": {event.reason}" if event.reason else "")
        + ")"
    )
    record_event(
        session,
        crow,
        on=notice_on,
        kind="party-notice",
        post=held[0][1],
        mandate=held[0][0],
        ledger_seq=event.seq,
        detail=notice,
    )
    return terminate_mandate(
        session,
        convocation=convocation,
        person=event.person_id,
        reason=reason,
        on=decided_on,
        notice=notice,
        ledger_seq=event.seq,
    )


def dissolve_party_mandates(
    session: Session, *, convocation: str, party: str, on: date
) -> tuple[TerminationOutcome, ...]:
    """End every list mandate of a dissolved party; its seats stay empty (the list is gone)."""
    crow = convocation_row(session, convocation)
    prow = session.scalars(select(PartyRow).where(PartyRow.slug == party)).one_or_none()
    if prow is None:
        raise NotFoundError(f"No party '{party}' in the registry.")
    if party_is_registered(prow, on):
        raise RuleViolation(f"{prow.name} is still registered on {on.isoformat()}.")
    outcomes = []
    for mandate, post in _active_mandates(session, crow, on=on):
        if post.kind == SeatKind.PARTY_LIST.value and mandate.party_id == prow.id:
            outcomes.append(
                terminate_mandate(
                    session,
                    convocation=convocation,
                    person=mandate.person_id,
                    reason=TerminationReason.PARTY_DISSOLVED,
                    on=on,
                    notice=f"{prow.name} ceased to exist on {prow.ended_on}",
                )
            )
    return tuple(outcomes)


def fill_by_election(
    session: Session, *, convocation: str, post: int, person: int, on: date, decided_by: str
) -> MandateView:
    """Seat the winner of a by-election on a vacant appointed or district post."""
    crow = convocation_row(session, convocation)
    prow = session.scalars(
        select(PostRow).where(PostRow.convocation_id == crow.id, PostRow.number == post)
    ).one_or_none()
    if prow is None:
        raise NotFoundError(f"{crow.name} has no post {post}.")
    if prow.kind == SeatKind.PARTY_LIST.value:
        raise RuleViolation(f"Post {post} is a party-list seat: it is filled from the list.")
    if any(p.id == prow.id for _, p in _active_mandates(session, crow, on=on)):
        raise ConflictError(f"Post {post} of {crow.name} is held on {on.isoformat()}.")
    previous = session.scalars(
        select(MandateRow).where(MandateRow.post_id == prow.id).order_by(MandateRow.start.desc())
    ).first()
    mandate = MandateRow(
        post_id=prow.id,
        person_id=person,
        start=on,
        predecessor_id=previous.id if previous else None,
    )
    session.add(mandate)
    session.flush()
    record_event(
        session,
        crow,
        on=on,
        kind="by-election",
        post=prow,
        mandate=mandate,
        detail=f"post {post}: {_person_label(session, person)} elected by {decided_by}",
    )
    session.flush()
    return to_views(session, [mandate])[0]
