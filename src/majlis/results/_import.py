"""``majlis protocols import``: read CSV/JSON/Parquet with Polars, validate, check, store.

A file is one protocol per row. Columns: ``station``; every count line
(``voters`` … ``valid``; ``additional_voters`` and ``against_all`` may be left out = 0);
one ``votes.<list name>`` column per party list in ballot order; optional ``election``,
``source``, ``observer``, ``evidence_sha256`` (else given on the command line).

:func:`parse_protocol_file` reads and judges every cell; :func:`import_protocols` then checks
the valid rows (vectorised) and stores them in the caller's one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from majlis import csvsafe
from majlis.errors import InputError, Location, ProtocolError
from majlis.results._bulk import Progress, store_table
from majlis.results._checks import CheckSettings, Finding, Rule
from majlis.results._double_entry import Agreement, finalise_agreeing
from majlis.results._hierarchy import station_places
from majlis.results._protocol import COUNT_LINES, Source
from majlis.results._protocol_table import ProtocolTable
from majlis.results._table_checks import check_table

__all__ = [
    "OPTIONAL_LINES",
    "ImportReport",
    "ParsedFile",
    "Problem",
    "import_protocols",
    "parse_protocol_file",
    "read_frame",
    "write_rejects",
]

#: Count lines a file may leave out (they are then 0).
OPTIONAL_LINES = ("additional_voters", "against_all")


@dataclass(frozen=True, slots=True)
class Problem:
    """One malformed cell: 1-based data row, field, what is wrong, the bad value."""

    row: int
    field: str
    problem: str
    value: str | None

    def __str__(self) -> str:
        return f"{Location(row=self.row, field=self.field)}: {self.problem} (got {self.value!r})"


@dataclass(frozen=True, slots=True, eq=False)
class ParsedFile:
    """A parsed file: the valid rows as a table, the problems, the rows that had them."""

    path: Path
    frame: pl.DataFrame
    table: ProtocolTable
    valid_rows: tuple[int, ...]
    problems: tuple[Problem, ...]

    @property
    def rejected_rows(self) -> tuple[int, ...]:
        """1-based data rows with at least one problem."""
        return tuple(sorted({p.row for p in self.problems}))


def read_frame(path: Path) -> pl.DataFrame:
    """Read a CSV, JSON or Parquet file into a frame of strings (so every cell can be judged)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError.expected(
            what="the protocols file",
            expected="an existing file",
            got=str(path),
            code="file.not_found",
            params={"what": "protocols file", "got": str(path)},
        )
    try:
        if suffix == ".csv":
            frame = pl.read_csv(path, infer_schema_length=0)
        elif suffix == ".json":
            frame = pl.read_json(path)
        elif suffix == ".parquet":
            frame = pl.read_parquet(path)
        else:
            raise InputError.expected(
                what="the protocols file type",
                expected=".csv, .json or .parquet",
                got=suffix,
                location=Location(source=str(path)),
                code="protocols.file_type",
                params={"got": suffix},
            )
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise ProtocolError(f"cannot read the file: {exc}", location=Location(str(path))) from exc
    return frame.with_columns(pl.all().cast(pl.String))


def _int_column(frame: pl.DataFrame, name: str, problems: list[Problem]) -> pl.Series:
    raw = frame[name]
    parsed = raw.str.strip_chars().cast(pl.Int64, strict=False)
    bad = (parsed.is_null() | (parsed < 0)).fill_null(True)
    for i in np.flatnonzero(bad.to_numpy()).tolist():
        value = raw[i]
        what = "missing" if value is None or not value.strip() else ("not a non-negative integer")
        problems.append(Problem(i + 1, name, what, value))
    return parsed.fill_null(0)


_SOURCES = {s.value: s for s in Source}


def _identity(frame: pl.DataFrame, *, election: str | None, source: Source) -> pl.DataFrame:
    """The identity columns, trimmed, with the command-line defaults where a column is absent."""

    def col(name: str, default: str | None) -> pl.Expr:
        if name in frame.columns:
            return pl.col(name).str.strip_chars().alias(name)
        return pl.lit(default, dtype=pl.String).alias(name)

    return frame.select(
        col("station", None).fill_null(""),
        col("election", election),
        col("source", source.value),
        col("observer", None),
        col("evidence_sha256", None),
    )


def _flag(
    problems: list[Problem], mask: pl.Series, values: pl.Series, field: str, problem: str
) -> None:
    for i in np.flatnonzero(mask.fill_null(False).to_numpy()).tolist():
        problems.append(Problem(i + 1, field, problem, values[i]))


def _identity_problems(
    ids: pl.DataFrame, stations: set[str] | None, problems: list[Problem]
) -> None:
    """Vectorised checks of station, election, source, observer and evidence per row."""
    station, src = ids["station"], ids["source"]
    observer, evidence = ids["observer"], ids["evidence_sha256"]
    _flag(problems, station == "", station, "station", "missing")
    if stations is not None:
        unknown = (station != "") & ~station.is_in(list(stations))
        _flag(problems, unknown, station, "station", "unknown polling station")
    again = ~ids.select(pl.struct("station", "source", "observer").is_first_distinct()).to_series()
    _flag(
        problems, again & (station != ""), station, "station", "second protocol of the same source"
    )
    elections = ids["election"]
    _flag(problems, elections.is_null() | (elections == ""), elections, "election", "missing")
    known = src.is_in(list(_SOURCES))
    _flag(problems, ~known, src, "source", "not one of official, observer, entry1, entry2")
    is_copy = src == Source.OBSERVER.value
    no_observer = observer.is_null() | (observer == "")
    _flag(
        problems, is_copy & no_observer, observer, "observer", "an observer copy needs the observer"
    )
    bad_hash = ~evidence.str.contains(r"^[0-9a-f]{64}$").fill_null(False)
    _flag(
        problems,
        is_copy & ~no_observer & bad_hash,
        evidence,
        "evidence_sha256",
        "not a SHA-256 (64 lowercase hex digits) of the evidence file",
    )
    has_evidence = evidence.is_not_null() & (evidence != "")
    stray = known & ~is_copy & (~no_observer | has_evidence)
    _flag(problems, stray, observer, "observer", "an official or entry protocol has no observer")


def parse_protocol_file(
    path: Path,
    *,
    election: str | None = None,
    source: Source = Source.OFFICIAL,
    stations: set[str] | None = None,
) -> ParsedFile:
    """Parse and validate every cell; the problems name row, field, problem and value."""
    frame = read_frame(path)
    problems: list[Problem] = []
    cols = set(frame.columns)
    required = ["station", *[c for c in COUNT_LINES if c not in OPTIONAL_LINES]]
    if election is None:
        required.append("election")
    missing = [c for c in required if c not in cols]
    list_names = tuple(c.removeprefix("votes.") for c in frame.columns if c.startswith("votes."))
    if missing or not list_names:
        raise ProtocolError.expected(
            what="the file's columns",
            location=Location(str(path)),
            expected=f"{', '.join(required)} and at least one votes.<list> column",
            got=f"missing {missing or 'votes.<list>'}",
            code="protocols.columns",
            params={
                "required": ", ".join(required),
                "missing": ", ".join(missing or ["votes.<list>"]),
            },
        )
    n = frame.height
    counts = {}
    for name in COUNT_LINES:
        if name in cols:
            counts[name] = _int_column(frame, name, problems).to_numpy().astype(np.int64)
        else:
            counts[name] = np.zeros(n, dtype=np.int64)
    votes = np.column_stack(
        [_int_column(frame, f"votes.{x}", problems).to_numpy() for x in list_names]
    ).astype(np.int64)
    ids = _identity(frame, election=election, source=source)
    _identity_problems(ids, stations, problems)
    codes = ids["station"].to_list()
    elections = ids["election"].to_list()
    sources = ids["source"].to_list()
    observers = ids["observer"].to_list()
    evidence = ids["evidence_sha256"].to_list()
    bad = {p.row - 1 for p in problems}
    keep = [i for i in range(n) if i not in bad]
    idx = np.asarray(keep, dtype=np.intp)
    table = ProtocolTable(
        election=tuple(str(elections[i]) for i in keep),
        station=tuple(codes[i] for i in keep),
        source=tuple(_SOURCES[sources[i]] for i in keep),
        observer=tuple(observers[i] or None for i in keep),
        evidence_sha256=tuple(evidence[i] or None for i in keep),
        counts={k: v[idx] for k, v in counts.items()},
        list_names=list_names,
        votes=votes[idx] if n else np.zeros((0, len(list_names)), dtype=np.int64),
    )
    problems.sort(key=lambda p: (p.row, p.field))
    return ParsedFile(path, frame, table, tuple(i + 1 for i in keep), tuple(problems))


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
            code="protocols.rejected.more" if more > 0 else "protocols.rejected",
            params={
                "problems": len(parsed.problems),
                "bad_rows": len(parsed.rejected_rows),
                "shown": shown,
                "more": more,
            },
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
