"""Golden test: Germany's Bundestag 2025 under the 2023 law, the whole count, official figures.

Source of every input and of the expected constituency outcome: Die Bundeswahlleiterin,
open data of the final result ("Endgültig", Stand 14.03.2025 10:50), ``kerg2.csv``,
https://www.bundeswahlleiterin.de/bundestagswahlen/2025/ergebnisse/opendata/btw25/csv/kerg2.csv
(also https://www.bundeswahlleiterin.de/dam/jcr/f49a47a1-735b-4e9b-b4e1-4c73cad2292e/btw25_kerg2.csv),
Datenlizenz Deutschland – Namensnennung 2.0. Read on 7 December 2026 from a verbatim copy
(preamble "Status: Endgültig", "Stand: 14.03.2025 10:50" intact; sha256
c68b097e37da16b13a21c0b21871a7e06b1fd8d6c32e01a415d434becf761288) kept in the public
repository tatyanabortnik/bundestagswahl-2025-results-explorer (public/data/kerg2.csv); its
federal totals equal the final result's. Kept from it in ``tests/golden/data/``:

- ``de-bundestag-2025.csv``: the second votes of every Land list (rows ``Gebietsart = Land``,
  ``Gruppenart = Partei``, ``Stimme = 2``); they add up to each Land's valid second votes.
- ``de-bundestag-2025-winners.csv``: each of the 299 constituencies' winner (the largest
  ``Stimme = 1`` count), its party and Land, and the constituency's valid first votes.

Expected: the party seats of the final result (bund-99.html); the 23 constituency winners
not seated, which kerg2 marks with "–" in its ``Gewählt`` column (every other constituency
names its winner's party there); Bavaria's seats per party from the Bavarian State Office
for Statistics (Landeswahlleiter), press release 17/2025/BTW/B-VII of 24 February 2025,
https://statistik.bayern.de/presse/mitteilungen/2025/btw17/index.html (given for the
preliminary result; the final result kept the preliminary party seats, and this count
from the final votes gives the same Bavarian seats). The other Länder's list seats have no
official machine-readable table reachable here: they are checked through their sums (the party
seats) and, where a winner went unseated, through the cover (a Land list whose winners are
not all seated has exactly as many seats as winners seated).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from majlis.law import (
    CoverageAllocation,
    DistrictWinner,
    PartyList,
    allocate_coverage,
    get_ruleset,
)

DATA = Path(__file__).parent / "data"

#: Bundeswahlleiterin, final result of 14 March 2025 (bund-99.html): seats per party.
SEATS = {"CDU": 164, "AfD": 152, "SPD": 120, "GRÜNE": 85, "Die Linke": 64, "CSU": 44, "SSW": 1}

#: kerg2.csv, ``Gewählt`` = "–": the constituency winners the second votes did not cover.
UNSEATED = {
    ("Flensburg – Schleswig", "CDU"),
    ("Rostock – Landkreis Rostock II", "AfD"),
    ("Bremen I", "SPD"),
    ("Oberhavel – Havelland II", "AfD"),
    ("Halle", "AfD"),
    ("Leipzig I", "AfD"),
    ("Schwalm-Eder", "CDU"),
    ("Frankfurt am Main I", "CDU"),
    ("Frankfurt am Main II", "CDU"),
    ("Groß-Gerau", "CDU"),
    ("Darmstadt", "CDU"),
    ("Trier", "CDU"),
    ("Mainz", "CDU"),
    ("Ludwigshafen/Frankenthal", "CDU"),
    ("München-Süd", "CSU"),
    ("Nürnberg-Nord", "CSU"),
    ("Augsburg-Stadt", "CSU"),
    ("Stuttgart II", "CDU"),
    ("Heidelberg", "CDU"),
    ("Mannheim", "CDU"),
    ("Rhein-Neckar", "CDU"),
    ("Lörrach – Müllheim", "CDU"),
    ("Tübingen", "CDU"),
}


def _votes() -> dict[str, list[PartyList]]:
    votes: dict[str, list[PartyList]] = {}
    with (DATA / "de-bundestag-2025.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            votes.setdefault(row["constituency"], []).append(
                PartyList(row["party"], int(row["votes"]), minority=row["minority"] == "true")
            )
    return votes


def _winners() -> list[DistrictWinner]:
    with (DATA / "de-bundestag-2025-winners.csv").open(encoding="utf-8") as handle:
        return [
            DistrictWinner(
                row["district"],
                row["constituency"],
                row["party"] or None,
                int(row["votes"]),
                int(row["valid_votes"]),
            )
            for row in csv.DictReader(handle)
        ]


@pytest.fixture(scope="module")
def result() -> CoverageAllocation:
    return allocate_coverage(get_ruleset("de-bundestag-2024"), _votes(), _winners())


def test_inputs_match_the_official_totals() -> None:
    """The kept Land votes add up to the federal totals the upper-apportionment golden uses."""
    national: Counter[str] = Counter()
    for lists in _votes().values():
        for p in lists:
            national[p.name] += p.votes
    assert len(_votes()) == 16
    assert sum(national.values()) == 49_649_512  # valid second votes
    assert national["CDU"] == 11_196_374
    assert national["CSU"] == 2_964_028
    assert national["BSW"] == 2_472_947
    assert national["SSW"] == 76_138
    winners = _winners()
    assert len(winners) == 299 == len({w.district for w in winners})
    assert Counter(w.party for w in winners) == {
        "CDU": 143, "CSU": 47, "AfD": 46, "SPD": 45, "GRÜNE": 12, "Die Linke": 6,
    }  # fmt: skip


def test_party_seats(result: CoverageAllocation) -> None:
    """The upper apportionment: 630 seats as the Bundeswahlleiterin declared them."""
    assert {p: n for p, n in result.seats.items() if n} == SEATS
    assert result.house == result.total == 630
    assert result.tie is None


def test_the_23_winners_not_seated(result: CoverageAllocation) -> None:
    """Exactly the 23 winners kerg2 marks as not elected, all others seated."""
    assert {(w.district, w.party) for w in result.unseated} == UNSEATED
    seated = Counter(w.winner.party for w in result.winners if w.seated)
    assert seated == {"CDU": 128, "CSU": 44, "AfD": 42, "SPD": 44, "GRÜNE": 12, "Die Linke": 6}


def test_land_lists(result: CoverageAllocation) -> None:
    """Lower apportionment: Bavaria as published; every party's Land seats sum to its seats."""
    bavaria = {p: n for p, n in result.lists["Bayern"].items() if n}
    assert bavaria == {"CSU": 44, "AfD": 22, "GRÜNE": 14, "SPD": 14, "Die Linke": 7}
    for party, n in result.seats.items():
        assert sum(row.get(party, 0) for row in result.lists.values()) == n
    unseated_lists = {(w.constituency, w.party) for w in result.unseated}
    for land, party in unseated_lists:
        assert party is not None
        assert result.lists[land][party] == result.district_seats[land][party]
        assert result.list_seats[land][party] == 0
    assert sum(sum(row.values()) for row in result.lists.values()) == 630


def test_trace_explains_every_stage(result: CoverageAllocation) -> None:
    """The trace has the threshold, upper, 7 lower apportionments and all 299 cover verdicts."""
    trace = result.trace
    stages = [e.name for e in trace if e.kind == "stage"]
    assert "upper apportionment among parties" in stages
    assert sum(s.startswith("lower apportionment of ") for s in stages) == 7
    assert sum(s.startswith("second-vote cover in ") for s in stages) == 16
    cover = [e for e in trace if e.kind == "cover"]
    assert len(cover) == 299
    assert {(e.district, e.party) for e in cover if not e.seated} == UNSEATED
    mannheim = next(e for e in cover if e.district == "Mannheim")
    assert "beyond the list's 29 seats" in mannheim.reason
    bsw = next(e for e in trace if e.kind == "threshold" and e.party == "BSW")
    assert not bsw.admitted
