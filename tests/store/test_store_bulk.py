"""The roll load of the store: rows in as the rules say, the head moved, nothing left behind."""

from __future__ import annotations

import csv
import hashlib
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from majlis.store.bulk import (
    Admission,
    KnownPerson,
    LoadTuning,
    RollChunk,
    RollColumns,
    load_roll,
)
from majlis.store.bulk._pack import Fixed, insert_statement, packed
from majlis.store.registry_rows import PartyRow

MOMENT = datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


class _Rules:
    """Rules that load every row with a 12-character IIN and refuse the stored."""

    iin_column = 0

    def __init__(self) -> None:
        self.refused: list[int] = []
        self.known_sizes: list[int] = []

    def columns(self, records: list[list[str]], first_row: int) -> tuple[RollColumns, list[int]]:
        valid = RollColumns([], [], [], [], [], [], [], [])
        suspects = []
        for index, (iin, region) in enumerate(records):
            if len(iin) == 12:
                row = (iin, "Family", "Given", region, "2023-05-01", "1990-01-01", "F")
                valid.add(first_row + index, row)
            else:
                suspects.append(index)
        return valid, suspects

    def screen(self, chunk: RollChunk, known: Mapping[str, KnownPerson]) -> RollColumns | None:
        self.known_sizes.append(len(known))
        stored = {
            row for row, iin in zip(chunk.valid.rows, chunk.valid.iin, strict=True) if iin in known
        }
        self.refused += sorted(stored) + [chunk.first_row + i for i in chunk.suspects]
        return chunk.valid.without(stored)

    def hashes(
        self, prev_hash: str, first_seq: int, person_ids: Sequence[int], days: Sequence[str]
    ) -> list[str]:
        hashes = []
        for seq, (pid, day) in enumerate(zip(person_ids, days, strict=True), first_seq):
            prev_hash = hashlib.sha256(f"{prev_hash}|{seq}|{pid}|{day}".encode()).hexdigest()
            hashes.append(prev_hash)
        return hashes


def _party(session: Session) -> int:
    row = PartyRow(
        slug="p", name="P", kind="party", status="registered", created_at=MOMENT
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row.id


def _admission(party_id: int) -> Admission:
    return Admission(
        party_id=party_id, kind="admitted", reason="test", entered_by="t", entered_at=MOMENT,
        id_scheme="kz-iin", citizenship="KZ",
    )  # fmt: skip


def _roll(path: Path, iins: Sequence[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["iin", "region"])
        writer.writerows([iin, "KZ-71" if n % 3 else "KZ-75"] for n, iin in enumerate(iins))
    return path


@contextmanager
def _rules(header: list[str]) -> Iterator[_Rules]:
    assert header == ["iin", "region"]
    yield _Rules()


def test_a_roll_loads_as_the_rules_say_and_moves_the_head(session: Session, tmp_path: Path) -> None:
    """Accepted rows become people, events and the roll; the stored are handed to the rules."""
    party = _party(session)
    iins = [f"{n:012d}" for n in range(1, 41)]
    first = _roll(tmp_path / "a.csv", [*iins[:30], "short"])
    tuning = LoadTuning(chunk_size=8)
    told: list[int] = []
    loaded = load_roll(
        session, source=first, admission=_admission(party), rules=_rules, tuning=tuning,
        progress=told.append,
    )  # fmt: skip
    assert (loaded.loaded, loaded.rules.refused) == (30, [32])
    assert loaded.by_region == {"KZ-71": 20, "KZ-75": 10}
    assert sum(told) == first.stat().st_size
    second = _roll(tmp_path / "b.csv", iins[25:])  # five stored, ten new
    again = load_roll(
        session, source=second, admission=_admission(party), rules=_rules, tuning=tuning
    )
    assert (again.loaded, again.rules.refused) == (10, [2, 3, 4, 5, 6])
    assert max(again.rules.known_sizes) == 5
    head = session.execute(text("SELECT seq FROM ledger_head WHERE id = 1")).scalar_one()
    assert head == 40
    counted = session.execute(
        text(
            "SELECT count(*), count(DISTINCT p.id), min(e.seq), max(e.seq) FROM person p "
            "JOIN membership_event e ON e.person_id = p.id "
            "JOIN current_membership c ON c.event_seq = e.seq"
        )
    ).one()
    assert tuple(counted) == (40, 40, 1, 40)
    assert not any(t.name.startswith("majlis-") for t in threading.enumerate())


def test_a_refused_header_changes_nothing(session: Session, tmp_path: Path) -> None:
    """Rules that refuse the header stop the load before anything is locked or written."""
    party = _party(session)

    @contextmanager
    def refusing(header: list[str]) -> Iterator[_Rules]:
        raise ValueError(f"no {header}")
        yield _Rules()  # pragma: no cover - never reached

    path = _roll(tmp_path / "a.csv", ["000000000001"])
    with pytest.raises(ValueError, match="no"):
        load_roll(session, source=path, admission=_admission(party), rules=refusing)
    assert session.execute(text("SELECT count(*) FROM person")).scalar_one() == 0


def test_a_fixed_width_column_refuses_other_widths() -> None:
    """The SQLite load cuts fixed-width columns by position: a stray width must not pass."""
    assert packed(Fixed(["2023-01-05", "2023-11-30"], 10)) == b"2023-01-052023-11-30"
    with pytest.raises(ValueError, match="fixed width 10"):
        packed(Fixed(["2023-01-05", "2023-1-5"], 10))


@pytest.mark.parametrize("with_text", [True, False])
def test_one_statement_unpacks_every_row(with_text: bool) -> None:
    """SQLite's one statement per chunk gives back every row as given, text or none."""
    names = ['Ана, "Ә"', "O'Neil", "b"]
    columns = {
        "id": range(7, 10),
        "day": Fixed(["2023-01-05", "2023-11-30", "1999-12-31"], 10),
        **({"name": names} if with_text else {}),
    }
    statement, parameters = insert_statement("t", columns)
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (id INTEGER, day TEXT, name TEXT)")
    connection.execute(statement, parameters)
    rows = connection.execute("SELECT id, day, name FROM t ORDER BY id").fetchall()
    expected_names = names if with_text else [None] * 3
    assert rows == list(
        zip(range(7, 10), ["2023-01-05", "2023-11-30", "1999-12-31"], expected_names, strict=True)
    )
    connection.close()
