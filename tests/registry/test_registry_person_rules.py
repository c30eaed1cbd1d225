"""A person's own data: names, birth dates and the age to join, on every path.

The pure rules first; then the single register and join, the bulk roll import (rejects
report, nothing half-imported) and the API, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from majlis import registry, store
from majlis.api import Settings, create_app
from majlis.errors import InputError, NationalIdError
from majlis.registry.bulk import import_members
from majlis.registry.person_rules import age_on, name_problem, under_age_problem
from majlis.store.tokens import Role, issue_token

BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
CONTROLS = ["\x00", "\x07", "\t", "\x1b", "\x7f", "\x85", "\x9f"]
HEADER = ["iin", "family_name", "given_name", "region", "joined_on"]


def _iin(born: date, serial: int = 7) -> str:
    iin = registry.make_iin(born, "M", serial)
    if iin is None:  # every serial 7..9 cannot fail the check digit twice over
        iin = registry.make_iin(born, "M", serial + 1)
    assert iin is not None
    return iin


@pytest.mark.parametrize("char", BIDI + CONTROLS)
def test_a_name_with_a_bidi_or_control_character_is_refused(char: str) -> None:
    """Every bidirectional control and C0/DEL/C1 control inside a name is named by code."""
    problem = name_problem(f"Ab{char}ai")
    assert problem is not None
    assert f"U+{ord(char):04X}" in problem


@pytest.mark.parametrize("name", ["Әбілқайырұлы", "O'Brien-Smith", "Jean Paul", "Ли"])
def test_ordinary_names_pass(name: str) -> None:
    """Letters of any script, spaces, hyphens and apostrophes are names."""
    assert name_problem(name) is None


@pytest.mark.parametrize("name", ["", " ", "\u3000"])
def test_a_blank_name_is_refused(name: str) -> None:
    """Empty or whitespace-only is blank."""
    assert name_problem(name) == "must not be blank"


def test_age_counts_whole_years_and_a_leap_birthday_comes_on_the_first_of_march() -> None:
    """Born 29 February 2004: 17 on 28 February 2022, 18 on 1 March 2022."""
    assert age_on(date(2004, 2, 29), date(2022, 2, 28)) == 17
    assert age_on(date(2004, 2, 29), date(2022, 3, 1)) == 18
    assert under_age_problem(date(2004, 2, 29), date(2022, 3, 1), minimum=18, citation="x") is None
    assert "after" in str(
        under_age_problem(date(2030, 1, 1), date(2022, 3, 1), minimum=18, citation="x")
    )


def test_the_kazakh_party_laws_set_eighteen_with_a_citation() -> None:
    """Every shipped edition carries the minimum age and the statute it comes from."""
    for law in registry.list_party_laws():
        assert law.min_member_age == 18
        assert "344-II" in law.min_member_age_citation


def test_register_refuses_unsafe_names_naming_the_field(world: Any) -> None:
    """A blank family name or a given name with an override fails, naming the field."""
    with pytest.raises(InputError, match="family_name must not be blank") as blank:
        registry.register_person(
            world.session, national_id=_iin(date(1990, 5, 5)), family_name="  ", given_name="A"
        )
    assert blank.value.location is not None
    assert blank.value.location.field == "family_name"
    with pytest.raises(InputError, match=r"given_name must not contain the bidirectional.*U\+202E"):
        registry.register_person(
            world.session,
            national_id=_iin(date(1990, 5, 5)),
            family_name="Abaev",
            given_name="Arman\u202enamrA",
        )
    assert registry.find_person(world.session, _iin(date(1990, 5, 5))) is None


def test_register_refuses_a_birth_date_after_today(world: Any) -> None:
    """An IIN whose birth date is still to come is no person yet."""
    future = _iin(date(datetime.now(UTC).year + 3, 1, 1))
    with pytest.raises(NationalIdError, match=r"is after .* \(today\)"):
        registry.register_person(world.session, national_id=future, family_name="A", given_name="B")


def test_join_refuses_a_minor_and_records_the_refusal(world: Any) -> None:
    """Aged 17 on the day: refused (applied + refused in the ledger); at 18: admitted."""
    s = world.session
    iin = _iin(date(2005, 6, 1))
    registry.register_person(s, national_id=iin, family_name="Young", given_name="Member")
    outcome = registry.join(
        s, national_id=iin, party="amanat", on=date(2023, 5, 31), entered_by="t"
    )
    assert outcome.refusal is not None
    assert "aged 17 on 2023-05-31" in str(outcome.refusal)
    assert "at least 18" in str(outcome.refusal)
    assert [e.kind for e in outcome.events] == ["applied", "refused"]
    assert registry.join(
        s, national_id=iin, party="amanat", on=date(2023, 6, 1), entered_by="t"
    ).admitted
    s.commit()
    assert registry.verify_ledger(s).events > 0


def _roll(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


BAD_ROWS = {
    # row number in the file: (field, what the problem says)
    3: ("iin", "aged 16 on 2023-01-05"),
    4: ("iin", "(today)"),
    5: ("family_name", "U+202E"),
    6: ("given_name", "U+0007"),
    7: ("given_name", "U+2066"),
}


def _rows() -> list[list[str]]:
    future = date(datetime.now(UTC).year + 2, 1, 1)
    return [
        [_iin(date(1990, 1, 1)), "Good", "Member", "KZ-71", "2023-01-05"],
        [_iin(date(2006, 6, 1)), "Too", "Young", "KZ-71", "2023-01-05"],
        [_iin(future), "Not", "Born", "KZ-71", "2023-01-05"],
        [_iin(date(1990, 1, 2)), "Evil\u202eliveE", "Name", "KZ-71", "2023-01-05"],
        [_iin(date(1990, 1, 3)), "Bell", "Ring\x07", "KZ-71", "2023-01-05"],
        [_iin(date(1990, 1, 4)), "Iso", "\u2066late", "KZ-75", "2023-01-05"],
        [_iin(date(1990, 1, 5)), "Also", "Good", "KZ-75", "2023-01-05"],
    ]


def _rejects(path: Path) -> dict[int, tuple[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {int(r["row"]): (r["field"], r["problem"]) for r in csv.DictReader(handle)}


def test_a_roll_with_any_such_row_imports_nothing(world: Any, tmp_path: Path) -> None:
    """Minors, the unborn and unsafe names make the import fail; nothing is half-imported."""
    s = world.session
    before = registry.verify_ledger(s).events
    with pytest.raises(InputError, match="5 of 7 rows are invalid"):
        import_members(
            s, source=_roll(tmp_path / "r.csv", _rows()), party="amanat",
            on=date(2023, 2, 1), entered_by="i", rejects_file=tmp_path / "rejects.csv",
        )  # fmt: skip
    s.rollback()
    found = _rejects(tmp_path / "rejects.csv")
    assert sorted(found) == sorted(BAD_ROWS)
    for row, (field, words) in BAD_ROWS.items():
        assert found[row][0] == field
        assert words in found[row][1]
    assert registry.verify_ledger(s).events == before
    assert registry.find_person(s, _rows()[0][0]) is None


def test_skip_invalid_imports_the_rest_and_reports_these_rows(world: Any, tmp_path: Path) -> None:
    """With skip_invalid the two good rows are members and the five others are reported."""
    s = world.session
    report = import_members(
        s, source=_roll(tmp_path / "r.csv", _rows()), party="amanat", on=date(2023, 2, 1),
        entered_by="i", skip_invalid=True, rejects_file=tmp_path / "rejects.csv",
    )  # fmt: skip
    s.commit()
    assert (report.imported, report.rejected) == (2, 5)
    assert sorted(_rejects(tmp_path / "rejects.csv")) == sorted(BAD_ROWS)
    assert registry.verify_ledger(s).active_members >= 2


def test_the_api_refuses_them_with_4xx(database_url: str) -> None:
    """POST /people: 422 naming the field or the birth date; POST members: 409 for a minor."""
    engine = store.make_engine(database_url)
    app = create_app(Settings(database_url=database_url, access_log=False), engine=engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        factory = app.state.session_factory
        with factory() as session, session.begin():
            registry.create_party(
                session, slug="p", name="P", initiated_on=date(2022, 1, 1), entered_by="t"
            )
            secret = issue_token(session, name="root", role=Role.ADMIN).secret
            admin = {"Authorization": f"Bearer {secret}"}
        people = "/api/v1/people"
        bad = {"national_id": _iin(date(1990, 1, 1)), "family_name": "A\u202eB", "given_name": "C"}
        answer = client.post(people, json=bad, headers=admin)
        assert answer.status_code == 422, answer.text
        assert "family_name" in answer.text
        unborn = {"national_id": _iin(date(2099, 1, 1)), "family_name": "A", "given_name": "B"}
        answer = client.post(people, json=unborn, headers=admin)
        assert answer.status_code == 422, answer.text
        young = {"national_id": _iin(date(2010, 1, 1)), "family_name": "A", "given_name": "B"}
        assert client.post(people, json=young, headers=admin).status_code == 201
        answer = client.post(
            "/api/v1/parties/p/members",
            json={"national_id": young["national_id"], "on": "2024-01-01"},
            headers=admin,
        )
        assert answer.status_code == 409, answer.text
        assert "at least 18" in answer.text
    engine.dispose()
