"""Registry fixtures: a small world of people and registered parties on each database."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from majlis import registry
from majlis.registry import PartyLaw, make_iin

#: A party law with tiny requirements, so that tests can register parties with a few people.
TINY_LAW_BASE = registry.get_party_law("kz-party-law-2022")


def tiny_law() -> PartyLaw:
    """The 2022 edition with requirements of 1 member, no per-region minimum, 1 founder."""
    return dataclasses.replace(
        TINY_LAW_BASE,
        id="tiny",
        min_members=1,
        min_members_per_region=0,
        min_founders=1,
        founders_region_share=None,
    )


def iins(count: int, *, start: date = date(1980, 1, 1)) -> list[str]:
    """``count`` distinct valid IINs of people born from ``start``."""
    out: list[str] = []
    day = 0
    while len(out) < count:
        iin = make_iin(start + timedelta(days=day), "M" if day % 2 else "F", day % 10_000)
        if iin is not None:
            out.append(iin)
        day += 1
    return out


def _allow_ledger_edits(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE membership_event DISABLE TRIGGER USER"))
    else:
        connection.execute(text("DROP TRIGGER membership_event_no_update"))


@pytest.fixture
def allow_ledger_edits() -> Callable[[Connection], None]:
    """Lifts the ledger's append-only triggers in a connection's transaction (tampering tests).

    PostgreSQL: the user triggers are disabled; SQLite: the update trigger is dropped.
    """
    return _allow_ledger_edits


@pytest.fixture
def tiny() -> PartyLaw:
    """A party law with requirements small enough for a test's handful of people."""
    return tiny_law()


@dataclass
class World:
    """People (IINs) and registered parties (slugs) stored in ``session``."""

    session: Session
    people: list[str]
    parties: list[str]


@pytest.fixture
def world(session: Session) -> World:
    """Eight people in Astana and Almaty and three parties registered in 2023."""
    people = iins(8)
    for n, iin in enumerate(people):
        registry.register_person(
            session,
            national_id=iin,
            family_name=f"Family{n}",
            given_name=f"Given{n}",
            region_code="KZ-71" if n % 2 else "KZ-75",
        )
    founders = iins(3, start=date(1960, 1, 1))
    slugs = ["amanat", "ak-zhol", "respublica"]
    for slug, founder in zip(slugs, founders, strict=True):
        registry.register_person(
            session,
            national_id=founder,
            family_name="Founder",
            given_name=slug,
            region_code="KZ-71",
        )
        registry.create_party(
            session, slug=slug, name=slug.title(), initiated_on=date(2022, 9, 1), entered_by="t"
        )
        registry.hold_founding_congress(
            session, party=slug, on=date(2022, 10, 1), founders=[founder], entered_by="t"
        )
        registry.register_party(
            session, party=slug, on=date(2022, 11, 1), entered_by="t", law=tiny_law()
        )
    session.commit()
    return World(session=session, people=people, parties=slugs)
