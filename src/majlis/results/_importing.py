"""The import service: parse, check (vectorised), store in the caller's one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
from sqlalchemy.orm import Session

from majlis import csvsafe
from majlis.errors import Location, ProtocolError
from majlis.results._agreement import Agreement, finalise_agreeing
from majlis.results._bulk import Progress, store_table
from majlis.results._checks import CheckSettings, Finding, Rule
from majlis.results._hierarchy import station_places
from majlis.results._import import ParsedFile, Problem, parse_protocol_file
from majlis.results._protocol import Source
from majlis.results._vector import check_table

__all__ = ["ImportReport", "import_protocols", "write_rejects"]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: rows read, stored, made final, blocked by errors, rejected."""

    path: Path
    rows: int
    stored: int
    final: int
    blocked: int
    problems: tuple[Problem, ...]
    rule_counts: dict[Rule, int]
    errors: tuple[Finding, ...]
    reject_path: Path | None
    agreement: Agreement | None = None


def write_rejects(parsed: ParsedFile, path: Path) -> Path:
    """Write the rejected rows (original cells plus a ``problems`` column) as CSV."""
    notes: dict[int, list[str]] = {}
    for p in parsed.problems:
        notes.setdefault(p.row, []).append(f"{p.field}: {p.problem}")
    rows = parsed.rejected_rows
    frame = parsed.frame[[r - 1 for r in rows]].with_columns(
        pl.Series("row", list(rows)), pl.Series("problems", ["; ".join(notes[r]) for r in rows])
    )
    csvsafe.safe_frame(frame).write_csv(path)
    return path


def import_protocols(
    session: Session,
    path: Path,
    *,
    election: str | None = None,
    source: Source = Source.OFFICIAL,
    skip_invalid: bool = False,
    reject_path: Path | None = None,
    entered_by: str | None = None,
    settings: CheckSettings | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a protocols file inside the caller's transaction.

    Official protocols without an error are recorded final (method ``import``: an official
    file is the commission's own published record, so it is checked but not double-entered).
    Entries are stored, then every station whose two entries now agree becomes final
    (:func:`finalise_agreeing`); observer copies are stored for the discrepancy report.

    Raises:
        ProtocolError: the file is malformed and ``skip_invalid`` is false (nothing stored);
            the message lists every problem by row and field.
    """
    places = station_places(session)
    if progress is not None:
        progress("reading", 0, 1)
    parsed = parse_protocol_file(path, election=election, source=source, stations=set(places))
    if parsed.problems and not skip_invalid:
        shown = "; ".join(str(p) for p in parsed.problems[:20])
        more = len(parsed.problems) - 20
        raise ProtocolError(
            f"malformed file rejected whole ({len(parsed.problems)} problem(s) in "
            f"{len(parsed.rejected_rows)} row(s); nothing stored): {shown}"
            + (f"; and {more} more" if more > 0 else ""),
            location=Location(str(path)),
        )
    rejects = None
    if parsed.problems:
        rejects = write_rejects(parsed, reject_path or path.with_suffix(".rejects.csv"))
    table = parsed.table
    if progress is not None:
        progress("checking", 0, len(table))
    regions = [places[s].region for s in table.station]
    result = check_table(table, settings=settings, regions=regions)
    blocked = result.blocked
    final = ~blocked
    stored = store_table(
        session,
        table,
        entered_by=entered_by or f"import {path.name}",
        reason=f"re-import from {path.name}",
        final=final,
        method="import",
        ids={code: place.id for code, place in places.items()},
        progress=progress,
    )
    n_final = sum(
        1 for i, ok in enumerate(final.tolist()) if ok and table.source[i] is Source.OFFICIAL
    )
    errors = tuple(f for f in result.findings() if f.severity.value == "error")
    agreement = None
    entries = {Source.ENTRY_1, Source.ENTRY_2}
    if any(s in entries for s in table.source):
        for election_code in sorted(set(table.election)):
            agreement = finalise_agreeing(
                session,
                election_code,
                decided_by=entered_by or f"import {path.name}",
                progress=progress,
            )
    return ImportReport(
        path,
        parsed.frame.height,
        stored,
        n_final,
        int(blocked.sum()),
        parsed.problems,
        result.counts(),
        errors,
        rejects,
        agreement,
    )
