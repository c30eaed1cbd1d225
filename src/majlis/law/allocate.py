"""The allocation pipeline: validate, admit, group surplus pairs, apportion, cap, split.

Source for the Kazakh steps: Constitutional Law "On Elections in the Republic of
Kazakhstan" (1995, No. 2464), Art. 97-1. The other rules follow the statutes cited in the
rulesets that use them.

Known deviations: the runner-up ``coefficient`` variant multiplies the runner-up's votes by
the coefficient before the count (the statute text of that variant could not be verified);
a seat cap applies to a surplus pair as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from majlis.errors import AllocationImpossible, Location, VotesError
from majlis.law._ties import tie_break_for
from majlis.law._types import Allocation, PartyList, Tie
from majlis.law.methods import METHODS
from majlis.law.ruleset import Ruleset
from majlis.law.threshold import admitted_lists, threshold_base_votes
from majlis.law.trace import (
    RunnerUpAdmitted,
    RunnerUpCorrected,
    SeatCapApplied,
    StageStarted,
    SurplusPairFormed,
    TraceEvent,
)

__all__ = ["allocate"]


def _validate(lists: Sequence[PartyList], against_all: int) -> None:
    seen: set[str] = set()
    for row, party in enumerate(lists, start=1):
        where = Location(source="lists", row=row)
        if not isinstance(party.name, str) or not party.name.strip():
            raise VotesError.expected(
                what="a list name",
                expected="a non-empty string",
                got=party.name,
                location=Location(source="lists", row=row, field="party"),
            )
        if party.name in seen:
            raise VotesError.expected(
                what="a list name",
                expected="unique",
                got=party.name,
                location=Location(source="lists", row=row, field="party"),
            )
        seen.add(party.name)
        if type(party.votes) is not int or party.votes < 0:
            raise VotesError.expected(
                what=f"votes of {party.name!r}",
                expected="a non-negative integer",
                got=party.votes,
                location=Location(where.source, row, "votes"),
            )
        if type(party.alliance_size) is not int or party.alliance_size < 1:
            raise VotesError.expected(
                what=f"alliance_size of {party.name!r}",
                expected="an integer >= 1",
                got=party.alliance_size,
                location=Location(where.source, row, "alliance_size"),
            )
        if type(party.district_wins) is not int or party.district_wins < 0:
            raise VotesError.expected(
                what=f"district_wins of {party.name!r}",
                expected="a non-negative integer",
                got=party.district_wins,
                location=Location(where.source, row, "district_wins"),
            )
    if type(against_all) is not int or against_all < 0:
        raise VotesError.expected(
            what="the 'against all' count", expected="a non-negative integer", got=against_all
        )


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
    units: list[tuple[int, ...]] = []
    for i in admitted:
        if i in partner:
            if partner[i] > i:
                units.append((i, partner[i]))
        else:
            units.append((i,))
    return units


def allocate(
    ruleset: Ruleset,
    lists: Sequence[PartyList],
    *,
    against_all: int = 0,
    ballots_cast: int | None = None,
    registered_voters: int | None = None,
    other_votes: int = 0,
    seed: int | None = None,
) -> Allocation:
    """Allocate the ruleset's party-list seats among ``lists``, with a trace.

    Args:
        ruleset: the law in force.
        lists: the lists on the ballot; row order is registration order unless
            ``registration_order`` says otherwise.
        against_all: "against all" votes (part of the base when the law says so).
        ballots_cast: ballots cast, for laws measuring the threshold against them.
        registered_voters: registered voters, likewise.
        other_votes: valid votes for lists not given in ``lists`` (results often publish
            minor lists only as a total); they count in every base and win nothing.
        seed: the seed of a lot, for rulesets whose tie-break is ``lot``.
    """
    _validate(lists, against_all)
    if type(other_votes) is not int or other_votes < 0:
        raise VotesError.expected(
            what="other_votes", expected="a non-negative integer", got=other_votes
        )
    events: list[TraceEvent] = []
    list_votes = sum(p.votes for p in lists) + other_votes
    base = threshold_base_votes(
        ruleset,
        list_votes,
        against_all=against_all,
        ballots_cast=ballots_cast,
        registered_voters=registered_voters,
    )
    admitted_flags = admitted_lists(ruleset, lists, base, events, all_list_votes=list_votes)
    admitted = [i for i, ok in enumerate(admitted_flags) if ok]
    runner_up = next((e.party for e in events if isinstance(e, RunnerUpAdmitted)), None)
    orders = [p.registration_order for p in lists]
    if not any(orders):
        orders = list(range(len(lists)))
    weights = _weights(ruleset, lists, runner_up)
    units = _pairs(lists, admitted) if ruleset.surplus_agreements else [(i,) for i in admitted]
    for unit in units:
        if len(unit) == 2:
            a, b = unit
            events.append(
                SurplusPairFormed(
                    parties=(lists[a].name, lists[b].name), votes=lists[a].votes + lists[b].votes
                )
            )
    seats = [0] * len(lists)
    tie = _apportion_units(ruleset, lists, units, weights, orders, seed, seats, events)
    for unit in units:
        if len(unit) == 2 and seats[unit[0]] > 0:
            a, b = unit
            total = seats[a]
            events.append(
                StageStarted(
                    name=f"split {lists[a].name} + {lists[b].name}",
                    seats=total,
                    method=ruleset.method,
                )
            )
            result = METHODS[ruleset.method].apportion(
                [lists[a].name, lists[b].name],
                [weights[a], weights[b]],
                total,
                leftover=ruleset.leftover,
                first_divisor=ruleset.first_divisor,
                tie_break=tie_break_for(
                    ruleset.tie_break,
                    orders=[orders[a], orders[b]],
                    votes=[weights[a], weights[b]],
                    seed=seed,
                ),
                stage=f"split {lists[a].name} + {lists[b].name}",
            )
            events.extend(result.events)
            seats[a], seats[b] = result.seats
            tie = tie or result.tie
    if ruleset.runner_up == "min_seats" and runner_up is not None:
        _minimum_for_runner_up(ruleset, lists, runner_up, seats, events)
    return Allocation(
        ruleset_id=ruleset.id,
        seats={p.name: seats[i] for i, p in enumerate(lists)},
        trace=tuple(events),
        tie=tie,
    )


def _weights(ruleset: Ruleset, lists: Sequence[PartyList], runner_up: str | None) -> list[int]:
    """Integer weights: votes, scaled so multipliers and coefficients stay exact."""
    factor = {p.name: Fraction(1) for p in lists}
    if ruleset.minority_multiplier != 1:
        for p in lists:
            if p.minority:
                factor[p.name] = ruleset.minority_multiplier
    if ruleset.runner_up == "coefficient" and runner_up is not None:
        factor[runner_up] = ruleset.runner_up_coefficient
    scale = 1
    for f in factor.values():
        scale = scale * f.denominator // _gcd(scale, f.denominator)
    if scale == 1 and all(f == 1 for f in factor.values()):
        return [p.votes for p in lists]
    return [int(p.votes * factor[p.name] * scale) for p in lists]


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def _apportion_units(
    ruleset: Ruleset,
    lists: Sequence[PartyList],
    units: Sequence[tuple[int, ...]],
    weights: Sequence[int],
    orders: Sequence[int],
    seed: int | None,
    seats: list[int],
    events: list[TraceEvent],
) -> Tie | None:
    """Apportion the tier among units, capping and redistributing; write unit seats."""
    method = METHODS[ruleset.method]
    live = list(units)
    left = ruleset.list_seats
    while True:
        unit_weights = [sum(weights[i] for i in u) for u in live]
        tie_break = tie_break_for(
            ruleset.tie_break, orders=[orders[u[0]] for u in live], votes=unit_weights, seed=seed
        )
        names = [" + ".join(lists[i].name for i in u) for u in live]
        result = method.apportion(
            names,
            unit_weights,
            left,
            leftover=ruleset.leftover,
            first_divisor=ruleset.first_divisor,
            tie_break=tie_break,
            stage="allocation",
        )
        events.extend(result.events)
        cap = ruleset.seat_cap
        over = [k for k, s in enumerate(result.seats) if cap is not None and s > cap]
        if cap is None or not over:
            for unit, s in zip(live, result.seats, strict=True):
                seats[unit[0]] = s
            return result.tie
        for k in over:
            events.append(SeatCapApplied(party=names[k], cap=cap, excess=result.seats[k] - cap))
            seats[live[k][0]] = cap
            left -= cap
        live = [u for k, u in enumerate(live) if k not in over]
        if not live and left:
            raise AllocationImpossible(
                f"every admitted list is capped at {cap} seats; {left} seats cannot be filled."
            )
        events.append(
            StageStarted(
                name="redistribution after the seat cap", seats=left, method=ruleset.method
            )
        )


def _minimum_for_runner_up(
    ruleset: Ruleset,
    lists: Sequence[PartyList],
    runner_up: str,
    seats: list[int],
    events: list[TraceEvent],
) -> None:
    """Raise the runner-up to the minimum seats, taking them from the leading list."""
    idx = next(i for i, p in enumerate(lists) if p.name == runner_up)
    need = ruleset.runner_up_min_seats - seats[idx]
    if need <= 0:
        return
    leader = max(range(len(lists)), key=lambda i: seats[i])
    before_leader, before = seats[leader], seats[idx]
    seats[leader] -= need
    seats[idx] += need
    reason = f"runner-up guaranteed {ruleset.runner_up_min_seats} seats"
    events.append(
        RunnerUpCorrected(party=runner_up, before=before, after=seats[idx], reason=reason)
    )
    events.append(
        RunnerUpCorrected(
            party=lists[leader].name, before=before_leader, after=seats[leader], reason=reason
        )
    )
