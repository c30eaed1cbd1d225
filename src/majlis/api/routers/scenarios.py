"""What-if scenarios and Monte Carlo seat projections (calculations; nothing is stored)."""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field, StrictInt

from majlis.api.routers.allocations import AllocationCreate, ListVotes
from majlis.errors import InputError, Location
from majlis.law import Constituency, PartyList, Ruleset, get_ruleset, parse_fraction
from majlis.simulate import (
    Baseline,
    DistrictBaseline,
    DistrictChange,
    InConstituency,
    MoveShare,
    MoveVotes,
    Poll,
    Projection,
    RemoveList,
    project,
    project_districts,
    what_if,
    what_if_districts,
)
from majlis.simulate.districts import kernel_rules_for

_MAX_VOTES = 10**10
#: Constituency counts one projection request may ask for: on the batched kernel, and on
#: the exact engine (laws the kernel does not implement), a few seconds' work either way.
_KERNEL_BUDGET = 2_000_000
_EXACT_BUDGET = 20_000
NameText = Annotated[str, Field(min_length=1, max_length=200)]

router = APIRouter(tags=["allocations"])

ShareText = Annotated[str, Field(pattern=r"^\d+(\.\d+)?(/\d+)?$", max_length=40)]


def _share(text: str, field: str) -> Fraction:
    try:
        value = parse_fraction(text)
    except ValueError:
        value = Fraction(-1)  # refused below, with the one message
    if not 0 <= value <= 1:
        raise InputError.expected(
            what=f"'{field}'",
            expected="a share in [0, 1]",
            got=text,
            location=Location(field=field),
        )
    return value


class MoveVotesIn(BaseModel):
    """Move N voters from one list (or "AGAINST ALL", "ABSTAINERS") to another.

    On a districted law: in ``constituency`` only, or (none named) split over every
    constituency in proportion to the source's votes there.
    """

    kind: Literal["move_votes"]
    source: str = Field(min_length=1, max_length=200)
    target: str = Field(min_length=1, max_length=200)
    votes: StrictInt = Field(ge=0, le=10**10)
    constituency: NameText | None = None


class MoveShareIn(BaseModel):
    """Move a share (e.g. "1/10" or "0.1") of a list's votes to another.

    On a districted law: in ``constituency`` only, or (none named) in every constituency.
    """

    kind: Literal["move_share"]
    source: str = Field(min_length=1, max_length=200)
    target: str = Field(min_length=1, max_length=200)
    share: ShareText
    constituency: NameText | None = None


class RemoveListIn(BaseModel):
    """A list leaves the ballot; its voters abstain or go where ``redistribution`` says."""

    kind: Literal["remove_list"]
    name: str = Field(min_length=1, max_length=200)
    redistribution: dict[Annotated[str, Field(max_length=200)], ShareText] = Field(
        default_factory=dict, max_length=50
    )


class ConstituencyIn(BaseModel):
    """One constituency of a districted law: its seats, blank votes and lists."""

    name: NameText
    seats: StrictInt | None = Field(default=None, ge=0, le=10_000)
    blank: StrictInt = Field(default=0, ge=0, le=_MAX_VOTES)
    ballots_cast: StrictInt | None = Field(default=None, ge=0, le=_MAX_VOTES)
    registered_voters: StrictInt | None = Field(default=None, ge=0, le=_MAX_VOTES)
    population: StrictInt | None = Field(default=None, ge=0, le=_MAX_VOTES)
    lists: list[ListVotes] = Field(min_length=1, max_length=60)


class WhatIfCreate(AllocationCreate):
    """Votes, a ruleset and the changes to try.

    A districted law takes ``constituencies`` (each with its lists) instead of ``lists``.
    """

    lists: list[ListVotes] = Field(default_factory=list, max_length=200)
    constituencies: list[ConstituencyIn] | None = Field(default=None, min_length=1, max_length=700)
    changes: list[
        Annotated[MoveVotesIn | MoveShareIn | RemoveListIn, Field(discriminator="kind")]
    ] = Field(min_length=1, max_length=50)


class SeatChange(BaseModel):
    """One list's seats before and after."""

    party: str
    before: int
    after: int
    change: int


class ThresholdChange(BaseModel):
    """A list whose admission changed."""

    party: str
    admitted_before: bool | None
    admitted_after: bool | None


class ConstituencySeatChange(BaseModel):
    """One list's seats in one constituency before and after (changed ones only)."""

    constituency: str
    party: str
    before: int
    after: int
    change: int


class WhatIfPublic(BaseModel):
    """The baseline and the scenario side by side (per constituency on a districted law)."""

    ruleset_id: str
    rows: list[SeatChange]
    thresholds: list[ThresholdChange]
    seats_changed_hands: int
    constituencies: list[ConstituencySeatChange] = Field(default_factory=list)


class ProjectionCreate(BaseModel):
    """A poll (shares and sample size) to simulate many elections from."""

    ruleset: str = Field(min_length=1, max_length=100)
    on: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    names: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        min_length=1, max_length=50
    )
    shares: list[ShareText] = Field(min_length=1, max_length=50)
    sample_size: StrictInt = Field(ge=10, le=1_000_000)
    runs: StrictInt = Field(default=2000, ge=10, le=20_000)
    seed: StrictInt = Field(default=0, ge=0, le=2**32 - 1)
    constituencies: list[ConstituencyIn] | None = Field(
        default=None,
        min_length=1,
        max_length=700,
        description="A districted law's baseline result per constituency, swung by the poll.",
    )
    swing: Literal["proportional", "uniform"] = "proportional"


class ProjectedList(BaseModel):
    """Seats of one list over the simulated elections."""

    name: str
    mean_seats: float
    p05: int
    p95: int
    passed_threshold: float
    majority: float


class ProjectionPublic(BaseModel):
    """The distribution of seats over ``runs`` simulated elections."""

    ruleset_id: str
    runs: int
    seed: int
    house: int
    lists: list[ProjectedList]
    constituencies: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="Mean seats per constituency and list (districted)."
    )


def _lists(items: list[ListVotes]) -> tuple[PartyList, ...]:
    return tuple(
        PartyList(
            name=i.name,
            votes=i.votes,
            registration_order=i.registration_order,
            alliance_size=i.alliance_size,
            minority=i.minority,
            district_wins=i.district_wins,
            surplus_partner=i.surplus_partner,
        )
        for i in items
    )


def _district_baseline(ruleset: Ruleset, items: list[ConstituencyIn] | None) -> DistrictBaseline:
    """The constituencies of the body, for a districted ruleset (and only for one)."""
    if ruleset.districts is None or not items:
        raise InputError.expected(
            what="'constituencies'",
            expected=f"given exactly when the ruleset is districted ({ruleset.id!r} is "
            + ("districted)" if ruleset.districts is not None else "not)"),
            got="given" if items else "none",
            location=Location(field="constituencies"),
        )
    cons = tuple(
        Constituency(
            c.name,
            seats=c.seats,
            blank=c.blank,
            ballots_cast=c.ballots_cast,
            registered_voters=c.registered_voters,
            population=c.population,
        )
        for c in items
    )
    base = DistrictBaseline(cons, {c.name: _lists(c.lists) for c in items})
    base.allocate(ruleset)  # checks the whole input once (row and field named)
    return base


def _district_what_if(ruleset: Ruleset, body: WhatIfCreate) -> WhatIfPublic:
    base = _district_baseline(ruleset, body.constituencies)
    changes: list[DistrictChange] = []
    for i, c in enumerate(body.changes):
        change: MoveVotes | MoveShare | RemoveList
        if isinstance(c, MoveVotesIn):
            change = MoveVotes(c.source, c.target, c.votes)
        elif isinstance(c, MoveShareIn):
            change = MoveShare(c.source, c.target, _share(c.share, f"changes.{i}.share"))
        else:
            shares = {
                k: _share(v, f"changes.{i}.redistribution") for k, v in c.redistribution.items()
            }
            change = RemoveList(c.name, shares or None)
        where = None if isinstance(c, RemoveListIn) else c.constituency
        changes.append(change if where is None else InConstituency(where, change))
    result = what_if_districts(ruleset, base, changes)
    return WhatIfPublic(
        ruleset_id=result.after.ruleset_id,
        rows=[SeatChange(party=p, before=b, after=a, change=d) for p, b, a, d in result.rows()],
        thresholds=[],
        seats_changed_hands=sum(max(d, 0) for *_, d in result.constituency_rows()),
        constituencies=[
            ConstituencySeatChange(constituency=w, party=p, before=b, after=a, change=d)
            for w, p, b, a, d in result.constituency_rows()
        ],
    )


@router.post("/allocations/what-if", response_model=WhatIfPublic)
def post_what_if(body: WhatIfCreate) -> WhatIfPublic:
    """Allocate the votes and the votes with the changes applied; say what flipped."""
    ruleset = get_ruleset(body.ruleset, date=body.on)
    if ruleset.districts is not None or body.constituencies is not None:
        return _district_what_if(ruleset, body)
    if not body.lists:
        raise InputError.expected(
            what="'lists'",
            expected="at least one list (a national ruleset)",
            got=0,
            location=Location(field="lists"),
        )
    base = Baseline(
        _lists(body.lists),
        against_all=body.against_all,
        ballots_cast=body.ballots_cast,
        registered_voters=body.registered_voters,
    )
    changes: list[MoveVotes | MoveShare | RemoveList] = []
    for i, c in enumerate(body.changes):
        if isinstance(c, MoveVotesIn):
            changes.append(MoveVotes(c.source, c.target, c.votes))
        elif isinstance(c, MoveShareIn):
            changes.append(MoveShare(c.source, c.target, _share(c.share, f"changes.{i}.share")))
        else:
            shares = {
                k: _share(v, f"changes.{i}.redistribution") for k, v in c.redistribution.items()
            }
            changes.append(RemoveList(c.name, shares or None))
    result = what_if(ruleset, base, changes)
    return WhatIfPublic(
        ruleset_id=result.after.ruleset_id,
        rows=[SeatChange(party=p, before=b, after=a, change=d) for p, b, a, d in result.rows()],
        thresholds=[
            ThresholdChange(
                party=t.party, admitted_before=t.admitted_before, admitted_after=t.admitted_after
            )
            for t in result.thresholds
        ],
        seats_changed_hands=len(result.seats_changed_hands),
    )


@router.post("/projections", response_model=ProjectionPublic)
def post_projection(body: ProjectionCreate) -> ProjectionPublic:
    """Simulate elections from a poll and report each list's seat distribution (seeded)."""
    if len(body.shares) != len(body.names):
        raise InputError.expected(
            what="'shares'",
            expected=f"one share per name ({len(body.names)})",
            got=len(body.shares),
            location=Location(field="shares"),
        )
    ruleset = get_ruleset(body.ruleset)
    poll = Poll(
        tuple(body.names),
        tuple(_share(s, f"shares.{i}") for i, s in enumerate(body.shares)),
        sample_size=body.sample_size,
    )
    result: Projection
    if ruleset.districts is not None or body.constituencies is not None:
        base = _district_baseline(ruleset, body.constituencies)
        budget = _EXACT_BUDGET if kernel_rules_for(ruleset, base) is None else _KERNEL_BUDGET
        counts = body.runs * len(base.constituencies)
        if counts > budget:
            raise InputError.expected(
                what="'runs' times the number of constituencies",
                expected=f"at most {budget:,} constituency counts for {ruleset.id!r} per request",
                got=f"{counts:,}",
                location=Location(field="runs"),
            )
        result = project_districts(
            ruleset, base, poll, runs=body.runs, seed=body.seed, swing=body.swing
        )
    else:
        result = project(ruleset, poll, runs=body.runs, seed=body.seed)
    mean, low, high = result.mean_seats(), result.quantile(0.05), result.quantile(0.95)
    passed = result.probability(result.passed_threshold)
    majority = result.probability(result.majority)
    return ProjectionPublic(
        ruleset_id=result.ruleset_id,
        runs=result.runs,
        seed=result.seed,
        house=result.house,
        lists=[
            ProjectedList(
                name=name,
                mean_seats=float(mean[i]),
                p05=int(low[i]),
                p95=int(high[i]),
                passed_threshold=float(passed[i]),
                majority=float(majority[i]),
            )
            for i, name in enumerate(result.names)
        ],
        constituencies=_constituency_means(result),
    )


def _constituency_means(result: Projection) -> dict[str, dict[str, float]]:
    if result.constituency_seats is None:
        return {}
    return {
        c: {n: float(x) for n, x in zip(result.names, row, strict=True) if x}
        for c, row in zip(result.constituencies, result.constituency_seats, strict=True)
    }
