"""Golden tests: mixed-member systems against their official results, with sources."""

from __future__ import annotations

from datetime import date

from majlis.law import PartyList, allocate, get_ruleset


def test_new_zealand_2023_overhang() -> None:
    """New Zealand 2023: Sainte-Laguë over 120, Te Pāti Māori keeps 6 electorates (overhang 2).

    Source: Electoral Commission, official result of the 2023 general election (3 November
    2023), https://www.electionresults.govt.nz/electionresults_2023/ — party votes and
    electorates won, as kept in sarahcgall/scgElectionsNZ (data/summary.rda). Port Waikato
    was decided at a later by-election, so 71 electorates and a House of 122.
    """
    rows = (  # party, party votes, electorates won, official seats
        ("National Party", 1_085_851, 43, 48),
        ("Labour Party", 767_540, 17, 34),
        ("Green Party", 330_907, 3, 15),
        ("ACT Party", 246_473, 2, 11),
        ("NZ First", 173_553, 0, 8),
        ("Maori Party", 87_844, 6, 6),
        ("The Opportunities Party (TOP)", 63_344, 0, 0),
        ("New Zealand Loyal", 34_478, 0, 0),
        ("NewZeal", 16_126, 0, 0),
        ("Aotearoa Legalise Cannabis Party", 13_025, 0, 0),
        ("Freedoms NZ", 9_586, 0, 0),
        ("DemocracyNZ", 6_786, 0, 0),
        ("Animal Justice Party", 5_018, 0, 0),
        ("New Conservatives", 4_532, 0, 0),
        ("Women's Rights Party", 2_513, 0, 0),
        ("Leighton Baker Party", 2_105, 0, 0),
        ("New Nation Party", 1_530, 0, 0),
    )
    lists = [PartyList(name, votes, district_wins=wins) for name, votes, wins, _ in rows]
    result = allocate(get_ruleset("nz-house", date=date(2023, 10, 14)), lists)
    assert dict(result.seats) == {name: seats for name, _, _, seats in rows}
    assert result.total == 122
    overhang = [e for e in result.trace if e.kind == "overhang"]
    assert [(e.party, e.share, e.district_wins) for e in overhang] == [("Maori Party", 4, 6)]
