"""Election services: create an election, nominate and register lists, withdrawals, the ballot.

Every service takes a session, checks the rules (:mod:`._lists`, :mod:`._calendar`), writes
rows and a history event, and flushes; the caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from majlis.elections._calendar import Deadline, ElectionCalendar
from majlis.elections._lists import (
    CandidateStatus,
    ListMode,
    ListStatus,
    check_nomination,
    draw_ballot_order,
)
from majlis.elections._records import Candidate, Election, ElectionEvent, PartyList
from majlis.elections._registry_view import (
    find_party,
    members_on,
    party_is_registered,
    person_names,
)
from majlis.elections._rules_in_force import list_rules
from majlis.errors import ConflictError, NotFoundError, RuleViolation, VotesError
from majlis.law import PartyList as LawPartyList
from majlis.registry import nomination_refusal
from majlis.store.elections_rows import (
    ElectionEventRow,
    ElectionRow,
    ListCandidateRow,
    PartyListRow,
)
from majlis.store.registry_rows import PartyRow

__all__ = [
    "allocation_input",
    "create_election",
    "declare_boycott",
    "draw_ballot",
    "election_history",
    "get_election",
    "get_list",
    "nominate_list",
    "party_lists",
    "record_refusal",
    "register_list",
    "revoke_candidate",
    "withdraw_candidate",
    "withdraw_list",
]


def _now() -> datetime:
    return datetime.now(UTC)


def _election_row(session: Session, slug: str) -> ElectionRow:
    row = session.scalars(select(ElectionRow).where(ElectionRow.slug == slug)).one_or_none()
    if row is None:
        known = ", ".join(session.scalars(select(ElectionRow.slug).order_by(ElectionRow.slug)))
        raise NotFoundError(f"No election '{slug}' (known: {known or 'none'}).")
    return row


def _event(
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


def create_election(
    session: Session,
    *,
    slug: str,
    name: str,
    calendar: ElectionCalendar,
    ruleset: str = "kz-majlis",
    jurisdiction: str = "KZ",
    body: str = "Majlis",
    list_mode: ListMode | None = None,
) -> Election:
    """Create an election under the ruleset in force on polling day; refuse a duplicate slug.

    The list mode defaults to the ruleset's; give it to model an edition that differs.
    """
    if session.scalars(select(ElectionRow.id).where(ElectionRow.slug == slug)).first():
        raise ConflictError(f"An election '{slug}' already exists.")
    rules = list_rules(ruleset, on=calendar.polling_day)
    row = ElectionRow(
        slug=slug,
        name=name,
        jurisdiction=jurisdiction,
        body=body,
        ruleset_id=rules.ruleset_id,
        list_seats=rules.list_seats,
        max_list_length=rules.max_list_length,
        list_mode=(list_mode or rules.list_mode).value,
        called_on=calendar.called_on,
        nomination_deadline=calendar.nomination_deadline,
        registration_deadline=calendar.registration_deadline,
        candidate_withdrawal_deadline=calendar.candidate_withdrawal_deadline,
        list_withdrawal_deadline=calendar.list_withdrawal_deadline,
        polling_day=calendar.polling_day,
        created_at=_now(),
    )
    session.add(row)
    session.flush()
    _event(session, row, on=calendar.called_on, kind="called", detail=f"{name} called")
    session.flush()
    return Election.from_row(row)


def get_election(session: Session, slug: str) -> Election:
    """Return the election ``slug``; an unknown slug names the known ones."""
    return Election.from_row(_election_row(session, slug))


def _list_row(session: Session, election: ElectionRow, party: PartyRow) -> PartyListRow:
    row = session.scalars(
        select(PartyListRow).where(
            PartyListRow.election_id == election.id, PartyListRow.party_id == party.id
        )
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"{party.name} has no list in the election '{election.slug}'.")
    return row


def _to_record(session: Session, election: ElectionRow, row: PartyListRow) -> PartyList:
    party = session.get_one(PartyRow, row.party_id)
    cands = session.scalars(
        select(ListCandidateRow)
        .where(ListCandidateRow.party_list_id == row.id)
        .order_by(ListCandidateRow.rank)
    ).all()
    names = person_names(session, [c.person_id for c in cands])
    return PartyList(
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


def nominate_list(
    session: Session, *, election: str, party: str, candidates: Sequence[int], on: date
) -> PartyList:
    """Record a party's ranked list, nominated by its congress on ``on``.

    Raises:
        DeadlinePassed: after the nomination deadline.
        IneligibleError: the party may not nominate (a movement, not registered, suspended or
            liquidated on ``on``), or a candidate is not a member of the party on ``on``.
        RuleViolation: the list is empty or too long.
        ConflictError: the party already has a list in this election.
    """
    erow = _election_row(session, election)
    prow = find_party(session, party)
    cal = Election.from_row(erow).calendar
    cal.require_open(Deadline.NOMINATION, on=on, action=f"nominate the list of {prow.name}")
    refusal = nomination_refusal(session, party=party, on=on)
    if refusal is not None:
        raise refusal
    check_nomination(
        party=prow.name,
        party_registered=party_is_registered(prow, on),
        candidates=candidates,
        members=members_on(session, party_id=prow.id, persons=candidates, on=on),
        nomination_date=on,
        max_length=erow.max_list_length,
    )
    existing = session.scalars(
        select(PartyListRow.id).where(
            PartyListRow.election_id == erow.id, PartyListRow.party_id == prow.id
        )
    ).first()
    if existing is not None:
        raise ConflictError(f"{prow.name} already has a list in the election '{erow.slug}'.")
    lrow = PartyListRow(
        election_id=erow.id, party_id=prow.id, status=ListStatus.NOMINATED.value, nominated_on=on
    )
    session.add(lrow)
    session.flush()
    session.add_all(
        ListCandidateRow(
            party_list_id=lrow.id,
            rank=rank,
            person_id=person,
            status=CandidateStatus.STANDING.value,
        )
        for rank, person in enumerate(candidates, start=1)
    )
    _event(
        session,
        erow,
        on=on,
        kind="list-nominated",
        party_id=prow.id,
        party_list_id=lrow.id,
        detail=f"{prow.name} nominated a list of {len(candidates)} candidates",
    )
    session.flush()
    return _to_record(session, erow, lrow)


def register_list(session: Session, *, election: str, party: str, on: date) -> PartyList:
    """Register a nominated list (the commission's decision); the order decides ties."""
    erow = _election_row(session, election)
    prow = find_party(session, party)
    cal = Election.from_row(erow).calendar
    cal.require_open(Deadline.REGISTRATION, on=on, action=f"register the list of {prow.name}")
    lrow = _list_row(session, erow, prow)
    if lrow.status != ListStatus.NOMINATED.value:
        raise ConflictError(f"The list of {prow.name} is {lrow.status}, not nominated.")
    order = session.scalar(
        select(func.count()).where(
            PartyListRow.election_id == erow.id, PartyListRow.registration_order.is_not(None)
        )
    )
    lrow.status = ListStatus.REGISTERED.value
    lrow.registered_on = on
    lrow.registration_order = int(order or 0) + 1
    _event(
        session,
        erow,
        on=on,
        kind="list-registered",
        party_id=prow.id,
        party_list_id=lrow.id,
        detail=f"list of {prow.name} registered (no. {lrow.registration_order})",
    )
    session.flush()
    return _to_record(session, erow, lrow)


def _change_candidate(
    session: Session,
    *,
    election: str,
    party: str,
    person: int,
    on: date,
    status: CandidateStatus,
    statement: str,
) -> PartyList:
    erow = _election_row(session, election)
    prow = find_party(session, party)
    verb = "withdraw" if status is CandidateStatus.WITHDRAWN else "revoke"
    Election.from_row(erow).calendar.require_open(
        Deadline.CANDIDATE_WITHDRAWAL,
        on=on,
        action=f"{verb} candidate {person} of the list of {prow.name}",
    )
    lrow = _list_row(session, erow, prow)
    crow = session.scalars(
        select(ListCandidateRow).where(
            ListCandidateRow.party_list_id == lrow.id, ListCandidateRow.person_id == person
        )
    ).one_or_none()
    if crow is None:
        raise NotFoundError(f"Person {person} is not on the list of {prow.name}.")
    if crow.status != CandidateStatus.STANDING.value:
        raise ConflictError(f"Candidate {person} of {prow.name} is already {crow.status}.")
    crow.status = status.value
    crow.status_on = on
    crow.statement = statement
    _event(
        session,
        erow,
        on=on,
        kind=f"candidate-{status.value}",
        party_id=prow.id,
        party_list_id=lrow.id,
        person_id=person,
        detail=f"candidate no. {crow.rank} of {prow.name} {status.value}: {statement}",
    )
    session.flush()
    return _to_record(session, erow, lrow)


def withdraw_candidate(
    session: Session, *, election: str, party: str, person: int, on: date, statement: str
) -> PartyList:
    """A candidate withdraws by a written statement, before the withdrawal deadline."""
    return _change_candidate(
        session,
        election=election,
        party=party,
        person=person,
        on=on,
        status=CandidateStatus.WITHDRAWN,
        statement=statement,
    )


def revoke_candidate(
    session: Session, *, election: str, party: str, person: int, on: date, decision: str
) -> PartyList:
    """The nominating party revokes one of its candidates, before the withdrawal deadline."""
    return _change_candidate(
        session,
        election=election,
        party=party,
        person=person,
        on=on,
        status=CandidateStatus.REVOKED,
        statement=decision,
    )


def withdraw_list(
    session: Session, *, election: str, party: str, on: date, reason: str
) -> PartyList:
    """The party withdraws its whole list before the deadline (a boycott)."""
    erow = _election_row(session, election)
    prow = find_party(session, party)
    Election.from_row(erow).calendar.require_open(
        Deadline.LIST_WITHDRAWAL, on=on, action=f"withdraw the list of {prow.name}"
    )
    lrow = _list_row(session, erow, prow)
    if lrow.status == ListStatus.WITHDRAWN.value:
        raise ConflictError(f"The list of {prow.name} was already withdrawn.")
    lrow.status = ListStatus.WITHDRAWN.value
    lrow.withdrawn_on = on
    lrow.withdrawal_reason = reason
    lrow.ballot_position = None
    _event(
        session,
        erow,
        on=on,
        kind="list-withdrawn",
        party_id=prow.id,
        party_list_id=lrow.id,
        detail=f"{prow.name} withdrew its list: {reason}",
    )
    session.flush()
    return _to_record(session, erow, lrow)


def declare_boycott(
    session: Session, *, election: str, party: str, on: date, statement: str
) -> ElectionEvent:
    """Record that a party boycotts the election and will register no list."""
    erow = _election_row(session, election)
    prow = find_party(session, party)
    if not party_is_registered(prow, on):
        raise RuleViolation(f"{prow.name} is not a registered party on {on.isoformat()}.")
    has_list = session.scalars(
        select(PartyListRow.status).where(
            PartyListRow.election_id == erow.id, PartyListRow.party_id == prow.id
        )
    ).first()
    if has_list is not None and has_list != ListStatus.WITHDRAWN.value:
        raise ConflictError(f"{prow.name} has a {has_list} list: withdraw it to boycott.")
    detail = f"{prow.name} boycotts the election: {statement}"
    _event(session, erow, on=on, kind="boycott", party_id=prow.id, detail=detail)
    session.flush()
    return ElectionEvent(on, "boycott", detail)


def draw_ballot(session: Session, *, election: str, seed: int, on: date) -> tuple[PartyList, ...]:
    """Draw the ballot order of the registered lists by lot, with a recorded seed."""
    erow = _election_row(session, election)
    if erow.ballot_seed is not None:
        raise ConflictError(
            f"The ballot of '{erow.slug}' was already drawn on {erow.ballot_drawn_on} "
            f"(seed {erow.ballot_seed})."
        )
    rows = {
        r.party_id: r
        for r in session.scalars(
            select(PartyListRow).where(
                PartyListRow.election_id == erow.id,
                PartyListRow.status == ListStatus.REGISTERED.value,
            )
        )
    }
    if not rows:
        raise RuleViolation(f"The election '{erow.slug}' has no registered list to draw.")
    slug_of = dict(
        session.execute(select(PartyRow.id, PartyRow.slug).where(PartyRow.id.in_(list(rows)))).all()
    )
    order = draw_ballot_order([slug_of[p] for p in rows], seed=seed)
    party_of = {slug: pid for pid, slug in slug_of.items()}
    for position, slug in enumerate(order, start=1):
        rows[party_of[slug]].ballot_position = position
    erow.ballot_seed = seed
    erow.ballot_drawn_on = on
    _event(
        session,
        erow,
        on=on,
        kind="ballot-drawn",
        detail=f"ballot order drawn by lot with seed {seed}: " + ", ".join(order),
    )
    session.flush()
    return party_lists(session, election=election)


def party_lists(
    session: Session, *, election: str, status: ListStatus | None = None
) -> tuple[PartyList, ...]:
    """Return the election's lists in ballot order (then registration, then nomination)."""
    erow = _election_row(session, election)
    query = select(PartyListRow).where(PartyListRow.election_id == erow.id)
    if status is not None:
        query = query.where(PartyListRow.status == status.value)
    rows = session.scalars(query).all()
    big = 10**9
    rows = sorted(rows, key=lambda r: (r.ballot_position or big, r.registration_order or big, r.id))
    return tuple(_to_record(session, erow, r) for r in rows)


def get_list(session: Session, *, election: str, party: str) -> PartyList:
    """Return one party's list in the election."""
    erow = _election_row(session, election)
    return _to_record(session, erow, _list_row(session, erow, find_party(session, party)))


def election_history(session: Session, *, election: str) -> tuple[ElectionEvent, ...]:
    """Return the campaign's history in the order it happened."""
    erow = _election_row(session, election)
    rows = session.scalars(
        select(ElectionEventRow)
        .where(ElectionEventRow.election_id == erow.id)
        .order_by(ElectionEventRow.occurred_on, ElectionEventRow.id)
    )
    return tuple(ElectionEvent(r.occurred_on, r.kind, r.detail) for r in rows)


def allocation_input(
    session: Session, *, election: str, votes: Mapping[str, int]
) -> tuple[LawPartyList, ...]:
    """Return the law engine's input: each registered list's votes, named by party slug.

    Raises:
        VotesError: a party in ``votes`` has no registered list, or a registered list has no
            count.
    """
    lists = party_lists(session, election=election, status=ListStatus.REGISTERED)
    slugs = {pl.party_slug for pl in lists}
    if set(votes) != slugs:
        raise VotesError.expected(
            what=f"The parties counted in '{election}'",
            expected=f"exactly the registered lists ({', '.join(sorted(slugs))})",
            got=sorted(votes),
        )
    return tuple(
        LawPartyList(
            pl.party_slug, votes[pl.party_slug], registration_order=pl.registration_order or 0
        )
        for pl in lists
    )


def record_refusal(
    session: Session, *, election: str, party: str, on: date, reason: str
) -> ElectionEvent:
    """Record in the campaign's history that a nomination was refused (and why)."""
    erow = _election_row(session, election)
    prow = find_party(session, party)
    detail = f"nomination by {prow.name} refused: {reason}"
    _event(session, erow, on=on, kind="nomination-refused", party_id=prow.id, detail=detail)
    session.flush()
    return ElectionEvent(on, "nomination-refused", detail)
