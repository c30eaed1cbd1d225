"""Golden tests from real polling-station data: Russian Duma party-list seats, 2007–2021.

The station protocols (Shpilkin's scrape of izbirkom.ru, in ../shared/data/russia-kobak) are
summed to national totals, then allocated; the seats must equal the Central Election
Commission's published list seats. The 2021 sums equal the CEC's national totals exactly.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import polars as pl
import pytest

from majlis.law import PartyList, allocate, get_ruleset

# Official list seats (CEC of the Russian Federation, final results of each election; 2016 and
# 2021 are the 225 federal-list seats, 2007 and 2011 all 450 seats).
OFFICIAL = {
    2007: (
        "ru-duma-2005",
        {
            "ЕДИНАЯ РОССИЯ": 315,
            "Коммунистическая": 57,
            "Либерально-демократическая": 40,
            "СПРАВЕДЛИВАЯ РОССИЯ": 38,
        },
    ),
    2011: (
        "ru-duma-2005",
        {
            "ЕДИНАЯ РОССИЯ": 238,
            "Коммунистическая": 92,
            "СПРАВЕДЛИВАЯ РОССИЯ": 64,
            "Либерально-демократическая": 56,
        },
    ),
    2016: (
        "ru-duma-2014",
        {
            "ЕДИНАЯ РОССИЯ": 140,
            "КОММУНИСТИЧЕСКАЯ ПАРТИЯ РОССИЙСКОЙ": 35,
            "ЛДПР": 34,
            "СПРАВЕДЛИВАЯ РОССИЯ": 16,
        },
    ),
    2021: (
        "ru-duma-2014",
        {
            "ЕДИНАЯ РОССИЯ": 126,
            "КОММУНИСТИЧЕСКАЯ ПАРТИЯ РОССИЙСКОЙ": 48,
            "ЛДПР": 19,
            "СПРАВЕДЛИВАЯ РОССИЯ": 19,
            "НОВЫЕ ЛЮДИ": 13,
        },
    ),
}


def _national_totals(path: Path) -> tuple[dict[str, int], int]:
    with zipfile.ZipFile(path) as archive:
        raw = archive.read(archive.namelist()[0])
    frame = pl.read_csv(io.BytesIO(raw), infer_schema_length=10_000)
    parties = [c for c in frame.columns if c[0].isdigit()]
    valid = next(c for c in frame.columns if c.startswith("Число действительных"))
    invalid = next(c for c in frame.columns if c.startswith("Число недействительных"))
    sums = frame.select([pl.col(c).sum() for c in [*parties, valid, invalid]]).row(0)
    totals = dict(zip(parties, (int(v) for v in sums[: len(parties)]), strict=True))
    return totals, int(sums[-2]) + int(sums[-1])


@pytest.mark.slow
@pytest.mark.parametrize("year", sorted(OFFICIAL))
def test_duma_list_seats_from_stations(shared_data: Path, year: int) -> None:
    """Summed station protocols allocated under the law of the day give the official seats."""
    law, expected = OFFICIAL[year]
    totals, ballots = _national_totals(shared_data / "russia-kobak" / f"{year}.csv.zip")
    lists = [PartyList(name, votes) for name, votes in totals.items()]
    result = allocate(get_ruleset(law), lists, ballots_cast=ballots)
    won = {name: seats for name, seats in result.seats.items() if seats}
    assert len(won) == len(expected)
    for key, seats in expected.items():
        (name,) = [n for n in won if key in n]
        assert won[name] == seats, name
    assert result.tie is None
