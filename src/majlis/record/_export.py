"""``majlis export record``: one election's public record as files an observer can re-check.

Written: every protocol version with its content hash, chain place, hash and link (the hash
before it), the final decisions, the incidents, the stations with their territorial
commission and region, the tally at every level, the seats and their trace — each table as
Parquet and CSV — and ``manifest.json`` with the election's digest, its heads, the ruleset
id and the SHA-256 of its content (:func:`majlis.law.ruleset_digest`), the lists in
registration order, the version of majlis that wrote it and the SHA-256 of every file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis import __version__
from majlis.errors import NotFoundError
from majlis.law import ruleset_digest
from majlis.parliament import election_seats
from majlis.record._digest import record_digest
from majlis.record._files import (
    FINALS,
    INCIDENTS,
    MANIFEST,
    SEATS,
    STATIONS,
    TALLY,
    TRACE,
    VERSIONS,
    dumps,
    seats_frame,
    tally_frame,
    trace_text,
    write_table,
)
from majlis.record._samples import SAMPLES, sample_frame
from majlis.record._walk import VERSION_NAMES, version_columns
from majlis.results import (
    COUNT_LINES,
    GENESIS,
    canonical_json,
    canonical_moment,
    election_scope,
    scope_stations,
    station_places,
    tabulate_election,
)
from majlis.store.results_rows import (
    IncidentRow,
    PollingStationRow,
    ProtocolFinalRow,
    ProtocolVersionRow,
)

__all__ = ["Manifest", "export_record"]


@dataclass(frozen=True, slots=True)
class Manifest:
    """What was exported: the files written and the election's digest."""

    files: tuple[Path, ...]
    digest: str


def _frame(
    session: Session, query: Any, names: list[str], moments: tuple[str, ...]
) -> pl.DataFrame:
    rows = [tuple(r) for r in session.execute(query)]
    data: dict[str, list[Any]] = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    for name in moments:
        data[name] = [canonical_moment(v) for v in data[name]]
    hashes = data["record_hash"]
    data["prev_hash"] = [GENESIS, *hashes[:-1]] if hashes else []
    ints = {"seq", "version", *COUNT_LINES}
    schema = {n: pl.Int64 if n in ints else pl.String for n in data}
    frame = pl.DataFrame(data, schema=schema)
    return frame.select(
        "seq", "record_hash", "prev_hash", *[n for n in names if n not in ("seq", "record_hash")]
    )


def _versions(session: Session, election: str) -> pl.DataFrame:
    v = ProtocolVersionRow
    query = (
        select(*version_columns(v.entered_at))
        .join(PollingStationRow, PollingStationRow.id == v.station_id)
        .where(v.election == election)
        .order_by(v.seq)
    )
    return _frame(session, query, list(VERSION_NAMES), ("entered_at",))


def _finals(session: Session, election: str) -> pl.DataFrame:
    f = ProtocolFinalRow
    names = [
        "seq",
        "record_hash",
        "station",
        "official_version",
        "content_hash",
        "method",
        "decided_by",
        "decided_at",
        "resolution",
        "note",
    ]
    query = (
        select(
            f.seq,
            f.record_hash,
            PollingStationRow.code,
            f.official_version,
            f.content_hash,
            f.method,
            f.decided_by,
            f.decided_at,
            f.resolution,
            f.note,
        )
        .join(PollingStationRow, PollingStationRow.id == f.station_id)
        .where(f.election == election)
        .order_by(f.seq)
    )
    rows = [tuple(r) for r in session.execute(query)]
    fixed = [(*r[:8], None if r[8] is None else canonical_json(r[8]), r[9]) for r in rows]
    data = {n: [r[i] for r in fixed] for i, n in enumerate(names)}
    data["decided_at"] = [canonical_moment(x) for x in data["decided_at"]]
    data["prev_hash"] = [GENESIS, *data["record_hash"][:-1]] if rows else []
    ints = {"seq", "official_version"}
    frame = pl.DataFrame(data, schema={n: pl.Int64 if n in ints else pl.String for n in data})
    return frame.select("seq", "record_hash", "prev_hash", *names[2:])


def _incidents(session: Session, election: str) -> pl.DataFrame:
    t = IncidentRow
    names = [
        "seq",
        "record_hash",
        "station",
        "observer",
        "observed_at",
        "category",
        "description",
        "evidence_sha256",
        "recorded_by",
        "recorded_at",
    ]
    query = (
        select(
            t.seq,
            t.record_hash,
            PollingStationRow.code,
            t.observer,
            t.observed_at,
            t.category,
            t.description,
            t.evidence_sha256,
            t.recorded_by,
            t.recorded_at,
        )
        .join(PollingStationRow, PollingStationRow.id == t.station_id)
        .where(t.election == election)
        .order_by(t.seq)
    )
    return _frame(session, query, names, ("observed_at", "recorded_at"))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_record(session: Session, election: str, folder: Path) -> Manifest:
    """Write the public record of ``election`` into ``folder`` (created if missing)."""
    scope = election_scope(session, election)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    written += write_table(_versions(session, election), folder, VERSIONS)
    written += write_table(_finals(session, election), folder, FINALS)
    written += write_table(_incidents(session, election), folder, INCIDENTS)
    written += write_table(sample_frame(session, election), folder, SAMPLES)
    codes = scope_stations(session, scope) if scope.commission_id is not None else {}
    places = station_places(session, sorted(codes))
    stations = pl.DataFrame(
        {
            "station": sorted(places),
            "territorial": [places[c].territorial for c in sorted(places)],
            "region": [places[c].region for c in sorted(places)],
        },
        schema={"station": pl.String, "territorial": pl.String, "region": pl.String},
    )
    written += write_table(stations, folder, STATIONS)
    order = dict(zip(scope.lists, scope.registration_order, strict=True))
    ruleset_id = scope.ruleset_id
    seats: dict[str, int] | None = None
    try:
        tabulation = tabulate_election(session, election)
    except NotFoundError:  # no final protocol yet: no tally, no seats
        tabulation = None
    if tabulation is not None:
        written += write_table(tally_frame(tabulation), folder, TALLY)
        stored = election_seats(session, election, tabulation=tabulation)
        if stored is None:  # election_scope found the election, so it is stored
            raise NotFoundError(f"No election '{election}'.")
        allocation, ruleset_id = stored.allocation, stored.ruleset.id
        written += write_table(seats_frame(allocation, tabulation, order), folder, SEATS)
        (folder / TRACE).write_text(trace_text(allocation), encoding="utf-8")
        written.append(folder / TRACE)
        seats = dict(allocation.seats)
    digest = record_digest(session, election)
    manifest = {
        "election": election,
        "majlis": __version__,
        "ruleset_id": ruleset_id,
        "ruleset_sha256": None if seats is None else ruleset_digest(ruleset_id),
        "lists": [{"name": n, "registration_order": o} for n, o in order.items()],
        "digest": digest.digest,
        "heads": [{"chain": h.chain, "length": h.length, "hash": h.hash} for h in digest.heads],
        "record_digest": record_digest(session).digest,
        "seats": seats,
        "files": {p.name: _sha256(p) for p in written},
    }
    (folder / MANIFEST).write_text(dumps(manifest), encoding="utf-8")
    return Manifest((*written, folder / MANIFEST), digest.digest)
