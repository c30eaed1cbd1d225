"""Withdrawals before the deadlines: a candidate's statement, a party's revocation, a boycott."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis import registry
from majlis.elections._calendar import Deadline
from majlis.elections._lists import CandidateStatus, ListStatus
from majlis.elections._records import CandidateList, Election, ElectionEvent
from majlis.elections._stored import election_row, list_row, record_event, to_record
from majlis.errors import ConflictError, NotFoundError, RuleViolation
from majlis.store.elections_rows import ListCandidateRow, PartyListRow

__all__ = [
    "declare_boycott",
    "revoke_candidate",
    "withdraw_candidate",
    "withdraw_list",
]


def _change_candidate(
    session: Session,
    *,
    election: str,
    party: str,
    person: int,
    on: date,
    status: CandidateStatus,
    statement: str,
) -> CandidateList:
    erow = election_row(session, election)
    prow = registry.get_party(session, party)
    verb = "withdraw" if status is CandidateStatus.WITHDRAWN else "revoke"
    Election.from_row(erow).calendar.require_open(
        Deadline.CANDIDATE_WITHDRAWAL,
        on=on,
        action=f"{verb} candidate {person} of the list of {prow.name}",
        code=f"deadline.{verb}_candidate",
        params={"party": prow.name, "person": person},
    )
    lrow = list_row(session, erow, prow)
    crow = session.scalars(
        select(ListCandidateRow).where(
            ListCandidateRow.party_list_id == lrow.id, ListCandidateRow.person_id == person
        )
    ).one_or_none()
    if crow is None:
        raise NotFoundError(
            f"Person {person} is not on the list of {prow.name}.",
            code="list.not_candidate",
            params={"person": person, "party": prow.name},
        )
    if crow.status != CandidateStatus.STANDING.value:
        raise ConflictError(
            f"Candidate {person} of {prow.name} is already {crow.status}.",
            code=f"candidate.not_standing.{crow.status}",
            params={"person": person, "party": prow.name},
        )
    crow.status = status.value
    crow.status_on = on
    crow.statement = statement
    record_event(
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
    return to_record(session, erow, lrow)


def withdraw_candidate(
    session: Session, *, election: str, party: str, person: int, on: date, statement: str
) -> CandidateList:
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
) -> CandidateList:
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
) -> CandidateList:
    """The party withdraws its whole list before the deadline (a boycott)."""
    erow = election_row(session, election)
    prow = registry.get_party(session, party)
    Election.from_row(erow).calendar.require_open(
        Deadline.LIST_WITHDRAWAL,
        on=on,
        action=f"withdraw the list of {prow.name}",
        code="deadline.list_withdrawal",
        params={"party": prow.name},
    )
    lrow = list_row(session, erow, prow)
    if lrow.status == ListStatus.WITHDRAWN.value:
        raise ConflictError(
            f"The list of {prow.name} was already withdrawn.",
            code="list.withdrawn_already",
            params={"party": prow.name},
        )
    lrow.status = ListStatus.WITHDRAWN.value
    lrow.withdrawn_on = on
    lrow.withdrawal_reason = reason
    lrow.ballot_position = None
    record_event(
        session,
        erow,
        on=on,
        kind="list-withdrawn",
        party_id=prow.id,
        party_list_id=lrow.id,
        detail=f"{prow.name} withdrew its list: {reason}",
    )
    session.flush()
    return to_record(session, erow, lrow)


def declare_boycott(
    session: Session, *, election: str, party: str, on: date, statement: str
) -> ElectionEvent:
    """Record that a party boycotts the election and will register no list."""
    erow = election_row(session, election)
    prow = registry.get_party(session, party)
    if not prow.is_registered(on):
        raise RuleViolation(
            f"{prow.name} is not a registered party on {on.isoformat()}.",
            code="boycott.not_registered",
            params={"party": prow.name, "on": on},
        )
    has_list = session.scalars(
        select(PartyListRow.status).where(
            PartyListRow.election_id == erow.id, PartyListRow.party_id == prow.id
        )
    ).first()
    if has_list is not None and has_list != ListStatus.WITHDRAWN.value:
        raise ConflictError(
            f"{prow.name} has a {has_list} list: withdraw it to boycott.",
            code=f"boycott.has_list.{has_list}",
            params={"party": prow.name},
        )
    detail = f"{prow.name} boycotts the election: {statement}"
    record_event(session, erow, on=on, kind="boycott", party_id=prow.id, detail=detail)
    session.flush()
    return ElectionEvent(on, "boycott", detail)
