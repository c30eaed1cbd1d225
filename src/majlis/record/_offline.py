"""``majlis verify --record DIR``: an exported record checked with no database.

Reads the Parquet tables (exact values; the CSV twins neutralise formulas for spreadsheets),
then checks in turn: every file's SHA-256 against the manifest; each chain (content hashes
recomputed from the lines, every link and record hash); that each final decision names an
official version with its content; the digest over the heads against the manifest (and
``--expect``); the tally against the sum of the standing final protocols; the seats and
their trace against the law engine run on that tally, under the ruleset the manifest names
only if the shipped ruleset of that id has the content digest the manifest records.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from majlis import __version__
from majlis.errors import IntegrityError, NotFoundError
from majlis.law import Ruleset, get_ruleset, ruleset_digest
from majlis.record._files import (
    FINALS,
    INCIDENTS,
    MANIFEST,
    SEATS,
    STATIONS,
    TALLY,
    TRACE,
    VERSIONS,
    seats_frame,
    seats_of,
    tally_frame,
    trace_text,
)
from majlis.record._samples import walk_sample_frame
from majlis.record._walk import content_hashes, walk_chain
from majlis.results import (
    COUNT_LINES,
    ProtocolTable,
    Source,
    final_fields,
    heads_digest,
    incident_fields,
    tabulate,
    version_fields,
)

__all__ = ["OfflineReport", "verify_export"]


@dataclass(frozen=True, slots=True)
class OfflineReport:
    """What the offline verification checked."""

    election: str
    digest: str
    counts: dict[str, int]
    seats: dict[str, int] | None
    ruleset: str | None = None

    def lines(self) -> list[str]:
        """A few lines saying what was checked."""
        out = [
            f"{self.election}: {n:,} {chain} records verified" for chain, n in self.counts.items()
        ]
        if self.seats is not None:
            out.append(
                f"tally equals the sum of the final protocols; seats recomputed under "
                f"{self.ruleset}: " + ", ".join(f"{k} {v}" for k, v in self.seats.items() if v)
            )
        return out


def _read(folder: Path, name: str) -> pl.DataFrame:
    path = folder / f"{name}.parquet"
    if not path.is_file():
        raise NotFoundError(
            f"{path}: missing from the exported record",
            code="export.missing_file",
            params={"path": str(path)},
        )
    return pl.read_parquet(path)


def _links(table: str, frame: pl.DataFrame) -> None:
    hashes = frame["record_hash"].to_list()
    prev = frame["prev_hash"].to_list()
    for i in range(1, len(hashes)):
        if prev[i] != hashes[i - 1]:
            raise IntegrityError(
                f"{table}: chain place {i + 1}: its link is not the hash before it",
                code="export.link",
                params={"table": table, "place": i + 1},
            )


def _versions(election: str, frame: pl.DataFrame) -> tuple[int, str]:
    c = {name: frame[name].to_list() for name in frame.columns}
    where = [
        f"station {s}, {src}{' ' + o if o else ''} version {n}"
        for s, src, o, n in zip(c["station"], c["source"], c["observer"], c["version"], strict=True)
    ]
    computed = content_hashes(
        election,
        c["station"],
        c["source"],
        c["observer"],
        c["evidence_sha256"],
        {k: c[k] for k in COUNT_LINES},
        c["lists"],
        c["votes"],
        where.__getitem__,
    )
    for i, (mine, theirs) in enumerate(zip(computed, c["content_hash"], strict=True)):
        if mine != theirs:
            raise IntegrityError(
                f"protocol_version: {where[i]}: its lines do not match its content hash"
            )
    _links(VERSIONS, frame)
    fields = [
        version_fields(h, n, r, b, t)
        for h, n, r, b, t in zip(
            computed, c["version"], c["reason"], c["entered_by"], c["entered_at"], strict=True
        )
    ]
    return walk_chain("protocol_version", where.__getitem__, c["seq"], c["record_hash"], fields)


def _finals(versions: pl.DataFrame, frame: pl.DataFrame) -> tuple[int, str]:
    official = {
        (s, n): h
        for s, src, n, h in versions.select(
            "station", "source", "version", "content_hash"
        ).iter_rows()
        if src == Source.OFFICIAL.value
    }
    rows = frame.select(
        "station",
        "official_version",
        "content_hash",
        "method",
        "decided_by",
        "decided_at",
        "resolution",
        "note",
    ).rows()
    where = [f"station {r[0]}, final official version {r[1]}" for r in rows]
    for i, r in enumerate(rows):
        if official.get((r[0], r[1])) != r[2]:
            raise IntegrityError(
                f"protocol_final: {where[i]}: no official version with that content"
            )
    _links(FINALS, frame)
    fields = [
        final_fields(
            r[0], r[1], r[2], r[3], r[4], r[5], None if r[6] is None else json.loads(r[6]), r[7]
        )
        for r in rows
    ]
    return walk_chain(
        "protocol_final",
        where.__getitem__,
        frame["seq"].to_list(),
        frame["record_hash"].to_list(),
        fields,
    )


def _incidents(frame: pl.DataFrame) -> tuple[int, str]:
    rows = (
        frame.select(
            "station",
            "observer",
            "observed_at",
            "category",
            "description",
            "evidence_sha256",
            "recorded_by",
            "recorded_at",
        ).rows()
        if frame.height
        else []
    )
    where = [f"station {r[0]}, incident by {r[1]}" for r in rows]
    _links(INCIDENTS, frame) if frame.height else None
    fields = [incident_fields(*r) for r in rows]
    seqs = frame["seq"].to_list() if frame.height else []
    stored = frame["record_hash"].to_list() if frame.height else []
    return walk_chain("incident", where.__getitem__, seqs, stored, fields)


def _standing(election: str, versions: pl.DataFrame, finals: pl.DataFrame) -> ProtocolTable:
    """The standing (latest) final decision's official protocol of every station."""
    standing: dict[str, int] = {}
    for station, version in finals.sort("seq").select("station", "official_version").iter_rows():
        standing[station] = version
    rows = [
        r
        for r in versions.filter(pl.col("source") == Source.OFFICIAL.value).iter_rows(named=True)
        if standing.get(r["station"]) == r["version"]
    ]
    names = tuple(json.loads(rows[0]["lists"])) if rows else ()
    votes = np.array([json.loads(r["votes"]) for r in rows], dtype=np.int64).reshape(
        len(rows), len(names)
    )
    return ProtocolTable(
        election=(election,) * len(rows),
        station=tuple(r["station"] for r in rows),
        source=(Source.OFFICIAL,) * len(rows),
        observer=(None,) * len(rows),
        evidence_sha256=(None,) * len(rows),
        counts={k: np.array([r[k] for r in rows], dtype=np.int64) for k in COUNT_LINES},
        list_names=names,
        votes=votes,
    )


def _ruleset(manifest: dict[str, Any]) -> Ruleset:
    """The shipped ruleset the manifest names, if its content is the one the seats were
    allocated under; otherwise refuse, saying which ruleset and which majlis to use."""
    ruleset_id, recorded = manifest.get("ruleset_id"), manifest.get("ruleset_sha256")
    writer = manifest.get("majlis")
    use = (
        f"verify with majlis {writer}, which exported the record"
        if isinstance(writer, str)
        else "verify with the version of majlis that exported the record"
    )
    variant = ".writer" if isinstance(writer, str) else ""
    params = {"file": MANIFEST, "ruleset": repr(ruleset_id), "version": __version__}
    if not isinstance(ruleset_id, str) or not ruleset_id:
        raise IntegrityError(
            f"{MANIFEST}: names no ruleset for its seats (ruleset_id)",
            code="export.no_ruleset",
            params={"file": MANIFEST},
        )
    try:
        shipped = ruleset_digest(ruleset_id)
    except NotFoundError:
        raise IntegrityError(
            f"{MANIFEST}: the seats were allocated under ruleset {ruleset_id!r}, which "
            f"majlis {__version__} does not ship, so they cannot be recomputed; {use}",
            code="export.ruleset_not_shipped" + variant,
            params={**params, "writer": writer},
        ) from None
    if not isinstance(recorded, str):
        raise IntegrityError(
            f"{MANIFEST}: records no content digest of ruleset {ruleset_id!r} "
            "(ruleset_sha256), so the law its seats were allocated under cannot be checked; "
            "export the record again",
            code="export.no_ruleset_digest",
            params=params,
        )
    if recorded.strip().lower() != shipped:
        raise IntegrityError(
            f"ruleset {ruleset_id!r}: the record's seats were allocated under its content "
            f"{recorded}, but majlis {__version__} ships content {shipped}: the law's text "
            f"differs, so the seats cannot be recomputed under it; {use}",
            code="export.ruleset_differs" + variant,
            params={**params, "recorded": recorded, "shipped": shipped, "writer": writer},
        )
    return get_ruleset(ruleset_id)


def _tally_and_seats(
    folder: Path, manifest: dict[str, Any], versions: pl.DataFrame, finals: pl.DataFrame
) -> tuple[dict[str, int], str]:
    table = _standing(manifest["election"], versions, finals)
    places = _read(folder, STATIONS)
    territorial = dict(places.select("station", "territorial").iter_rows())
    region = dict(places.select("territorial", "region").iter_rows())
    tabulation = tabulate(table, territorial=territorial, region=region)
    if not tally_frame(tabulation).equals(_read(folder, TALLY)):
        raise IntegrityError(
            f"{TALLY}: the tally is not the sum of the standing final protocols",
            code="export.tally",
            params={"file": TALLY},
        )
    ruleset = _ruleset(manifest)
    order = {entry["name"]: entry["registration_order"] for entry in manifest["lists"]}
    allocation = seats_of(tabulation, ruleset, order)
    if not seats_frame(allocation, tabulation, order).equals(_read(folder, SEATS)):
        raise IntegrityError(
            f"{SEATS}: the seats differ from the law engine's on the tally",
            code="export.seats",
            params={"file": SEATS},
        )
    if (folder / TRACE).read_text(encoding="utf-8") != trace_text(allocation):
        raise IntegrityError(
            f"{TRACE}: the trace differs from the law engine's",
            code="export.trace",
            params={"file": TRACE},
        )
    return dict(allocation.seats), ruleset.id


def verify_export(folder: Path, *, expect: str | None = None) -> OfflineReport:
    """Verify an exported record in ``folder``; raise IntegrityError naming what is wrong."""
    path = folder / MANIFEST
    if not path.is_file():
        raise NotFoundError(
            f"{path}: no manifest (is this an exported record?)",
            code="export.no_manifest",
            params={"path": str(path)},
        )
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        if hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest:
            raise IntegrityError(
                f"{folder / name}: its SHA-256 is not the manifest's",
                code="export.file_digest",
                params={"path": str(folder / name)},
            )
    election = manifest["election"]
    versions, finals, incidents = (
        _read(folder, VERSIONS),
        _read(folder, FINALS),
        _read(folder, INCIDENTS),
    )
    walked = {
        "protocol_version": _versions(election, versions) if versions.height else (0, ""),
        "protocol_final": _finals(versions, finals) if finals.height else (0, ""),
        "incident": _incidents(incidents),
        "pvt_sample": walk_sample_frame(folder),
    }
    lines = [(election, chain, n, head) for chain, (n, head) in walked.items() if n]
    digest = heads_digest(lines)
    if digest != manifest["digest"]:
        raise IntegrityError(
            f"the heads' digest {digest} is not the manifest's {manifest['digest']}",
            code="export.heads_digest",
            params={"digest": digest, "expected": manifest["digest"]},
        )
    if expect is not None and digest != expect.strip().lower():
        raise IntegrityError(
            f"the record digest is {digest}, not the expected {expect.strip()}",
            code="record.digest",
            params={"digest": digest, "expected": expect.strip()},
        )
    counts = {c: n for c, (n, _) in walked.items()}
    if manifest.get("seats") is None:
        return OfflineReport(election, digest, counts, None)
    seats, ruleset = _tally_and_seats(folder, manifest, versions, finals)
    return OfflineReport(election, digest, counts, seats, ruleset)
