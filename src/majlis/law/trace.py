"""The trace of an allocation: frozen events, a plain-text rendering and a JSON-ready form.

Every number a seat decision rests on is in an event, as an exact ``int`` or ``Fraction``.
:func:`render_trace` and :func:`trace_records` are pure functions the CLI and the web reuse.
The words an event carries (a threshold decision's reason, a stage's name, a note) are
:class:`Phrase` values: English text that also keeps its key in :data:`PHRASES` and its
parameters, so that a front end can word the trace in another language (the law itself
speaks English only).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar

from majlis.percent import percent

__all__ = [
    "ALLOCATION",
    "PHRASES",
    "CoverDecision",
    "DistrictSeatsAdded",
    "DistrictWinsCounted",
    "DivisorSeat",
    "LeftoverSeat",
    "ListExhausted",
    "MajorityClauseApplied",
    "OverhangKept",
    "Phrase",
    "QuotaComputed",
    "QuotientSplit",
    "RunnerUpAdmitted",
    "RunnerUpCorrected",
    "SeatCapApplied",
    "SeatPlaced",
    "SeatReturned",
    "SeatWithdrawn",
    "StageStarted",
    "SurplusPairFormed",
    "ThresholdBase",
    "ThresholdDecision",
    "TieBroken",
    "TieLeft",
    "TraceEvent",
    "render_event",
    "render_trace",
    "trace_records",
]


#: Every phrase of a trace by its key: the English template, %(name)s for each parameter.
PHRASES: Mapping[str, str] = MappingProxyType(
    {
        # why a list is admitted or excluded
        "threshold.over": "at or over the threshold",
        "threshold.under": "under the threshold",
        "threshold.over.alliance": "at or over the threshold for an alliance of %(size)s",
        "threshold.under.alliance": "under the threshold for an alliance of %(size)s",
        "threshold.minority": "minority list, exempt from the threshold",
        "threshold.districts": "won %(wins)s districts (needs %(needs)s)",
        "threshold.full_quota": "under one full quota (%(total)s/%(seats)s)",
        "threshold.no_votes": "no votes",
        "threshold.here.admitted": (
            "at or over the threshold in %(constituency)s; nationally admitted (%(combine)s)"
        ),
        "threshold.here.not_admitted": (
            "at or over the threshold in %(constituency)s; nationally not admitted (%(combine)s)"
        ),
        "threshold.not_here.admitted": (
            "under the threshold in %(constituency)s; nationally admitted (%(combine)s)"
        ),
        "threshold.not_here.not_admitted": (
            "under the threshold in %(constituency)s; nationally not admitted (%(combine)s)"
        ),
        "quorum.over": "best constituency %(constituency)s: at or over the quorum there",
        "quorum.under": "best constituency %(constituency)s: under the quorum there",
        "base.constituency": "%(base)s in %(constituency)s",
        # why a seat goes where it goes
        "seat.largest_remainder": "largest remainder",
        "seat.largest_list": "largest list, votes",
        "seat.withdrawn": "whole quotas exceeded the seats; smallest remainder gives one back",
        "seat.runner_up": "runner-up guaranteed %(seats)s seats",
        "seat.unused_remainder": "the party's largest unused remainder where a seat is free",
        "seat.levelling": "largest votes / (2 x district seats + 1) / votes per district seat",
        "seat.adjustment": (
            "the party's largest next quotient (first divisor %(first)s, then 2n + 1)"
        ),
        "seat.additional": "%(wins)s constituency + %(added)s additional seats held before it",
        "note.huntington_hill": "quotient and divisor squared (Huntington-Hill)",
        # stages
        "stage.allocation": "allocation",
        "stage.quorum": "quorum",
        "stage.upper": "upper apportionment to parties",
        "stage.lower": "lower apportionment (balanced)",
        "stage.constituencies": "seats to constituencies by %(magnitude)s",
        "stage.national_threshold": "national threshold",
        "stage.constituency": "constituency %(constituency)s",
        "stage.seat_cap": "redistribution after the seat cap",
        "stage.split": "split %(pair)s",
        "stage.second_scrutiny": "national second scrutiny of unused votes",
        "stage.national": "national %(level)s among %(parties)s parties",
        "stage.list_tier": "party-list tier",
        "stage.districts": "single-member districts (winners as given)",
        "stage.districts_empty": "districts not given, left empty",
        "stage.upper_parties": "upper apportionment among parties",
        "stage.upper_less": (
            "upper apportionment among parties (%(seats)s less %(independents)s independents "
            "seated)"
        ),
        "stage.lower_party": "lower apportionment of %(party)s among its lists",
        "stage.additional": "additional members of %(constituency)s",
        "stage.cover_in": "second-vote cover in %(constituency)s",
        "stage.cover_of": "cover of %(party)s in %(constituency)s",
        # second-vote cover: why a constituency winner is seated or not
        "cover.within": "within the list's %(seats)s seats",
        "cover.beyond": "beyond the list's %(seats)s seats (not covered by second votes)",
        "cover.independent": "not nominated by a party: elected by the most first votes",
        "cover.no_seats": "the party takes no part in the apportionment (no seats)",
        "cover.undecided": "equal first-vote share at the last covered seat: undecided, no seed",
    }
)


class Phrase(str):
    """English words of a trace that keep their :data:`PHRASES` key and parameters.

    It is the English text (equal to it, hashed and serialised as it), so the law, the API's
    JSON and every English rendering read it as a plain string; a front end that words the
    trace in another language reads :attr:`key` and :attr:`params` instead.

    >>> reason = Phrase("threshold.districts", wins=3, needs=2)
    >>> reason, reason.key, dict(reason.params)
    ('won 3 districts (needs 2)', 'threshold.districts', {'wins': 3, 'needs': 2})
    """

    key: str
    params: Mapping[str, Any]

    def __new__(cls, key: str, /, **params: Any) -> Phrase:
        self = super().__new__(cls, PHRASES[key] % params)
        self.key = key
        self.params = MappingProxyType(params)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as key and parameters (a process pool sends allocations between workers)."""
        return (_phrase, (self.key, dict(self.params)))


def _phrase(key: str, params: dict[str, Any]) -> Phrase:
    return Phrase(key, **params)


#: The stage of a count that is not part of a larger one.
ALLOCATION = Phrase("stage.allocation")


def _num(value: Fraction | int) -> str:
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    return f"{value.numerator}/{value.denominator} (≈{float(value):.6f})"


@dataclass(frozen=True, slots=True)
class StageStarted:
    """A named stage of the allocation begins (e.g. the split inside a surplus pair)."""

    kind: ClassVar[str] = "stage"
    name: str
    seats: int
    method: str


@dataclass(frozen=True, slots=True)
class ThresholdBase:
    """The votes the threshold is a share of, and which base the law names."""

    kind: ClassVar[str] = "threshold_base"
    base: str
    votes: int


@dataclass(frozen=True, slots=True)
class ThresholdDecision:
    """Whether one list takes part in the allocation, with the numbers and the rule."""

    kind: ClassVar[str] = "threshold"
    party: str
    votes: int
    base_votes: int
    required: Fraction
    admitted: bool
    reason: str

    @property
    def share(self) -> Fraction:
        """The list's share of the threshold base."""
        return Fraction(self.votes, self.base_votes) if self.base_votes else Fraction(0)


@dataclass(frozen=True, slots=True)
class RunnerUpAdmitted:
    """Only one list passed; the next largest list is admitted by the runner-up rule."""

    kind: ClassVar[str] = "runner_up"
    party: str
    votes: int
    variant: str


@dataclass(frozen=True, slots=True)
class RunnerUpCorrected:
    """The runner-up rule changed a list's seats after the count."""

    kind: ClassVar[str] = "runner_up_correction"
    party: str
    before: int
    after: int
    reason: str


@dataclass(frozen=True, slots=True)
class SurplusPairFormed:
    """Two lists with a surplus-vote agreement are allocated jointly, then split."""

    kind: ClassVar[str] = "surplus_pair"
    parties: tuple[str, str]
    votes: int


@dataclass(frozen=True, slots=True)
class QuotaComputed:
    """The electoral quota of a largest-remainder count."""

    kind: ClassVar[str] = "quota"
    method: str
    total: int
    seats: int
    quota: Fraction


@dataclass(frozen=True, slots=True)
class QuotientSplit:
    """A list's votes divided by the quota: whole seats and the remainder (in quotas)."""

    kind: ClassVar[str] = "quotient"
    party: str
    votes: int
    quotient: Fraction
    seats: int
    remainder: Fraction


@dataclass(frozen=True, slots=True)
class LeftoverSeat:
    """A seat left after the whole quotas, and why this list got it."""

    kind: ClassVar[str] = "leftover_seat"
    party: str
    rank: int
    key: Fraction
    reason: str


@dataclass(frozen=True, slots=True)
class SeatWithdrawn:
    """A seat taken back because whole quotas handed out more seats than exist."""

    kind: ClassVar[str] = "seat_withdrawn"
    party: str
    remainder: Fraction
    reason: str


@dataclass(frozen=True, slots=True)
class DivisorSeat:
    """One seat of a highest-averages count: the winning quotient and its divisor."""

    kind: ClassVar[str] = "divisor_seat"
    seat: int
    party: str
    votes: int
    divisor: Fraction
    quotient: Fraction | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class SeatCapApplied:
    """A list reached the per-list cap; its excess seats go to the others."""

    kind: ClassVar[str] = "seat_cap"
    party: str
    cap: int
    excess: int


@dataclass(frozen=True, slots=True)
class TieBroken:
    """Equal claims to fewer seats than claimants, decided by the ruleset's tie-break."""

    kind: ClassVar[str] = "tie_broken"
    stage: str
    seats: int
    contenders: tuple[str, ...]
    winners: tuple[str, ...]
    rule: str
    seed: int | None = None


@dataclass(frozen=True, slots=True)
class TieLeft:
    """Equal claims the ruleset cannot decide; these seats stay unassigned."""

    kind: ClassVar[str] = "tie_left"
    stage: str
    seats: int
    contenders: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SeatPlaced:
    """A seat won at a national level placed in one constituency: the key that won it, why."""

    kind: ClassVar[str] = "seat_placed"
    party: str
    constituency: str
    level: str
    key: Fraction
    reason: str


@dataclass(frozen=True, slots=True)
class SeatReturned:
    """A fixed seat over the party's national share, returned in one constituency (Sweden).

    ``key`` is the comparative number that had won it there (the party's lowest);
    ``to_party`` takes it with its next comparative number ``to_key``.
    """

    kind: ClassVar[str] = "seat_returned"
    party: str
    constituency: str
    key: Fraction
    to_party: str
    to_key: Fraction


@dataclass(frozen=True, slots=True)
class OverhangKept:
    """A list won more districts than its proportional share and keeps them (MMP)."""

    kind: ClassVar[str] = "overhang"
    party: str
    share: int
    district_wins: int


@dataclass(frozen=True, slots=True)
class DistrictSeatsAdded:
    """A parallel law: a party's single-member districts won, added beside its list seats."""

    kind: ClassVar[str] = "district_seats"
    party: str
    list_seats: int
    district_seats: int


@dataclass(frozen=True, slots=True)
class DistrictWinsCounted:
    """Additional members: a list's constituencies won in the region set its first divisor.

    ``figure`` is its first regional figure, votes over ``divisor``; None for a list that
    takes no regional seat (no regional list, no votes, or not admitted).
    """

    kind: ClassVar[str] = "district_wins"
    party: str
    constituency: str
    district_wins: int
    votes: int
    divisor: Fraction
    figure: Fraction | None


@dataclass(frozen=True, slots=True)
class ListExhausted:
    """Additional members: every name on a list is seated; the list is disregarded."""

    kind: ClassVar[str] = "list_exhausted"
    party: str
    constituency: str
    seats: int


@dataclass(frozen=True, slots=True)
class CoverDecision:
    """Second-vote cover: one district winner seated or not, and why.

    ``rank`` is the winner's place among its party's winners in the constituency by
    falling first-vote share (0 when the rank does not decide: an independent, a party
    with no seats there); ``seats`` are the party's seats in that constituency.
    """

    kind: ClassVar[str] = "cover"
    district: str
    constituency: str
    party: str
    votes: int
    valid_votes: int
    rank: int
    seats: int
    seated: bool
    reason: str

    @property
    def share(self) -> Fraction:
        """The winner's first-vote share: its votes over the district's valid first votes."""
        return Fraction(self.votes, self.valid_votes) if self.valid_votes else Fraction(0)


@dataclass(frozen=True, slots=True)
class MajorityClauseApplied:
    """A party with most of the counted votes but not most seats gets seats added."""

    kind: ClassVar[str] = "majority_clause"
    party: str
    before: int
    after: int
    house: int


TraceEvent = (
    StageStarted
    | ThresholdBase
    | ThresholdDecision
    | RunnerUpAdmitted
    | RunnerUpCorrected
    | SurplusPairFormed
    | QuotaComputed
    | QuotientSplit
    | LeftoverSeat
    | SeatWithdrawn
    | DivisorSeat
    | SeatCapApplied
    | SeatPlaced
    | SeatReturned
    | OverhangKept
    | DistrictSeatsAdded
    | DistrictWinsCounted
    | ListExhausted
    | CoverDecision
    | MajorityClauseApplied
    | TieBroken
    | TieLeft
)


def render_event(event: TraceEvent) -> str:
    """One line of plain text explaining ``event``."""
    match event:
        case StageStarted(name=name, seats=seats, method=method):
            return f"== {name}: {seats} seats by {method}"
        case ThresholdBase(base=base, votes=votes):
            return f"threshold base ({base}): {votes} votes"
        case ThresholdDecision():
            verdict = "admitted" if event.admitted else "excluded"
            return (
                f"{event.party}: {event.votes} votes = {percent(event.share, places=4)} of "
                f"{event.base_votes} (needs {percent(event.required, places=4)}) -> {verdict}: "
                f"{event.reason}"
            )
        case RunnerUpAdmitted(party=party, votes=votes, variant=variant):
            return (
                f"{party}: {votes} votes, admitted as runner-up (only one list passed; {variant})"
            )
        case RunnerUpCorrected(party=party, before=before, after=after, reason=reason):
            return f"{party}: {before} -> {after} seats by the runner-up rule ({reason})"
        case SurplusPairFormed(parties=(a, b), votes=votes):
            return f"surplus agreement {a} + {b}: counted together with {votes} votes"
        case QuotaComputed(method=method, total=total, seats=seats, quota=quota):
            return f"quota ({method}) from {total} votes for {seats} seats = {_num(quota)}"
        case QuotientSplit(party=party, votes=votes, quotient=q, seats=seats, remainder=r):
            return f"{party}: {votes} / quota = {_num(q)} -> {seats} seats, remainder {_num(r)}"
        case LeftoverSeat(party=party, rank=rank, key=key, reason=reason):
            return f"leftover seat {rank} -> {party} ({reason} {_num(key)})"
        case SeatWithdrawn(party=party, remainder=r, reason=reason):
            return f"{party}: one seat withdrawn, remainder {_num(r)} ({reason})"
        case DivisorSeat(seat=seat, party=party, votes=votes, divisor=d, quotient=q, note=note):
            shown = "infinite" if q is None else _num(q)
            extra = f"; {note}" if note else ""
            return f"seat {seat} -> {party}: {votes} / {_num(d)} = {shown}{extra}"
        case SeatCapApplied(party=party, cap=cap, excess=excess):
            return f"{party}: capped at {cap} seats, {excess} seats redistributed"
        case SeatPlaced(party=party, constituency=where, level=level, key=key, reason=reason):
            return f"{party}: {level} seat placed in {where}, key {_num(key)} ({reason})"
        case SeatReturned(party=party, constituency=where, key=key, to_party=to, to_key=to_key):
            return (
                f"{party}: fixed seat in {where} returned (won at {_num(key)}, its lowest) "
                f"-> {to} ({_num(to_key)})"
            )
        case OverhangKept(party=party, share=share, district_wins=wins):
            return (
                f"{party}: {wins} districts won over a share of {share}; keeps them "
                f"(overhang {wins - share})"
            )
        case DistrictSeatsAdded(party=party, list_seats=listed, district_seats=wins):
            return f"{party}: {listed} list seats + {wins} districts won = {listed + wins} seats"
        case DistrictWinsCounted(party=party, constituency=where, district_wins=wins):
            won = f"{party}: {wins} constituenc{'y' if wins == 1 else 'ies'} won in {where}"
            if event.figure is None:
                return f"{won}; no regional figure"
            return (
                f"{won}; first regional figure "
                f"{event.votes} / {_num(event.divisor)} = {_num(event.figure)}"
            )
        case ListExhausted(party=party, constituency=where, seats=seats):
            return (
                f"{party}: list exhausted in {where} after {seats} additional "
                f"seat{'' if seats == 1 else 's'}; disregarded"
            )
        case CoverDecision():
            verdict = "seated" if event.seated else "not seated"
            place = f", rank {event.rank} for {event.seats} seats" if event.rank else ""
            return (
                f"{event.district} ({event.constituency}): {event.party or 'independent'} "
                f"{event.votes} / {event.valid_votes} = {percent(event.share, places=4)}"
                f"{place} -> {verdict}: {event.reason}"
            )
        case MajorityClauseApplied(party=party, before=before, after=after, house=house):
            return (
                f"{party}: most of the counted votes, {before} seats -> {after} "
                f"(majority clause; the house grows to {house})"
            )
        case TieBroken(stage=stage, seats=seats, contenders=c, winners=w, rule=rule, seed=seed):
            how = rule if seed is None else f"{rule}, seed {seed}"
            return (
                f"tie in {stage}: {seats} seat(s) among {', '.join(c)} -> {', '.join(w)} (by {how})"
            )
        case TieLeft(stage=stage, seats=seats, contenders=c):
            return f"tie in {stage}: {seats} seat(s) among {', '.join(c)} left undecided"
    raise TypeError(f"not a trace event: {event!r}")  # pragma: no cover - exhaustive match


def render_trace(events: Iterable[TraceEvent]) -> str:
    """The whole trace as plain text, one line per event."""
    return "\n".join(render_event(event) for event in events)


def _plain(value: object) -> object:
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def trace_records(events: Iterable[TraceEvent]) -> list[dict[str, object]]:
    """The trace as JSON-ready dicts: ``kind`` plus every field, Fractions as ``"n/d"``."""
    records: list[dict[str, object]] = []
    for event in events:
        record: dict[str, object] = {"kind": event.kind}
        for field in fields(event):
            record[field.name] = _plain(getattr(event, field.name))
        record["text"] = render_event(event)
        records.append(record)
    return records
