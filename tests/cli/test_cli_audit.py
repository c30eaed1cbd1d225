"""``majlis audit`` on the command line: summary table, report file, errors as exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
from typer.testing import CliRunner

from majlis.cli import app


def _table(path: Path) -> Path:
    rng = np.random.default_rng(0)
    registered = rng.integers(300, 2000, size=400)
    cast = rng.binomial(registered, 0.6)
    leader = rng.binomial(cast, 0.5)
    rows = enumerate(zip(registered, cast, leader, strict=True))
    lines = ["reg,cast,lead,tik"] + [f"{r},{c},{v},t{i % 8}" for i, (r, c, v) in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_audit_writes_a_report(tmp_path: Path) -> None:
    """Mapped columns audit a table, print the summary and write the HTML report."""
    csv = _table(tmp_path / "e.csv")
    result = CliRunner().invoke(
        app,
        [
            "audit",
            str(csv),
            "--registered",
            "reg",
            "--ballots-cast",
            "cast",
            "--leader",
            "lead",
            "--territory",
            "tik",
            "--resamples",
            "20",
            "--spike-resamples",
            "10",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Digit and distribution tests" in result.output
    assert (tmp_path / "out" / "e.csv.html").is_file()


def test_audit_reports_a_missing_column(tmp_path: Path) -> None:
    """A mapping naming an absent column exits with code 2 and names the column."""
    csv = _table(tmp_path / "e.csv")
    result = CliRunner().invoke(
        app, ["audit", str(csv), "--registered", "reg", "--ballots-cast", "x", "--leader", "lead"]
    )
    assert result.exit_code == 2
    assert "'ballots_cast' column" in result.output


def test_audit_batch_writes_one_report_per_election(tmp_path: Path) -> None:
    """Two tables in one call are audited as a batch, each with its own numbered report."""
    first = _table(tmp_path / "a.csv")
    second = _table(tmp_path / "b.csv")
    result = CliRunner().invoke(
        app,
        [
            "audit",
            str(first),
            str(second),
            "--registered",
            "reg",
            "--ballots-cast",
            "cast",
            "--leader",
            "lead",
            "--method",
            "integer",
            "--method",
            "digits",
            "--resamples",
            "20",
            "--scheduler",
            "synchronous",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "01-a.csv.html",
        "02-b.csv.html",
    ]


def test_audit_peak_range_moves_shpilkin_clean_peak(tmp_path: Path) -> None:
    """--peak-range LO:HI reaches Shpilkin's runner; a reversed range exits with code 2."""
    csv = _table(tmp_path / "e.csv")
    base = ["audit", str(csv), "--registered", "reg", "--ballots-cast", "cast"]
    base += ["--leader", "lead", "--method", "shpilkin", "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(app, [*base, "--peak-range", "40:95"])
    assert result.exit_code == 0, result.output
    assert "searched in 40–95 %" in (tmp_path / "out" / "e.csv.html").read_text("utf-8")
    bad = CliRunner().invoke(app, [*base, "--peak-range", "95:40"])
    assert bad.exit_code == 2
    assert "peak_range" in bad.output
    bad = CliRunner().invoke(app, [*base, "--peak-range", "forty"])
    assert bad.exit_code == 2
    assert "--peak-range" in bad.output


def test_audit_formats_write_every_statistic_and_flagged_station(tmp_path: Path) -> None:
    """--format json/csv/parquet write the statistics, the flagged stations and the units."""
    csv = _table(tmp_path / "e.csv")
    out = tmp_path / "out"
    args = ["audit", str(csv), "--registered", "reg", "--ballots-cast", "cast", "--leader"]
    args += ["lead", "--territory", "tik", "--method", "integer", "--method", "digits"]
    args += ["--resamples", "20", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "-f", "json", "-f", "csv", "-f", "parquet"])
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "e.csv.json").read_text("utf-8"))
    stations = pl.read_csv(out / "e.csv.stations.csv")
    assert stations.height == len(doc["flagged"]) > 0
    assert {"registered", "ballots_cast", "turnout", "share", "flags", "reason"} <= set(
        stations.columns
    )
    stats = pl.read_parquet(out / "e.csv.statistics.parquet")
    numbers = sum(len(m["numbers"]) + 1 for m in doc["methods"]) + len(doc["flag_counts"])
    assert stats.height == numbers
    units = pl.read_parquet(out / "e.csv.units.parquet")
    assert set(units["level"]) == {"national", "territory"}  # 8 territories of 50 stations
    assert units.height == 2 * (1 + 8)
    assert not (out / "e.csv.html").exists()
    bad = CliRunner().invoke(app, [*args, "-f", "xlsx"])
    assert bad.exit_code == 2
    assert "--format" in bad.output
