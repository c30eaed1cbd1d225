"""Additional members by region (Scotland Act 1998, ss. 7-8): the statute's example, its rules."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.errors import AllocationImpossible, InputError, RulesetError
from majlis.law import (
    Constituency,
    PartyList,
    Ruleset,
    allocate_districts,
    get_ruleset,
    parse_ruleset,
    render_trace,
)
from majlis.law.trace import (
    DistrictWinsCounted,
    DivisorSeat,
    ListExhausted,
    TieBroken,
    TieLeft,
)

SCOTLAND = get_ruleset("gb-sco-parliament", date=date(2021, 5, 6))
REGIONS = [Constituency(f"Region {k}", seats=7) for k in range(1, 9)]

LAW = """
id = "xx-ams-2000"
title = "Test"
jurisdiction = "XX"
body = "Chamber"
effective_from = 2000-01-01
citation = "none"
sources = ["none"]
[seats]
total = {total}
list = {regional}
districts = {districts}
[allocation]
method = "dhondt"
tie_break = "{tie_break}"
[threshold]
value = "0%"
base = "list_votes"
[constituencies]
magnitude = "seats"
{constituencies}
[mixed]
kind = "additional_members"
"""


def law(
    *, regional: int = 2, districts: int = 10, tie_break: str = "lot", constituencies: str = ""
) -> Ruleset:
    """The test law with ``regional`` additional seats beside ``districts`` constituencies."""
    text = LAW.format(
        total=regional + districts,
        regional=regional,
        districts=districts,
        tie_break=tie_break,
        constituencies=constituencies or 'method = "dhondt"',
    )
    return parse_ruleset(text, source="ams.toml")


def north_east_1999() -> list[PartyList]:
    """The regional votes and constituencies of the Explanatory Notes' worked example."""
    return [
        PartyList("Labour", 72666, district_wins=4),
        PartyList("Lib Dem", 49843, district_wins=3),
        PartyList("SNP", 92329, district_wins=2),
        PartyList("Conservative", 52149),
        PartyList("Green", 8067),
    ]


def scotland(region_one: list[PartyList]) -> dict[str, list[PartyList]]:
    """Region 1 as given; the seven others one list each (they change nothing there)."""
    votes = {c.name: [PartyList("Other", 1000)] for c in REGIONS}
    votes["Region 1"] = region_one
    return votes


def test_the_statutes_worked_example() -> None:
    """North East Scotland 1999 (Explanatory Notes to s. 8): Con 3, SNP 4, in the notes' order.

    Source: Scotland Act 1998 Explanatory Notes, s. 8, "Allocation of Seats in the North
    East of Scotland Region" (legislation.gov.uk/ukpga/1998/46/notes/division/3/9/5).
    """
    result = allocate_districts(SCOTLAND, REGIONS, scotland(north_east_1999()))
    assert dict(result.constituencies["Region 1"]) == {
        "Labour": 0,
        "Lib Dem": 0,
        "SNP": 4,
        "Conservative": 3,
        "Green": 0,
    }
    members = result.members
    assert (members["Labour"], members["Lib Dem"], members["SNP"]) == (4, 3, 6)
    assert members["Conservative"] == 3
    assert members["Green"] == 0
    seats = [e for e in result.trace if isinstance(e, DivisorSeat)][:7]
    assert [e.party for e in seats] == [
        "Conservative",
        "SNP",
        "Conservative",
        "SNP",
        "SNP",
        "Conservative",
        "SNP",
    ]
    # the notes' figures: the last seat won at 92329 / 6 = 15388
    assert seats[-1].divisor == 6
    assert int(seats[-1].quotient or 0) == 15388
    first = next(e for e in result.trace if isinstance(e, DistrictWinsCounted))
    assert (first.party, first.divisor, first.figure) == ("Labour", 5, Fraction(72666, 5))


def test_a_party_with_no_list_keeps_its_constituencies_and_takes_no_seat() -> None:
    """A row with constituencies won and no votes (no regional list) is skipped."""
    region = [*north_east_1999(), PartyList("Independents' Party", 0, district_wins=1)]
    result = allocate_districts(SCOTLAND, REGIONS, scotland(region))
    assert result.constituencies["Region 1"]["Independents' Party"] == 0
    assert result.members["Independents' Party"] == 1
    skipped = [
        e
        for e in result.trace
        if isinstance(e, DistrictWinsCounted) and e.party == "Independents' Party"
    ]
    assert skipped[0].figure is None
    assert "no regional figure" in render_trace(skipped)


def test_equal_figures_are_recalculated_with_one_more_vote() -> None:
    """A (100, one constituency) and B (50) both stand at 50; B's 51 beats A's 101/2."""
    r = law(regional=1, districts=1)
    votes = {"R": [PartyList("A", 100, district_wins=1), PartyList("B", 50)]}
    result = allocate_districts(r, [Constituency("R", seats=1)], votes)
    assert dict(result.constituencies["R"]) == {"A": 0, "B": 1}
    broken = [e for e in result.trace if isinstance(e, TieBroken)]
    assert broken[0].rule == "one more vote each"
    assert broken[0].winners == ("B",)


def test_figures_still_equal_go_by_lot_or_stay_a_tie() -> None:
    """Equal votes and constituencies: a seeded lot decides, and without a seed a Tie stands."""
    r = law(regional=1, districts=2)
    votes = {"R": [PartyList("A", 70, district_wins=1), PartyList("B", 70, district_wins=1)]}
    drawn = allocate_districts(r, [Constituency("R", seats=1)], votes, seed=5)
    assert sorted(drawn.constituencies["R"].values()) == [0, 1]
    assert any(isinstance(e, TieBroken) and e.rule == "lot" for e in drawn.trace)
    open_tie = allocate_districts(r, [Constituency("R", seats=1)], votes)
    assert open_tie.tie is not None
    assert open_tie.tie.contenders == ("A", "B")
    assert sum(open_tie.constituencies["R"].values()) == 0
    assert any(isinstance(e, TieLeft) for e in open_tie.trace)


def test_equal_figures_with_seats_enough_for_all_need_no_tie_break() -> None:
    """Two lists level with two seats left: both are seated, nothing is drawn."""
    r = law(regional=2, districts=1, tie_break="none")
    votes = {"R": [PartyList("A", 70), PartyList("B", 70), PartyList("C", 10, district_wins=1)]}
    result = allocate_districts(r, [Constituency("R", seats=2)], votes)
    assert dict(result.constituencies["R"]) == {"A": 1, "B": 1, "C": 0}
    assert result.tie is None


def test_more_constituencies_won_than_the_law_has_fail_naming_the_field() -> None:
    """Constituencies won over all regions cannot exceed seats.districts."""
    r = law(regional=1, districts=2)
    votes = {"R": [PartyList("A", 70, district_wins=3)]}
    with pytest.raises(InputError, match="district_wins"):
        allocate_districts(r, [Constituency("R", seats=1)], votes)


def test_a_region_with_no_regional_votes_cannot_be_filled() -> None:
    """Seats with no list to take them fail plainly."""
    r = law(regional=1, districts=2)
    votes = {"R": [PartyList("A", 0, district_wins=1)]}
    with pytest.raises(AllocationImpossible, match="no list has regional votes"):
        allocate_districts(r, [Constituency("R", seats=1)], votes)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"constituencies": 'method = "hare"'}, "constituencies.method"),
        ({"constituencies": 'method = "adams"'}, "constituencies.method"),
        ({"constituencies": 'method = "dhondt"\nlevelling_seats = 1'}, "levelling_seats"),
        ({"constituencies": 'method = "dhondt"\nthreshold = "5%"'}, "constituencies.threshold"),
        (
            {"constituencies": 'method = "dhondt"\nremainders = "national"'},
            "constituencies",
        ),
        ({"districts": 0}, "mixed.kind"),
    ],
)
def test_the_ruleset_is_checked_when_read(change: dict[str, object], message: str) -> None:
    """Each impossible combination fails naming the key."""
    with pytest.raises(RulesetError, match=message):
        law(**change)  # type: ignore[arg-type]


def test_additional_members_need_the_regions_and_fixed_seats() -> None:
    """No [constituencies] table, or seats apportioned by a measure, fail naming the key."""
    text = LAW.format(total=3, regional=2, districts=1, tie_break="lot", constituencies="")
    no_table = text.replace('[constituencies]\nmagnitude = "seats"\n', "")
    with pytest.raises(RulesetError, match=r"mixed\.kind.*constituencies"):
        parse_ruleset(no_table, source="ams.toml")
    measured = text.replace('magnitude = "seats"', 'magnitude = "population"')
    with pytest.raises(RulesetError, match=r"constituencies\.magnitude"):
        parse_ruleset(measured, source="ams.toml")


_region = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 4)), min_size=1, max_size=6
).filter(lambda rows: any(v for v, _ in rows) and sum(w for _, w in rows) <= 9)


@settings(max_examples=60, deadline=None)
@given(rows=_region, magnitude=st.integers(1, 7))
def test_properties_of_one_region(rows: list[tuple[int, int]], magnitude: int) -> None:
    """Seats add up; nobody loses a constituency; every seat beats every next figure."""
    r = law(regional=magnitude, districts=9, tie_break="registration")
    lists = [PartyList(f"P{k}", v, district_wins=w) for k, (v, w) in enumerate(rows)]
    result = allocate_districts(r, [Constituency("R", seats=magnitude)], {"R": lists})
    got = result.constituencies["R"]
    if result.tie is None:
        assert sum(got.values()) == magnitude
    for p in lists:
        assert result.members[p.name] >= p.district_wins
        if p.votes == 0:
            assert got[p.name] == 0
    # d'Hondt certificate: the last figure each list won at is at least the next figure
    # of any list (an exact inequality; equal figures are the statute's tie)
    for p in lists:
        if not got[p.name]:
            continue
        won_at = Fraction(p.votes, p.district_wins + got[p.name])
        for q in lists:
            assert won_at >= Fraction(q.votes, q.district_wins + got[q.name] + 1)


def test_a_first_divisor_counts_for_a_list_with_no_seat_yet() -> None:
    """Modified Sainte-Laguë regions: 1.4 before any seat, then 3, 5, ... after constituencies."""
    r = law(
        regional=1, districts=1, constituencies='method = "sainte_lague"\nfirst_divisor = "1.4"'
    )
    votes = {"R": [PartyList("A", 100, district_wins=1), PartyList("B", 40)]}
    result = allocate_districts(r, [Constituency("R", seats=1)], votes)
    # A: 100 / 3 = 33.3; B: 40 / 1.4 = 28.6
    assert dict(result.constituencies["R"]) == {"A": 1, "B": 0}
    first = [e for e in result.trace if isinstance(e, DistrictWinsCounted)]
    assert [e.divisor for e in first] == [3, Fraction(7, 5)]


def test_an_individual_candidate_takes_one_seat_and_a_list_runs_out() -> None:
    """s. 8(3), (6): a list of one name, and a list of two names, are then disregarded."""
    region = [
        *north_east_1999()[:2],
        PartyList("SNP", 92329, district_wins=2, candidates=2),
        PartyList("Conservative", 52149),
        PartyList("Green", 8067, candidates=0),
        PartyList("Ind. Smith", 30000, candidates=1),
    ]
    result = allocate_districts(SCOTLAND, REGIONS, scotland(region))
    assert dict(result.constituencies["Region 1"]) == {
        "Labour": 1,
        "Lib Dem": 0,
        "SNP": 2,
        "Conservative": 3,
        "Green": 0,
        "Ind. Smith": 1,
    }
    out = [e for e in result.trace if isinstance(e, ListExhausted)]
    assert [(e.party, e.seats) for e in out] == [("Ind. Smith", 1), ("SNP", 2)]
    assert render_trace(out[:1]) == (
        "Ind. Smith: list exhausted in Region 1 after 1 additional seat; disregarded"
    )


def test_a_negative_candidates_count_is_refused() -> None:
    """The list's own check names the field."""
    with pytest.raises(InputError, match="candidates"):
        allocate_districts(SCOTLAND, REGIONS, scotland([PartyList("A", 10, candidates=-1)]))
