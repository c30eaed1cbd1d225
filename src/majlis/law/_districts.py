"""The districted allocation pipeline behind :func:`majlis.law.allocate_districts`.

Levels, each from the same exact methods as a national count: seats to constituencies
(fixed or apportioned), the national threshold, each constituency's threshold and count,
and a national second scrutiny of unused votes with the placement of its seats. With
``record=False`` no trace event is built (ties still are).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from majlis.errors import AllocationImpossible
from majlis.law._additional import additional_members
from majlis.law._biproportional import biproportional
from majlis.law._district_lean import lean_counts, lean_plan
from majlis.law._district_types import Constituency, Count, DistrictResult
from majlis.law._ties import tie_break_for
from majlis.law._types import PartyList, Tie
from majlis.law._upper_tier import adjustment, levelling, second_scrutiny
from majlis.law.largest_remainder import whole_quotas
from majlis.law.methods import METHODS
from majlis.law.ruleset import Districts, Ruleset
from majlis.law.threshold import admitted_lists, passes_threshold, threshold_base_votes
from majlis.law.trace import (
    Phrase,
    StageStarted,
    ThresholdBase,
    ThresholdDecision,
    TraceEvent,
)

__all__ = ["Constituency", "DistrictResult", "national_lists", "run_districts"]


def national_lists(
    votes: Mapping[str, Sequence[PartyList]],
) -> tuple[list[PartyList], dict[str, int]]:
    """Each party once with its national votes (attributes from its first row), and index."""
    index: dict[str, int] = {}
    first: list[PartyList] = []
    totals: list[int] = []
    for lists in votes.values():
        for p in lists:
            i = index.get(p.name)
            if i is None:
                index[p.name] = len(first)
                first.append(p)
                totals.append(p.votes)
            else:
                totals[i] += p.votes
    merged = [
        PartyList(
            p.name,
            total,
            registration_order=p.registration_order or i + 1,
            alliance_size=p.alliance_size,
            minority=p.minority,
            district_wins=p.district_wins,
        )
        for i, (p, total) in enumerate(zip(first, totals, strict=True))
    ]
    return merged, index


def _measure(c: Constituency, lists: Sequence[PartyList], name: str) -> int:
    list_votes = sum(p.votes for p in lists)
    if name == "list_votes":
        return list_votes
    if name == "valid_votes":
        return list_votes + c.blank
    value = getattr(c, name)
    if value is None:  # the adapters check this first and name the row
        raise AllocationImpossible(f"constituency {c.name!r} has no {name} to apportion by.")
    return int(value)


def _magnitudes(
    ruleset: Ruleset,
    d: Districts,
    cons: Sequence[Constituency],
    votes: Mapping[str, Sequence[PartyList]],
    events: list[TraceEvent] | None,
) -> dict[str, int]:
    if d.magnitude == "seats":
        return {c.name: c.seats or 0 for c in cons}
    names = [c.name for c in cons]
    weights = [_measure(c, votes.get(c.name, ()), d.magnitude) for c in cons]
    stage = Phrase("stage.constituencies", magnitude=d.magnitude)
    fixed = ruleset.list_seats - d.adjustment_seats
    if events is not None:
        events.append(StageStarted(name=stage, seats=fixed, method=d.apportionment))
    result = METHODS[d.apportionment].apportion(
        names, weights, fixed, stage=stage, record=events is not None
    )
    if events is not None:
        events.extend(result.events)
    if result.tie is not None:
        raise AllocationImpossible(
            f"seats to constituencies end in a tie among {', '.join(result.tie.contenders)}."
        )
    return dict(zip(names, result.seats, strict=True))


def _national_flags(
    ruleset: Ruleset,
    cons: Sequence[Constituency],
    merged: Sequence[PartyList],
    events: list[TraceEvent] | None,
) -> dict[str, bool]:
    if events is not None:
        events.append(
            StageStarted(
                name=Phrase("stage.national_threshold"),
                seats=ruleset.list_seats,
                method=ruleset.method,
            )
        )
    list_votes = sum(p.votes for p in merged)
    cast = [c.ballots_cast for c in cons]
    registered = [c.registered_voters for c in cons]
    base = threshold_base_votes(
        ruleset,
        list_votes,
        against_all=sum(c.blank for c in cons),
        ballots_cast=None if None in cast else sum(x or 0 for x in cast),
        registered_voters=None if None in registered else sum(x or 0 for x in registered),
    )
    flags, _ = admitted_lists(ruleset, merged, base, events)
    return {p.name: ok for p, ok in zip(merged, flags, strict=True)}


def _has_national_level(ruleset: Ruleset) -> bool:
    """Whether a national threshold (or rule) can exclude a list anywhere."""
    return bool(
        ruleset.threshold
        or ruleset.alliance_thresholds
        or ruleset.full_quota_qualification
        or ruleset.district_qualification
    )


def _local_base(d: Districts, c: Constituency, list_votes: int) -> int:
    if d.threshold_base == "list_votes":
        return list_votes
    if d.threshold_base == "valid_votes":
        return list_votes + c.blank
    value = c.ballots_cast if d.threshold_base == "ballots_cast" else c.registered_voters
    if value is None:
        raise AllocationImpossible(
            f"constituency {c.name!r} has no {d.threshold_base} for its threshold."
        )
    return value


def _eligible(
    d: Districts,
    c: Constituency,
    lists: Sequence[PartyList],
    national: Mapping[str, bool] | None,
    events: list[TraceEvent] | None,
) -> list[bool]:
    """Which lists take part in constituency ``c``: national and/or local threshold."""
    nat = [p.votes > 0 and (national is None or national[p.name]) for p in lists]
    if not d.threshold:
        return nat
    list_votes = sum(p.votes for p in lists)
    base = _local_base(d, c, list_votes)
    if events is not None:
        where = Phrase("base.constituency", base=d.threshold_base, constituency=c.name)
        events.append(ThresholdBase(base=where, votes=base))
    out = []
    for p, ok_nat in zip(lists, nat, strict=True):
        ok_here = p.votes > 0 and passes_threshold(p.votes, base, d.threshold)
        ok = (ok_nat and ok_here) if d.combine == "and" else (ok_nat or ok_here)
        out.append(ok)
        if events is not None:
            here = "here" if ok_here else "not_here"
            there = "admitted" if national is None or national[p.name] else "not_admitted"
            reason = Phrase(f"threshold.{here}.{there}", constituency=c.name, combine=d.combine)
            events.append(
                ThresholdDecision(
                    party=p.name,
                    votes=p.votes,
                    base_votes=base,
                    required=d.threshold,
                    admitted=ok,
                    reason=reason,
                )
            )
    return out


def _count_constituency(
    ruleset: Ruleset,
    c: Constituency,
    lists: Sequence[PartyList],
    mag: int,
    national: Mapping[str, bool] | None,
    seed: int | None,
    events: list[TraceEvent],
    record: bool,
) -> tuple[list[int], list[Fraction] | None, Tie | None]:
    """One constituency's seats (and unused votes for a second scrutiny), traced."""
    d = ruleset.districts
    assert d is not None
    method = METHODS[d.method]
    if record:
        events.append(
            StageStarted(
                name=Phrase("stage.constituency", constituency=c.name), seats=mag, method=d.method
            )
        )
    ok = _eligible(d, c, lists, national, events if record else None)
    live = [i for i, flag in enumerate(ok) if flag]
    names = [lists[i].name for i in live]
    weights = [lists[i].votes for i in live]
    orders = [lists[i].registration_order or i + 1 for i in live]
    tie_break = tie_break_for(ruleset.tie_break, orders=orders, votes=weights, seed=seed)
    got = [0] * len(lists)
    if d.remainders == "national" and method.quota is not None:
        whole, rest, tie, traced = whole_quotas(
            names, weights, mag, quota=method.quota, tie_break=tie_break, stage=c.name,
            record=record,
        )  # fmt: skip
        unused = [Fraction(0)] * len(lists)
        for k, i in enumerate(live):
            got[i], unused[i] = whole[k], rest[k]
        events.extend(traced)
        return got, unused, tie
    result = method.apportion(
        names, weights, mag, first_divisor=d.first_divisor, tie_break=tie_break, stage=c.name,
        record=record,
    )  # fmt: skip
    for k, i in enumerate(live):
        got[i] = result.seats[k]
    events.extend(result.events)
    return got, None, result.tie


def _run_biproportional(
    ruleset: Ruleset,
    cons: Sequence[Constituency],
    votes: Mapping[str, Sequence[PartyList]],
    magnitudes: dict[str, int],
    events: list[TraceEvent],
    record: bool,
) -> DistrictResult:
    """The constituency-by-party matrix, balanced; seats back in each constituency's order."""
    parties, index = national_lists(votes)
    matrix = [[0] * len(parties) for _ in cons]
    for i, c in enumerate(cons):
        for p in votes.get(c.name, ()):
            matrix[i][index[p.name]] = p.votes
    table = biproportional(ruleset, cons, magnitudes, matrix, parties, events, record)
    seats = {
        c.name: [table[i][index[p.name]] for p in votes.get(c.name, ())] for i, c in enumerate(cons)
    }
    return DistrictResult(seats=seats, magnitudes=magnitudes, tie=None)


def run_districts(
    ruleset: Ruleset,
    cons: Sequence[Constituency],
    votes: Mapping[str, Sequence[PartyList]],
    seed: int | None,
    *,
    record: bool,
) -> tuple[DistrictResult, list[TraceEvent]]:
    """Seats per constituency and list, and the trace events if ``record``."""
    d = ruleset.districts
    if d is None:
        raise AllocationImpossible(f"ruleset {ruleset.id!r} has no [constituencies] table.")
    events: list[TraceEvent] = []
    sink = events if record else None
    magnitudes = _magnitudes(ruleset, d, cons, votes, sink)
    if d.biproportional:
        return _run_biproportional(ruleset, cons, votes, magnitudes, events, record), events
    merged: list[PartyList] = []
    national: dict[str, bool] | None = None
    if ruleset.mixed == "additional_members":
        if _has_national_level(ruleset):
            national = _national_flags(ruleset, cons, national_lists(votes)[0], sink)
        added, a_tie = additional_members(ruleset, cons, votes, magnitudes, national, seed, sink)
        return DistrictResult(seats=added, magnitudes=magnitudes, tie=a_tie), events
    upper = d.remainders == "national" or d.levelling or d.adjustment_seats
    if _has_national_level(ruleset) or upper:
        merged = national_lists(votes)[0]
        national = _national_flags(ruleset, cons, merged, sink)
    # with levelling seats the national threshold admits to them only: districts are open
    in_districts = None if d.levelling else national
    plan = None if record else lean_plan(d)
    lean: dict[str, list[int]] = {}
    if plan is not None:
        lean = lean_counts(plan, cons, votes, magnitudes, d.levelling, in_districts)
    seats: dict[str, list[int]] = {}
    unused: dict[str, list[Fraction]] = {}
    tie: Tie | None = None
    if len(lean) == len(cons) and not upper:
        # every constituency answered lean and no upper level follows: the seats are final
        return DistrictResult(seats=lean, magnitudes=magnitudes, tie=None), events
    for c in cons:
        known = lean.get(c.name)
        if known is not None:
            seats[c.name] = known
            continue
        lists = votes.get(c.name, ())
        mag = magnitudes[c.name] - d.levelling
        got, rest, c_tie = _count_constituency(
            ruleset, c, lists, mag, in_districts, seed, events, record
        )
        seats[c.name] = got
        if rest is not None:
            unused[c.name] = rest
        tie = tie or c_tie
    count = Count(
        ruleset, d, cons, votes, magnitudes, seats, national or {}, merged, seed, events, record
    )
    if d.remainders == "national":
        tie = second_scrutiny(count, unused) or tie
    if d.levelling:
        tie = levelling(count) or tie
    if d.adjustment_seats:
        tie = adjustment(count) or tie
    return DistrictResult(seats=seats, magnitudes=magnitudes, tie=tie), events
