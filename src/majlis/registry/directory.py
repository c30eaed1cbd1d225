"""What the other areas read from the registry: parties and people by id, the roll on a date,
one ledger event and the ledger's head.

Elections check that candidates are members on the day they are nominated; the parliament
names deputies and their parties and follows a party's notice of a ledger event; the record
digest covers the ledger's head. They read it here, never from the registry's tables.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from majlis.errors import NotFoundError
from majlis.registry import _convert
from majlis.registry.iin import IIN_SCHEME
from majlis.registry.model import ENDING_KINDS, EventKind, MembershipEvent, Party
from majlis.store.registry_rows import LedgerHeadRow, MembershipEventRow, PartyRow, PersonRow

__all__ = [
    "ledger_event",
    "ledger_head",
    "members_on",
    "parties_by_id",
    "person_ids",
    "person_names",
]

#: Ids per ``IN (...)`` list: well under the bound-parameter limits of both databases.
_CHUNK = 500
_STATE_KINDS = tuple(k.value for k in (EventKind.ADMITTED, *sorted(ENDING_KINDS)))
#: Built once: every protocol written names its lists' parties through this.
_PARTIES = select(*PartyRow.__table__.c).where(PartyRow.id.in_(bindparam("ids", expanding=True)))


def _chunks(values: Collection[int] | Sequence[str]) -> list[list[object]]:
    items = list(values)
    return [items[start : start + _CHUNK] for start in range(0, len(items), _CHUNK)]


def parties_by_id(session: Session, ids: Collection[int]) -> dict[int, Party]:
    """The parties with these ids (unknown ids are left out)."""
    found: dict[int, Party] = {}
    for chunk in _chunks(set(ids)):
        rows = session.execute(_PARTIES, {"ids": chunk})
        found.update((row.id, _convert.party(row)) for row in rows)
    return found


def person_names(session: Session, ids: Collection[int]) -> dict[int, str]:
    """The display name ("Family Given") of each person id (unknown ids are left out)."""
    names: dict[int, str] = {}
    for chunk in _chunks(set(ids)):
        rows = session.execute(
            select(PersonRow.id, PersonRow.family_name, PersonRow.given_name).where(
                PersonRow.id.in_(chunk)
            )
        )
        names.update({pid: f"{family} {given}" for pid, family, given in rows})
    return names


def person_ids(
    session: Session, national_ids: Sequence[str], *, scheme: str = IIN_SCHEME
) -> list[int]:
    """The stored person id of each national id, in order.

    Raises:
        NotFoundError: naming (up to five of) the national ids nobody registered.
    """
    found: dict[str, int] = {}
    for chunk in _chunks(national_ids):
        rows = session.execute(
            select(PersonRow.national_id, PersonRow.id).where(
                PersonRow.id_scheme == scheme, PersonRow.national_id.in_(chunk)
            )
        )
        found.update((nid, pid) for nid, pid in rows)
    missing = [n for n in national_ids if n not in found]
    if missing:
        raise NotFoundError(
            f"No person with {scheme} {', '.join(missing[:5])} in the registry.",
            code=f"person.unknown_ids.{scheme}",
            params={"ids": ", ".join(missing[:5])},
        )
    return [found[n] for n in national_ids]


def members_on(
    session: Session, *, party_id: int, persons: Collection[int], on: date
) -> frozenset[int]:
    """Those of ``persons`` who are members of the party on ``on`` (the ledger replayed)."""
    state: dict[int, str] = {}
    for chunk in _chunks(set(persons)):
        rows = session.execute(
            select(MembershipEventRow.person_id, MembershipEventRow.kind)
            .where(
                MembershipEventRow.party_id == party_id,
                MembershipEventRow.person_id.in_(chunk),
                MembershipEventRow.occurred_on <= on,
                MembershipEventRow.kind.in_(_STATE_KINDS),
            )
            .order_by(MembershipEventRow.seq)
        )
        for person_id, kind in rows:
            state[person_id] = kind
    return frozenset(p for p, kind in state.items() if kind == EventKind.ADMITTED)


def ledger_event(session: Session, seq: int) -> MembershipEvent:
    """The ledger event with sequence number ``seq``; NotFoundError if there is none."""
    row = session.scalars(
        select(MembershipEventRow).where(MembershipEventRow.seq == seq)
    ).one_or_none()
    if row is None:
        raise NotFoundError(
            f"No membership ledger event #{seq} (ledger sequence number).",
            code="ledger.no_event",
            params={"seq": seq},
        )
    return _convert.event(row)


def ledger_head(session: Session) -> tuple[int, str] | None:
    """The ledger's stored head as (length, hex hash); None while the ledger is empty."""
    head = session.get(LedgerHeadRow, 1)
    if head is None or head.seq <= 0:
        return None
    return head.seq, head.hash
