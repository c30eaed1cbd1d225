"""Reading and writing the elections area's rows: lookups, records, the campaign's history.

Parties and people are the registry's: their names and slugs are read through
:mod:`majlis.registry`, a few ids at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from majlis import registry
from majlis.elections._lists import CandidateStatus, ListStatus
from majlis.elections._records import Candidate, CandidateList, Election, ElectionEvent
from majlis.errors import NotFoundError
from majlis.store.elections_rows import (
    ElectionEventRow,
    ElectionRow,
    ListCandidateRow,
    PartyListRow,
)

__all__ = [
    "RegisteredList",
    "RegisteredLists",
    "election_history",
    "election_row",
    "get_election",
    "get_election_by_id",
    "get_list",
    "list_by_id",
    "list_elections",
    "list_row",
    "lists_of_party",
    "party_lists",
    "record_event",
    "registered_lists",
    "to_record",
]

_LAST = 10**9  # sorts a missing ballot position or registration order after every other


def _now() -> datetime:
    return datetime.now(UTC)


def election_row(session: Session, slug: str) -> ElectionRow:
    row = session.scalars(select(ElectionRow).where(ElectionRow.slug == slug)).one_or_none()
    if row is None:
        known = ", ".join(session.scalars(select(ElectionRow.slug).order_by(ElectionRow.slug)))
        raise NotFoundError(
            f"No election '{slug}' (known: {known or 'none'}).",
            code="election.unknown",
            params={"election": slug, "known": known},
        )
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


def get_election_by_id(session: Session, election_id: int) -> Election:
    """Return the election with the stored id ``election_id`` (a convocation keeps it)."""
    row = session.get(ElectionRow, election_id)
    if row is None:
        raise NotFoundError(f"No election with id {election_id}.")
    return Election.from_row(row)


def list_elections(
    session: Session, *, jurisdiction: str | None = None, limit: int | None = None, offset: int = 0
) -> tuple[list[Election], int]:
    """A page of elections (the newest polling day first) and how many match in all."""
    query = select(ElectionRow)
    if jurisdiction is not None:
        query = query.where(ElectionRow.jurisdiction == jurisdiction)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(ElectionRow.polling_day.desc(), ElectionRow.id).limit(limit).offset(offset)
    )
    return [Election.from_row(r) for r in rows], count


def list_row(session: Session, election: ElectionRow, party: registry.Party) -> PartyListRow:
    row = session.scalars(
        select(PartyListRow).where(
            PartyListRow.election_id == election.id, PartyListRow.party_id == party.id
        )
    ).one_or_none()
    if row is None:
        raise NotFoundError(
            f"{party.name} has no list in the election '{election.slug}'.",
            code="election.no_list",
            params={"party": party.name, "election": election.slug},
        )
    return row


def _records(
    session: Session, rows: Sequence[PartyListRow], slugs: dict[int, str]
) -> tuple[CandidateList, ...]:
    """The records of list rows (``slugs``: election slug by id), three queries in all."""
    if not rows:
        return ()
    parties = registry.parties_by_id(session, {r.party_id for r in rows})
    candidates: dict[int, list[ListCandidateRow]] = {r.id: [] for r in rows}
    for c in session.scalars(
        select(ListCandidateRow)
        .where(ListCandidateRow.party_list_id.in_(list(candidates)))
        .order_by(ListCandidateRow.party_list_id, ListCandidateRow.rank)
    ):
        candidates[c.party_list_id].append(c)
    names = registry.person_names(
        session, {c.person_id for cands in candidates.values() for c in cands}
    )

    def candidate(c: ListCandidateRow) -> Candidate:
        return Candidate(c.rank, c.person_id, names.get(c.person_id, ""), CandidateStatus(c.status))

    return tuple(
        CandidateList(
            id=row.id,
            election_slug=slugs[row.election_id],
            party_id=row.party_id,
            party_slug=parties[row.party_id].slug,
            party_name=parties[row.party_id].name,
            status=ListStatus(row.status),
            nominated_on=row.nominated_on,
            registration_order=row.registration_order,
            ballot_position=row.ballot_position,
            candidates=tuple(
                Candidate(
                    c.rank, c.person_id, names.get(c.person_id, ""), CandidateStatus(c.status)
                )
                for c in candidates[row.id]
            ),
        )
        for row in rows
    )


def to_record(session: Session, election: ElectionRow, row: PartyListRow) -> CandidateList:
    [record] = _records(session, [row], {election.id: election.slug})
    return record


def party_lists(
    session: Session, *, election: str, status: ListStatus | None = None
) -> tuple[CandidateList, ...]:
    """Return the election's lists in ballot order (then registration, then nomination)."""
    erow = election_row(session, election)
    query = select(PartyListRow).where(PartyListRow.election_id == erow.id)
    if status is not None:
        query = query.where(PartyListRow.status == status.value)
    rows = sorted(
        session.scalars(query),
        key=lambda r: (r.ballot_position or _LAST, r.registration_order or _LAST, r.id),
    )
    return _records(session, rows, {erow.id: erow.slug})


def get_list(session: Session, *, election: str, party: str) -> CandidateList:
    """Return one party's list in the election."""
    erow = election_row(session, election)
    return to_record(session, erow, list_row(session, erow, registry.get_party(session, party)))


def list_by_id(session: Session, list_id: int) -> CandidateList:
    """Return the list with the stored id ``list_id`` (a post of the chamber keeps it)."""
    row = session.get(PartyListRow, list_id)
    if row is None:
        raise NotFoundError(f"No party list with id {list_id}.")
    return to_record(session, session.get_one(ElectionRow, row.election_id), row)


def lists_of_party(session: Session, *, party: str) -> tuple[CandidateList, ...]:
    """Every list the party filed, in the order the elections were stored."""
    found = registry.get_party(session, party)
    pairs = session.execute(
        select(PartyListRow, ElectionRow.slug)
        .join(ElectionRow, ElectionRow.id == PartyListRow.election_id)
        .where(PartyListRow.party_id == found.id)
        .order_by(ElectionRow.id)
    ).all()
    return _records(
        session, [row for row, _ in pairs], {row.election_id: slug for row, slug in pairs}
    )


@dataclass(frozen=True, slots=True)
class RegisteredList:
    """A list on the ballot, as the count keys it: its party and its registration order."""

    party_id: int
    party_slug: str
    party_name: str
    registration_order: int


@dataclass(frozen=True, slots=True)
class RegisteredLists:
    """An election's ruleset and its registered lists in registration order (what the count
    accepts)."""

    election: str
    ruleset_id: str
    lists: tuple[RegisteredList, ...]


#: Built once: every protocol written asks for its election's lists through this.
_REGISTERED = (
    select(ElectionRow.ruleset_id, PartyListRow.party_id, PartyListRow.registration_order)
    .outerjoin(
        PartyListRow,
        (PartyListRow.election_id == ElectionRow.id)
        & (PartyListRow.status == ListStatus.REGISTERED.value),
    )
    .where(ElectionRow.slug == bindparam("slug"))
    .order_by(PartyListRow.registration_order, PartyListRow.id)
)


def registered_lists(session: Session, *, election: str) -> RegisteredLists:
    """The election's ruleset and its registered lists in registration order, without
    candidates.

    A withdrawn list, or a nominated one never registered, is not on the ballot. Two
    queries, whatever the number of lists: every protocol written asks for them.
    """
    rows = session.execute(_REGISTERED, {"slug": election}).all()
    if not rows:
        election_row(session, election)  # refused, naming the known elections
    listed = [(party_id, order) for _, party_id, order in rows if party_id is not None]
    parties = registry.parties_by_id(session, {party_id for party_id, _ in listed})
    return RegisteredLists(
        election=election,
        ruleset_id=rows[0][0],
        lists=tuple(
            RegisteredList(
                party_id=party_id,
                party_slug=parties[party_id].slug,
                party_name=parties[party_id].name,
                registration_order=int(order or 0),
            )
            for party_id, order in listed
        ),
    )


def election_history(session: Session, *, election: str) -> tuple[ElectionEvent, ...]:
    """Return the campaign's history in the order it happened."""
    erow = election_row(session, election)
    rows = session.scalars(
        select(ElectionEventRow)
        .where(ElectionEventRow.election_id == erow.id)
        .order_by(ElectionEventRow.occurred_on, ElectionEventRow.id)
    )
    return tuple(ElectionEvent(r.occurred_on, r.kind, r.detail) for r in rows)
