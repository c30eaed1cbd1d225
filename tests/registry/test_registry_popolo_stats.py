"""Popolo export validated against the Popolo schemas; round trip; statistics; both databases."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from majlis import registry, store
from majlis.errors import NotFoundError
from majlis.registry import stats
from majlis.registry.popolo import export_popolo, import_popolo


@pytest.fixture(scope="module")
def popolo(shared_data: Path) -> dict[str, Draft3Validator]:
    """Draft-03 validators for person, organization and membership, ids resolved locally."""
    folder = shared_data / "popolo-schemas"
    resources = []
    for path in folder.glob("*.json"):
        schema = json.loads(path.read_text())
        resources.append((schema["id"].rstrip("#"), Resource(schema, specification=DRAFT3)))
        resources.append((schema["id"], Resource(schema, specification=DRAFT3)))
    schemas = Registry().with_resources(resources)
    return {
        name: Draft3Validator(json.loads((folder / f"{name}.json").read_text()), registry=schemas)
        for name in ("person", "organization", "membership")
    }


def _history(world: Any) -> None:
    s = world.session
    registry.join(
        s, national_id=world.people[0], party="amanat", on=date(2023, 1, 5), entered_by="t"
    )
    registry.join(
        s, national_id=world.people[1], party="amanat", on=date(2023, 1, 20), entered_by="t"
    )
    registry.expel(
        s,
        national_id=world.people[1],
        on=date(2023, 3, 2),
        reason="r",
        deciding_body="b",
        entered_by="t",
    )
    registry.join(
        s, national_id=world.people[2], party="ak-zhol", on=date(2023, 3, 10), entered_by="t"
    )
    registry.leave(s, national_id=world.people[2], on=date(2023, 3, 11), entered_by="t")
    s.commit()


def test_export_validates_against_popolo_schemas(world: Any, popolo: dict[str, Any]) -> None:
    """Every exported person, organization and membership is valid Popolo; IIN scheme kz-iin."""
    _history(world)
    document = export_popolo(world.session)
    kinds = (
        ("persons", "person"),
        ("organizations", "organization"),
        ("memberships", "membership"),
    )
    for key, schema in kinds:
        assert document[key]
        for item in document[key]:
            errors = [e.message for e in popolo[schema].iter_errors(item)]
            assert errors == [], (schema, item)
    person = document["persons"][0]
    assert person["identifiers"] == [{"scheme": "kz-iin", "identifier": person["id"][7:]}]
    assert sorted(m.get("label", "open") for m in document["memberships"]) == [
        "expelled",
        "left",
        "open",
        "open",
        "open",
        "open",
    ]


def test_a_broken_record_fails_the_schema(popolo: dict[str, Any]) -> None:
    """The validator is live: a birth date that is not a date is reported."""
    assert list(popolo["person"].iter_errors({"name": "x", "birth_date": "5 May"}))


def test_popolo_round_trip(world: Any, tmp_path: Path) -> None:
    """Exporting, importing into an empty database and exporting again gives the same periods."""
    _history(world)
    first = export_popolo(world.session)
    engine = store.make_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    store.upgrade(engine)
    with store.session_factory(engine)() as other:
        assert import_popolo(other, first, entered_by="import") == (11, 3, 6)
        other.commit()
        second = export_popolo(other)
        registry.verify_ledger(other)
    engine.dispose()

    def periods(doc: dict[str, Any]) -> list[tuple[str, str, str, str | None]]:
        return sorted(
            (m["person_id"], m["organization_id"], m["start_date"], m.get("end_date"))
            for m in doc["memberships"]
        )

    assert periods(first) == periods(second)


def test_statistics_by_party_region_and_date(world: Any) -> None:
    """Members by party now and on a past date; by region; the monthly growth series."""
    _history(world)
    s = world.session
    assert stats.members_by_party(s) == [("ak-zhol", 1), ("amanat", 2), ("respublica", 1)]
    assert stats.members_by_party(s, on=date(2023, 2, 1)) == [
        ("ak-zhol", 1),
        ("amanat", 3),
        ("respublica", 1),
    ]
    assert stats.members_by_region(s, party="amanat") == [("KZ-71", 1), ("KZ-75", 1)]
    assert stats.members_by_region(s, party="amanat", on=date(2023, 2, 1)) == [
        ("KZ-71", 2),
        ("KZ-75", 1),
    ]
    series = stats.growth(s, party="amanat", period="month")
    assert [(p.start, p.joins, p.expulsions, p.members) for p in series] == [
        (date(2022, 10, 1), 1, 0, 1),
        (date(2022, 11, 1), 0, 0, 1),
        (date(2022, 12, 1), 0, 0, 1),
        (date(2023, 1, 1), 2, 0, 3),
        (date(2023, 2, 1), 0, 0, 3),
        (date(2023, 3, 1), 0, 1, 2),
    ]
    weekly = stats.growth(s, party="ak-zhol", period="week", start=date(2023, 3, 1))
    assert [(p.start, p.joins, p.leaves, p.members) for p in weekly] == [
        (date(2023, 3, 6), 1, 1, 1)
    ]


def test_members_by_region_over_days_equals_one_query_per_day(world: Any) -> None:
    """The region series read at once equals members_by_region on each day, in any order."""
    _history(world)
    s = world.session
    days = [
        date(2023, 3, 2),
        date(2022, 9, 30),
        date(2022, 10, 1),
        date(2023, 1, 5),
        date(2023, 1, 20),
        date(2024, 1, 1),
    ]
    series = stats.members_by_region_on(s, party="amanat", days=days)
    assert series == {"KZ-71": [1, 0, 1, 1, 2, 1], "KZ-75": [1, 0, 0, 1, 1, 1]}
    for i, day in enumerate(days):
        expected = dict(stats.members_by_region(s, party="amanat", on=day))
        assert {code: values[i] for code, values in series.items() if values[i]} == expected
    assert stats.members_by_region_on(s, party="amanat", days=[]) == {}
    with pytest.raises(NotFoundError, match="no party 'nobody'"):
        stats.members_by_region_on(s, party="nobody", days=days)
