"""``majlis protocols import``: read CSV/JSON/Parquet with Polars, validate, check, store.

A file is one protocol per row. Columns: ``station``; every count line
(``voters`` … ``valid``; ``additional_voters`` and ``against_all`` may be left out = 0);
one ``votes.<list name>`` column per party list in ballot order; optional ``election``,
``source``, ``observer``, ``evidence_sha256`` (else given on the command line).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from majlis.errors import InputError, Location, ProtocolError
from majlis.results._protocol import COUNT_LINES, Source
from majlis.results._table import ProtocolTable

__all__ = ["OPTIONAL_LINES", "ParsedFile", "Problem", "parse_protocol_file", "read_frame"]

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
            what="the protocols file", expected="an existing file", got=str(path)
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
