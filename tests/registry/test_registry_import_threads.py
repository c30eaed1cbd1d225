"""The threads of the roll import: inline where SQLite wants it, stopped after a failed load."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from majlis import registry, store
from majlis.registry.bulk import import_members


def test_an_in_memory_sqlite_database_is_loaded_in_the_callers_thread(tmp_path: Path) -> None:
    """sqlite3 refuses other threads on a ``:memory:`` connection: the load stays inline."""
    engine = store.make_engine("sqlite://")
    store.upgrade(engine)
    with store.session_factory(engine)() as session:
        registry.create_party(
            session, slug="a", name="A", initiated_on=date(2022, 9, 1), entered_by="t"
        )
        session.commit()
        born = [date.fromordinal(date(1990, 1, 1).toordinal() + day) for day in range(40)]
        iins = [i for i in (registry.make_iin(day, "F", 7) for day in born) if i is not None]
        path = tmp_path / "roll.csv"
        lines = [f"{iin},F,G,KZ-71" for iin in iins]
        path.write_text("iin,family_name,given_name,region\n" + "\n".join(lines) + "\n")
        report = import_members(
            session, source=path, party="a", on=date(2024, 1, 1), entered_by="t", chunk_size=7
        )
        session.commit()
        assert report.imported == len(iins)
        assert registry.verify_ledger(session).events == len(iins)
    engine.dispose()


def test_a_failed_load_raises_and_leaves_nothing(world: Any, tmp_path: Path) -> None:
    """A row the database refuses mid-import (here a clash on the current roll) stops it all."""
    session = world.session
    events = registry.verify_ledger(session).events
    top = session.execute(text("SELECT MAX(id) FROM person")).scalar_one()
    session.execute(  # the roll row of the person the import will create third
        text(
            "INSERT INTO current_membership (person_id, party_id, region_code, since, event_seq) "
            "VALUES (:pid, 2, 'KZ-71', '2023-01-01', 1)"
        ),
        {"pid": top + 3},
    )
    path = tmp_path / "roll.csv"
    born = [date.fromordinal(date(1990, 1, 1).toordinal() + day) for day in range(300)]
    iins = [i for i in (registry.make_iin(day, "F", 7) for day in born) if i is not None]
    lines = [f"{iin},F,G,KZ-71,2023-01-05" for iin in iins[:250]]
    path.write_text("iin,family_name,given_name,region,joined_on\n" + "\n".join(lines) + "\n")
    with pytest.raises(Exception, match="current_membership") as caught:
        import_members(
            session, source=path, party="amanat", on=date(2023, 2, 1), entered_by="t", chunk_size=99
        )
    assert type(caught.value).__name__ in {"IntegrityError", "UniqueViolation"}
    assert not any(t.name == "majlis-copy" for t in threading.enumerate())
    session.rollback()
    assert session.execute(text("SELECT MAX(id) FROM person")).scalar_one() == top
    assert registry.verify_ledger(session).events == events
