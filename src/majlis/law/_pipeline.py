"""The allocation pipeline behind :func:`majlis.law.allocate`, lean or recording its trace.

Steps: threshold base, admission (threshold, exemptions, qualifications, runner-up), integer
weights, surplus pairs, apportionment with the per-list cap, the split inside pairs, the
runner-up minimum. With ``record=False`` no trace event is built (ties still are), so the
common allocation stays fast; the trace is the same run with ``record=True``.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import lcm
from typing import NamedTuple

from majlis.errors import AllocationImpossible, VotesError
from majlis.law._ties import tie_break_for
from majlis.law._types import PartyList, Tie
from majlis.law.methods import METHODS
from majlis.law.ruleset import Ruleset
from majlis.law.threshold import admitted_lists, threshold_base_votes
from majlis.law.trace import (
    ALLOCATION,
    OverhangKept,
    Phrase,
    RunnerUpCorrected,
    SeatCapApplied,
    StageStarted,
    SurplusPairFormed,
    TraceEvent,
)

__all__ = ["Inputs", "run"]


class Inputs(NamedTuple):
    """Everything one allocation depends on (so the trace can be recomputed on demand)."""

    ruleset: Ruleset
    lists: Sequence[PartyList]
    against_all: int
    ballots_cast: int | None
    registered_voters: int | None
    other_votes: int
    seed: int | None


def run(inp: Inputs, *, record: bool) -> tuple[list[int], Tie | None, list[TraceEvent]]:
    """Seats per list (input order), an undecided tie, and the events if ``record``."""
    ruleset, lists = inp.ruleset, inp.lists
    events: list[TraceEvent] = []
    sink = events if record else None
    list_votes = sum(p.votes for p in lists) + inp.other_votes
    base = threshold_base_votes(
        ruleset,
        list_votes,
        against_all=inp.against_all,
        ballots_cast=inp.ballots_cast,
        registered_voters=inp.registered_voters,
    )
    flags, runner_up = admitted_lists(ruleset, lists, base, sink, all_list_votes=list_votes)
    admitted = [i for i, ok in enumerate(flags) if ok]
    weights = _weights(ruleset, lists, runner_up)
    units = _pairs(lists, admitted) if ruleset.surplus_agreements else [(i,) for i in admitted]
    if record:
        events.extend(
            SurplusPairFormed(
                parties=(lists[u[0]].name, lists[u[1]].name),
                votes=lists[u[0]].votes + lists[u[1]].votes,
            )
            for u in units
            if len(u) == 2
        )
    orders = [p.registration_order for p in lists]
    if not any(orders):
        orders = list(range(len(lists)))
    seats = [0] * len(lists)
    house = ruleset.list_seats
    if ruleset.mixed == "mmp":  # districts won by lists that take no part are set aside
        house -= sum(p.district_wins for p, ok in zip(lists, flags, strict=True) if not ok)
    quota_total = base if ruleset.quota_base == "threshold_base" else None
    tie = _apportion_units(inp, units, weights, orders, seats, events, record, (house, quota_total))
    for unit in units:
        if len(unit) == 2 and seats[unit[0]] > 0:
            tie = _split_pair(inp, unit, weights, orders, seats, events, record) or tie
    if ruleset.runner_up == "min_seats" and runner_up is not None:
        _minimum_for_runner_up(ruleset, lists, runner_up, seats, events)
    if ruleset.mixed == "mmp":
        _district_wins_first(lists, seats, events, record)
    return seats, tie, events


def _district_wins_first(
    lists: Sequence[PartyList], seats: list[int], events: list[TraceEvent], record: bool
) -> None:
    """MMP: every district won is a seat; a list over its share keeps them (overhang)."""
    for i, p in enumerate(lists):
        if p.district_wins > seats[i]:
            if record:
                events.append(
                    OverhangKept(party=p.name, share=seats[i], district_wins=p.district_wins)
                )
            seats[i] = p.district_wins


def _weights(ruleset: Ruleset, lists: Sequence[PartyList], runner_up: int | None) -> list[int]:
    """Integer weights: votes, scaled by a common denominator so multipliers stay exact."""
    multiplier = ruleset.minority_multiplier
    coefficient = ruleset.runner_up_coefficient if ruleset.runner_up == "coefficient" else None
    if multiplier == 1 and (coefficient is None or runner_up is None):
        return [p.votes for p in lists]
    factors = [multiplier if p.minority else 1 for p in lists]
    if coefficient is not None and runner_up is not None:
        factors[runner_up] = coefficient
    scale = lcm(*(getattr(f, "denominator", 1) for f in factors))
    return [int(p.votes * f * scale) for p, f in zip(lists, factors, strict=True)]


def _pairs(lists: Sequence[PartyList], admitted: Sequence[int]) -> list[tuple[int, ...]]:
    """Group admitted positions into units: surplus pairs and single lists."""
    index = {lists[i].name: i for i in admitted}
    partner: dict[int, int] = {}
    for i in admitted:
        name = lists[i].surplus_partner
        if name is None or name not in index:
            continue
        j = index[name]
        other = lists[j].surplus_partner
        if j == i or (other is not None and other != lists[i].name):
            raise VotesError.expected(
                what=f"surplus_partner of {lists[i].name!r}",
                expected=f"a list whose own partner is {lists[i].name!r} or empty",
                got=name,
            )
        partner[i], partner[j] = j, i
    return [
        (i, partner[i]) if i in partner else (i,)
        for i in admitted
        if i not in partner or partner[i] > i
    ]


def _apportion_units(
    inp: Inputs,
    units: Sequence[tuple[int, ...]],
    weights: Sequence[int],
    orders: Sequence[int],
    seats: list[int],
    events: list[TraceEvent],
    record: bool,
    house_and_quota_total: tuple[int, int | None],
) -> Tie | None:
    """Apportion the house among units, capping and redistributing; write unit seats.

    The quota total (the threshold base, when the law measures its quota against it) is
    None for the admitted lists' own votes.
    """
    ruleset, lists = inp.ruleset, inp.lists
    method = METHODS[ruleset.method]
    house, quota_total = house_and_quota_total
    live = list(units)
    left = house
    cap = ruleset.seat_cap
    while True:
        unit_weights = [sum(weights[i] for i in u) for u in live]
        tie_break = tie_break_for(
            ruleset.tie_break,
            orders=[orders[u[0]] for u in live],
            votes=unit_weights,
            seed=inp.seed,
        )
        names = [lists[u[0]].name if len(u) == 1 else _pair_name(lists, u) for u in live]
        result = method.apportion(
            names,
            unit_weights,
            left,
            leftover=ruleset.leftover,
            first_divisor=ruleset.first_divisor,
            quota_total=quota_total,
            whole_seats=ruleset.whole_seats,
            tie_break=tie_break,
            stage=ALLOCATION,
            record=record,
        )
        events.extend(result.events)
        over = [k for k, s in enumerate(result.seats) if cap is not None and s > cap]
        if cap is None or not over:
            for unit, s in zip(live, result.seats, strict=True):
                seats[unit[0]] = s
            return result.tie
        for k in over:
            if record:
                events.append(SeatCapApplied(party=names[k], cap=cap, excess=result.seats[k] - cap))
            seats[live[k][0]] = cap
            left -= cap
        live = [u for k, u in enumerate(live) if k not in over]
        if not live and left:
            raise AllocationImpossible(
                f"every admitted list is capped at {cap} seats; {left} seats cannot be filled."
            )
        if record:
            events.append(
                StageStarted(name=Phrase("stage.seat_cap"), seats=left, method=ruleset.method)
            )


def _pair_name(lists: Sequence[PartyList], unit: tuple[int, ...]) -> str:
    return " + ".join(lists[i].name for i in unit)


def _split_pair(
    inp: Inputs,
    unit: tuple[int, ...],
    weights: Sequence[int],
    orders: Sequence[int],
    seats: list[int],
    events: list[TraceEvent],
    record: bool,
) -> Tie | None:
    """Split a surplus pair's seats between its two lists by the same method."""
    ruleset, lists = inp.ruleset, inp.lists
    a, b = unit
    stage = Phrase("stage.split", pair=_pair_name(lists, unit))
    if record:
        events.append(StageStarted(name=stage, seats=seats[a], method=ruleset.method))
    result = METHODS[ruleset.method].apportion(
        [lists[a].name, lists[b].name],
        [weights[a], weights[b]],
        seats[a],
        leftover=ruleset.leftover,
        first_divisor=ruleset.first_divisor,
        tie_break=tie_break_for(
            ruleset.tie_break,
            orders=[orders[a], orders[b]],
            votes=[weights[a], weights[b]],
            seed=inp.seed,
        ),
        stage=stage,
        record=record,
    )
    events.extend(result.events)
    seats[a], seats[b] = result.seats
    return result.tie


def _minimum_for_runner_up(
    ruleset: Ruleset,
    lists: Sequence[PartyList],
    runner_up: int,
    seats: list[int],
    events: list[TraceEvent],
) -> None:
    """Raise the runner-up to the minimum seats, taking them from the leading list."""
    need = ruleset.runner_up_min_seats - seats[runner_up]
    if need <= 0:
        return
    leader = max(range(len(lists)), key=lambda i: seats[i])
    before_leader, before = seats[leader], seats[runner_up]
    seats[leader] -= need
    seats[runner_up] += need
    reason = Phrase("seat.runner_up", seats=ruleset.runner_up_min_seats)
    events.append(
        RunnerUpCorrected(
            party=lists[runner_up].name, before=before, after=seats[runner_up], reason=reason
        )
    )
    events.append(
        RunnerUpCorrected(
            party=lists[leader].name, before=before_leader, after=seats[leader], reason=reason
        )
    )
