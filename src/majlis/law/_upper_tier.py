"""National levels above the constituencies: a second scrutiny of unused votes (Czechia),
levelling seats (Norway) and adjustment seats with the return of surplus fixed seats
(Sweden), each apportioned nationally by a registered method and then placed in
constituencies by the law's rule, every placement and return in the trace with its key.

Known deviations: equal placement keys are taken in constituency order (no statute's lot);
a second scrutiny over fractional constituency quotas works on the unused votes scaled to
their common denominator, so a rounded national quota is rounded at that scale.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from math import lcm

from majlis.errors import AllocationImpossible
from majlis.law._district_types import Count
from majlis.law._ties import tie_break_for
from majlis.law._types import Tie
from majlis.law.methods import METHODS
from majlis.law.trace import Phrase, SeatPlaced, SeatReturned, StageStarted

__all__ = ["levelling", "second_scrutiny"]


def _apportion(
    count: Count,
    names: list[str],
    weights: list[int],
    seats: int,
    method: str,
    stage: str,
    first: Fraction | None = None,
) -> tuple[dict[str, int], Tie | None]:
    """One national apportionment by ``method`` with the ruleset's tie-break, traced."""
    order = {p.name: p.registration_order for p in count.merged}
    if count.record:
        count.events.append(StageStarted(name=stage, seats=seats, method=method))
    result = METHODS[method].apportion(
        names,
        weights,
        seats,
        first_divisor=first,
        tie_break=tie_break_for(
            count.ruleset.tie_break,
            orders=[order[n] for n in names],
            votes=weights,
            seed=count.seed,
        ),
        stage=stage,
        record=count.record,
    )
    count.events.extend(result.events)
    return dict(zip(names, result.seats, strict=True)), result.tie


def _place(
    count: Count,
    owed: dict[str, int],
    free: dict[str, int],
    keys: Iterable[tuple[Fraction, str, int, str]],
    *,
    level: str,
    reason: str,
) -> None:
    """Give each owed seat to the (party, constituency) with the largest key and room.

    Passes over the keys in descending order until every owed seat is placed; a pass that
    places nothing while seats are owed means the law's placement cannot be completed.
    """
    order = {c.name: k for k, c in enumerate(count.cons)}
    ranked = sorted(keys, key=lambda t: (-t[0], order[t[1]]))
    while any(owed.values()):
        placed = False
        for key, where, i, party in ranked:
            if owed[party] and free[where]:
                owed[party] -= 1
                free[where] -= 1
                count.seats[where][i] += 1
                placed = True
                if count.record:
                    count.events.append(
                        SeatPlaced(
                            party=party, constituency=where, level=level, key=key, reason=reason
                        )
                    )
        if not placed:
            left = ", ".join(f"{p} {n}" for p, n in owed.items() if n)
            raise AllocationImpossible(
                f"{level} seats cannot be placed: {left} left with no free seat where it stood."
            )


def second_scrutiny(count: Count, unused: dict[str, list[Fraction]]) -> Tie | None:
    """Pool unused votes nationally, apportion the seats left, place them by remainder."""
    d = count.d
    left = count.ruleset.list_seats - sum(sum(s) for s in count.seats.values())
    names = [p.name for p in count.merged if count.national[p.name]]
    pooled = dict.fromkeys(names, Fraction(0))
    for c in count.cons:
        for p, r in zip(count.votes.get(c.name, ()), unused.get(c.name, ()), strict=True):
            if p.name in pooled:
                pooled[p.name] += r
    scale = lcm(*(r.denominator for r in pooled.values())) if pooled else 1
    weights = [int(pooled[n] * scale) for n in names]
    stage = Phrase("stage.second_scrutiny")
    owed, tie = _apportion(count, names, weights, left, d.remainder_method, stage)
    free = {c.name: count.magnitudes[c.name] - sum(count.seats[c.name]) for c in count.cons}
    keys = (
        (r, c.name, i, p.name)
        for c in count.cons
        for i, (p, r) in enumerate(
            zip(count.votes.get(c.name, ()), unused.get(c.name, ()), strict=True)
        )
        if owed.get(p.name)
    )
    _place(
        count,
        owed,
        free,
        keys,
        level="second-scrutiny",
        reason=Phrase("seat.unused_remainder"),
    )
    return tie


def _entitlement(
    count: Count, level: str, *, returns: bool = False
) -> tuple[dict[str, int], Tie | None]:
    """Seats owed to each national party: its national share less its constituency seats.

    Parties over the national threshold share the tier (less the constituency seats of the
    others) by ``levelling_method``. With ``returns`` a party whose constituency seats
    exceed its share first returns the surplus (:func:`_return_surplus`); a party that
    still exceeds it keeps its seats and leaves the count, which is repeated without it.
    """
    d = count.d
    won: dict[str, int] = dict.fromkeys((p.name for p in count.merged), 0)
    for c in count.cons:
        for p, n in zip(count.votes.get(c.name, ()), count.seats[c.name], strict=True):
            won[p.name] += n
    live = [p for p in count.merged if count.national[p.name]]
    pool = count.ruleset.list_seats - sum(n for p, n in won.items() if not count.national[p])
    tie: Tie | None = None
    while True:
        stage = Phrase("stage.national", level=level, parties=len(live))
        names, weights = [p.name for p in live], [p.votes for p in live]
        share, tie = _apportion(
            count, names, weights, pool, d.levelling_method, stage, d.levelling_first_divisor
        )
        over = [p for p in live if share[p.name] < won[p.name]]
        if over and returns and tie is None:
            _return_surplus(count, share, won)
            returns = False  # the share stands: returns move seats between its parties
            over = [p for p in live if share[p.name] < won[p.name]]
        if not over or tie is not None:
            break
        pool -= sum(won[p.name] for p in over)
        live = [p for p in live if p not in over]
    return {p.name: max(0, share[p.name] - won[p.name]) for p in live}, tie


def _comparative(count: Count, votes: int, seats: int) -> Fraction:
    """The comparative number of a list's next seat in a constituency after ``seats``."""
    d = count.d
    divisor = METHODS[d.method].divisor
    if divisor is None:  # the parser requires a divisor method with returns
        raise AllocationImpossible(f"{d.method} has no comparative numbers to return seats by.")
    if seats == 0 and d.first_divisor is not None:
        return Fraction(votes) / d.first_divisor
    return Fraction(votes) / divisor(seats)


def _return_surplus(count: Count, share: dict[str, int], won: dict[str, int]) -> None:
    """Return each party's fixed seats over its national share (Sweden since 2018).

    Each surplus seat is taken where the party won a seat by its lowest comparative number,
    in a constituency of at least ``return_min_seats`` fixed seats, and given there to the
    largest next comparative number of a national party still under its share; equal keys
    go in constituency order, then list order (the statute draws lots). A party with
    nowhere to return a seat keeps it. ``won`` follows the moves.
    """
    d = count.d
    order = {c.name: k for k, c in enumerate(count.cons)}
    for party in [p for p in share if won[p] > share[p]]:
        while won[party] > share[party]:
            lowest: tuple[Fraction, int, str, int] | None = None
            for c in count.cons:
                if count.magnitudes[c.name] < d.return_min_seats:
                    continue
                for i, p in enumerate(count.votes.get(c.name, ())):
                    n = count.seats[c.name][i]
                    if p.name == party and n:
                        key = _comparative(count, p.votes, n - 1)
                        if lowest is None or (key, order[c.name]) < lowest[:2]:
                            lowest = (key, order[c.name], c.name, i)
            if lowest is None:
                break
            key, _, where, i = lowest
            lists = count.votes[where]
            takers = [
                (_comparative(count, q.votes, count.seats[where][j]), j)
                for j, q in enumerate(lists)
                if q.name in share and q.name != party and won[q.name] < share[q.name] and q.votes
            ]
            if not takers:
                raise AllocationImpossible(
                    f"{party}'s surplus fixed seat in {where} cannot be returned: no party "
                    "there is under its national share."
                )
            to_key, j = max(takers, key=lambda t: (t[0], -t[1]))
            count.seats[where][i] -= 1
            count.seats[where][j] += 1
            won[party] -= 1
            won[lists[j].name] += 1
            if count.record:
                count.events.append(
                    SeatReturned(
                        party=party,
                        constituency=where,
                        key=key,
                        to_party=lists[j].name,
                        to_key=to_key,
                    )
                )


def levelling(count: Count) -> Tie | None:
    """Levelling seats: the national entitlement less district seats, placed per county.

    The entitlement is :func:`_entitlement`'s. Each party's levelling seats are placed,
    largest key first, one per constituency: its votes there over ``2 * district seats +
    1``, divided by the constituency's votes per district seat.
    """
    d = count.d
    owed, tie = _entitlement(count, "levelling")
    free = {c.name: d.levelling for c in count.cons}
    keys = []
    for c in count.cons:
        lists = count.votes.get(c.name, ())
        district_seats = count.magnitudes[c.name] - d.levelling
        total = sum(p.votes for p in lists)
        if not district_seats or not total:
            continue
        for i, p in enumerate(lists):
            if owed.get(p.name) and p.votes:
                quotient = Fraction(p.votes, 2 * count.seats[c.name][i] + 1)
                keys.append((quotient * district_seats / total, c.name, i, p.name))
    _place(
        count,
        owed,
        free,
        keys,
        level="levelling",
        reason=Phrase("seat.levelling"),
    )
    return tie


def adjustment(count: Count) -> Tie | None:
    """A national pool of adjustment seats (Sweden): entitlement, then one seat at a time.

    The entitlement is :func:`_entitlement`'s. Each of a party's adjustment seats goes to
    the constituency where its next quotient is largest: its votes there over
    ``adjustment_first_divisor`` if it has no seat there yet, else over ``2n + 1`` after
    ``n`` seats (fixed and adjustment). A constituency takes any number of them, so each
    party's placement depends on its own votes only.
    """
    d = count.d
    owed, tie = _entitlement(count, "adjustment", returns=d.return_surplus)
    first = d.adjustment_first_divisor
    where = [
        (c.name, {p.name: i for i, p in enumerate(count.votes.get(c.name, ()))}) for c in count.cons
    ]
    reason = Phrase("seat.adjustment", first=first)
    for party, n in owed.items():
        for _ in range(n):
            best: tuple[Fraction, str, int] | None = None
            for name, index in where:
                i = index.get(party)
                if i is None:
                    continue
                votes = count.votes[name][i].votes
                had = count.seats[name][i]
                key = Fraction(votes) / (first if had == 0 else 2 * had + 1)
                if votes and (best is None or key > best[0]):
                    best = (key, name, i)
            if best is None:
                raise AllocationImpossible(
                    f"adjustment seats cannot be placed: {party} has votes in no constituency."
                )
            key, name, i = best
            count.seats[name][i] += 1
            if count.record:
                count.events.append(
                    SeatPlaced(
                        party=party, constituency=name, level="adjustment", key=key, reason=reason
                    )
                )
    return tie
