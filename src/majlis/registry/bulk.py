"""Bulk import of a party's membership roll from CSV: streamed, validated, one transaction.

The file is read line by line (never whole) in chunks and validated row by row: the IIN, the
names, the region (in force on the joining date), the joining date, citizenship and barred
categories, duplicates within the file, and people already in a party (looked up once for
the whole file before the load; on PostgreSQL only if a sample of the first IINs finds
anybody registered, the unique key of people catching the others, see
:func:`import_members`). Whole columns are checked at once with NumPy; every flagged row is
re-checked by the exact row validator, which writes the message. Valid rows are written in
chunks with bulk inserts (``COPY`` on PostgreSQL, one ``INSERT ... SELECT`` per table and
chunk on SQLite), run by a background thread while the next chunk is prepared, inside the
caller's transaction, each as an ``admitted`` event chained into the ledger plus a row of
the current roll; on PostgreSQL a large import loads the ledger without its foreign key to
people (the largest also without the secondary indexes) and re-adds and validates them
before returning (see :mod:`majlis.registry._bulk_schema`). Any invalid row makes
:func:`import_members` raise once the whole file was checked, so the caller rolls everything
back; with ``skip_invalid`` the valid rows stay. Every problem is written to a CSV report
(row, field, problem).
"""

from __future__ import annotations

import csv
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy.orm import Session

from majlis import csvsafe
from majlis.errors import InputError, Location, NationalIdError
from majlis.registry import _convert
from majlis.registry._bulk_write import ChunkWriter, Registered, Reject, registered_after_all
from majlis.registry._columnar import Columns, vector_check
from majlis.registry._lookup import party_row
from majlis.registry._read_ahead import Chunk, chunks
from majlis.registry.iin import parse_iin
from majlis.registry.intake import suspension_on
from majlis.registry.model import BarredCategory
from majlis.registry.party_law import membership_law_on
from majlis.registry.person_rules import birth_date_problem, name_problem, under_age_problem
from majlis.registry.regions import Region, all_regions
from majlis.registry.rules import BARRED_LABELS, party_intake_refusal

__all__ = ["ImportReport", "Reject", "RowValidator", "import_members"]

#: Columns every roll must have; ``joined_on``, ``citizenship`` and ``barred`` are optional.
REQUIRED = ("iin", "family_name", "given_name", "region")


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: rows read, members imported, rows rejected (and where listed)."""

    source: str
    party: str
    rows: int
    imported: int
    rejected: int
    rejects_file: Path | None


class RowValidator:
    """The exact, row-by-row check of one CSV record (the reference for the fast path)."""

    def __init__(self, header: Sequence[str], on: date) -> None:
        self.col = {name: i for i, name in enumerate(header)}
        self.width = len(header)
        self.on = on
        self.regions: dict[str, Region] = {r.code: r for r in all_regions()}
        self.today = datetime.now(UTC).date()

    def _get(self, record: Sequence[str], name: str) -> str:
        index = self.col.get(name)
        return record[index].strip() if index is not None else ""

    def values(self, record: Sequence[str]) -> tuple[str, str, str, str, str, str, str]:
        """The columns of a valid record: iin, names, region, joined, birth date, sex."""
        iin = parse_iin(self._get(record, "iin"))
        joined = self._get(record, "joined_on") or self.on.isoformat()
        return (
            iin.value,
            self._get(record, "family_name"),
            self._get(record, "given_name"),
            self._get(record, "region"),
            date.fromisoformat(joined).isoformat(),
            iin.birth_date.isoformat(),
            iin.sex,
        )

    def check(self, record: Sequence[str], row: int) -> Reject | None:
        """Return what is wrong with ``record`` (None = valid), duplicates aside."""
        if len(record) != self.width:
            return Reject(row, "*", f"expected {self.width} fields, got {len(record)}")
        try:
            iin = parse_iin(self._get(record, "iin"))
        except NationalIdError as exc:
            return Reject(row, "iin", exc.message)
        future = birth_date_problem(iin.birth_date, self.today)
        if future is not None:
            return Reject(row, "iin", f"IIN {iin.value!r}: {future} (today)")
        for field in ("family_name", "given_name"):
            name = self._get(record, field)
            if not name:
                return Reject(row, field, f"{field} must not be empty")
            problem = name_problem(name)
            if problem is not None:
                return Reject(row, field, f"{field} {problem}; got {name!r}")
        joined = self.on
        text = self._get(record, "joined_on")
        if text:
            try:
                joined = date.fromisoformat(text)
            except ValueError:
                return Reject(row, "joined_on", f"must be a date YYYY-MM-DD. Got {text!r} instead")
            if len(text) != 10:
                return Reject(row, "joined_on", f"must be a date YYYY-MM-DD. Got {text!r} instead")
            if joined > self.on:
                return Reject(row, "joined_on", f"{joined} is after the import date {self.on}")
        law = membership_law_on(joined)
        young = under_age_problem(
            iin.birth_date,
            joined,
            minimum=law.min_member_age,
            citation=law.min_member_age_citation,
        )
        if young is not None:
            return Reject(row, "iin", f"IIN {iin.value!r}: {young}")
        code = self._get(record, "region")
        region = self.regions.get(code)
        if region is None:
            return Reject(row, "region", f"unknown region code {code!r}")
        if not region.in_force(joined):
            return Reject(row, "region", f"region {code} ({region.name}) did not exist on {joined}")
        citizenship = self._get(record, "citizenship").upper() or "KZ"
        if citizenship != "KZ":
            return Reject(
                row, "citizenship", f"only citizens of Kazakhstan may join; got {citizenship!r}"
            )
        barred = self._get(record, "barred")
        if barred:
            try:
                label = BARRED_LABELS[BarredCategory(barred)]
            except ValueError:
                valid = ", ".join(c.value for c in BarredCategory)
                return Reject(
                    row, "barred", f"must be empty or one of {valid}. Got {barred!r} instead"
                )
            return Reject(
                row, "barred", f"{label} may not be a party member (Constitution art. 23(2))"
            )
        return None


class _Import:
    """The state of one import: validators, writer, rejects report and counters."""

    def __init__(
        self,
        validator: RowValidator,
        writer: ChunkWriter,
        report: csv.DictWriter[str],
        skip_invalid: bool,
    ) -> None:
        self.validator, self.writer, self.report = validator, writer, report
        self.skip_invalid = skip_invalid
        self.seen: dict[int, int] = {}
        self.shown: list[Reject] = []
        self.rows = self.imported = self.rejected = 0
        self.position = 0  # bytes of the file read so far

    def note(self, problems: Sequence[Reject]) -> None:
        for problem in problems:
            self.report.writerow(
                {"row": problem.row, "field": problem.field, "problem": problem.problem}
            )
            if len(self.shown) < 10:
                self.shown.append(problem)
        self.rejected += len(problems)

    def columns(self, records: list[list[str]], first_row: int) -> tuple[Columns, list[int]]:
        """The column check of a chunk (run ahead by the reader thread)."""
        return vector_check(
            records,
            first_row=first_row,
            col=self.validator.col,
            on=self.validator.on,
            regions=self.validator.regions,
            today=self.validator.today,
        )

    def chunk(self, chunk: Chunk) -> None:
        records, first_row, valid = chunk.records, chunk.first_row, chunk.valid
        self.rows += len(records)
        suspects = chunk.suspects
        problems = []
        for index in suspects:
            problem = self.validator.check(records[index], first_row + index)
            if problem is None:  # the exact validator is the reference: accept the row
                valid.add(first_row + index, self.validator.values(records[index]))
            else:
                problems.append(problem)
        seen = self.seen
        for row, iin in zip(valid.rows, valid.iin, strict=True):
            key = int(iin)
            first = seen.get(key)
            if first is None:
                seen[key] = row
            else:
                problems.append(
                    Reject(
                        row, "iin", f"IIN {iin} appears twice in the file (first on row {first})"
                    )
                )
        if problems:
            valid = valid.without({p.row for p in problems})
        database = self.writer.check(valid)
        if database:
            valid = valid.without({p.row for p in database})
        self.note(sorted(problems + database, key=lambda p: p.row))
        if self.skip_invalid or not self.rejected:
            self.imported += self.writer.write(valid)


def _count_rows(path: Path) -> int:
    """The number of data lines in ``path`` (lines minus the header), read in 1 MiB blocks."""
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return max(0, lines + (last != b"\n") - 1)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk import, and restore it after.

    An import allocates millions of short-lived lists and tuples, which reference counting
    frees; each allocation burst would otherwise start a collection that walks every object
    of the process, about a tenth of a SQLite import's time. The pause is process-wide: cycles
    made meanwhile (by any thread) are collected once it ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _column(source: Path, index: int) -> Iterator[str]:
    """One column of every data row of ``source`` (stripped; short rows skipped).

    Undecodable bytes are replaced here: the reading pass that follows reports them.
    """
    with source.open(newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for record in reader:
            if len(record) > index:
                yield record[index].strip()


@dataclass(frozen=True, slots=True)
class _Options:
    """What one attempt of an import needs besides the session."""

    source: Path
    party: str
    party_id: int
    on: date
    entered_by: str
    skip_invalid: bool
    rejects_file: Path | None
    progress: Callable[[int], None]  # told the bytes read since its last call
    chunk_size: int
    defer_fraction: float
    defer_keys_fraction: float
    defer_min_rows: int


def import_members(
    session: Session,
    *,
    source: Path,
    party: str,
    on: date,
    entered_by: str,
    skip_invalid: bool = False,
    rejects_file: Path | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_size: int = 20_000,
    defer_fraction: float = 1.0,
    defer_keys_fraction: float = 0.25,
    defer_min_rows: int = 10_000,
) -> ImportReport:
    """Import the roll in ``source`` as members of ``party`` (admitted on ``joined_on``).

    CSV columns: ``iin, family_name, given_name, region`` and optionally ``joined_on``
    (default ``on``), ``citizenship`` (default KZ), ``barred`` (a barred category or empty).

    Raises:
        InputError: the header lacks a required column, or (without ``skip_invalid``) any
            row is invalid — the message shows the first problems (row, field, problem) and
            names the report with all of them; the caller's rollback leaves nothing imported.
        RuleViolation: the party admits nobody on ``on`` (ended, suspended, intake suspended).
        IntegrityError: (large imports on PostgreSQL) a foreign key of the ledger does not
            validate; the caller's rollback leaves nothing imported.

    ``progress`` is called with the number of bytes read since its last call; if the import
    starts again (see below), it is called once with minus what it was told so far.

    On PostgreSQL, when none of the roll's first IINs is registered, the import takes
    everybody as new without looking the whole roll up (see
    :meth:`~majlis.registry._bulk_write.ChunkWriter.prefetch`), inside a savepoint; if the
    unique key of people then refuses somebody registered after all, it rolls back to the
    savepoint and imports again with the look-up.

    On PostgreSQL a large import — at least ``defer_min_rows`` rows and at least
    ``defer_keys_fraction`` of the events already in the ledger — drops the ledger's foreign key
    to people for the load; one of at least ``defer_fraction`` also drops the secondary indexes
    of the ledger. Both are recreated (the key with ``NOT VALID`` + ``VALIDATE CONSTRAINT``, one
    set-based check) in the caller's transaction, so a failure rolls the schema back with the
    rows.
    Lock: on PostgreSQL this holds ``ACCESS EXCLUSIVE`` on ``membership_event`` and ``person``
    until commit or rollback: readers of people and the ledger wait for the import (see
    :mod:`majlis.registry._bulk_schema`). Smaller imports keep every key and index in place
    and only keep other writers of people out.
    """
    target = party_row(session, party)
    refusal = party_intake_refusal(
        party=_convert.party(target), suspension=suspension_on(session, target.id, on), on=on
    )
    if refusal is not None:
        raise refusal
    told = 0

    def tell(read: int) -> None:
        nonlocal told
        told += read
        if progress is not None:
            progress(read)

    options = _Options(
        source=source,
        party=party,
        party_id=target.id,
        on=on,
        entered_by=entered_by,
        skip_invalid=skip_invalid,
        rejects_file=rejects_file,
        progress=tell,
        chunk_size=chunk_size,
        defer_fraction=defer_fraction,
        defer_keys_fraction=defer_keys_fraction,
        defer_min_rows=defer_min_rows,
    )
    if session.connection().dialect.name == "postgresql":
        try:
            with session.begin_nested():
                return _import(session, options, optimistic=True)
        except Registered:
            if progress is not None and told:
                progress(-told)  # the import starts again from the first byte
    return _import(session, options, optimistic=False)


def _import(session: Session, options: _Options, *, optimistic: bool) -> ImportReport:
    """One pass over the file: check, write and report (see :func:`import_members`)."""
    source, tell = options.source, options.progress
    with _collector_paused(), source.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = [h.strip().lower().lstrip("\ufeff") for h in next(reader, [])]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise InputError.expected(
                what="the header",
                expected="a row naming the columns " + ", ".join(REQUIRED),
                got=",".join(header),
                location=Location(source.name, 1),
            )
        writer = ChunkWriter(
            session,
            party_id=options.party_id,
            party_slug=options.party,
            reason=f"imported from {source.name}",
            entered_by=options.entered_by,
            entered_at=datetime.now(UTC),
            expected_rows=_count_rows(source),
            defer_fraction=options.defer_fraction,
            defer_keys_fraction=options.defer_keys_fraction,
            defer_min_rows=options.defer_min_rows,
        )
        try:
            state, rejects_path = _load(writer, reader, handle, header, options, optimistic)
        except BaseException as exc:
            writer.abandon()  # the copier's thread lets go of the connection first
            if writer.optimistic and registered_after_all(exc):
                raise Registered(f"{source.name}: a person in the roll is registered") from exc
            raise
        tell(source.stat().st_size - state.position)
    if state.rejected and not options.skip_invalid:
        writer.restore_schema()  # even if the caller commits after all, no key stays dropped
        listed = "; ".join(str(r) for r in state.shown)
        more = "; ..." if state.rejected > len(state.shown) else ""
        raise InputError(
            f"{state.rejected:,} of {state.rows:,} rows are invalid, so nothing was imported: "
            f"{listed}{more} (every problem is listed in {rejects_path})",
            location=Location(source.name),
        )
    writer.finish(session)
    if not state.rejected:
        rejects_path.unlink()
    return ImportReport(
        source=str(source),
        party=options.party,
        rows=state.rows,
        imported=state.imported,
        rejected=state.rejected,
        rejects_file=rejects_path if state.rejected else None,
    )


def _load(
    writer: ChunkWriter,
    reader: Iterator[list[str]],
    handle: TextIO,
    header: list[str],
    options: _Options,
    optimistic: bool,
) -> tuple[_Import, Path]:
    """Look the roll's people up, then check and write every chunk; drain the writes."""
    source, tell = options.source, options.progress
    column = header.index("iin")
    writer.prefetch(lambda: _column(source, column), optimistic=optimistic)
    rejects_path = options.rejects_file or source.with_name(source.name + ".rejects.csv")
    with rejects_path.open("w", newline="", encoding="utf-8") as out:
        report = csvsafe.DictWriter(out, ["row", "field", "problem"])
        report.writeheader()
        state = _Import(RowValidator(header, options.on), writer, report, options.skip_invalid)
        size = options.chunk_size
        # the database waits for the first chunk only: make it small
        read = chunks(
            reader, handle, size=size, check=state.columns, ahead=2, first=max(1, size // 8)
        )
        with closing(read):
            for chunk in read:
                state.chunk(chunk)
                tell(chunk.position - state.position)
                state.position = chunk.position
        writer.drain()
    return state, rejects_path
