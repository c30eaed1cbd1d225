"""Ending mandates and filling the vacancies they leave.

Source: Constitutional Law "On Elections" (Kazakhstan), art. 97-2: a list deputy who leaves or
is expelled from the party, or whose party ceases to exist, loses the mandate on the party's
notice by decision of the Central Election Commission; the seat passes to the next candidate of
the same list; Constitution art. 52 (resignation, death). The Assembly's deputies are replaced
by a by-election in the Assembly.

A dissolved party's deputies lose their mandates with it (:func:`dissolve_party`); the
registry, below the parliament, knows nothing of mandates, so the liquidation that ends them
is this area's service.

Known deviations: the statute sets time limits for the notice and the decision; majlis records
both dates but does not enforce the limits.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis import elections, registry
from majlis.errors import ConflictError, NotFoundError, RuleViolation
from majlis.parliament._composition import SeatKind, TerminationReason
from majlis.parliament._history import history_note
from majlis.parliament._queries import convocation_row, record_event, to_views
from majlis.parliament._records import Dissolution, MandateView, TerminationOutcome
from majlis.store.parliament_rows import ConvocationRow, MandateRow, PostRow

__all__ = [
    "dissolve_party",
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
    return registry.person_names(session, [person]).get(person, f"person {person}")


def _fill_list_seat(
    session: Session,
    crow: ConvocationRow,
    post: PostRow,
    list_id: int,
    ended: MandateRow,
    on: date,
) -> tuple[MandateRow | None, str | None]:
    plist = elections.list_by_id(session, list_id)
    party = registry.get_party(session, plist.party_slug)
    ever_seated = set(
        session.scalars(
            select(MandateRow.person_id)
            .join(PostRow, PostRow.id == MandateRow.post_id)
            .where(PostRow.convocation_id == crow.id, PostRow.party_list_id == plist.id)
        )
    )
    members = (
        registry.members_on(
            session, party_id=party.id, persons=[c.person_id for c in plist.candidates], on=on
        )
        if party.is_registered(on)
        else frozenset()
    )
    successor = elections.next_in_line(
        plist.entries, excluded=ever_seated, eligible=members.__contains__
    )
    if successor is None:
        note = history_note("chamber.list_exhausted", post=post.number, party=party.name)
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
        detail=history_note(
            "chamber.succeeded",
            post=post.number,
            rank=rank,
            party=party.name,
            person=_person_label(session, successor),
            predecessor=_person_label(session, ended.person_id),
        ),
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
        who = _person_label(session, person)
        raise NotFoundError(
            f"{who} holds no mandate in {crow.name} on {on.isoformat()}.",
            code="mandate.none_held",
            params={"person": who, "convocation": crow.name, "on": on},
        )
    mandate, post = held[0]
    if reason.ends_membership and post.kind != SeatKind.PARTY_LIST.value:
        raise RuleViolation(
            f"Post {post.number} is a {post.kind} seat: leaving a party ends only list mandates.",
            code=f"mandate.not_list_post.{post.kind}",
            params={"post": post.number},
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
        detail=history_note(
            "chamber.terminated+notice" if notice else "chamber.terminated",
            post=post.number,
            person=_person_label(session, person),
            reason=reason.value,
            **({"notice": notice} if notice else {}),
        ),
    )
    successor: MandateRow | None = None
    vacancy: str | None = None
    if post.kind == SeatKind.PARTY_LIST.value and post.party_list_id is not None:
        successor, vacancy = _fill_list_seat(session, crow, post, post.party_list_id, mandate, on)
    else:
        vacancy = history_note(
            "chamber.by_election_awaited", post=post.number, group=post.group_label or post.kind
        )
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
    event = registry.ledger_event(session, ledger_seq)
    reason = _LEDGER_REASONS.get(event.kind)
    if reason is None:
        raise RuleViolation(
            f"Ledger event #{event.seq} is '{event.kind}': only expelled, left or dissolved "
            "end a list mandate.",
            code="mandate.ledger_kind",
            params={"seq": event.seq, "kind": event.kind},
        )
    if notice_on < event.occurred_on or decided_on < notice_on:
        raise ConflictError(
            f"The notice ({notice_on}) must follow the ledger event ({event.occurred_on}) and "
            f"precede the decision ({decided_on}).",
            code="mandate.notice_order",
            params={"notice": notice_on, "occurred": event.occurred_on, "decided": decided_on},
        )
    party = registry.parties_by_id(session, [event.party_id])[event.party_id]
    held = _active_mandates(session, crow, on=decided_on, person=event.person_id)
    if not held or held[0][0].party_id != party.id:
        who = _person_label(session, event.person_id)
        raise NotFoundError(
            f"{who} holds no list mandate of {party.name} "
            f"in {crow.name} on {decided_on.isoformat()}.",
            code="mandate.no_list_mandate",
            params={
                "person": who,
                "party": party.name,
                "convocation": crow.name,
                "on": decided_on,
            },
        )
    notice = history_note(
        "chamber.party_notice+reason" if event.reason else "chamber.party_notice",
        party=party.name,
        on=notice_on,
        seq=str(event.seq),
        event=str(event.kind),
        occurred=event.occurred_on,
        **({"reason": event.reason} if event.reason else {}),
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


def _convocations_of_party(session: Session, party_id: int, on: date) -> list[ConvocationRow]:
    """The convocations in which the party holds a list mandate on ``on``."""
    return list(
        session.scalars(
            select(ConvocationRow)
            .where(
                ConvocationRow.id.in_(
                    select(PostRow.convocation_id)
                    .join(MandateRow, MandateRow.post_id == PostRow.id)
                    .where(
                        PostRow.kind == SeatKind.PARTY_LIST.value,
                        MandateRow.party_id == party_id,
                        MandateRow.start <= on,
                        (MandateRow.end.is_(None)) | (MandateRow.end > on),
                    )
                )
            )
            .order_by(ConvocationRow.opened_on, ConvocationRow.id)
        )
    )


def dissolve_party_mandates(
    session: Session, *, party: str, on: date, convocation: str | None = None
) -> tuple[TerminationOutcome, ...]:
    """End every list mandate of a party that has ceased to exist; its seats stay empty.

    Args:
        party: the party's slug; it must no longer be registered on ``on`` (liquidated or
            reorganised by then).
        on: the day the mandates end.
        convocation: only this convocation's mandates (default: every convocation in which
            the party holds list mandates on ``on``).

    :func:`dissolve_party` calls this when it liquidates a party. Whether a reorganisation
    (a merger or a split) ends its deputies' mandates is for the commission to decide, so
    a reorganisation does not call it: the commission does, through this service.
    """
    found = registry.get_party(session, party)
    if found.is_registered(on):
        raise RuleViolation(
            f"{found.name} is still registered on {on.isoformat()}: only the mandates of a "
            "party that has ceased to exist (liquidated or reorganised) end by its dissolution.",
            code="mandate.party_registered",
            params={"party": found.name, "on": on},
        )
    rows = (
        [convocation_row(session, convocation)]
        if convocation is not None
        else _convocations_of_party(session, found.id, on)
    )
    ended = found.ended_on or on
    outcomes = []
    for crow in rows:
        for mandate, post in _active_mandates(session, crow, on=on):
            if post.kind == SeatKind.PARTY_LIST.value and mandate.party_id == found.id:
                outcomes.append(
                    terminate_mandate(
                        session,
                        convocation=crow.slug,
                        person=mandate.person_id,
                        reason=TerminationReason.PARTY_DISSOLVED,
                        on=on,
                        notice=history_note("chamber.party_ended", party=found.name, on=ended),
                    )
                )
    return tuple(outcomes)


def dissolve_party(
    session: Session,
    *,
    party: str,
    on: date,
    decided_by: str,
    entered_by: str,
    reason: str | None = None,
) -> Dissolution:
    """Liquidate a party and end its list deputies' mandates (DESIGN.md §3, art. 97-2).

    The registry ends every membership by dissolution (:func:`majlis.registry.liquidate_party`);
    then every list mandate the party holds on ``on``, in any convocation, ends for the reason
    ``party dissolved``, and its seat stays empty: the list is gone with its party.

    Known deviations: the mandates end on the day of the liquidation; the commission's own
    decision, which the statute requires, is not recorded as a separate date.

    Raises:
        NotFoundError: no party ``party``.
        RuleViolation: the party cannot be liquidated from where it stands (already
            liquidated or reorganised).
    """
    liquidated, memberships = registry.liquidate_party(
        session, party=party, on=on, decided_by=decided_by, entered_by=entered_by, reason=reason
    )
    return Dissolution(
        party=liquidated,
        memberships_ended=memberships,
        terminations=dissolve_party_mandates(session, party=party, on=on),
    )


def fill_by_election(
    session: Session, *, convocation: str, post: int, person: int, on: date, decided_by: str
) -> MandateView:
    """Seat the winner of a by-election on a vacant appointed or district post.

    Raises:
        NotFoundError: no such convocation, post or person.
        RuleViolation: a party-list post (filled from its list), or a day outside the
            convocation's term.
        ConflictError: the post is held on ``on`` or later, or the person already holds a
            mandate in the convocation on ``on``.
    """
    crow = convocation_row(session, convocation)
    prow = session.scalars(
        select(PostRow).where(PostRow.convocation_id == crow.id, PostRow.number == post)
    ).one_or_none()
    if prow is None:
        raise NotFoundError(
            f"{crow.name} has no post {post}.",
            code="convocation.no_post",
            params={"convocation": crow.name, "post": post},
        )
    if prow.kind == SeatKind.PARTY_LIST.value:
        raise RuleViolation(
            f"Post {post} is a party-list seat: it is filled from the list.",
            code="mandate.list_post",
            params={"post": post},
        )
    if on < crow.opened_on or (crow.closed_on is not None and on >= crow.closed_on):
        term = f"from {crow.opened_on.isoformat()}" + (
            f" to {crow.closed_on.isoformat()}" if crow.closed_on else ""
        )
        raise RuleViolation(
            f"{on.isoformat()} is outside the term of {crow.name} ({term}).",
            code="mandate.outside_term",
            params={
                "on": on,
                "convocation": crow.name,
                "start": crow.opened_on,
                "until": crow.closed_on,
            },
        )
    if person not in registry.person_names(session, [person]):
        raise NotFoundError(
            f"No person with id {person} in the registry.",
            code="person.unknown_id",
            params={"id": person},
        )
    mandates = session.scalars(
        select(MandateRow).where(MandateRow.post_id == prow.id).order_by(MandateRow.start)
    ).all()
    if any(m.end is None or m.end > on for m in mandates):
        raise ConflictError(
            f"Post {post} of {crow.name} is held on {on.isoformat()} or later.",
            code="mandate.post_held",
            params={"post": post, "convocation": crow.name, "on": on},
        )
    if _active_mandates(session, crow, on=on, person=person):
        who = _person_label(session, person)
        raise ConflictError(
            f"{who} already holds a mandate in {crow.name} on {on.isoformat()}.",
            code="mandate.held_already",
            params={"person": who, "convocation": crow.name, "on": on},
        )
    mandate = MandateRow(
        post_id=prow.id,
        person_id=person,
        start=on,
        predecessor_id=mandates[-1].id if mandates else None,
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
        detail=history_note(
            "chamber.by_election",
            post=post,
            person=_person_label(session, person),
            by=decided_by,
        ),
    )
    session.flush()
    return to_views(session, [mandate])[0]
