"""An election kept for its count only: its lists registered at once, no campaign history.

Synthetic elections (``majlis synth --store``) and elections whose campaign is kept
elsewhere still need an election record with registered lists before protocols are accepted
for them (a protocol's vote keys must be exactly the election's registered lists).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.elections._calendar import ElectionCalendar
from majlis.elections._lists import ListStatus
from majlis.elections._records import Election
from majlis.elections._service import create_election
from majlis.elections._stored import election_row
from majlis.registry import list_party
from majlis.store.elections_rows import ElectionRow, PartyListRow

__all__ = ["register_count_election"]


def register_count_election(
    session: Session,
    *,
    slug: str,
    name: str,
    lists: Sequence[str],
    polling_day: date,
    ruleset: str = "kz-majlis",
) -> Election:
    """The election ``slug`` with ``lists`` registered in this order; created when missing.

    A missing party (by name) is stored as a registered party; an existing election is
    returned as it is (its lists are not changed). The calendar is nominal (called 80 days
    before polling day), since the campaign is not kept.
    """
    existing = session.scalar(select(ElectionRow.id).where(ElectionRow.slug == slug))
    if existing is not None:
        return Election.from_row(election_row(session, slug))
    called = polling_day - timedelta(days=80)
    calendar = ElectionCalendar(
        called_on=called,
        nomination_deadline=called + timedelta(days=25),
        registration_deadline=called + timedelta(days=35),
        candidate_withdrawal_deadline=polling_day - timedelta(days=10),
        list_withdrawal_deadline=polling_day - timedelta(days=10),
        polling_day=polling_day,
    )
    election = create_election(session, slug=slug, name=name, calendar=calendar, ruleset=ruleset)
    erow = election_row(session, slug)
    for order, list_name in enumerate(lists, start=1):
        party = list_party(session, name=list_name, registered_on=called)
        session.add(
            PartyListRow(
                election_id=erow.id,
                party_id=party.id,
                status=ListStatus.REGISTERED.value,
                nominated_on=calendar.nomination_deadline,
                registered_on=calendar.registration_deadline,
                registration_order=order,
                ballot_position=order,
            )
        )
    session.flush()
    return election
