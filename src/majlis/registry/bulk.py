"""Bulk import of a party's membership roll from CSV: streamed, validated, one transaction.

The registry decides which rows become members; :func:`majlis.store.bulk.load_roll` moves
them into the database. Every row is checked: the IIN, the names, the region (in force on
the joining date), the joining date, the minimum age, citizenship and barred categories,
duplicates within the file, and people already stored (barred, not citizens, or active in a
party: one party per person). Whole columns are checked at once with NumPy
(:mod:`majlis.registry._columnar`); every flagged row is re-checked by the exact row
validator, which writes the message. Each accepted row becomes an ``admitted`` event chained
into the ledger (:func:`majlis.registry.ledger.admission_hashes`) plus a row of the current
roll, inside the caller's transaction. Any invalid row makes :func:`import_members` raise
once the whole file was checked, so the caller rolls everything back; with ``skip_invalid``
the valid rows stay. Every problem is written to a CSV report (row, field, problem).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from majlis import csvsafe
from majlis.errors import InputError, Location, NationalIdError
from majlis.registry import _convert, _counts
from majlis.registry._columnar import vector_check
from majlis.registry._lookup import party_row
from majlis.registry.iin import IIN_SCHEME, parse_iin
from majlis.registry.intake import suspension_on
from majlis.registry.ledger import admission_hashes
from majlis.registry.model import BarredCategory, EventKind
from majlis.registry.party_law import membership_law_on
from majlis.registry.person_rules import birth_date_problem, name_problem, under_age_problem
from majlis.registry.regions import Region, all_regions
from majlis.registry.rules import BARRED_LABELS, party_intake_refusal
from majlis.store.bulk import Admission, KnownPerson, LoadTuning, RollChunk, RollColumns, load_roll

__all__ = ["ImportReport", "Reject", "RowValidator", "import_members"]

#: Columns every roll must have; ``joined_on``, ``citizenship`` and ``barred`` are optional.
REQUIRED = ("iin", "family_name", "given_name", "region")


@dataclass(frozen=True, slots=True)
class Reject:
    """One rejected row: where, which field, what is wrong."""

    row: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, field '{self.field}': {self.problem}"


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


def stored_refusal(iin: str, person: KnownPerson, party: str) -> str | None:
    """Why the stored ``person`` may not join ``party`` by this import (None: they may)."""
    if person.party == party:
        return f"IIN {iin} is already a member of {party!r}"
    if person.party is not None:
        return (
            f"IIN {iin} is already an active member of party {person.party!r} "
            "(one party per person)"
        )
    if person.barred_category:
        label = BARRED_LABELS[BarredCategory(person.barred_category)]
        return f"IIN {iin} is registered as {label}; barred from party membership (art. 23(2))"
    if person.citizenship != "KZ":
        return (
            f"IIN {iin} is registered as a citizen of {person.citizenship}; only citizens may join"
        )
    return None


class _Import:
    """The rules of one pass over a roll (:class:`~majlis.store.bulk.RollRules`) and its tally.

    Problems go to the rejects report as they are found; once there is one, no further
    row is loaded unless ``skip_invalid``.
    """

    def __init__(
        self,
        validator: RowValidator,
        admission: Admission,
        party: str,
        report: csv.DictWriter[str],
        skip_invalid: bool,
    ) -> None:
        self.validator, self.admission, self.party = validator, admission, party
        self.report, self.skip_invalid = report, skip_invalid
        self.iin_column = validator.col["iin"]
        self.seen: dict[int, int] = {}
        self.shown: list[Reject] = []
        self.rows = self.rejected = 0

    def note(self, problems: Sequence[Reject]) -> None:
        for problem in problems:
            self.report.writerow(
                {"row": problem.row, "field": problem.field, "problem": problem.problem}
            )
            if len(self.shown) < 10:
                self.shown.append(problem)
        self.rejected += len(problems)

    def columns(self, records: list[list[str]], first_row: int) -> tuple[RollColumns, list[int]]:
        """The column check of a chunk (run ahead by the reader's thread)."""
        return vector_check(
            records,
            first_row=first_row,
            col=self.validator.col,
            on=self.validator.on,
            regions=self.validator.regions,
            today=self.validator.today,
        )

    def screen(self, chunk: RollChunk, known: Mapping[str, KnownPerson]) -> RollColumns | None:
        """The chunk's rows to load: suspects re-checked, duplicates and stored people refused."""
        records, first_row, valid = chunk.records, chunk.first_row, chunk.valid
        self.rows += len(records)
        problems = []
        for index in chunk.suspects:
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
        stored = self._stored(valid, known) if known else []
        if stored:
            valid = valid.without({p.row for p in stored})
        if problems or stored:
            self.note(sorted(problems + stored, key=lambda p: p.row))
        return valid if self.skip_invalid or not self.rejected else None

    def _stored(self, valid: RollColumns, known: Mapping[str, KnownPerson]) -> list[Reject]:
        """The rows whose people are stored and may not join (barred, members, not citizens)."""
        found = [(row, iin) for row, iin in zip(valid.rows, valid.iin, strict=True) if iin in known]
        refused = ((row, iin, stored_refusal(iin, known[iin], self.party)) for row, iin in found)
        return [Reject(row, "iin", problem) for row, iin, problem in refused if problem is not None]

    def hashes(
        self, prev_hash: str, first_seq: int, person_ids: Sequence[int], days: Sequence[str]
    ) -> list[str]:
        """The ledger hashes of the chunk's admissions."""
        admission = self.admission
        return admission_hashes(
            prev_hash,
            first_seq,
            person_ids,
            days,
            party_id=admission.party_id,
            reason=admission.reason,
            entered_by=admission.entered_by,
            entered_at=admission.entered_at,
        )


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
    starts again, it is called once with minus what it was told so far. ``chunk_size`` and
    the ``defer_*`` thresholds tune the load (:class:`majlis.store.bulk.LoadTuning`): on
    PostgreSQL a large import drops the ledger's foreign key to people (the largest also its
    secondary indexes) and validates them again before returning, holding ``ACCESS
    EXCLUSIVE`` on ``membership_event`` and ``person`` until commit or rollback, so readers
    of people and of the ledger wait; smaller imports only keep other writers of people out
    (see :func:`majlis.store.bulk.load_roll`).
    """
    target = party_row(session, party)
    refusal = party_intake_refusal(
        party=_convert.party(target), suspension=suspension_on(session, target.id, on), on=on
    )
    if refusal is not None:
        raise refusal
    admission = Admission(
        party_id=target.id,
        kind=EventKind.ADMITTED.value,
        reason=f"imported from {source.name}",
        entered_by=entered_by,
        entered_at=datetime.now(UTC),
        id_scheme=IIN_SCHEME,
        citizenship="KZ",
    )
    rejects_path = rejects_file or source.with_name(source.name + ".rejects.csv")

    @contextmanager
    def rules(first: list[str]) -> Iterator[_Import]:
        header = [h.strip().lower().lstrip("\ufeff") for h in first]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise InputError.expected(
                what="the header",
                expected="a row naming the columns " + ", ".join(REQUIRED),
                got=",".join(header),
                location=Location(source.name, 1),
                code="roll.header",
                params={"columns": ", ".join(REQUIRED), "got": ",".join(header)},
            )
        with rejects_path.open("w", newline="", encoding="utf-8") as out:
            report = csvsafe.DictWriter(out, ["row", "field", "problem"])
            report.writeheader()
            yield _Import(RowValidator(header, on), admission, party, report, skip_invalid)

    tuning = LoadTuning(
        chunk_size=chunk_size,
        defer_fraction=defer_fraction,
        defer_keys_fraction=defer_keys_fraction,
        defer_min_rows=defer_min_rows,
    )
    loaded = load_roll(
        session, source=source, admission=admission, rules=rules, progress=progress, tuning=tuning
    )
    state = loaded.rules
    if state.rejected and not skip_invalid:
        listed = "; ".join(str(r) for r in state.shown)
        more = "; ..." if state.rejected > len(state.shown) else ""
        raise InputError(
            f"{state.rejected:,} of {state.rows:,} rows are invalid, so nothing was imported: "
            f"{listed}{more} (every problem is listed in {rejects_path})",
            location=Location(source.name),
            code="roll.rejected",
            params={
                "rejected": state.rejected,
                "rows": state.rows,
                "listed": listed + more,
                "path": str(rejects_path),
            },
        )
    _counts.adjust(session, {(target.id, r): n for r, n in loaded.by_region.items()})
    if not state.rejected:
        rejects_path.unlink()
    return ImportReport(
        source=str(source),
        party=party,
        rows=state.rows,
        imported=loaded.loaded,
        rejected=state.rejected,
        rejects_file=rejects_path if state.rejected else None,
    )
