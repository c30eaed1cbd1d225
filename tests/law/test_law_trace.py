"""The allocation trace: every number explained, rendered as text and as JSON-ready records."""

from __future__ import annotations

import json
from fractions import Fraction

from majlis.law import PartyList, allocate, get_ruleset, render_trace, trace_records
from majlis.law.trace import (
    DivisorSeat,
    LeftoverSeat,
    QuotaComputed,
    QuotientSplit,
    RunnerUpAdmitted,
    RunnerUpCorrected,
    SeatCapApplied,
    SeatWithdrawn,
    StageStarted,
    SurplusPairFormed,
    ThresholdBase,
    ThresholdDecision,
    TieBroken,
    TieLeft,
    render_event,
)

KZ_2021 = [
    PartyList("Nur Otan", 5_148_074),
    PartyList("Ak Zhol", 792_828),
    PartyList("People's Party", 659_019),
    PartyList("Auyl", 383_023),
    PartyList("Adal", 258_618),
]


def test_kazakh_2021_trace_explains_every_step() -> None:
    """The 2021 trace holds the base, five decisions, the quota, three splits, two leftovers."""
    trace = allocate(get_ruleset("kz-majlis-2009"), KZ_2021).trace
    assert trace[0] == ThresholdBase(base="list_votes", votes=7_241_562)
    decisions = [e for e in trace if isinstance(e, ThresholdDecision)]
    assert [d.admitted for d in decisions] == [True, True, True, False, False]
    quota = next(e for e in trace if isinstance(e, QuotaComputed))
    assert quota.quota == Fraction(6_599_921, 98)
    splits = {e.party: e for e in trace if isinstance(e, QuotientSplit)}
    assert splits["Ak Zhol"].seats == 11
    assert splits["Ak Zhol"].quotient == Fraction(792_828 * 98, 6_599_921)
    leftovers = [e for e in trace if isinstance(e, LeftoverSeat)]
    assert [(e.rank, e.party) for e in leftovers] == [(1, "People's Party"), (2, "Ak Zhol")]


def test_rendered_trace_shows_the_numbers() -> None:
    """The text rendering names shares, the quota, whole seats and remainders."""
    text = render_trace(allocate(get_ruleset("kz-majlis-2009"), KZ_2021).trace)
    assert "Auyl: 383023 votes = 5.2892% of 7241562 (needs 7.0000%) -> excluded" in text
    assert "quota (hare) from 6599921 votes for 98 seats = 6599921/98 (≈67346.132653)" in text
    assert "leftover seat 1 -> People's Party (largest remainder" in text


def test_trace_records_are_json() -> None:
    """The records serialise to JSON with a kind, the fields and the text line."""
    records = trace_records(allocate(get_ruleset("kz-majlis-2009"), KZ_2021).trace)
    json.dumps(records)
    assert records[1]["kind"] == "threshold"
    assert records[1]["required"] == "7/100"
    assert records[1]["text"].startswith("Nur Otan: 5148074 votes")


def test_every_event_kind_renders() -> None:
    """Each event type renders to one line naming its party or stage."""
    events = [
        StageStarted(name="split A + B", seats=3, method="dhondt"),
        RunnerUpAdmitted(party="R", votes=5, variant="admit"),
        RunnerUpCorrected(party="R", before=1, after=2, reason="runner-up guaranteed 2 seats"),
        SurplusPairFormed(parties=("A", "B"), votes=10),
        SeatWithdrawn(party="W", remainder=Fraction(1, 3), reason="too many whole quotas"),
        DivisorSeat(seat=1, party="D", votes=9, divisor=Fraction(7, 5), quotient=Fraction(45, 7)),
        DivisorSeat(seat=2, party="E", votes=9, divisor=Fraction(0), quotient=None),
        SeatCapApplied(party="C", cap=65, excess=3),
        TieBroken(
            stage="allocation", seats=1, contenders=("X", "Y"), winners=("Y",), rule="lot", seed=3
        ),
        TieLeft(stage="allocation", seats=1, contenders=("X", "Y")),
    ]
    lines = [render_event(e) for e in events]
    assert lines[0] == "== split A + B: 3 seats by dhondt"
    assert "seed 3" in lines[8]
    assert "left undecided" in lines[9]
    assert "infinite" in lines[6]
    assert "45/7" in lines[5]
    assert all("\n" not in line for line in lines)
    json.dumps(trace_records(events))
