"""Additional members (Scotland Act 1998, ss. 7-8): regional seats that correct the districts.

In each region the seats go one at a time to the list with the highest regional figure: its
regional votes divided by the divisor of the seats it already holds there, the constituencies
it won in the region counted first (d'Hondt: 1 + constituency seats + additional seats). A
party with no regional list (no row, or no votes) takes no regional seat; its constituencies
stand. An individual regional candidate is a list of its own.

Equal highest figures for more lists than seats left are recalculated as if each of them had
one more vote (s. 8(7)-(8) as the ruleset reads it); lists still equal are decided by the
ruleset's tie-break (a lot needs a seed), else the seat is left as a :class:`Tie`.

A list with ``candidates`` (names still to be seated: those not returned in a
constituency, s. 8(5)) is disregarded once they are all seated (s. 8(6)); an individual
candidate is a list of one (s. 8(3)). Without ``candidates`` a list has no limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from majlis.errors import AllocationImpossible
from majlis.law._base import resolve_tie
from majlis.law._district_types import Constituency
from majlis.law._ties import tie_break_for
from majlis.law._types import PartyList, Tie
from majlis.law.methods import METHODS
from majlis.law.ruleset import Ruleset
from majlis.law.trace import (
    DistrictWinsCounted,
    DivisorSeat,
    ListExhausted,
    Phrase,
    StageStarted,
    TieBroken,
    TraceEvent,
)

__all__ = ["additional_members"]


def _divisor(ruleset: Ruleset, held: int) -> Fraction:
    d = ruleset.districts
    assert d is not None  # the parser requires [constituencies] for this kind
    if held == 0 and d.first_divisor is not None:
        return d.first_divisor
    divisor = METHODS[d.method].divisor
    assert divisor is not None  # the parser requires a divisor method
    return divisor(held)


def _one_more_vote(
    lists: Sequence[PartyList],
    held: Sequence[int],
    level: list[int],
    ruleset: Ruleset,
) -> list[int]:
    """Of equal figures, those highest when each list is given one more vote."""
    figures = {i: (lists[i].votes + 1) / _divisor(ruleset, held[i]) for i in level}
    best = max(figures.values())
    return [i for i in level if figures[i] == best]


def _region(
    ruleset: Ruleset,
    c: Constituency,
    lists: Sequence[PartyList],
    seats: int,
    national: Mapping[str, bool] | None,
    seed: int | None,
    events: list[TraceEvent] | None,
) -> tuple[list[int], Tie | None]:
    """One region's additional seats, parallel to its lists."""
    d = ruleset.districts
    assert d is not None
    stage = Phrase("stage.additional", constituency=c.name)
    if events is not None:
        events.append(StageStarted(name=stage, seats=seats, method=d.method))
    live = [
        p.votes > 0 and p.candidates != 0 and (national is None or national.get(p.name, False))
        for p in lists
    ]
    held = [p.district_wins for p in lists]
    if events is not None:
        for p, ok in zip(lists, live, strict=True):
            first = _divisor(ruleset, p.district_wins)
            events.append(
                DistrictWinsCounted(
                    party=p.name,
                    constituency=c.name,
                    district_wins=p.district_wins,
                    votes=p.votes,
                    divisor=first,
                    figure=p.votes / first if ok else None,
                )
            )
    got = [0] * len(lists)
    names = [p.name for p in lists]
    seat = 0
    while seat < seats:
        left = seats - seat
        figures = {
            i: lists[i].votes / _divisor(ruleset, held[i]) for i, ok in enumerate(live) if ok
        }
        if not figures:
            raise AllocationImpossible(
                f"{c.name}: {left} additional seats remain but no list has regional votes."
            )
        best = max(figures.values())
        level = [i for i, f in figures.items() if f == best]
        if len(level) > left:
            narrowed = _one_more_vote(lists, held, level, ruleset)
            if events is not None and len(narrowed) < len(level):
                events.append(
                    TieBroken(
                        stage=stage,
                        seats=min(left, len(narrowed)),
                        contenders=tuple(names[i] for i in level),
                        winners=tuple(names[i] for i in narrowed),
                        rule="one more vote each",
                    )
                )
            level = narrowed
        if len(level) > left:
            tie_break = tie_break_for(
                ruleset.tie_break,
                orders=[p.registration_order or k + 1 for k, p in enumerate(lists)],
                votes=[p.votes for p in lists],
                seed=seed,
            )
            sink: list[TraceEvent] = []
            won, tie = resolve_tie(names, level, left, tie_break, stage, sink)
            if events is not None:
                events.extend(sink)
            if tie is not None:
                return got, tie
            level = sorted(won)  # each drawn list takes one of the seats left
        else:
            level = level[:1]
        for winner in level:
            seat += 1
            divisor = _divisor(ruleset, held[winner])
            if events is not None:
                events.append(
                    DivisorSeat(
                        seat=seat,
                        party=names[winner],
                        votes=lists[winner].votes,
                        divisor=divisor,
                        quotient=lists[winner].votes / divisor,
                        note=Phrase(
                            "seat.additional", wins=lists[winner].district_wins, added=got[winner]
                        ),
                    )
                )
            got[winner] += 1
            held[winner] += 1
            if got[winner] == lists[winner].candidates:
                live[winner] = False
                if events is not None:
                    events.append(
                        ListExhausted(party=names[winner], constituency=c.name, seats=got[winner])
                    )
    return got, None


def additional_members(
    ruleset: Ruleset,
    cons: Sequence[Constituency],
    votes: Mapping[str, Sequence[PartyList]],
    magnitudes: Mapping[str, int],
    national: Mapping[str, bool] | None,
    seed: int | None,
    events: list[TraceEvent] | None,
) -> tuple[dict[str, list[int]], Tie | None]:
    """Each region's additional seats (parallel to its lists) and the first undecided tie.

    Args:
        ruleset: a law with ``[mixed] kind = "additional_members"``.
        cons: the regions, in order (the trace follows it).
        votes: each region's lists; ``district_wins`` are the constituencies won there.
        magnitudes: the additional seats of each region.
        national: which parties the national threshold admits (None: every list).
        seed: the seed of a lot, for a ruleset whose tie-break is ``lot``.
        events: the trace sink, or None for a count that records nothing.
    """
    seats: dict[str, list[int]] = {}
    tie: Tie | None = None
    for c in cons:
        got, c_tie = _region(
            ruleset, c, votes.get(c.name, ()), magnitudes[c.name], national, seed, events
        )
        seats[c.name] = got
        tie = tie or c_tie
    return seats, tie
