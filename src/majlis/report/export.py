"""Write an audit record in the formats an analyst asks for: HTML, JSON, CSV or Parquet.

Every format carries every statistic and every flagged station. HTML is the readable report
(with the figures); JSON is the record itself without the figures; CSV and Parquet write
three tables side by side: ``<stem>.statistics`` (one row per method and figure),
``<stem>.stations`` (every flagged station) and ``<stem>.units`` (the per-unit table, one row
per level × unit × target).
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path

import polars as pl

from majlis.errors import InputError
from majlis.report.html import write_report
from majlis.report.record import AuditRecord

__all__ = ["FORMATS", "audit_frames", "write_audit"]

#: Output formats of :func:`write_audit`.
FORMATS = ("html", "json", "csv", "parquet")


def audit_frames(record: AuditRecord) -> dict[str, pl.DataFrame]:
    """The record as three tables: ``statistics``, ``stations`` and ``units``."""
    stats = [
        {
            "method": m.key,
            "title": m.title,
            "signal": m.signal,
            "statistic": label,
            "value": value,
        }
        for m in record.methods
        for label, value in (("headline", m.headline), *m.numbers)
    ]
    stats += [
        {
            "method": "flags",
            "title": "Station flags",
            "signal": None,
            "statistic": k,
            "value": str(v),
        }
        for k, v in record.flag_counts
    ]
    stations = pl.DataFrame(
        [{**asdict(f), "flags": ", ".join(f.flags)} for f in record.flagged],
        schema={
            "station": pl.String,
            "region": pl.String,
            "territory": pl.String,
            "turnout": pl.Float64,
            "share": pl.Float64,
            "turnout_z": pl.Float64,
            "share_z": pl.Float64,
            "flags": pl.String,
            "registered": pl.Float64,
            "ballots_issued": pl.Float64,
            "ballots_cast": pl.Float64,
            "leader_votes": pl.Float64,
            "reason": pl.String,
        },
    )
    units = pl.DataFrame(schema={"method": pl.String})
    for m in record.methods:
        if m.table:
            header, *rows = m.table
            frame = pl.DataFrame(rows, schema=list(header), orient="row")
            units = frame.with_columns(pl.lit(m.key).alias("method")).select("method", *header)
    schema = dict.fromkeys(("method", "title", "statistic", "value"), pl.String)
    return {
        "statistics": pl.DataFrame(stats, schema={**schema, "signal": pl.Boolean}),
        "stations": stations,
        "units": units,
    }


def write_audit(
    record: AuditRecord,
    folder: str | Path,
    stem: str,
    *,
    formats: tuple[str, ...] = ("html",),
    banner: str = "",
) -> list[Path]:
    """Write ``record`` to ``folder`` as ``<stem>.<format>`` (three tables for csv/parquet).

    Raises:
        InputError: an unknown format (nothing is written).
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InputError.expected(
            what="The --format", expected=f"one of {list(FORMATS)}", got=unknown
        )
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    frames = audit_frames(record) if {"csv", "parquet"} & set(formats) else {}
    for fmt in dict.fromkeys(formats):
        if fmt == "html":
            written.append(write_report(record, out / f"{stem}.html", banner=banner))
        elif fmt == "json":
            bare = replace(
                record,
                scatter=None,
                methods=tuple(replace(m, figure=None) for m in record.methods),
            )
            doc = {**json.loads(bare.to_json()), "banner": banner or None}
            path = out / f"{stem}.json"
            path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
            written.append(path)
        else:
            for name, frame in frames.items():
                path = out / f"{stem}.{name}.{fmt}"
                if fmt == "csv":
                    frame.write_csv(path)
                else:
                    frame.write_parquet(path)
                written.append(path)
    return written
