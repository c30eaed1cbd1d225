"""Reading and writing the elections area's rows: lookups, records, the campaign's history."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.elections._lists import CandidateStatus, ListStatus
from majlis.elections._records import Candidate, CandidateList, Election, ElectionEvent
from majlis.elections._registry_view import find_party, person_names
from majlis.errors import NotFoundError
from majlis.store.elections_rows import (
    ElectionEventRow,
    ElectionRow,
    ListCandidateRow,
    PartyListRow,
)
from majlis.store.registry_rows import PartyRow

__all__ = [
    "election_history",
    "election_row",
    "get_election",
    "get_list",
    "list_row",
    "party_lists",
    "record_event",
    "to_record",
]


def _now() -> datetime:
    return datetime.now(UTC)


def election_row(session: Session, slug: str) -> ElectionRow:
    row = session.scalars(select(ElectionRow).where(ElectionRow.slug == slug)).one_or_none()
    if row is None:
        known = ", ".join(session.scalars(select(ElectionRow.slug).order_by(ElectionRow.slug)))
        raise NotFoundError(f"No election '{slug}' (known: {known or 'none'}).")
    return row


def record_event(
    session: Session,
    election: ElectionRow,
    *,
    on: date,
    kind: str,
    detail: str,
    party_id: int | None = None,
    party_list_id: int | None = None,
    person_id: int | None = None,
) -> None:
    session.add(
        ElectionEventRow(
            election_id=election.id,
            occurred_on=on,
            kind=kind,
            party_id=party_id,
            party_list_id=party_list_id,
            person_id=person_id,
            detail=detail,
            entered_at=_now(),
        )
    )


def get_election(session: Session, slug: str) -> Election:
    """Return the election ``slug``; an unknown slug names the known ones."""
    return Election.from_row(election_row(session, slug))


def list_row(session: Session, election: ElectionRow, party: PartyRow) -> PartyListRow:
    row = session.scalars(
        select(PartyListRow).where(
            PartyListRow.election_id == election.id, PartyListRow.party_id == party.id
        )
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"{party.name} has no list in the election '{election.slug}'.")
    return row


def to_record(session: Session, election: ElectionRow, row: PartyListRow) -> CandidateList:
    party = session.get_one(PartyRow, row.party_id)
    cands = session.scalars(
        select(ListCandidateRow)
        .where(ListCandidateRow.party_list_id == row.id)
        .order_by(ListCandidateRow.rank)
    ).all()
    names = person_names(session, [c.person_id for c in cands])
    return CandidateList(
        id=row.id,
        election_slug=election.slug,
        party_id=party.id,
        party_slug=party.slug,
        party_name=party.name,
        status=ListStatus(row.status),
        nominated_on=row.nominated_on,
        registration_order=row.registration_order,
        ballot_position=row.ballot_position,
        candidates=tuple(
            Candidate(c.rank, c.person_id, names.get(c.person_id, ""), CandidateStatus(c.status))
            for c in cands
        ),
    )


def party_lists(
    session: Session, *, election: str, status: ListStatus | None = None
) -> tuple[CandidateList, ...]:
    """Return the election's lists in ballot order (then registration, then nomination)."""
    erow = election_row(session, election)
    query = select(PartyListRow).where(PartyListRow.election_id == erow.id)
    if status is not None:
        query = query.where(PartyListRow.status == status.value)
    rows = session.scalars(query).all()
    big = 10**9
    rows = sorted(rows, key=lambda r: (r.ballot_position or big, r.registration_order or big, r.id))
    return tuple(to_record(session, erow, r) for r in rows)


def get_list(session: Session, *, election: str, party: str) -> CandidateList:
    """Return one party's list in the election."""
    erow = election_row(session, election)
    return to_record(session, erow, list_row(session, erow, find_party(session, party)))


def election_history(session: Session, *, election: str) -> tuple[ElectionEvent, ...]:
    """Return the campaign's history in the order it happened."""
    erow = election_row(session, election)
    rows = session.scalars(
        select(ElectionEventRow)
        .where(ElectionEventRow.election_id == erow.id)
        .order_by(ElectionEventRow.occurred_on, ElectionEventRow.id)
    )
    return tuple(ElectionEvent(r.occurred_on, r.kind, r.detail) for r in rows)
