"""Districted allocation: levels, per-constituency thresholds, bad input, and the CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis.cli import app
from majlis.errors import AllocationImpossible, InputError, RulesetError
from majlis.law import (
    Constituency,
    PartyList,
    allocate,
    allocate_districts,
    get_ruleset,
    parse_ruleset,
)

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "data"

LAW = """
id = "xx-test-2020"
title = "Test"
jurisdiction = "XX"
body = "Chamber"
effective_from = 2020-01-01
citation = "none"
sources = ["none"]
[seats]
total = 10
list = 10
[allocation]
method = "dhondt"
tie_break = "votes"
[threshold]
value = "0%"
base = "valid_votes"
[constituencies]
method = "dhondt"
threshold = "3%"
threshold_base = "valid_votes"
"""


VOTES = {
    "North": [PartyList("A", 600), PartyList("B", 370), PartyList("C", 30)],
    "South": [PartyList("A", 300), PartyList("B", 500), PartyList("C", 200)],
}


def test_threshold_is_per_constituency_and_counts_blank() -> None:
    """C has 3.0 % of list votes in North but under 3 % once blank ballots are counted."""
    ruleset = parse_ruleset(LAW, source="t.toml")
    cons = [Constituency("North", seats=6, blank=10), Constituency("South", seats=4)]
    result = allocate_districts(ruleset, cons, VOTES)
    assert result.constituencies["North"] == {"A": 4, "B": 2, "C": 0}
    assert result.constituencies["South"] == {"A": 1, "B": 2, "C": 1}
    assert dict(result.seats) == {"A": 5, "B": 4, "C": 1}
    texts = [getattr(e, "reason", "") for e in result.trace]
    assert any("under the threshold in North" in t for t in texts)
    without_blank = allocate_districts(
        ruleset, [Constituency("North", seats=6), Constituency("South", seats=4)], VOTES
    )
    decisions = [e for e in without_blank.trace if getattr(e, "party", "") == "C"]
    assert decisions[0].admitted  # 30 of 1,000 is exactly 3 %: admitted (inclusive)


def test_apportioned_magnitudes_follow_population() -> None:
    """Seats go to constituencies by population with the named method."""
    ruleset = parse_ruleset(
        LAW.replace(
            'method = "dhondt"\nthreshold',
            'method = "dhondt"\nmagnitude = "population"\napportionment = "hare"\nthreshold',
        ),
        source="t.toml",
    )
    cons = [Constituency("North", population=700), Constituency("South", population=300)]
    result = allocate_districts(ruleset, cons, VOTES)
    assert dict(result.magnitudes) == {"North": 7, "South": 3}
    assert sum(result.seats.values()) == 10


@pytest.mark.parametrize(
    ("cons", "votes", "message"),
    [
        ([Constituency("North", seats=6)], VOTES, "votes, field 'constituency'"),
        (
            [
                Constituency("North", seats=6),
                Constituency("South", seats=2),
                Constituency("East", seats=2),
            ],
            VOTES,
            "constituencies, row 3, field 'constituency'",
        ),
        ([Constituency("North", seats=6), Constituency("South", seats=3)], VOTES, "field 'seats'"),
        (
            [Constituency("North", seats=-1), Constituency("South", seats=11)],
            VOTES,
            "row 1, field 'seats'",
        ),
    ],
)
def test_bad_input_names_source_row_and_field(
    cons: list[Constituency], votes: dict[str, list[PartyList]], message: str
) -> None:
    """Missing constituencies, wrong totals and negative magnitudes fail before counting."""
    with pytest.raises(InputError, match=message):
        allocate_districts(parse_ruleset(LAW, source="t.toml"), cons, votes)


def test_second_scrutiny_needs_a_quota_method() -> None:
    """A national second scrutiny with a divisor method is refused naming the key."""
    with pytest.raises(RulesetError, match=r"constituencies\.method"):
        parse_ruleset(LAW + 'remainders = "national"\n', source="t.toml")


def _cli(tmp_path: Path, cons_text: str) -> tuple[int, str]:
    votes = tmp_path / "v.csv"
    votes.write_text(
        "constituency,party,votes\nNorth,A,600\nNorth,B,370\nNorth,C,30\n"
        "South,A,300\nSouth,B,500\nSouth,C,200\n",
        encoding="utf-8",
    )
    law = tmp_path / "law.toml"
    law.write_text(LAW, encoding="utf-8")
    cons = tmp_path / "c.csv"
    cons.write_text(cons_text, encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["seats", "--law", str(law), str(votes), "--constituencies", str(cons), "--format", "json"],
    )
    return result.exit_code, result.stdout + result.stderr


def test_cli_json_has_national_and_constituency_seats(tmp_path: Path) -> None:
    """`majlis seats --constituencies` prints ruleset, seats, constituencies and trace."""
    code, out = _cli(tmp_path, "constituency,seats,valid_votes\nNorth,6,1010\nSouth,4,\n")
    assert code == 0, out
    payload = json.loads(out)
    assert payload["seats"] == {"A": 5, "B": 4, "C": 1}
    assert payload["constituencies"]["North"] == {"A": 4, "B": 2, "C": 0}
    assert {"ruleset", "seats", "constituencies", "trace"} <= payload.keys()


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("constituency,seats\nNorth,6\n", "v.csv, row 4, field 'constituency'"),
        ("constituency,seats\nNorth,6\nSouth,3\n", "field 'seats'"),
        ("constituency,seats\nNorth,-2\nSouth,12\n", "c.csv, row 1, field 'seats'"),
        ("constituency,seats,valid_votes\nNorth,6,900\nSouth,4,\n", "row 1, field 'valid_votes'"),
    ],
)
def test_cli_bad_constituency_file_exits_2(tmp_path: Path, text: str, where: str) -> None:
    """Each bad constituency file fails in one line naming file, row and field, exit 2."""
    code, out = _cli(tmp_path, text)
    assert code == 2
    assert where in out
    assert "{" not in out


def test_allocate_refuses_a_districted_law() -> None:
    """allocate() names the districted entry point instead of guessing."""
    with pytest.raises(InputError, match="allocate_districts"):
        allocate(get_ruleset("es-congreso"), [PartyList("A", 10)])


def test_poland_national_threshold_alliances_and_minority() -> None:
    """pl-sejm: 5 % nationally, 8 % for a coalition, minority committees exempt."""
    votes = {
        "1": [
            PartyList("Party", 600),
            PartyList("Coalition", 300, alliance_size=2),
            PartyList("Minority", 20, minority=True),
            PartyList("Small", 80),
        ],
        "2": [
            PartyList("Party", 500),
            PartyList("Coalition", 400, alliance_size=2),
            PartyList("Minority", 50, minority=True),
            PartyList("Small", 0),
        ],
    }
    # national: Party 1100, Coalition 700 (36 % >= 8 %), Minority 70 (3.6 %, exempt),
    # Small 80 (4.1 % < 5 %): excluded everywhere
    law = get_ruleset("pl-sejm")
    cons = [Constituency("1", seats=230), Constituency("2", seats=230)]
    result = allocate_districts(law, cons, votes)
    assert result.seats["Small"] == 0
    assert result.seats["Minority"] > 0
    reasons = {e.party: e.reason for e in result.trace if getattr(e, "kind", "") == "threshold"}
    assert "exempt" in reasons["Minority"]
    assert "alliance of 2" in reasons["Coalition"]


def test_portugal_equal_quotients_go_to_the_list_with_fewer_votes() -> None:
    """pt-assembleia: the last seat between equal quotients goes to the smaller list."""
    votes = {"Lisboa": [PartyList("Big", 200), PartyList("Small", 100)]}
    small = replace(get_ruleset("pt-assembleia"), list_seats=2, total_seats=2)
    result = allocate_districts(small, [Constituency("Lisboa", seats=2)], votes)
    # quotients: Big 200, 100; Small 100 -> seat 2 is a tie at 100, won by Small
    assert dict(result.seats) == {"Big": 1, "Small": 1}
    assert any(getattr(e, "rule", "") == "fewer votes" for e in result.trace)


def test_a_list_exactly_at_the_constituency_threshold_is_admitted() -> None:
    """C has exactly 25 %: admitted on the lean path and in the trace, it wins a seat."""
    law = parse_ruleset(
        LAW.replace("total = 10\nlist = 10", "total = 4\nlist = 4").replace(
            'threshold = "3%"', 'threshold = "25%"'
        ),
        source="t.toml",
    )
    votes = {"X": [PartyList("A", 400), PartyList("B", 350), PartyList("C", 250)]}
    result = allocate_districts(law, [Constituency("X", seats=4)], votes)
    assert dict(result.seats) == {"A": 2, "B": 1, "C": 1}
    decision = next(e for e in result.trace if getattr(e, "party", "") == "C")
    assert decision.admitted


def test_a_biproportional_count_that_cannot_balance_is_refused() -> None:
    """Only X stands in A (2 seats) but its upper share is 1: no divisors can balance it."""
    law = parse_ruleset(
        LAW.replace("total = 10\nlist = 10", "total = 3\nlist = 3").replace(
            'threshold = "3%"', 'threshold = "5%"\nbiproportional = true'
        ),
        source="t.toml",
    )
    votes = {"A": [PartyList("X", 100)], "B": [PartyList("X", 100), PartyList("Y", 5000)]}
    cons = [Constituency("A", seats=2), Constituency("B", seats=1)]
    with pytest.raises(AllocationImpossible, match="does not balance"):
        allocate_districts(law, cons, votes)


@pytest.mark.parametrize(
    ("extra", "north"),
    [
        ("", [PartyList("A", 600), PartyList("B", 370), PartyList("A", 30)]),
        ("", [PartyList("A", 0), PartyList("A", 0)]),  # nothing to count there either
        ("biproportional = true", [PartyList("A", 600), PartyList("A", 370)]),
    ],
)
def test_a_list_name_twice_in_a_constituency_is_an_input_error(
    extra: str, north: list[PartyList]
) -> None:
    """Two lists of one name fail as bad input, lean, traced or biproportional count alike."""
    law = parse_ruleset(LAW.replace('threshold = "3%"', f'threshold = "3%"\n{extra}'), source="t")
    cons = [Constituency("North", seats=6), Constituency("South", seats=4)]
    with pytest.raises(InputError, match="must be unique"):
        allocate_districts(law, cons, {**VOTES, "North": north})
