"""Recording a registration that already happened, as an official fact with its source.

:func:`majlis.registry.register_party` *decides* a registration now: it checks the party's
roll and founders, as stored in the database, against the party law in force on the date.
A registration decided in the past (Otan in 1999, Nur Otan in 2006, ...) cannot be decided
again that way: its roll of tens of thousands of members is not in the database, and the
party law it was decided under may predate the registry's first edition (2009). Re-running
the check would refuse every such party, or would "pass" it only by loading an invented roll.

:func:`record_registration` therefore records the registration as given by the registering
authority (who, which certificate or register entry), and checks only what a record can be
checked for: the organization is a party, not a movement; it is not registered already; it
has not ended; the date is not before its initiative group, its founding congress or the
reorganisation it succeeds, and not in the future. The roll check is deliberately not run.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import ConflictError, InputError, RuleViolation
from majlis.registry import _convert
from majlis.registry._lookup import party_row
from majlis.registry._party_log import record_party_event
from majlis.registry.model import Party, PartyKind, PartyStatus
from majlis.store.registry_rows import PartyRow

__all__ = ["list_party", "record_registration"]

#: Statuses from which a registration may be recorded (the congress of a party registered
#: long ago is often not on record, so an initiative group may be recorded as registered).
_BEFORE_REGISTRATION = frozenset({PartyStatus.INITIATIVE_GROUP, PartyStatus.FOUNDING_CONGRESS})


def _refusal(session: Session, row: PartyRow, on: date, today: date) -> Exception | None:
    slug = row.slug
    status = PartyStatus(row.status)
    if row.kind == PartyKind.MOVEMENT:
        return RuleViolation(
            f"{slug!r} is a movement; movements are not registered and cannot nominate lists"
        )
    if status in (PartyStatus.REGISTERED, PartyStatus.SUSPENDED):
        registered = row.registered_on.isoformat() if row.registered_on else "an earlier date"
        return ConflictError(
            f"party {slug!r} is already registered (on {registered}, now {status}); "
            f"a second registration on {on.isoformat()} cannot be recorded"
        )
    if status not in _BEFORE_REGISTRATION:
        ended = row.ended_on.isoformat() if row.ended_on else "an earlier date"
        return RuleViolation(
            f"party {slug!r} was {status} on {ended}; its registration on {on.isoformat()} "
            "cannot be recorded"
        )
    if on > today:
        return InputError.expected(
            what="date of a recorded registration",
            expected=f"a past date (today is {today.isoformat()}); "
            "a registration decided now goes through 'party register'",
            got=on.isoformat(),
        )
    for label, earliest in (
        ("initiative group", row.initiated_on),
        ("founding congress", row.congress_on),
    ):
        if earliest is not None and on < earliest:
            return RuleViolation(
                f"party {slug!r} cannot have been registered on {on.isoformat()}, before its "
                f"{label} on {earliest.isoformat()}"
            )
    if row.predecessor_id is not None:
        predecessor = session.get(PartyRow, row.predecessor_id)
        reorganised = predecessor.ended_on if predecessor is not None else None
        if predecessor is not None and reorganised is not None and on < reorganised:
            return RuleViolation(
                f"party {slug!r} succeeds {predecessor.slug!r} ({predecessor.status} on "
                f"{reorganised.isoformat()}); it cannot have been registered before that, on "
                f"{on.isoformat()}"
            )
    return None


def record_registration(
    session: Session,
    *,
    party: str,
    on: date,
    authority: str,
    reference: str,
    entered_by: str,
    today: date | None = None,
) -> Party:
    """Record that ``authority`` registered ``party`` on ``on`` (certificate/entry ``reference``).

    The lifecycle moves to *registered*; a ``registered`` party event keeps the authority
    (``decided_by``), the reference and who entered it when (audit). No roll check is run:
    see the module's docstring. ``today`` (default: the current date) bounds ``on``.

    Raises:
        InputError: ``authority`` or ``reference`` is blank, or ``on`` is in the future.
        ConflictError: the party is already registered (or suspended after registration).
        RuleViolation: a movement; a liquidated or reorganised party; a date before the
            initiative group, the founding congress or the predecessor's reorganisation.
    """
    for field, value in (("authority", authority), ("reference", reference)):
        if not value.strip():
            raise InputError.expected(
                what=f"{field} of a recorded registration",
                expected="the registering body and its certificate or register entry",
                got=repr(value),
                code="registration.blank",
                params={"field": field, "got": repr(repr(value))},
            )
    row = party_row(session, party)
    refusal = _refusal(session, row, on, today or date.today())
    if refusal is not None:
        raise refusal
    row.status = PartyStatus.REGISTERED.value
    row.registered_on = on
    detail = json.dumps({"recorded": True, "reference": reference.strip()}, ensure_ascii=False)
    record_party_event(
        session, row, "registered", on, entered_by, decided_by=authority.strip(), detail=detail
    )
    session.flush()
    return _convert.party(row)


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        raise InputError.expected(what="a list's name", expected="letters or digits", got=name)
    return slug[:64]


def list_party(session: Session, *, name: str, registered_on: date) -> Party:
    """The party whose list is called ``name``; stored as registered on ``registered_on``
    (its slug made from the name) when the registry does not know it.

    For an election kept for its count only (synthetic, or its campaign kept elsewhere),
    whose lists are known by name alone.

    Raises:
        InputError: the name has no letter or digit to make a slug of.
    """
    row = session.scalar(select(PartyRow).where(PartyRow.name == name))
    if row is None:
        row = PartyRow(
            slug=_slug(name),
            name=name,
            kind=PartyKind.PARTY.value,
            status=PartyStatus.REGISTERED.value,
            registered_on=registered_on,
            created_at=datetime.now(UTC),
        )
        session.add(row)
        session.flush()
    return _convert.party(row)
