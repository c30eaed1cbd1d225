"""The pipeline behind :func:`majlis.law.allocate_coverage`, lean or recording its trace.

Stages, each from the registered exact methods: the threshold (or its exemptions) on the
national votes, the upper apportionment among parties on the votes that count there, the
majority clause, each party's lower apportionment among its lists, and in every
constituency the second-vote cover of the party's district winners, largest first-vote
share first. Sources: BWahlG §§ 4-6 as amended on 8 June 2023, read with BVerfG
2 BvF 1/23 of 30 July 2024.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from majlis.law._district_types import DistrictWinner
from majlis.law._districts import national_lists
from majlis.law._ties import tie_break_for
from majlis.law._types import PartyList, Tie
from majlis.law.methods import METHODS
from majlis.law.ruleset import Ruleset
from majlis.law.threshold import admitted_lists, threshold_base_votes
from majlis.law.trace import (
    CoverDecision,
    MajorityClauseApplied,
    Phrase,
    StageStarted,
    TieBroken,
    TieLeft,
    TraceEvent,
)

__all__ = ["CoverageInputs", "CoverageResult", "run_coverage"]


@dataclass(frozen=True, slots=True)
class CoverageInputs:
    """Everything one count depends on (so the trace can be recomputed on demand)."""

    ruleset: Ruleset
    votes: Mapping[str, Sequence[PartyList]]
    winners: Sequence[DistrictWinner]
    not_counted: Mapping[str, int]
    seed: int | None


@dataclass(frozen=True, slots=True)
class CoverageResult:
    """Seats per party, per constituency and party, the winners seated, the house, a tie."""

    seats: dict[str, int]
    lists: dict[str, dict[str, int]]
    seated: tuple[bool, ...]
    house: int
    tie: Tie | None


def _apportion(
    inp: CoverageInputs,
    names: list[str],
    weights: list[int],
    seats: int,
    method: str,
    stage: str,
    events: list[TraceEvent],
    record: bool,
) -> tuple[list[int], Tie | None]:
    """One apportionment by ``method`` with the ruleset's tie-break (a lot, BWahlG § 5(3))."""
    if record:
        events.append(StageStarted(name=stage, seats=seats, method=method))
    result = METHODS[method].apportion(
        names,
        weights,
        seats,
        tie_break=tie_break_for(
            inp.ruleset.tie_break,
            orders=list(range(1, len(names) + 1)),
            votes=weights,
            seed=inp.seed,
        ),
        stage=stage,
        record=record,
    )
    events.extend(result.events)
    return list(result.seats), result.tie


def _majority_clause(
    names: Sequence[str],
    weights: Sequence[int],
    seats: list[int],
    house: int,
    events: list[TraceEvent],
    record: bool,
) -> int:
    """BWahlG § 4(4): most of the counted votes but not most seats -> seats added, house grows."""
    total = sum(weights)
    for k, name in enumerate(names):
        if 2 * weights[k] > total and 2 * seats[k] <= house:
            extra = house - 2 * seats[k] + 1
            if record:
                events.append(
                    MajorityClauseApplied(
                        party=name, before=seats[k], after=seats[k] + extra, house=house + extra
                    )
                )
            seats[k] += extra
            house += extra
    return house


def _upper(
    inp: CoverageInputs, merged: list[PartyList], events: list[TraceEvent], record: bool
) -> tuple[dict[str, int], int, Tie | None]:
    """Admission, the upper apportionment and the majority clause: seats per party, house."""
    ruleset = inp.ruleset
    sink = events if record else None
    if record:
        events.append(
            StageStarted(
                name=Phrase("stage.national_threshold"),
                seats=ruleset.list_seats,
                method=ruleset.method,
            )
        )
    base = threshold_base_votes(
        ruleset,
        sum(p.votes for p in merged),
        against_all=0,
        ballots_cast=None,
        registered_voters=None,
    )
    flags, _ = admitted_lists(ruleset, merged, base, sink)
    live = [p for p, ok in zip(merged, flags, strict=True) if ok]
    independents = sum(1 for w in inp.winners if w.party is None)
    house = ruleset.list_seats - independents
    names = [p.name for p in live]
    weights = [p.votes - inp.not_counted.get(p.name, 0) for p in live]
    stage = (
        Phrase("stage.upper_less", seats=ruleset.list_seats, independents=independents)
        if independents
        else Phrase("stage.upper_parties")
    )
    seats, tie = _apportion(inp, names, weights, house, ruleset.method, stage, events, record)
    house = _majority_clause(names, weights, seats, house, events, record)
    national = dict.fromkeys((p.name for p in merged), 0)
    national.update(zip(names, seats, strict=True))
    return national, house + independents, tie


def _lower(
    inp: CoverageInputs, national: Mapping[str, int], events: list[TraceEvent], record: bool
) -> tuple[dict[str, dict[str, int]], Tie | None]:
    """Each party's seats shared among its lists by the lower method, on their votes."""
    ruleset = inp.ruleset
    method = ruleset.lower_method or ruleset.method
    lists: dict[str, dict[str, int]] = {c: {p.name: 0 for p in ls} for c, ls in inp.votes.items()}
    tie: Tie | None = None
    for party, n in national.items():
        if not n:
            continue
        where = [c for c, ls in inp.votes.items() for p in ls if p.name == party]
        weights = [p.votes for c in where for p in inp.votes[c] if p.name == party]
        stage = Phrase("stage.lower_party", party=party)
        got, t = _apportion(inp, where, weights, n, method, stage, events, record)
        tie = tie or t
        for c, k in zip(where, got, strict=True):
            lists[c][party] = k
    return lists, tie


def _order(
    inp: CoverageInputs, group: list[int], seats: int, stage: str, events: list[TraceEvent]
) -> tuple[list[int], list[int], Tie | None]:
    """Winners by falling first-vote share, and those left undecided by a tie.

    Equal shares across the last covered seat are decided by lot (BWahlG § 6(3)) when a
    seed is given; otherwise they stay undecided (a ``Tie``) and none of them is seated.
    """
    share = {i: inp.winners[i].share for i in group}
    ranked = sorted(group, key=lambda i: -share[i])
    if seats <= 0 or seats >= len(ranked) or share[ranked[seats - 1]] != share[ranked[seats]]:
        return ranked, [], None
    cut = share[ranked[seats]]
    tied = [i for i in ranked if share[i] == cut]
    above = [i for i in ranked if share[i] > cut]
    below = [i for i in ranked if share[i] < cut]
    free = seats - len(above)
    names = tuple(inp.winners[i].district for i in tied)
    if inp.seed is None:
        events.append(TieLeft(stage=stage, seats=free, contenders=names))
        return above + below, tied, Tie(free, names, stage)
    drawn = random.Random(inp.seed).sample(tied, free)
    events.append(
        TieBroken(
            stage=stage,
            seats=free,
            contenders=names,
            winners=tuple(inp.winners[i].district for i in drawn),
            rule="lot (BWahlG § 6(3))",
            seed=inp.seed,
        )
    )
    rest = [i for i in tied if i not in drawn]
    return above + drawn + rest + below, [], None


def _cover(
    inp: CoverageInputs,
    national: Mapping[str, int],
    lists: Mapping[str, Mapping[str, int]],
    events: list[TraceEvent],
    record: bool,
) -> tuple[list[bool], Tie | None]:
    """Seat each constituency's district winners as far as their party's seats there cover."""
    seated = [False] * len(inp.winners)
    groups: dict[tuple[str, str | None], list[int]] = {}
    for i, w in enumerate(inp.winners):
        groups.setdefault((w.constituency, w.party), []).append(i)
    tie: Tie | None = None
    for where in inp.votes:
        parties = [p for c, p in groups if c == where]
        if not parties:
            continue
        if record:
            won = sum(len(groups[(where, p)]) for p in parties)
            events.append(
                StageStarted(
                    name=Phrase("stage.cover_in", constituency=where), seats=won, method="cover"
                )
            )
        for party in parties:
            group = groups[(where, party)]
            if party is None:
                reason = Phrase("cover.independent")
                for i in group:
                    seated[i] = True
                    _decide(inp, i, 0, 0, True, reason, events, record)
                continue
            seats = lists.get(where, {}).get(party, 0)
            if not national.get(party):
                reason = Phrase("cover.no_seats")
                for i in group:
                    _decide(inp, i, 0, 0, False, reason, events, record)
                continue
            stage = Phrase("stage.cover_of", party=party, constituency=where)
            ranked, undecided, t = _order(inp, group, seats, stage, events if record else [])
            tie = tie or t
            room = seats - (t.seats if t else 0)
            for rank, i in enumerate(ranked, start=1):
                ok = rank <= room
                why = (
                    Phrase("cover.within", seats=seats)
                    if ok
                    else Phrase("cover.beyond", seats=seats)
                )
                seated[i] = ok
                _decide(inp, i, rank, seats, ok, why, events, record)
            for i in undecided:
                why = Phrase("cover.undecided")
                _decide(inp, i, room + 1, seats, False, why, events, record)
    return seated, tie


def _decide(
    inp: CoverageInputs,
    i: int,
    rank: int,
    seats: int,
    ok: bool,
    reason: str,
    events: list[TraceEvent],
    record: bool,
) -> None:
    if not record:
        return
    w = inp.winners[i]
    events.append(
        CoverDecision(
            district=w.district,
            constituency=w.constituency,
            party=w.party or "",
            votes=w.votes,
            valid_votes=w.valid_votes,
            rank=rank,
            seats=seats,
            seated=ok,
            reason=reason,
        )
    )


def run_coverage(inp: CoverageInputs, *, record: bool) -> tuple[CoverageResult, list[TraceEvent]]:
    """Seats per party and list, the winners seated, and the events if ``record``."""
    events: list[TraceEvent] = []
    merged, _ = national_lists(inp.votes)
    wins: dict[str, int] = {}
    for w in inp.winners:
        if w.party is not None:
            wins[w.party] = wins.get(w.party, 0) + 1
    merged = [replace(p, district_wins=wins.get(p.name, 0)) for p in merged]
    national, house, tie = _upper(inp, merged, events, record)
    lists, lower_tie = _lower(inp, national, events, record)
    seated, cover_tie = _cover(inp, national, lists, events, record)
    result = CoverageResult(
        seats=national,
        lists=lists,
        seated=tuple(seated),
        house=house,
        tie=tie or lower_tie or cover_tie,
    )
    return result, events
