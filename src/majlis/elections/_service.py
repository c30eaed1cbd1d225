"""Election services: create an election, nominate and register lists, draw the ballot.

Every service takes a session, checks the rules (:mod:`._lists`, :mod:`._calendar`), writes
rows and a history event, and flushes; the caller commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from majlis import registry
from majlis.elections._calendar import Deadline, ElectionCalendar
from majlis.elections._lists import (
    CandidateStatus,
    ListMode,
    ListStatus,
    check_nomination,
    draw_ballot_order,
)
from majlis.elections._records import CandidateList, Election, ElectionEvent
from majlis.elections._rules_in_force import list_rules
from majlis.elections._stored import election_row, list_row, party_lists, record_event, to_record
from majlis.errors import ConflictError, RuleViolation
from majlis.store.elections_rows import ElectionRow, ListCandidateRow, PartyListRow

__all__ = [
    "create_election",
    "draw_ballot",
    "nominate_list",
    "record_refusal",
    "register_list",
]


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
        raise ConflictError(
            f"An election '{slug}' already exists.",
            code="election.exists",
            params={"election": slug},
        )
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
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    record_event(session, row, on=calendar.called_on, kind="called", detail=f"{name} called")
    session.flush()
    return Election.from_row(row)


def nominate_list(
    session: Session, *, election: str, party: str, candidates: Sequence[int], on: date
) -> CandidateList:
    """Record a party's ranked list, nominated by its congress on ``on``.

    Raises:
        DeadlinePassed: after the nomination deadline.
        IneligibleError: the party may not nominate (a movement, not registered, suspended or
            liquidated on ``on``), or a candidate is not a member of the party on ``on``.
        RuleViolation: the list is empty or too long.
        ConflictError: the party already has a list in this election.
    """
    erow = election_row(session, election)
    prow = registry.get_party(session, party)
    cal = Election.from_row(erow).calendar
    cal.require_open(
        Deadline.NOMINATION,
        on=on,
        action=f"nominate the list of {prow.name}",
        code="deadline.nomination",
        params={"party": prow.name},
    )
    refusal = registry.nomination_refusal(session, party=party, on=on)
    if refusal is not None:
        raise refusal
    check_nomination(
        party=prow.name,
        party_registered=prow.is_registered(on),
        candidates=candidates,
        members=registry.members_on(session, party_id=prow.id, persons=candidates, on=on),
        nomination_date=on,
        max_length=erow.max_list_length,
    )
    existing = session.scalars(
        select(PartyListRow.id).where(
            PartyListRow.election_id == erow.id, PartyListRow.party_id == prow.id
        )
    ).first()
    if existing is not None:
        raise ConflictError(
            f"{prow.name} already has a list in the election '{erow.slug}'.",
            code="list.exists",
            params={"party": prow.name, "election": erow.slug},
        )
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
    record_event(
        session,
        erow,
        on=on,
        kind="list-nominated",
        party_id=prow.id,
        party_list_id=lrow.id,
        detail=f"{prow.name} nominated a list of {len(candidates)} candidates",
    )
    session.flush()
    return to_record(session, erow, lrow)


def register_list(session: Session, *, election: str, party: str, on: date) -> CandidateList:
    """Register a nominated list (the commission's decision); the order decides ties."""
    erow = election_row(session, election)
    prow = registry.get_party(session, party)
    cal = Election.from_row(erow).calendar
    cal.require_open(
        Deadline.REGISTRATION,
        on=on,
        action=f"register the list of {prow.name}",
        code="deadline.registration",
        params={"party": prow.name},
    )
    lrow = list_row(session, erow, prow)
    if lrow.status != ListStatus.NOMINATED.value:
        raise ConflictError(
            f"The list of {prow.name} is {lrow.status}, not nominated.",
            code=f"list.not_nominated.{lrow.status}",
            params={"party": prow.name},
        )
    order = session.scalar(
        select(func.count()).where(
            PartyListRow.election_id == erow.id, PartyListRow.registration_order.is_not(None)
        )
    )
    lrow.status = ListStatus.REGISTERED.value
    lrow.registered_on = on
    lrow.registration_order = int(order or 0) + 1
    record_event(
        session,
        erow,
        on=on,
        kind="list-registered",
        party_id=prow.id,
        party_list_id=lrow.id,
        detail=f"list of {prow.name} registered (no. {lrow.registration_order})",
    )
    session.flush()
    return to_record(session, erow, lrow)


def draw_ballot(
    session: Session, *, election: str, seed: int, on: date
) -> tuple[CandidateList, ...]:
    """Draw the ballot order of the registered lists by lot, with a recorded seed."""
    erow = election_row(session, election)
    if erow.ballot_seed is not None:
        raise ConflictError(
            f"The ballot of '{erow.slug}' was already drawn on {erow.ballot_drawn_on} "
            f"(seed {erow.ballot_seed}).",
            code="ballot.drawn",
            params={"election": erow.slug, "on": erow.ballot_drawn_on, "seed": erow.ballot_seed},
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
        raise RuleViolation(
            f"The election '{erow.slug}' has no registered list to draw.",
            code="ballot.no_lists",
            params={"election": erow.slug},
        )
    slug_of = {pid: p.slug for pid, p in registry.parties_by_id(session, rows).items()}
    order = draw_ballot_order([slug_of[p] for p in rows], seed=seed)
    party_of = {slug: pid for pid, slug in slug_of.items()}
    for position, slug in enumerate(order, start=1):
        rows[party_of[slug]].ballot_position = position
    erow.ballot_seed = seed
    erow.ballot_drawn_on = on
    record_event(
        session,
        erow,
        on=on,
        kind="ballot-drawn",
        detail=f"ballot order drawn by lot with seed {seed}: " + ", ".join(order),
    )
    session.flush()
    return party_lists(session, election=election)


def record_refusal(
    session: Session, *, election: str, party: str, on: date, reason: str
) -> ElectionEvent:
    """Record in the campaign's history that a nomination was refused (and why)."""
    erow = election_row(session, election)
    prow = registry.get_party(session, party)
    detail = f"nomination by {prow.name} refused: {reason}"
    record_event(session, erow, on=on, kind="nomination-refused", party_id=prow.id, detail=detail)
    session.flush()
    return ElectionEvent(on, "nomination-refused", detail)
