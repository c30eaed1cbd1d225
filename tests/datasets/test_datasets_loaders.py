"""Every loader against the row counts and sums stated in the data folders' READMEs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from majlis.datasets import (
    DATA_DIR_ENV,
    RUSSIA_YEARS,
    SOURCES,
    STANDARD_COLUMNS,
    fetch_albania_2013,
    fetch_canada_2011,
    fetch_file,
    fetch_poland_2020,
    fetch_russia,
    fetch_spikes_reference,
    fetch_spikes_russia_2011,
)
from majlis.errors import ConfigurationError, InputError, IntegrityError, NotFoundError

# russia-kobak/README.md: rows (stations) and registered voters per file.
RUSSIA = {
    2004: (95_779, 108_064_342),
    2007: (96_193, 109_148_196),
    2008: (96_612, 107_222_016),
    2011: (95_225, 109_229_337),
    2012: (95_415, 109_860_331),
    2016: (96_871, 110_061_200),
    2018: (97_699, 109_008_428),
    2020: (96_765, 107_999_611),
    2021: (96_325, 109_204_662),
    2024: (94_214 - 2_268, 99_764_974),
}


@pytest.mark.slow
@pytest.mark.parametrize("year", RUSSIA_YEARS)
def test_russia_rows_and_registered(shared_data: Path, year: int) -> None:
    """Each Russian year has the README's station count and registered voters."""
    table = fetch_russia(year, data_home=shared_data, download_if_missing=False)
    rows, registered = RUSSIA[year]
    assert table.frame.height == rows
    assert table.frame["registered"].sum() == registered
    assert tuple(table.frame.columns[: len(STANDARD_COLUMNS)]) == STANDARD_COLUMNS
    assert table.frame.select(STANDARD_COLUMNS[3:]).null_count().sum_horizontal()[0] == 0
    assert table.leader in table.lists
    assert (table.frame["leader"] == table.frame[table.leader]).all()


def test_russia_2011_turnout_and_result_match_kobak(shared_data: Path) -> None:
    """Russia 2011: the turnout and United Russia share Kobak's loader prints (60.2%, 49.3%)."""
    frame = fetch_russia(2011, data_home=shared_data).frame
    turnout = frame["ballots_issued"].sum() / frame["registered"].sum()
    result = frame["leader"].sum() / frame["ballots_cast"].sum()
    assert round(turnout * 100, 2) == 60.21
    assert round(result * 100, 2) == 49.31
    # The spikes package ships the same election: its United Russia total is within 0.4%.
    assert abs(frame["leader"].sum() - 32_274_276) / 32_274_276 < 0.004


def test_russia_2021_evoting_pseudo_stations(shared_data: Path) -> None:
    """Russia 2021 marks 33 remote e-voting pseudo-stations (18 DEG TIKs, 15 in Moscow)."""
    frame = fetch_russia(2021, data_home=shared_data).frame
    evoting = frame.filter(frame["evoting"])
    assert evoting.height == 33
    assert evoting.filter(evoting["region"] == "город Москва").height == 15
    assert evoting["registered"].min() > 20_000  # no real station is this large
    assert not fetch_russia(2020, data_home=shared_data).frame["evoting"].any()


def test_russia_2024_drops_stations_without_data(shared_data: Path) -> None:
    """Russia 2024 drops the 2,268 stations without data; Kobak prints 75.40% and 86.81%."""
    table = fetch_russia(2024, data_home=shared_data)
    frame = table.frame
    assert frame.height == 91_946
    assert table.rejects.height == 2_268
    assert table.rejects["reason"].str.contains("leader").all()
    assert table.rejects["region"].is_not_null().all()
    assert round(frame["ballots_issued"].sum() / frame["registered"].sum() * 100, 2) == 75.40
    assert round(frame["leader"].sum() / frame["ballots_cast"].sum() * 100, 2) == 86.81


def test_poland_2020_round2_station_sums(shared_data: Path) -> None:
    """Poland 2020 round 2: the README's station sums and the official totals within 300."""
    table = fetch_poland_2020(2, data_home=shared_data)
    frame = table.frame
    assert frame.height == 27_227  # the 4 '-' districts are in the rejects, not the table
    assert table.rejects.height == 4
    assert table.rejects["station"].str.starts_with("-/").all()
    assert table.rejects["reason"].str.contains("registered").all()
    assert frame["registered"].sum() == 30_267_989
    assert frame["ballots_issued"].sum() == 20_047_104
    assert frame["valid"].sum() == 20_458_480
    assert frame["leader"].sum() == 10_440_388
    assert frame["Rafał Kazimierz TRZASKOWSKI"].sum() == 10_018_092
    assert 0 < 10_440_648 - frame["leader"].sum() < 300  # official Duda total (PKW)
    assert (frame["station_type"] == "stały").sum() == 25_433


def test_poland_2020_round1_candidates(shared_data: Path) -> None:
    """Poland 2020 round 1: 27,229 districts, 11 candidates, Duda near the official 8,450,513."""
    table = fetch_poland_2020(1, data_home=shared_data)
    assert table.frame.height + table.rejects.height == 27_229
    assert len(table.lists) == 11
    assert 0 <= 8_450_513 - table.frame["leader"].sum() < 300


def test_canada_and_spikes_russia_sums(shared_data: Path) -> None:
    """The spikes tables: the README's row counts and sums of N, t and v."""
    canada = fetch_canada_2011(data_home=shared_data).frame
    assert canada.height == 66_111
    assert canada["registered"].sum() == 24_100_094
    assert canada["ballots_cast"].sum() == 12_328_979
    assert canada["leader"].sum() == 4_871_244
    russia = fetch_spikes_russia_2011(data_home=shared_data).frame
    assert russia.height == 95_045
    assert russia["registered"].sum() == 108_910_321
    assert russia["leader"].sum() == 32_274_276
    reference = fetch_spikes_reference(data_home=shared_data)
    assert reference.height == 1_001


def test_albania_2013(shared_data: Path) -> None:
    """Albania 2013: 5,508 stations in 12 prefectures, 66 lists, two with Registered = 0."""
    table = fetch_albania_2013(data_home=shared_data)
    frame = table.frame
    assert frame.height == 5_508
    assert frame["region"].n_unique() == 12
    assert len(table.lists) == 66
    assert (frame["registered"] == 0).sum() == 2
    assert table.leader == "C035"


def test_poland_2020_turnout_numerator_and_cards(shared_data: Path) -> None:
    """PKW's turnout is valid cards over eligible (68.18 %); postal ballots put more cards in
    the box than were issued at 22,360 stations, e.g. 022308/2 (12 issued, 75 in the box)."""
    table = fetch_poland_2020(2, data_home=shared_data)
    frame = table.frame
    assert table.turnout_numerator == "valid_cards"
    assert frame["valid_cards"].sum() == 20_636_196
    assert round(frame["valid_cards"].sum() / frame["registered"].sum() * 100, 2) == 68.18
    assert frame.filter(pl.col("ballots_cast") > pl.col("ballots_issued")).height == 22_360
    row = frame.filter(pl.col("station") == "022308/2").row(0, named=True)
    assert (row["ballots_issued"], row["ballots_cast"], row["valid_cards"]) == (12, 75, 75)
    stations = table.to_stations()
    index = frame["station"].to_list().index("022308/2")
    assert stations.line("ballots_issued")[index] == 75  # the turnout numerator: valid cards
    issued = table.to_stations(turnout_numerator="ballots_issued")
    assert issued.line("ballots_issued")[index] == 12
    with pytest.raises(InputError, match="turnout_numerator"):
        table.to_stations(turnout_numerator="Andrzej Sebastian DUDA")


def test_to_stations_arrays(shared_data: Path) -> None:
    """The conversion to arrays keeps every station and every count; no row is refused."""
    table = fetch_poland_2020(2, data_home=shared_data)
    complete = table.frame
    stations = table.to_stations(include_lists=True)
    assert stations.size == complete.height
    assert stations.leader.sum() == complete["leader"].sum()
    assert stations.lists is not None
    assert np.array_equal(stations.lists.sum(axis=1), complete["valid"].to_numpy())


def test_environment_folder_and_checksums(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """MAJLIS_DATA_DIR is read offline; every stored checksum matches the shared files."""
    monkeypatch.setenv(DATA_DIR_ENV, str(shared_data))
    for key, source in SOURCES.items():
        path = fetch_file(key, download_if_missing=False)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == source.sha256
    bad = tmp_path / "albania-2013-eftoolkit"
    bad.mkdir()
    (bad / "Albania2013.csv").write_text("tampered\n")
    with pytest.raises(IntegrityError, match="SHA-256"):
        fetch_file("albania-2013", data_home=tmp_path)
    with pytest.raises(ConfigurationError, match=DATA_DIR_ENV):
        fetch_file("russia-2011", data_home=tmp_path, download_if_missing=False)
    with pytest.raises(NotFoundError, match="russia-2011"):
        fetch_file("russia-1999")
    with pytest.raises(NotFoundError, match="2004"):
        fetch_russia(1999)


def test_download_failure_is_a_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the local file and without network, the error names the variable to set."""

    def offline(**_: object) -> str:
        raise ConnectionError("network unreachable")

    monkeypatch.setattr("pooch.retrieve", offline)
    with pytest.raises(ConfigurationError, match="MAJLIS_DATA_DIR"):
        fetch_file("albania-2013", data_home=tmp_path)
    with pytest.raises(ConfigurationError, match="no public download address"):
        fetch_file("canada-2011", data_home=tmp_path)
