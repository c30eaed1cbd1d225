"""People: registering a person with a validated national id, finding and updating one."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import ConflictError, InputError, Location, NationalIdError, NotFoundError
from majlis.registry import _convert, _counts
from majlis.registry.iin import IIN_SCHEME, parse_iin
from majlis.registry.model import BarredCategory, Person
from majlis.registry.person_rules import birth_date_problem, check_name
from majlis.registry.regions import get_region
from majlis.store.registry_rows import CurrentMembershipRow, PersonRow

__all__ = ["find_person", "move_person", "register_person", "set_barred_category"]


def parse_barred(value: str | None) -> BarredCategory | None:
    """Parse a barred category name ('' or None = not barred); unknown names list the valid."""
    if not value:
        return None
    try:
        return BarredCategory(value)
    except ValueError:
        raise InputError.expected(
            what="barred category",
            expected="one of " + ", ".join(c.value for c in BarredCategory),
            got=value,
            code="person.barred_unknown",
            params={"valid": ", ".join(c.value for c in BarredCategory), "got": value},
        ) from None


def register_person(
    session: Session,
    *,
    national_id: str,
    family_name: str,
    given_name: str,
    citizenship: str = "KZ",
    region_code: str | None = None,
    barred_category: BarredCategory | None = None,
) -> Person:
    """Register a person; a Kazakh IIN is validated and gives the birth date and sex.

    Raises:
        NationalIdError: the IIN is invalid (naming the wrong part), or gives a birth date
            after today.
        InputError: a blank name or one with control or bidirectional characters (naming
            the field); unknown region code.
        ConflictError: a person with this IIN is already registered.
    """
    iin = parse_iin(national_id)
    family_name = check_name(family_name, field="family_name")
    given_name = check_name(given_name, field="given_name")
    future = birth_date_problem(iin.birth_date, datetime.now(UTC).date())
    if future is not None:
        raise NationalIdError(
            f"IIN {iin.value!r}: {future} (today)",
            location=Location(field="national_id"),
            code="iin.future",
            params={"iin": iin.value, "birth": iin.birth_date},
        )
    if region_code is not None:
        get_region(region_code)
    if find_person(session, iin.value) is not None:
        raise ConflictError(
            f"a person with IIN {iin.value} is already registered",
            code="person.exists",
            params={"iin": iin.value},
        )
    row = PersonRow(
        id_scheme=IIN_SCHEME,
        national_id=iin.value,
        family_name=family_name,
        given_name=given_name,
        birth_date=iin.birth_date,
        sex=iin.sex,
        citizenship=citizenship.upper(),
        region_code=region_code,
        barred_category=barred_category.value if barred_category else None,
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return _convert.person(row)


def find_person(session: Session, national_id: str) -> Person | None:
    """Return the person with this IIN, or None."""
    row = _find_row(session, national_id)
    return None if row is None else _convert.person(row)


def _find_row(session: Session, national_id: str) -> PersonRow | None:
    return session.scalars(
        select(PersonRow).where(
            PersonRow.id_scheme == IIN_SCHEME, PersonRow.national_id == national_id.strip()
        )
    ).one_or_none()


def person_row(session: Session, national_id: str) -> PersonRow:
    """Return the row of the person with this IIN; NotFoundError otherwise."""
    row = _find_row(session, national_id)
    if row is None:
        raise NotFoundError(
            f"no person with IIN {national_id.strip()!r} is registered",
            code="person.unknown",
            params={"iin": national_id.strip()},
        )
    return row


def set_barred_category(
    session: Session, national_id: str, category: BarredCategory | None
) -> Person:
    """Record that a person entered (or left) a barred category (e.g. became a judge)."""
    row = person_row(session, national_id)
    row.barred_category = category.value if category else None
    session.flush()
    return _convert.person(row)


def move_person(session: Session, national_id: str, region_code: str) -> Person:
    """Record a person's new region; the current roll and its counts per region follow.

    A member's row of the current roll and the party's counts per region move in the same
    transaction, so ``verify_ledger`` still finds the counts those of the roll. A move to
    the region already held changes nothing.

    Raises:
        InputError: unknown region code.
        NotFoundError: no person with this IIN.
    """
    get_region(region_code)
    row = person_row(session, national_id)
    if row.region_code == region_code:
        return _convert.person(row)
    row.region_code = region_code
    member = session.get(CurrentMembershipRow, row.id)
    if member is not None:
        # added up, not a literal: the roll's region and the new one may be the same key
        changes: dict[tuple[int, str | None], int] = {(member.party_id, member.region_code): -1}
        key = (member.party_id, region_code)
        changes[key] = changes.get(key, 0) + 1
        _counts.adjust(session, changes)
        member.region_code = region_code
    session.flush()
    return _convert.person(row)
