"""A synthetic election written to files: stations, protocols (CSV) and its truth (JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import polars as pl

from majlis.results import COUNT_LINES, ProtocolTable
from majlis.synth._generate import SynthElection, ground_truth

__all__ = ["table_frame", "write_synthetic"]


def table_frame(table: ProtocolTable) -> pl.DataFrame:
    """A protocol table as an importable frame (the columns ``majlis protocols import`` reads)."""
    data: dict[str, Any] = {
        "election": list(table.election),
        "station": list(table.station),
        "source": [s.value for s in table.source],
        "observer": list(table.observer),
        "evidence_sha256": list(table.evidence_sha256),
    }
    data.update({k: table.counts[k] for k in COUNT_LINES})
    data.update({f"votes.{n}": table.votes[:, j] for j, n in enumerate(table.list_names)})
    return pl.DataFrame(
        data, schema_overrides={"observer": pl.String, "evidence_sha256": pl.String}
    )


def write_synthetic(election: SynthElection, folder: Path) -> list[Path]:
    """Write stations, official protocols, entries, copies (CSV) and the ground truth (JSON)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    stations = pl.DataFrame([asdict(s) for s in election.stations])
    tables = {"official": election.official}
    if election.entries is not None:
        tables["entry1"], tables["entry2"] = election.entries
    if election.observer is not None:
        tables["observer"] = election.observer
    stations.write_csv(folder / "stations.csv")
    written.append(folder / "stations.csv")
    for name, table in tables.items():
        table_frame(table).write_csv(folder / f"protocols-{name}.csv")
        written.append(folder / f"protocols-{name}.csv")
    (folder / "ground-truth.json").write_text(
        json.dumps(ground_truth(election), indent=1, ensure_ascii=False)
    )
    written.append(folder / "ground-truth.json")
    return written
