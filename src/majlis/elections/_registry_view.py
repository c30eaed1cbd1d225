"""What the election rules need to know from the registry: parties, people, membership by date.

Reads the registry's rows (the party table and the append-only membership ledger); the
membership on a date is the ledger replayed up to that date.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import NotFoundError
from majlis.store.registry_rows import MembershipEventRow, PartyRow, PersonRow

__all__ = [
    "find_party",
    "members_on",
    "party_is_registered",
    "person_ids",
    "person_names",
]

_STATE_EVENTS = ("admitted", "left", "expelled", "dissolved")


def find_party(session: Session, slug: str) -> PartyRow:
    """Return the party or movement with ``slug``; an unknown slug names the known ones."""
    row = session.scalars(select(PartyRow).where(PartyRow.slug == slug)).one_or_none()
    if row is None:
        known = ", ".join(session.scalars(select(PartyRow.slug).order_by(PartyRow.slug))) or "none"
        raise NotFoundError(f"No party or movement '{slug}' in the registry (known: {known}).")
    return row


def party_is_registered(party: PartyRow, on: date) -> bool:
    """Whether ``party`` is a registered political party (not a movement) on ``on``."""
    if party.registered_on is None or party.registered_on > on:
        return False
    return party.ended_on is None or on < party.ended_on


def members_on(
    session: Session, *, party_id: int, persons: Collection[int], on: date
) -> frozenset[int]:
    """Return those of ``persons`` who are members of the party on ``on`` (ledger replayed)."""
    if not persons:
        return frozenset()
    state: dict[int, str] = {}
    wanted = list(persons)
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(MembershipEventRow.person_id, MembershipEventRow.kind)
            .where(
                MembershipEventRow.party_id == party_id,
                MembershipEventRow.person_id.in_(wanted[start : start + 500]),
                MembershipEventRow.occurred_on <= on,
                MembershipEventRow.kind.in_(_STATE_EVENTS),
            )
            .order_by(MembershipEventRow.seq)
        )
        for person_id, kind in rows:
            state[person_id] = kind
    return frozenset(p for p, kind in state.items() if kind == "admitted")


def person_names(session: Session, persons: Collection[int]) -> dict[int, str]:
    """Return the display name ("Family Given") of each person id."""
    names: dict[int, str] = {}
    wanted = list(persons)
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(PersonRow.id, PersonRow.family_name, PersonRow.given_name).where(
                PersonRow.id.in_(wanted[start : start + 500])
            )
        )
        names.update({pid: f"{family} {given}" for pid, family, given in rows})
    return names


def person_ids(
    session: Session, national_ids: Sequence[str], *, scheme: str = "kz-iin"
) -> list[int]:
    """Return the stored person id of each national id, in order; unknown ids are named."""
    found: dict[str, int] = {}
    for start in range(0, len(national_ids), 500):
        chunk = list(national_ids[start : start + 500])
        found.update(
            (nid, pid)
            for pid, nid in session.execute(
                select(PersonRow.id, PersonRow.national_id).where(
                    PersonRow.id_scheme == scheme, PersonRow.national_id.in_(chunk)
                )
            )
        )
    missing = [n for n in national_ids if n not in found]
    if missing:
        raise NotFoundError(f"No person with {scheme} {', '.join(missing[:5])} in the registry.")
    return [found[n] for n in national_ids]
