"""Load a per-station table (CSV, Parquet or a zipped CSV) into the audit's standard columns.

A table is mapped either by a preset (the public data sets of :mod:`majlis.datasets`,
recognised by their folder and file name), or by a column mapping given as options or as
a small TOML file::

    name = "Duma 2011"           # optional: the report's title
    [columns]
    registered = "Registered"
    ballots_issued = "Issued"     # optional
    ballots_cast = "Ballots"      # optional (one ballot line is required)
    valid = "Valid"               # optional
    leader = "C050"
    region = "Prefectures"        # optional
    territory = "Communes"        # optional
    station = "Precincts"         # optional
"""

from __future__ import annotations

import io
import tomllib
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import polars as pl

from majlis import datasets
from majlis.errors import InputError, Location, NotFoundError

__all__ = ["COLUMN_ROLES", "PRESETS", "AuditTable", "load_mapping", "load_station_table"]

#: Roles a column can play; ``registered`` and ``leader`` are required.
COLUMN_ROLES = (
    "region",
    "territory",
    "station",
    "registered",
    "ballots_issued",
    "ballots_cast",
    "valid",
    "leader",
)
_COUNTS = ("registered", "ballots_issued", "ballots_cast", "valid", "leader")
_LABELS = ("region", "territory", "station")


@dataclass(frozen=True, eq=False)
class AuditTable:
    """A per-station table in the standard columns, with a name for the report."""

    name: str
    frame: pl.DataFrame
    leader: str
    citation: str | None = None


def _preset_loaders() -> dict[str, Callable[[Path], datasets.StationTable]]:
    loaders: dict[str, Callable[[Path], datasets.StationTable]] = {}
    for year in datasets.RUSSIA_YEARS:
        loaders[f"russia-{year}"] = partial(_russia, year)
    for rnd in (1, 2):
        loaders[f"poland-2020-round{rnd}"] = partial(_poland, rnd)
    loaders["albania-2013"] = partial(_plain, datasets.fetch_albania_2013)
    loaders["canada-2011"] = partial(_plain, datasets.fetch_canada_2011)
    loaders["spikes-russia-2011"] = partial(_plain, datasets.fetch_spikes_russia_2011)
    return loaders


def _russia(year: int, home: Path) -> datasets.StationTable:
    return datasets.fetch_russia(year, data_home=home, download_if_missing=False)


def _poland(rnd: int, home: Path) -> datasets.StationTable:
    return datasets.fetch_poland_2020(rnd, data_home=home, download_if_missing=False)


def _plain(fetch: Callable[..., datasets.StationTable], home: Path) -> datasets.StationTable:
    return fetch(data_home=home, download_if_missing=False)


#: Preset names (the keys of :data:`majlis.datasets.SOURCES` that hold station tables).
PRESETS: tuple[str, ...] = tuple(sorted(_preset_loaders()))


def _preset_for(path: Path) -> str | None:
    for key, source in datasets.SOURCES.items():
        if key in PRESETS and path.name == source.filename and path.parent.name == source.folder:
            return key
    return None


def _read_frame(path: Path) -> pl.DataFrame:
    if not path.is_file():
        raise NotFoundError(
            f"No station table at {path}", code="audit.no_table", params={"path": str(path)}
        )
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            if not members:
                raise InputError.expected(
                    what=f"The archive {path}",
                    expected="a .csv member",
                    got=archive.namelist(),
                    code="audit.archive_no_csv",
                    params={"path": str(path), "got": repr(archive.namelist())},
                )
            data = archive.read(members[0])
    else:
        data = path.read_bytes()
    header = data.split(b"\n", 1)[0]
    sep = ";" if header.count(b";") > header.count(b",") else ","
    return pl.read_csv(
        io.BytesIO(data), separator=sep, infer_schema_length=None, null_values=["NA", "-", ""]
    )


def load_mapping(path: Path) -> tuple[dict[str, str], str | None]:
    """Read a mapping TOML file: its ``[columns]`` table and optional ``name``."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            f"cannot read the mapping file: {exc}", location=Location(str(path))
        ) from None
    columns = doc.get("columns")
    if not isinstance(columns, dict):
        raise InputError.expected(
            what="The mapping file",
            expected="a [columns] table",
            got=doc,
            location=Location(str(path), field="columns"),
            code="audit.mapping_no_columns",
        )
    for role, column in columns.items():
        if role not in COLUMN_ROLES or not isinstance(column, str):
            raise InputError.expected(
                what=f"The mapping '{role}'",
                expected=f"one of {list(COLUMN_ROLES)} naming a column",
                got=column,
                location=Location(str(path), field=role),
                code="audit.mapping_role",
                params={"role": role, "roles": str(list(COLUMN_ROLES)), "got": repr(column)},
            )
    name = doc.get("name")
    return dict(columns), name if isinstance(name, str) else None


def _mapped(frame: pl.DataFrame, mapping: Mapping[str, str], source: str) -> pl.DataFrame:
    for role in ("registered", "leader"):
        if role not in mapping:
            raise InputError.expected(
                what=f"The column mapping of {source}",
                expected=f"a '{role}' column",
                got=dict(mapping),
                code="audit.mapping_role_missing",
                params={"source": source, "role": role, "got": repr(dict(mapping))},
            )
    if not any(r in mapping for r in ("ballots_issued", "ballots_cast", "valid")):
        raise InputError.expected(
            what=f"The column mapping of {source}",
            expected="one of ballots_issued, ballots_cast or valid",
            got=dict(mapping),
            code="audit.mapping_no_ballots",
            params={"source": source, "got": repr(dict(mapping))},
        )
    exprs = []
    for role in COLUMN_ROLES:
        column = mapping.get(role)
        if column is None:
            continue
        if column not in frame.columns:
            raise InputError.expected(
                what=f"The '{role}' column",
                expected=f"one of {frame.columns}",
                got=column,
                location=Location(source, field=column),
                code="audit.column_missing",
                params={"role": role, "valid": str(frame.columns), "got": repr(column)},
            )
        kind = pl.String if role in _LABELS else pl.Float64
        exprs.append(pl.col(column).cast(kind, strict=False).alias(role))
    return frame.select(exprs)


def load_station_table(
    path: str | Path,
    *,
    preset: str | None = None,
    mapping: Mapping[str, str] | None = None,
    name: str | None = None,
) -> AuditTable:
    """Load one per-station table for an audit.

    Args:
        path: a CSV, Parquet or zipped-CSV file.
        preset: a name from :data:`PRESETS`; by default recognised from the path when the
            file sits at ``<data folder>/<folder>/<file>`` as in :mod:`majlis.datasets`.
            A preset's turnout is computed from the data set's own numerator
            (:attr:`~majlis.datasets.StationTable.turnout_numerator`, e.g. Poland's valid
            cards), and its remote e-voting pseudo-stations are left out.
        mapping: role → column name (see :data:`COLUMN_ROLES`); overrides any preset.
        name: the report's title (default: the file name).
    """
    file = Path(path)
    title = name or file.name
    if mapping:
        return AuditTable(title, _mapped(_read_frame(file), mapping, str(file)), mapping["leader"])
    key = preset or _preset_for(file)
    if key is None:
        raise InputError.expected(
            what=f"The columns of {file}",
            expected=f"a mapping (options or --mapping FILE) or a preset {list(PRESETS)}",
            got=None,
            location=Location(str(file)),
            code="audit.no_mapping",
            params={"file": str(file), "presets": str(list(PRESETS))},
        )
    loaders = _preset_loaders()
    if key not in loaders:
        raise NotFoundError(
            f"Unknown preset {key!r}; known: {', '.join(PRESETS)}",
            code="audit.unknown_preset",
            params={"preset": repr(key), "known": ", ".join(PRESETS)},
        )
    table = loaders[key](file.parent.parent)
    frame = table.frame
    if "evoting" in frame.columns:  # remote e-voting pseudo-stations are not polling stations
        frame = frame.filter(~pl.col("evoting"))
    if table.turnout_numerator != "ballots_issued":  # e.g. Poland: valid cards in the box
        frame = frame.with_columns(pl.col(table.turnout_numerator).alias("ballots_issued"))
    keep = [c for c in COLUMN_ROLES if c in frame.columns]
    frame = frame.select([pl.col(c).cast(pl.String if c in _LABELS else pl.Float64) for c in keep])
    leader = table.leader.replace('""', '"')  # a CSV-escaped quote in the source's header
    return AuditTable(name or f"{key} ({file.name})", frame, leader, table.source.citation)
