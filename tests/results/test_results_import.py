"""Import of protocol files (CSV/JSON/Parquet), synthetic storage, tabulation, open data."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from sqlalchemy.orm import Session

from majlis.errors import ProtocolError
from majlis.results import (
    Level,
    Resolution,
    count_versions,
    entry_differences,
    finalise_station,
    import_protocols,
    observer_discrepancies,
    published_discrepancies,
    record_published_total,
    station_frame,
    tabulate_election,
)
from majlis.synth import (
    KZ_2021,
    Irregularities,
    SynthSpec,
    load_synthetic_hierarchy,
    store_synthetic,
    synthesize,
    table_frame,
)

SMALL = SynthSpec(stations=300, territorials=20, seed=11)
E = KZ_2021.election


@pytest.fixture
def hierarchy(session: Session) -> Session:
    """The commissions and 300 stations of a small synthetic election."""
    load_synthetic_hierarchy(session, synthesize(SMALL))
    session.commit()
    return session


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet"])
def test_import_then_tabulate_exact_totals(hierarchy: Session, tmp_path: Path, suffix: str) -> None:
    """An official file imports whole and tabulates to the official 2021 national totals."""
    frame = table_frame(synthesize(SMALL).official)
    path = tmp_path / f"protocols{suffix}"
    {".csv": frame.write_csv, ".json": frame.write_json, ".parquet": frame.write_parquet}[suffix](
        path
    )
    with hierarchy.begin():
        report = import_protocols(hierarchy, path)
    assert (report.rows, report.stored, report.final, report.blocked) == (300, 300, 300, 0)
    national = tabulate_election(hierarchy, E).national
    assert dict(national.votes) == dict(KZ_2021.votes)
    assert national.lines["found"] == KZ_2021.ballots
    assert national.lines["voters"] == KZ_2021.registered
    regions = tabulate_election(hierarchy, E).tallies(Level.REGION)
    assert len(regions) == 17
    assert sum(t.lines["invalid"] for t in regions) == KZ_2021.invalid


def _broken_csv(tmp_path: Path) -> Path:
    frame = table_frame(synthesize(SMALL).official).with_columns(pl.all().cast(pl.String))
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 4).then(pl.lit("12a")).otherwise(pl.col("voters"))
        .alias("voters"),
        pl.when(pl.int_range(pl.len()) == 9).then(pl.lit("-3")).otherwise(pl.col("invalid"))
        .alias("invalid"),
        pl.when(pl.int_range(pl.len()) == 20).then(pl.lit("999999")).otherwise(pl.col("station"))
        .alias("station"),
    )  # fmt: skip
    path = tmp_path / "broken.csv"
    frame.write_csv(path)
    return path


def test_malformed_file_rejected_whole(hierarchy: Session, tmp_path: Path) -> None:
    """A file with bad cells is refused naming row, field and problem; nothing is stored."""
    path = _broken_csv(tmp_path)
    with pytest.raises(ProtocolError) as caught, hierarchy.begin():
        import_protocols(hierarchy, path)
    message = str(caught.value)
    assert "3 problem(s) in 3 row(s)" in message
    assert "row 5, field 'voters': not a non-negative integer (got '12a')" in message
    assert "row 10, field 'invalid'" in message
    assert "row 21, field 'station': unknown polling station" in message
    assert count_versions(hierarchy, E) == 0


def test_skip_invalid_writes_rejects(hierarchy: Session, tmp_path: Path) -> None:
    """With skip_invalid the valid rows go in and the bad ones to a reject file."""
    path = _broken_csv(tmp_path)
    with hierarchy.begin():
        report = import_protocols(hierarchy, path, skip_invalid=True)
    assert report.stored == 297
    assert report.reject_path is not None
    rejects = pl.read_csv(report.reject_path, infer_schema_length=0)
    assert rejects["row"].to_list() == ["5", "10", "21"]
    assert "voters: not a non-negative integer" in rejects["problems"][0]


def test_synthetic_double_entry_copies_and_published(session: Session, tmp_path: Path) -> None:
    """Stored synth: entries agree except at known stations; copies and totals disagree."""
    spec = SynthSpec(
        stations=300,
        territorials=20,
        seed=5,
        double_entry=True,
        entry_differences=4,
        observer_share=0.2,
        observer_misreads=2,
        irregularities=Irregularities(stuffing_share=0.02),
    )
    election = synthesize(spec)
    with session.begin():
        stored = store_synthetic(session, election)
    assert len(stored.pending) == 4
    assert stored.final == 296
    with session.begin():
        for code in stored.pending:
            diffs = entry_differences(session, E, code)
            i = election.official.station.index(code)
            right = election.official.protocol(i).lines.field_values()  # the paper says
            finalise_station(
                session,
                E,
                code,
                decided_by="chair",
                resolution=Resolution("chair", {d.field: right[d.field] for d in diffs}, "paper"),
            )
    national = tabulate_election(session, E).national
    assert dict(national.votes) == dict(KZ_2021.votes)
    found = {d.unit for d in observer_discrepancies(session, E)}
    stuffed = {m.station for m in election.manipulations}
    observed = set(election.observer.station)  # type: ignore[union-attr]
    assert stuffed & observed <= found
    assert len(found - stuffed) <= 2
    record_published_total(
        session,
        election=E,
        level=Level.NATIONAL,
        unit="national",
        lines={"votes.Nur Otan": 5_148_074, "found": 7_539_000},
    )
    session.commit()
    (report,) = published_discrepancies(session, E)
    assert [(d.line, d.difference) for d in report.differences] == [("found", 280)]
    frame = station_frame(session, E)
    assert frame.height == 300
    assert int(frame["votes.Nur Otan"].sum()) == 5_148_074
    assert frame["content_hash"].str.len_chars().min() == 64


def test_importing_both_entries_finalises_agreeing_stations(
    hierarchy: Session, tmp_path: Path
) -> None:
    """After entry 1 and entry 2 are imported, agreeing stations are final, the rest listed."""
    election = synthesize(
        SynthSpec(stations=300, territorials=20, seed=11, double_entry=True, entry_differences=3)
    )
    assert election.entries is not None
    paths = []
    for entry in election.entries:
        path = tmp_path / f"{entry.source[0].value}.parquet"
        table_frame(entry).write_parquet(path)
        paths.append(path)
    with hierarchy.begin():
        first = import_protocols(hierarchy, paths[0])
    assert first.final == 0
    assert first.agreement is not None
    assert first.agreement.finalised == ()
    with hierarchy.begin():
        second = import_protocols(hierarchy, paths[1])
    assert second.agreement is not None
    assert len(second.agreement.finalised) == 297
    assert len(second.agreement.differing) == 3
    assert tabulate_election(hierarchy, E).national.stations == 297
