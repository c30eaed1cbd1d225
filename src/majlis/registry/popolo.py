"""Popolo JSON export and import of persons, organizations and memberships.

Popolo (http://www.popoloproject.com/) is the open-government standard for people,
organizations and memberships. A person carries the IIN as an identifier with scheme
``kz-iin``; an organization carries its slug with scheme ``majlis-party``; every membership
period from the ledger (admission to exit) is one membership, its label naming how it ended.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import InputError
from majlis.registry.iin import IIN_SCHEME
from majlis.registry.memberships import expel, join, leave
from majlis.registry.model import PartyKind
from majlis.registry.parties import create_party
from majlis.registry.people import find_person, register_person
from majlis.store.registry_rows import MembershipEventRow, PartyRow, PersonRow

__all__ = ["PARTY_SCHEME", "export_popolo", "import_popolo"]

#: The identifier scheme of a party's slug.
PARTY_SCHEME = "majlis-party"
_GENDER = {"M": "male", "F": "female"}


def _person(row: PersonRow) -> dict[str, Any]:
    return {
        "id": f"person/{row.national_id}",
        "name": f"{row.family_name} {row.given_name}",
        "family_name": row.family_name,
        "given_name": row.given_name,
        "sort_name": f"{row.family_name}, {row.given_name}",
        "gender": _GENDER.get(row.sex or ""),
        "birth_date": row.birth_date.isoformat() if row.birth_date else None,
        "national_identity": row.citizenship,
        "identifiers": [{"scheme": IIN_SCHEME, "identifier": row.national_id}],
    }


def _organization(row: PartyRow) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f"party/{row.slug}",
        "name": row.name,
        "classification": row.kind,
        "identifiers": [{"scheme": PARTY_SCHEME, "identifier": row.slug}],
    }
    founded = row.registered_on or row.congress_on or row.initiated_on
    if founded is not None:
        out["founding_date"] = founded.isoformat()
    if row.ended_on is not None:
        out["dissolution_date"] = row.ended_on.isoformat()
    return out


def export_popolo(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Export every person, organization and membership period as a Popolo document."""
    people = {r.id: r for r in session.scalars(select(PersonRow).order_by(PersonRow.id))}
    parties = {r.id: r for r in session.scalars(select(PartyRow).order_by(PartyRow.id))}
    memberships: list[dict[str, Any]] = []
    open_: dict[int, dict[str, Any]] = {}
    events = session.execute(
        select(
            MembershipEventRow.seq,
            MembershipEventRow.person_id,
            MembershipEventRow.party_id,
            MembershipEventRow.kind,
            MembershipEventRow.occurred_on,
        ).order_by(MembershipEventRow.seq)
    )
    for seq, person_id, party_id, kind, day in events:
        if kind == "admitted":
            record = {
                "id": f"membership/{seq}",
                "person_id": f"person/{people[person_id].national_id}",
                "organization_id": f"party/{parties[party_id].slug}",
                "role": "member",
                "start_date": day.isoformat(),
            }
            open_[person_id] = record
            memberships.append(record)
        elif kind in ("left", "expelled", "dissolved") and person_id in open_:
            record = open_.pop(person_id)
            record["end_date"] = day.isoformat()
            record["label"] = kind
    return {
        "persons": [_person(r) for r in people.values()],
        "organizations": [_organization(r) for r in parties.values()],
        "memberships": memberships,
    }


def _identifier(item: Mapping[str, Any], scheme: str, what: str) -> str:
    for ident in item.get("identifiers") or []:
        if ident.get("scheme") == scheme:
            return str(ident["identifier"])
    raise InputError(f"{what} {item.get('id')!r} has no identifier with scheme {scheme!r}")


def import_popolo(
    session: Session, document: Mapping[str, Any], *, entered_by: str
) -> tuple[int, int, int]:
    """Import a Popolo document; return (persons, organizations, memberships) created.

    People already registered (same IIN) and parties already known (same slug) are kept;
    memberships are replayed in start-date order through the ledger services, so every rule
    (one party per person, barred categories, intake) applies as for any admission.
    """
    persons = organizations = memberships = 0
    person_ids: dict[str, str] = {}
    for item in document.get("persons", []):
        iin = _identifier(item, IIN_SCHEME, "person")
        person_ids[str(item["id"])] = iin
        if find_person(session, iin) is None:
            register_person(
                session,
                national_id=iin,
                family_name=item.get("family_name") or item["name"],
                given_name=item.get("given_name") or "",
                citizenship=item.get("national_identity") or "KZ",
            )
            persons += 1
    slugs: dict[str, str] = {}
    for item in document.get("organizations", []):
        slug = _identifier(item, PARTY_SCHEME, "organization")
        slugs[str(item["id"])] = slug
        if session.scalars(select(PartyRow.id).where(PartyRow.slug == slug)).first() is None:
            founded = item.get("founding_date")
            create_party(
                session,
                slug=slug,
                name=item["name"],
                kind=PartyKind(item.get("classification") or "party"),
                initiated_on=date.fromisoformat(founded) if founded else date(1991, 12, 16),
                entered_by=entered_by,
            )
            organizations += 1
    periods = sorted(
        document.get("memberships", []),
        key=lambda m: (m.get("start_date") or "", m.get("end_date") or "9999"),
    )
    for item in periods:
        iin, slug = person_ids[item["person_id"]], slugs[item["organization_id"]]
        join(
            session,
            national_id=iin,
            party=slug,
            on=date.fromisoformat(item["start_date"]),
            entered_by=entered_by,
        ).raise_for_refusal()
        if item.get("end_date"):
            end = date.fromisoformat(item["end_date"])
            if item.get("label") == "expelled":
                expel(
                    session,
                    national_id=iin,
                    on=end,
                    reason="imported from Popolo",
                    deciding_body="(not recorded)",
                    entered_by=entered_by,
                )
            else:
                leave(
                    session,
                    national_id=iin,
                    on=end,
                    entered_by=entered_by,
                    reason=f"imported from Popolo ({item.get('label') or 'ended'})",
                )
        memberships += 1
    return persons, organizations, memberships
