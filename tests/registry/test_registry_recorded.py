"""Recorded registrations (official facts from the past), on both databases and through the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from majlis import registry
from majlis.cli import app
from majlis.errors import ConflictError, InputError, NotFoundError, RuleViolation
from majlis.registry import PartyKind, PartyStatus
from majlis.store.registry_rows import PartyEventRow, PartyRow

OTAN = date(1999, 1, 12)
MOJ = "Ministry of Justice of the Republic of Kazakhstan"


def _party(session: Session, slug: str = "nur-otan", *, initiated: date = OTAN) -> None:
    registry.create_party(
        session, slug=slug, name=slug.title(), initiated_on=initiated, entered_by="clerk"
    )


def _events(session: Session, slug: str) -> list[PartyEventRow]:
    party_id = session.scalars(select(PartyRow.id).where(PartyRow.slug == slug)).one()
    return list(
        session.scalars(
            select(PartyEventRow)
            .where(PartyEventRow.party_id == party_id)
            .order_by(PartyEventRow.id)
        )
    )


def test_recorded_registration_before_any_party_law_is_audited(session: Session) -> None:
    """Otan's 1999 registration (before the 2009 law, no roll) is recorded with source and audit."""
    _party(session)
    with pytest.raises(NotFoundError, match="no party law in force on 1999-03-01"):
        registry.party_law_on(date(1999, 3, 1))
    party = registry.record_registration(
        session,
        party="nur-otan",
        on=date(1999, 3, 1),
        authority=MOJ,
        reference="certificate 2178-1901-PP",
        entered_by="registrar",
    )
    session.commit()
    assert party.status == PartyStatus.REGISTERED
    assert party.registered_on == date(1999, 3, 1)
    assert registry.nomination_refusal(session, party="nur-otan", on=date(1999, 10, 10)) is None
    assert registry.nomination_refusal(session, party="nur-otan", on=date(1999, 2, 28)) is not None
    last = _events(session, "nur-otan")[-1]
    assert (last.kind, last.occurred_on, last.decided_by) == ("registered", date(1999, 3, 1), MOJ)
    assert last.entered_by == "registrar"
    assert last.entered_at is not None
    assert json.loads(last.detail or "") == {
        "recorded": True,
        "reference": "certificate 2178-1901-PP",
    }


def test_recorded_registration_skips_the_roll_check(session: Session) -> None:
    """A party with no members is recorded in 2023, where register_party lists 23 shortfalls."""
    _party(session, "respublica", initiated=date(2023, 1, 10))
    registry.hold_founding_congress(
        session, party="respublica", on=date(2023, 2, 1), founders=[], entered_by="clerk"
    )
    check = registry.check_party_registration(session, party="respublica", on=date(2023, 3, 1))
    assert not check.passed
    party = registry.record_registration(
        session,
        party="respublica",
        on=date(2023, 3, 1),
        authority=MOJ,
        reference="register entry 17",
        entered_by="clerk",
    )
    assert party.congress_on == date(2023, 2, 1)
    assert [e.kind for e in _events(session, "respublica")] == [
        "initiative_group",
        "founding_congress",
        "registered",
    ]


def test_impossible_recorded_registrations_are_refused(session: Session) -> None:
    """Before founding, twice, after liquidation, a movement, the future, blank source: refused."""
    _party(session)
    kw = {"authority": MOJ, "reference": "cert 1", "entered_by": "clerk"}
    with pytest.raises(RuleViolation, match=r"before its initiative group on 1999-01-12"):
        registry.record_registration(session, party="nur-otan", on=date(1998, 12, 31), **kw)
    with pytest.raises(InputError, match=r"future|past date"):
        registry.record_registration(
            session, party="nur-otan", on=date(2030, 1, 1), today=date(2026, 1, 1), **kw
        )
    with pytest.raises(InputError, match="reference"):
        registry.record_registration(
            session,
            party="nur-otan",
            on=date(1999, 3, 1),
            authority=MOJ,
            reference=" ",
            entered_by="c",
        )
    registry.record_registration(session, party="nur-otan", on=date(1999, 3, 1), **kw)
    with pytest.raises(ConflictError, match=r"already registered \(on 1999-03-01"):
        registry.record_registration(session, party="nur-otan", on=date(2006, 12, 22), **kw)
    _party(session, "asar", initiated=date(2003, 1, 1))
    registry.liquidate_party(
        session, party="asar", on=date(2004, 1, 1), decided_by="congress", entered_by="c"
    )
    with pytest.raises(RuleViolation, match="was liquidated on 2004-01-01"):
        registry.record_registration(session, party="asar", on=date(2003, 6, 1), **kw)
    registry.create_party(
        session,
        slug="dvk",
        name="DVK",
        initiated_on=date(2001, 11, 18),
        entered_by="c",
        kind=PartyKind.MOVEMENT,
    )
    with pytest.raises(RuleViolation, match="movement"):
        registry.record_registration(session, party="dvk", on=date(2002, 1, 1), **kw)
    assert [e.kind for e in _events(session, "nur-otan")] == ["initiative_group", "registered"]


def test_successor_cannot_be_recorded_before_the_reorganisation(session: Session) -> None:
    """Nur Otan, successor of Otan's 2006 merger, cannot be recorded as registered before it."""
    _party(session, "otan")
    registry.record_registration(
        session, party="otan", on=date(1999, 3, 1), authority=MOJ, reference="1", entered_by="c"
    )
    _party(session, "nur-otan", initiated=date(2006, 7, 4))
    registry.reorganise_party(
        session,
        party="otan",
        on=date(2006, 12, 22),
        mode="merger",
        successors=["nur-otan"],
        entered_by="c",
    )
    with pytest.raises(RuleViolation, match="succeeds 'otan'"):
        registry.record_registration(
            session,
            party="nur-otan",
            on=date(2006, 9, 1),
            authority=MOJ,
            reference="2",
            entered_by="c",
        )
    party = registry.record_registration(
        session,
        party="nur-otan",
        on=date(2006, 12, 22),
        authority=MOJ,
        reference="2",
        entered_by="c",
    )
    assert party.registered_on == date(2006, 12, 22)


def test_record_registration_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`party record-registration` records with its source; a second one fails in one line."""
    monkeypatch.setenv("MAJLIS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, list(args))
        return result.exit_code, result.output

    assert run("party", "create", "ak-zhol", "--name", "Ak Zhol", "--on", "2002-01-10")[0] == 0
    args = ("--authority", MOJ, "--reference", "certificate 1234", "--by", "registrar")
    code, out = run("party", "record-registration", "ak-zhol", "--on", "2002-04-03", *args)
    assert code == 0, out
    assert "registered on 2002-04-03 (recorded" in out
    code, out = run("party", "show", "ak-zhol", "--on", "2004-01-01")
    assert code == 0, out
    assert "party / registered" in out
    assert "2002-04-03" in out
    code, out = run("party", "record-registration", "ak-zhol", "--on", "2003-01-01", *args)
    assert code != 0
    assert out.startswith("error: party 'ak-zhol' is already registered")
    assert len(out.strip().splitlines()) == 1
    code, out = run("party", "record-registration", "ak-zhol", "--on", "2003-13-01", *args)
    assert code != 0
    assert "--on" in out
