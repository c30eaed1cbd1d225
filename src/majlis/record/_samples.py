"""The quick-count sample chain (``pvt_sample``): walked in the database, exported, walked
offline — so a sample's digest published before polling day is checked like any record."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.record._walk import Walked, _columns, canonical_moments, moment_text, walk_chain
from majlis.results import GENESIS, sample_fields
from majlis.store.pvt_rows import PvtSampleRow

if TYPE_CHECKING:
    import polars as pl

__all__ = ["SAMPLES", "sample_frame", "walk_sample_frame", "walk_samples"]

#: The exported table of sample designs.
SAMPLES = "pvt_samples"
_NAMES = ["seq", "record_hash", "sample_sha256", "design", "designed_by", "designed_at"]


def _rows(session: Session, election: str) -> list[tuple[int, str, str, str, str, str]]:
    t = PvtSampleRow
    dialect = session.connection().dialect.name
    rows = _columns(
        session,
        select(
            t.seq,
            t.record_hash,
            t.sample_sha256,
            t.design,
            t.designed_by,
            moment_text(t.designed_at, dialect),
        )
        .where(t.election == election)
        .order_by(t.seq),
    )
    at = canonical_moments([r[5] for r in rows], dialect)
    return [(r[0], r[1], r[2], r[3], r[4], a) for r, a in zip(rows, at, strict=True)]


def _walk(rows: list[tuple[int, str, str, str, str, str]]) -> tuple[int, str]:
    fields = [sample_fields(r[2], r[3], r[4], r[5]) for r in rows]
    where = [f"sample {r[2][:16]}…" for r in rows]
    return walk_chain(
        "pvt_sample", where.__getitem__, [r[0] for r in rows], [r[1] for r in rows], fields
    )


def walk_samples(session: Session, election: str) -> Walked:
    """Walk the election's stored sample designs."""
    length, head = _walk(_rows(session, election))
    return Walked(length, head, {})


def sample_frame(session: Session, election: str) -> pl.DataFrame:
    """The sample designs as exported (canonical times, each record's previous hash)."""
    import polars as pl  # the export's writer only: verifying a database needs no Polars

    rows = _rows(session, election)
    data = {n: [r[i] for r in rows] for i, n in enumerate(_NAMES)}
    data["prev_hash"] = [GENESIS, *data["record_hash"][:-1]] if rows else []
    schema = {n: pl.Int64 if n == "seq" else pl.String for n in data}
    return pl.DataFrame(data, schema=schema)


def walk_sample_frame(folder: Path) -> tuple[int, str]:
    """Walk an exported sample table; an export made before samples existed has none."""
    import polars as pl  # the offline check only

    path = folder / f"{SAMPLES}.parquet"
    if not path.is_file():
        return 0, ""
    frame = pl.read_parquet(path)
    rows = [
        (int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]))
        for r in frame.select(*_NAMES).rows()
    ]
    return _walk(rows)
