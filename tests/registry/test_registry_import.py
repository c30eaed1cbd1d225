"""Bulk import of a roll: all-or-nothing, --skip-invalid, every check, on both databases."""

from __future__ import annotations

import csv
import gc
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from hypothesis import strategies as st
from sqlalchemy import text

from majlis import registry
from majlis.errors import InputError, IntakeSuspended
from majlis.registry.bulk import import_members
from majlis.registry.ledger import admission_hashes
from majlis.store.bulk import _people

HEADER = ["iin", "family_name", "given_name", "region", "joined_on"]


def write_roll(path: Path, rows: list[list[str]]) -> Path:
    """Write a roll CSV with the standard header."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def valid_rows(count: int, start: int = 0) -> list[list[str]]:
    """``count`` valid members born on distinct days of the 1990s, in Astana or Almaty."""
    rows: list[list[str]] = []
    day = start
    while len(rows) < count:
        iin = registry.make_iin(
            date(1990, 1, 1).fromordinal(date(1990, 1, 1).toordinal() + day), "M", 7
        )
        day += 1
        if iin is not None:
            rows.append([iin, "Family", "Given", "KZ-71" if day % 2 else "KZ-75", "2023-01-05"])
    return rows


def test_clean_file_is_imported_and_chained(world: Any, tmp_path: Path) -> None:
    """Every row of a clean file becomes a member; the ledger still verifies."""
    path = write_roll(tmp_path / "roll.csv", valid_rows(250))
    report = import_members(
        world.session,
        source=path,
        party="amanat",
        on=date(2023, 2, 1),
        entered_by="import",
        chunk_size=100,
    )
    world.session.commit()
    assert (report.rows, report.imported, report.rejected) == (250, 250, 0)
    assert report.rejects_file is None
    roll = registry.current_roll(world.session)
    assert sum(1 for m in roll.values() if m.party_id == 1) == 251  # + the founder
    assert registry.verify_ledger(world.session).events == 6 + 250
    # the ORM path still appends after a bulk import
    assert registry.join(
        world.session,
        national_id=world.people[0],
        party="ak-zhol",
        on=date(2023, 3, 1),
        entered_by="t",
    ).admitted
    world.session.commit()
    registry.verify_ledger(world.session)


def test_any_error_rejects_the_whole_file(world: Any, tmp_path: Path) -> None:
    """Bad IIN, duplicate, unknown region, a member of another party, a judge: nothing imported."""
    s = world.session
    registry.join(
        s, national_id=world.people[0], party="ak-zhol", on=date(2023, 1, 2), entered_by="t"
    )
    registry.set_barred_category(s, world.people[1], registry.BarredCategory.JUDGE)
    s.commit()
    rows = valid_rows(30)
    rows[3][0] = "000101500002"
    rows[5][0] = rows[4][0]
    rows[7][3] = "KZ-99"
    rows[8][3] = "KZ-10"
    rows[8][4] = "2021-05-05"
    rows.append([world.people[0], "F", "G", "KZ-71", "2023-01-05"])
    rows.append([world.people[1], "F", "G", "KZ-71", "2023-01-05"])
    path = write_roll(tmp_path / "party.csv", rows)
    before = registry.verify_ledger(s).events
    with pytest.raises(InputError) as caught:
        import_members(
            s, source=path, party="amanat", on=date(2023, 2, 1), entered_by="i", chunk_size=10
        )
    s.rollback()
    message = str(caught.value)
    assert message.startswith("party.csv: 6 of 32 rows are invalid, so nothing was imported")
    assert "row 5, field 'iin': IIN '000101500002': the check digit (12th) must be 1" in message
    assert "row 7, field 'iin': IIN" in message
    assert "appears twice in the file (first on row 6)" in message
    with (tmp_path / "party.csv.rejects.csv").open() as handle:
        report = list(csv.DictReader(handle))
    assert [(r["row"], r["field"]) for r in report] == [
        ("5", "iin"),
        ("7", "iin"),
        ("9", "region"),
        ("10", "region"),
        ("32", "iin"),
        ("33", "iin"),
    ]
    assert "did not exist on 2021-05-05" in report[3]["problem"]
    assert "already an active member of party 'ak-zhol'" in report[4]["problem"]
    assert "a judge" in report[5]["problem"]
    assert registry.verify_ledger(s).events == before


def test_skip_invalid_keeps_valid_rows(world: Any, tmp_path: Path) -> None:
    """With skip_invalid the valid rows are imported and the rejects written to the file."""
    rows = valid_rows(20)
    rows[2][0] = "000101700004"
    path = write_roll(tmp_path / "party.csv", rows)
    report = import_members(
        world.session,
        source=path,
        party="amanat",
        on=date(2023, 2, 1),
        entered_by="i",
        skip_invalid=True,
        rejects_file=tmp_path / "rejects.csv",
    )
    world.session.commit()
    assert (report.imported, report.rejected) == (19, 1)
    assert "century-and-sex digit" in (tmp_path / "rejects.csv").read_text()
    registry.verify_ledger(world.session)


def test_suspended_intake_refuses_the_import(world: Any, tmp_path: Path) -> None:
    """A roll cannot be imported while the party's intake is suspended."""
    registry.suspend_intake(
        world.session, party="amanat", reason="audit", decided_on=date(2023, 1, 1), entered_by="t"
    )
    path = write_roll(tmp_path / "p.csv", valid_rows(3))
    with pytest.raises(IntakeSuspended, match="audit"):
        import_members(
            world.session, source=path, party="amanat", on=date(2023, 2, 1), entered_by="i"
        )


def test_missing_column_names_the_header(world: Any, tmp_path: Path) -> None:
    """A header without the region column is refused naming row 1 and the columns needed."""
    path = tmp_path / "p.csv"
    path.write_text("iin,family_name,given_name\n000101500001,A,B\n")
    with pytest.raises(InputError, match=r"p\.csv, row 1: the header must be a row naming"):
        import_members(
            world.session, source=path, party="amanat", on=date(2023, 2, 1), entered_by="i"
        )


def test_the_collector_is_paused_only_during_the_import(world: Any, tmp_path: Path) -> None:
    """The garbage collector is back as it was after an import, a failed one included."""
    good = write_roll(tmp_path / "good.csv", valid_rows(30))
    bad = write_roll(tmp_path / "bad.csv", [["000101500002", "F", "G", "KZ-71", "2023-01-05"]])
    seen: list[bool] = []
    assert gc.isenabled()
    import_members(
        world.session, source=good, party="amanat", on=date(2023, 2, 1), entered_by="t",
        progress=lambda _n: seen.append(gc.isenabled()),
    )  # fmt: skip
    assert seen
    assert not any(seen)
    assert gc.isenabled()
    with pytest.raises(InputError):
        import_members(
            world.session, source=bad, party="ak-zhol", on=date(2023, 2, 1), entered_by="t"
        )
    assert gc.isenabled()
    world.session.rollback()
    gc.disable()
    try:
        import_members(
            world.session, source=good, party="amanat", on=date(2023, 2, 1), entered_by="t"
        )
        assert not gc.isenabled()
    finally:
        gc.enable()
    world.session.rollback()


def test_registered_people_are_found_and_reused(world: Any, tmp_path: Path) -> None:
    """People already registered are admitted as themselves, or refused for what they are."""
    s = world.session
    free, member = world.people[2], world.people[3]
    registry.join(s, national_id=member, party="amanat", on=date(2023, 1, 2), entered_by="t")
    foreigner = registry.make_iin(date(1985, 6, 1), "M", 11)
    assert foreigner is not None
    registry.register_person(
        s, national_id=foreigner, family_name="F", given_name="G", citizenship="RU"
    )
    s.commit()
    before = registry.find_person(s, free)
    assert before is not None
    rows = [*valid_rows(5), [free, "Other", "Name", "KZ-71", "2023-01-05"]]
    rows += [[member, "F", "G", "KZ-71", "2023-01-05"], [foreigner, "F", "G", "KZ-71", ""]]
    report = import_members(
        s, source=write_roll(tmp_path / "r.csv", rows), party="amanat", on=date(2023, 2, 1),
        entered_by="i", skip_invalid=True, rejects_file=tmp_path / "rejects.csv",
    )  # fmt: skip
    s.commit()
    assert (report.imported, report.rejected) == (6, 2)
    problems = (tmp_path / "rejects.csv").read_text()
    assert f"IIN {member} is already a member of 'amanat'" in problems
    assert f"IIN {foreigner} is registered as a citizen of RU" in problems
    again = registry.find_person(s, free)
    assert again is not None
    assert again.id == before.id  # the same person, not a second one with the same IIN
    assert registry.current_roll(s)[before.id].party_id == 1
    registry.verify_ledger(s)


def test_names_with_commas_quotes_and_cyrillic_come_back_as_written(
    world: Any, tmp_path: Path
) -> None:
    """The CSV written for the load quotes what needs quoting; every name is stored verbatim."""
    names = [
        ("Әбілқайырұлы", "Нұрсұлтан"),
        ('O"Brien, Jr', "Anne-Marie"),
        ("Smith,", '"Quoted"'),
        ("Back\\slash", "Apostrophe'inside"),
        ("Emoji 🙂", '[1, {"json": null}]'),
    ]
    rows = valid_rows(len(names))
    for row, (family, given) in zip(rows, names, strict=True):
        row[1], row[2] = family, given
    import_members(
        world.session, source=write_roll(tmp_path / "r.csv", rows), party="amanat",
        on=date(2023, 2, 1), entered_by="i",
    )  # fmt: skip
    world.session.commit()
    for row, (family, given) in zip(rows, names, strict=True):
        person = registry.find_person(world.session, row[0])
        assert person is not None
        assert (person.family_name, person.given_name) == (family, given)


def test_imported_rows_are_stored_as_the_one_by_one_path_stores_them(
    world: Any, tmp_path: Path
) -> None:
    """Each column's stored type is the same after a bulk import as after ``join``.

    SQLite's load unpacks a chunk from JSON and blobs: a value stored as a blob or as text
    where the other path stores a number would compare unequal to it in every later query.
    """
    s = world.session
    newcomer = next(i for n in range(9) if (i := registry.make_iin(date(1970, 3, 3), "F", n)))
    registry.register_person(
        s, national_id=newcomer, family_name="N", given_name="N", region_code="KZ-71"
    )
    registry.join(s, national_id=newcomer, party="ak-zhol", on=date(2023, 1, 9), entered_by="t")
    s.commit()
    rows = valid_rows(3)
    import_members(
        s, source=write_roll(tmp_path / "r.csv", rows), party="amanat", on=date(2023, 2, 1),
        entered_by="i",
    )  # fmt: skip
    s.commit()
    columns = {
        "person": "id, id_scheme, national_id, family_name, given_name, birth_date, sex, "
        "citizenship, region_code, created_at",
        "membership_event": "seq, person_id, party_id, kind, occurred_on, reason, founder, "
        "entered_by, entered_at, hash",
        "current_membership": "person_id, party_id, region_code, since, event_seq",
    }
    person = "(SELECT id FROM person WHERE national_id = :iin)"
    where = {
        "person": f"id = {person}",
        "membership_event": f"person_id = {person} AND kind = 'admitted'",
        "current_membership": f"person_id = {person}",
    }
    postgres = s.connection().dialect.name == "postgresql"
    for table, names in columns.items():
        kinds = ", ".join(
            (f"pg_typeof({c})::text" if postgres else f"typeof({c})") for c in names.split(", ")
        )
        by_kind = {
            who: s.execute(
                text(f"SELECT {kinds} FROM {table} WHERE {where[table]}"),
                {"iin": iin},
            ).one()
            for who, iin in (("one by one", newcomer), ("bulk", rows[0][0]))
        }
        for bulk, single in zip(by_kind["bulk"], by_kind["one by one"], strict=True):
            assert bulk == single or "null" in (bulk, single), table  # e.g. no reason given
    assert registry.find_person(s, rows[1][0]) is not None
    registry.verify_ledger(s)


def test_region_codes_of_different_widths_in_one_chunk_come_back_as_written(
    world: Any, tmp_path: Path
) -> None:
    """A chunk mixing ``KZ-YUZ`` (retired in 2018) with ``KZ-71`` is not cut by a fixed width."""
    rows = valid_rows(6)
    for k, row in enumerate(rows):
        row[3], row[4] = ("KZ-YUZ", "2015-03-01") if k % 2 else ("KZ-71", "2019-03-01")
    import_members(
        world.session, source=write_roll(tmp_path / "r.csv", rows), party="amanat",
        on=date(2023, 2, 1), entered_by="i",
    )  # fmt: skip
    world.session.commit()
    for row in rows:
        person = registry.find_person(world.session, row[0])
        assert person is not None
        assert person.region_code == row[3]
        on_roll = world.session.execute(
            text("SELECT region_code FROM current_membership WHERE person_id = :id"),
            {"id": person.id},
        ).scalar_one()
        assert on_roll == row[3]
    registry.verify_ledger(world.session)


def _world_roll(world: Any, tmp_path: Path, tail: list[str]) -> Path:
    """20 new members, then the world's people ``tail`` (registered before the import)."""
    rows = valid_rows(20) + [[iin, "Old", "Timer", "KZ-71", "2023-01-05"] for iin in tail]
    return write_roll(tmp_path / "late.csv", rows)


def test_a_registered_person_after_the_sample_is_found_all_the_same(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Registered people beyond the probed sample are linked, not registered twice.

    On PostgreSQL the import first assumes everybody is new (the sample of the first IINs
    found nobody); the unique key of people refuses the registered person, and the import
    starts again from a savepoint, the look-up included (the progress goes back to zero).
    """
    monkeypatch.setattr(_people, "SAMPLE", 5)
    s = world.session
    people = s.execute(text("SELECT count(*) FROM person")).scalar_one()
    registered = registry.find_person(s, world.people[1])
    assert registered is not None
    told: list[int] = []
    report = import_members(
        s, source=_world_roll(world, tmp_path, [world.people[1]]), party="amanat",
        on=date(2023, 2, 1), entered_by="i", chunk_size=8, progress=told.append,
    )  # fmt: skip
    s.commit()
    assert (report.imported, report.rejected) == (21, 0)
    assert s.execute(text("SELECT count(*) FROM person")).scalar_one() == people + 20
    person, membership, slug = registry.active_membership(s, world.people[1])
    assert person.id == registered.id
    assert membership is not None
    assert (membership.person_id, slug) == (registered.id, "amanat")
    assert registry.verify_ledger(s).events == 6 + 21
    size = (tmp_path / "late.csv").stat().st_size
    if s.connection().dialect.name == "postgresql":
        restart = [n for n in told if n < 0]
        assert len(restart) == 1
        assert -restart[0] == sum(told[: told.index(restart[0])])
    assert sum(told) == size


def test_a_member_of_another_party_after_the_sample_is_refused_by_name(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The restarted import gives the same refusal as the look-up would have at once."""
    monkeypatch.setattr(_people, "SAMPLE", 5)
    s = world.session
    registry.join(
        s, national_id=world.people[0], party="ak-zhol", on=date(2023, 1, 2), entered_by="t"
    )
    s.commit()
    events = registry.verify_ledger(s).events
    report = import_members(
        s, source=_world_roll(world, tmp_path, [world.people[0]]), party="amanat",
        on=date(2023, 2, 1), entered_by="i", skip_invalid=True,
    )  # fmt: skip
    s.commit()
    assert (report.imported, report.rejected) == (20, 1)
    assert report.rejects_file is not None
    problems = report.rejects_file.read_text()
    assert "already an active member of party 'ak-zhol'" in problems
    assert registry.verify_ledger(s).events == events + 20


@hypothesis.settings(max_examples=50, deadline=None)
@hypothesis.given(
    reason=st.text(alphabet=st.sampled_from("a\\\x1f\x00é,\n"), max_size=6),
    entered_by=st.text(max_size=6),
    people=st.lists(st.integers(1, 10**9), min_size=0, max_size=5),
    first_seq=st.integers(1, 10**6),
)
def test_a_chunk_is_chained_as_event_by_event(
    reason: str, entered_by: str, people: list[int], first_seq: int
) -> None:
    """The import's hashes of a chunk are those of ``event_hash``, one event after another."""
    moment = datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
    days = [date(2023, 1, 1 + n % 28) for n in range(len(people))]
    chunk = admission_hashes(
        "f" * 64, first_seq, people, [d.isoformat() for d in days], party_id=3, reason=reason,
        entered_by=entered_by, entered_at=moment,
    )  # fmt: skip
    prev, one_by_one = "f" * 64, []
    for seq, (person, day) in enumerate(zip(people, days, strict=True), first_seq):
        prev = registry.event_hash(
            prev_hash=prev, seq=seq, person_id=person, party_id=3, kind="admitted",
            occurred_on=day, reason=reason, deciding_body=None, founder=False,
            entered_by=entered_by, entered_at=moment,
        )  # fmt: skip
        one_by_one.append(prev)
    assert chunk == one_by_one
