"""What-if scenarios on the official Kazakhstan 2021 and 2023 results."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.errors import InputError, NotFoundError
from majlis.law import PartyList, get_ruleset
from majlis.simulate.whatif import (
    ABSTAINERS,
    AGAINST_ALL,
    Baseline,
    MoveShare,
    MoveVotes,
    RemoveList,
    apply_changes,
    what_if,
)

# CEC of Kazakhstan, final results of 10 January 2021 and 19 March 2023
KZ_2021 = Baseline(
    (
        PartyList("Nur Otan", 5_148_074),
        PartyList("Ak Zhol", 792_828),
        PartyList("People's Party", 659_019),
        PartyList("Auyl", 383_023),
        PartyList("Adal", 258_618),
    )
)
KZ_2023 = Baseline(
    (
        PartyList("Amanat", 3_431_510),
        PartyList("Auyl", 693_938),
        PartyList("Respublica", 547_154),
        PartyList("Ak Zhol", 535_139),
        PartyList("People's Party", 432_920),
        PartyList("OSDP", 331_058),
        PartyList("Baytaq", 146_431),
    ),
    against_all=248_291,
)
LAW_2021 = get_ruleset("kz-majlis-2009")
LAW_2023 = get_ruleset("kz-majlis-2023")
TOTAL_2021 = sum(p.votes for p in KZ_2021.lists)


def _needed(votes: int, total: int, share: Fraction) -> int:
    """Votes a list needs to reach ``share`` of an unchanged ``total`` (ceiling)."""
    return -(-share.numerator * total // share.denominator) - votes


def test_no_change_reproduces_the_official_result() -> None:
    """An empty scenario keeps 76/12/10/0/0 on both sides and reports no flips."""
    w = what_if(LAW_2021, KZ_2021, [])
    assert dict(w.after.seats) == dict(w.before.seats)
    assert [r[1] for r in w.rows()] == [76, 12, 10, 0, 0]
    assert w.thresholds == ()
    assert w.leftovers == ()
    assert w.seats_changed_hands == ()


def test_auyl_reaches_exactly_seven_percent() -> None:
    """Moving exactly the votes Auyl lacks for 7% admits it; one vote fewer does not."""
    need = _needed(383_023, TOTAL_2021, Fraction(7, 100))
    w = what_if(LAW_2021, KZ_2021, [MoveVotes("Nur Otan", "Auyl", need)])
    flip = {f.party: f for f in w.thresholds}["Auyl"]
    assert (flip.admitted_before, flip.admitted_after) == (False, True)
    assert flip.share_after == Fraction(7, 100) or flip.share_after > Fraction(7, 100)
    assert w.after.seats["Auyl"] > 0
    assert sum(w.after.seats.values()) == 98
    short = what_if(LAW_2021, KZ_2021, [MoveVotes("Nur Otan", "Auyl", need - 1)])
    assert short.thresholds == ()
    assert short.after.seats["Auyl"] == 0


def test_boycott_with_voters_abstaining() -> None:
    """Ak Zhol boycotts 2021 and its voters stay home: its 12 seats go to the two others."""
    w = what_if(LAW_2021, KZ_2021, [RemoveList("Ak Zhol")])
    assert "Ak Zhol" not in w.after.seats
    assert w.after.seats["Nur Otan"] + w.after.seats["People's Party"] == 98
    assert w.after.seats["Auyl"] == 0  # 383,023 of 5,807,234 = 6.6%: still under 7%
    rows = {r[0]: r for r in w.rows()}
    assert rows["Ak Zhol"][1:] == (12, 0, -12)


def test_boycott_with_redistribution_admits_auyl() -> None:
    """60% of Ak Zhol's 2021 voters moving to Auyl lift it over 7% and win it seats."""
    w = what_if(LAW_2021, KZ_2021, [RemoveList("Ak Zhol", {"Auyl": Fraction(3, 5)})])
    assert w.scenario.count("Auyl") == 383_023 + 792_828 * 3 // 5
    assert {f.party for f in w.thresholds} >= {"Auyl", "Ak Zhol"}
    assert w.after.seats["Auyl"] > 0


@pytest.mark.parametrize("share", [Fraction(1, 10), Fraction(1, 4), Fraction(1, 3)])
def test_leftover_flips_explain_the_seat_change_2023(share: Fraction) -> None:
    """Whole-quota plus leftover changes in the flips add up to each list's seat change."""
    w = what_if(LAW_2023, KZ_2023, [MoveShare("Respublica", "OSDP", share)])
    flips = {f.party: f for f in w.leftovers}
    for name, before, after, delta in w.rows():
        f = flips.get(name)
        moved = (
            0
            if f is None
            else (f.whole_after + f.leftover_after) - (f.whole_before + f.leftover_before)
        )
        assert moved == delta, name
        assert after - before == delta
    assert sum(d for *_, d in w.rows()) == 0
    assert w.seats_changed_hands == ()  # a largest-remainder law has no divisor seats


def test_divisor_seat_flips_name_the_seat() -> None:
    """Under D'Hondt, a move shows which seat (by order of award) went to whom instead."""
    dhondt = replace(LAW_2023, method="dhondt", runner_up=None)
    w = what_if(dhondt, KZ_2023, [MoveShare("Amanat", "Baytaq", Fraction(1, 5))])
    assert w.seats_changed_hands
    gained = {n for n, *_, d in w.rows() if d > 0}
    assert {f.after for f in w.seats_changed_hands} >= gained


def test_against_all_counts_in_the_2023_base() -> None:
    """Turning Baytaq's voters to "against all" raises the base: the 5% line moves up."""
    w = what_if(LAW_2023, KZ_2023, [MoveShare("Baytaq", AGAINST_ALL, Fraction(1))])
    assert w.scenario.against_all == 248_291 + 146_431
    assert sum(w.after.seats.values()) == 69


def test_abstainers_need_turnout_figures() -> None:
    """Moving from abstainers needs registered voters and ballots; then ballots grow."""
    with pytest.raises(InputError, match="abstainers"):
        apply_changes(KZ_2021, [MoveVotes(ABSTAINERS, "Adal", 10)])
    base = Baseline(KZ_2021.lists, ballots_cast=7_300_000, registered_voters=11_900_000)
    after = apply_changes(base, [MoveVotes(ABSTAINERS, "Adal", 200_000)])
    assert after.ballots_cast == 7_500_000
    assert after.count("Adal") == 458_618


def test_errors_name_the_problem() -> None:
    """Unknown lists list the valid names; overdrawn sources and bad shares say the limit."""
    with pytest.raises(NotFoundError, match="valid names: Nur Otan"):
        apply_changes(KZ_2021, [MoveVotes("Nur Otan", "Amanat", 1)])
    with pytest.raises(InputError, match="at most the 258618 votes"):
        apply_changes(KZ_2021, [MoveVotes("Adal", "Auyl", 258_619)])
    with pytest.raises(InputError, match=r"in \[0, 1\]"):
        apply_changes(KZ_2021, [MoveShare("Adal", "Auyl", Fraction(3, 2))])
    with pytest.raises(InputError, match="summing to at most 1"):
        apply_changes(
            KZ_2021, [RemoveList("Adal", {"Auyl": Fraction(2, 3), "Ak Zhol": Fraction(1, 2)})]
        )


_names = st.sampled_from([p.name for p in KZ_2021.lists])


@settings(max_examples=60, deadline=None)
@given(source=_names, target=_names, share=st.fractions(0, 1, max_denominator=1000))
def test_moves_conserve_votes_and_seats(source: str, target: str, share: Fraction) -> None:
    """Moving a share between lists keeps the vote total and fills all 98 seats."""
    if source == target:
        return
    w = what_if(LAW_2021, KZ_2021, [MoveShare(source, target, share)])
    assert sum(p.votes for p in w.scenario.lists) == TOTAL_2021
    assert sum(w.after.seats.values()) == 98
    for flip in w.thresholds:  # only the two lists whose votes changed can cross 7%
        assert flip.party in {source, target}
