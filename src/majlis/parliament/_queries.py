"""Reading the chamber: convocations, mandates, the composition on a date, the history."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from majlis import elections, registry
from majlis.errors import NotFoundError
from majlis.notes import Note, note_from_params, note_params
from majlis.parliament._composition import (
    Composition,
    Mandate,
    Post,
    SeatKind,
    TerminationReason,
    composition_on,
)
from majlis.parliament._records import ChamberEvent, Convocation, MandateView
from majlis.store.parliament_rows import ConvocationRow, MandateRow, ParliamentEventRow, PostRow

__all__ = [
    "chamber_history",
    "composition",
    "convocation_row",
    "convocations",
    "find_convocation",
    "mandates",
    "record_event",
    "to_views",
]


def convocation_row(session: Session, slug: str) -> ConvocationRow:
    """Return the stored convocation ``slug``; an unknown slug names the known ones."""
    row = session.scalars(select(ConvocationRow).where(ConvocationRow.slug == slug)).one_or_none()
    if row is None:
        known = ", ".join(session.scalars(select(ConvocationRow.slug).order_by(ConvocationRow.id)))
        raise NotFoundError(
            f"No convocation '{slug}' (known: {known or 'none'}).",
            code="convocation.unknown",
            params={"convocation": slug, "known": known},
        )
    return row


def _convocation_on(session: Session, on: date) -> ConvocationRow:
    row = session.scalars(
        select(ConvocationRow)
        .where(
            ConvocationRow.opened_on <= on,
            or_(ConvocationRow.closed_on.is_(None), ConvocationRow.closed_on > on),
        )
        .order_by(ConvocationRow.opened_on.desc())
    ).first()
    if row is None:
        raise NotFoundError(
            f"No convocation sits on {on.isoformat()}.",
            code="convocation.none_on",
            params={"on": on},
        )
    return row


def find_convocation(
    session: Session, slug: str | None = None, *, on: date | None = None
) -> Convocation:
    """Return the convocation ``slug``, or the one sitting on ``on``."""
    if slug is not None:
        row = convocation_row(session, slug)
    elif on is not None:
        row = _convocation_on(session, on)
    else:
        raise NotFoundError("Name a convocation or a date.", code="convocation.unnamed")
    return _convocation(session, row)


def _convocation(session: Session, row: ConvocationRow) -> Convocation:
    election = (
        elections.get_election_by_id(session, row.election_id).slug if row.election_id else None
    )
    return Convocation(
        id=row.id,
        slug=row.slug,
        name=row.name,
        body=row.body,
        ruleset_id=row.ruleset_id,
        election_slug=election,
        opened_on=row.opened_on,
        closed_on=row.closed_on,
    )


def convocations(session: Session) -> tuple[Convocation, ...]:
    """Every stored convocation, the latest opened first."""
    rows = session.scalars(
        select(ConvocationRow).order_by(ConvocationRow.opened_on.desc(), ConvocationRow.id.desc())
    )
    return tuple(_convocation(session, row) for row in rows)


def record_event(
    session: Session,
    convocation: ConvocationRow,
    *,
    on: date,
    kind: str,
    detail: str,
    post: PostRow | None = None,
    mandate: MandateRow | None = None,
    ledger_seq: int | None = None,
) -> None:
    """Append one step to the chamber's history."""
    session.add(
        ParliamentEventRow(
            convocation_id=convocation.id,
            occurred_on=on,
            kind=kind,
            post_id=post.id if post else None,
            mandate_id=mandate.id if mandate else None,
            person_id=mandate.person_id if mandate else None,
            ledger_seq=ledger_seq,
            detail=detail,
            detail_key=detail.key if isinstance(detail, Note) else None,
            detail_params=note_params(detail) if isinstance(detail, Note) else None,
            entered_at=datetime.now(UTC),
        )
    )


def to_views(session: Session, rows: list[MandateRow]) -> tuple[MandateView, ...]:
    """Map mandate rows to views with post numbers, names and party names."""
    if not rows:
        return ()
    posts = {
        p.id: p
        for p in session.scalars(select(PostRow).where(PostRow.id.in_({r.post_id for r in rows})))
    }
    parties = {
        party_id: party.name
        for party_id, party in registry.parties_by_id(
            session, {r.party_id for r in rows if r.party_id is not None}
        ).items()
    }
    names = registry.person_names(session, {r.person_id for r in rows})
    return tuple(
        MandateView(
            id=r.id,
            post=posts[r.post_id].number,
            kind=SeatKind(posts[r.post_id].kind),
            group=posts[r.post_id].group_label,
            person_id=r.person_id,
            person_name=names.get(r.person_id, str(r.person_id)),
            party=parties.get(r.party_id) if r.party_id is not None else None,
            start=r.start,
            end=r.end,
            end_reason=TerminationReason(r.end_reason) if r.end_reason else None,
            predecessor_id=r.predecessor_id,
            ledger_seq=r.ledger_seq,
        )
        for r in rows
    )


def _mandate_rows(session: Session, convocation: ConvocationRow) -> list[MandateRow]:
    return list(
        session.scalars(
            select(MandateRow)
            .join(PostRow, PostRow.id == MandateRow.post_id)
            .where(PostRow.convocation_id == convocation.id)
            .order_by(PostRow.number, MandateRow.start, MandateRow.id)
        )
    )


def mandates(
    session: Session, *, convocation: str, on: date | None = None
) -> tuple[MandateView, ...]:
    """Return the convocation's mandates by post (all of them, or those in force on ``on``)."""
    crow = convocation_row(session, convocation)
    rows = _mandate_rows(session, crow)
    if on is not None:
        rows = [r for r in rows if r.start <= on and (r.end is None or on < r.end)]
    return to_views(session, rows)


def composition(session: Session, *, on: date, convocation: str | None = None) -> Composition:
    """Return the chamber's composition on ``on`` by group and seat kind, with vacancies."""
    crow = convocation_row(session, convocation) if convocation else _convocation_on(session, on)
    posts = session.scalars(select(PostRow).where(PostRow.convocation_id == crow.id)).all()
    views = to_views(session, _mandate_rows(session, crow))
    return composition_on(
        [Post(p.number, SeatKind(p.kind), p.group_label) for p in posts],
        [
            Mandate(
                person=str(v.person_id),
                post=v.post,
                start=v.start,
                party=v.party,
                end=v.end,
                end_reason=v.end_reason,
            )
            for v in views
        ],
        on,
    )


def chamber_history(session: Session, *, convocation: str) -> tuple[ChamberEvent, ...]:
    """Return the convocation's history in the order it happened."""
    crow = convocation_row(session, convocation)
    posts = dict(
        session.execute(
            select(PostRow.id, PostRow.number).where(PostRow.convocation_id == crow.id)
        ).all()
    )
    rows = session.scalars(
        select(ParliamentEventRow)
        .where(ParliamentEventRow.convocation_id == crow.id)
        .order_by(ParliamentEventRow.occurred_on, ParliamentEventRow.id)
    )
    return tuple(
        ChamberEvent(
            occurred_on=r.occurred_on,
            kind=r.kind,
            detail=note_from_params(r.detail_key, r.detail, r.detail_params or {})
            if r.detail_key
            else r.detail,
            post=posts.get(r.post_id) if r.post_id else None,
            ledger_seq=r.ledger_seq,
        )
        for r in rows
    )
