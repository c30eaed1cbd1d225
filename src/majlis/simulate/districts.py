"""Many allocations of a districted law: the batched kernel, with the exact engine behind it.

A :class:`DistrictBaseline` is one districted election (constituencies and the lists standing
in each). :func:`district_kernel_rules` says whether the kernel of
:mod:`majlis.simulate._district_kernel` can count a ruleset — fixed (or vote-independent)
magnitudes, a divisor method in every constituency, thresholds per constituency and
nationally — and refuses with :class:`~majlis.errors.UnsupportedRule`, naming the rule,
otherwise: largest-remainder methods in the constituencies, a national second scrutiny
(Czechia), levelling seats (Norway), adjustment seats (Sweden), biproportional
apportionment (Zurich), magnitudes that follow the votes, national rules beyond a plain
threshold (alliances, exemptions, full quota, district wins, runner-up). For those,
:func:`allocate_districts_many` counts every draw on the exact engine
(:func:`majlis.law.allocate_districts`), as it does the rare draws the kernel leaves
undecided (a tie at a constituency's cut).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from majlis.errors import AllocationImpossible, InputError, UnsupportedRule
from majlis.law import (
    Constituency,
    DistrictedAllocation,
    PartyList,
    Ruleset,
    allocate_districts,
)
from majlis.simulate._district_kernel import (
    FLOAT_EXACT,
    DistrictKernelRules,
    DistrictLayout,
    Seats,
    allocate_districts_batch,
    national_seats,
)
from majlis.simulate._kernel_rules import KernelRules

__all__ = [
    "DistrictBaseline",
    "ManyDistrictAllocations",
    "allocate_districts_many",
    "check_range",
    "district_kernel_rules",
    "district_layout",
    "exact_draw",
    "kernel_rules_for",
    "share_matrix",
]

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]
Float = npt.NDArray[np.float64]

#: Magnitudes the kernel can hold fixed across draws (they do not follow the votes drawn).
_FIXED_MAGNITUDES = ("seats", "population", "registered_voters", "ballots_cast")


@dataclass(frozen=True, slots=True)
class DistrictBaseline:
    """One districted election: the constituencies and the lists standing in each.

    ``votes`` maps each constituency's name to its lists, in the constituency table's
    order; a party is the same party wherever its name appears.
    """

    constituencies: tuple[Constituency, ...]
    votes: Mapping[str, tuple[PartyList, ...]]

    def allocate(self, ruleset: Ruleset, *, seed: int | None = None) -> DistrictedAllocation:
        """The exact allocation of these votes under ``ruleset``."""
        return allocate_districts(ruleset, self.constituencies, self.votes, seed=seed)

    def national_votes(self) -> dict[str, int]:
        """Each party's votes summed over the constituencies (first appearance order)."""
        out: dict[str, int] = {}
        for c in self.constituencies:
            for p in self.votes.get(c.name, ()):
                out[p.name] = out.get(p.name, 0) + p.votes
        return out

    def with_votes(self, votes: Int) -> DistrictBaseline:
        """This election with ``votes`` (``[C, K]``, slots as in :func:`district_layout`)."""
        rows = votes.tolist()
        new = {
            c.name: tuple(
                PartyList(
                    p.name,
                    rows[i][k],
                    p.registration_order,
                    p.alliance_size,
                    p.minority,
                    p.district_wins,
                    p.surplus_partner,
                    p.candidates,
                )
                for k, p in enumerate(self.votes.get(c.name, ()))
            )
            for i, c in enumerate(self.constituencies)
        }
        return replace(self, votes=new)


def _refuse(ruleset: Ruleset, rule: str) -> UnsupportedRule:
    return UnsupportedRule(
        f"the batched districted kernel does not implement rule {rule!r} of ruleset "
        f"{ruleset.id!r}; the exact engine (majlis.law.allocate_districts) does"
    )


def district_kernel_rules(ruleset: Ruleset, base: DistrictBaseline) -> DistrictKernelRules:
    """The kernel's view of a districted ``ruleset``, or UnsupportedRule naming the rule."""
    d = ruleset.districts
    if d is None:
        raise _refuse(ruleset, "one national constituency (use majlis.simulate.allocate_many)")
    lists = [p for c in base.constituencies for p in base.votes.get(c.name, ())]
    refused = (
        (d.biproportional, "[constituencies] biproportional"),
        (d.remainders != "none", f"[constituencies] remainders = {d.remainders}"),
        (bool(d.levelling), "[constituencies] levelling"),
        (bool(d.adjustment_seats), "[constituencies] adjustment_seats"),
        (d.magnitude not in _FIXED_MAGNITUDES, f"[constituencies] magnitude = {d.magnitude}"),
        (
            d.threshold_base not in ("list_votes", "valid_votes"),
            f"[constituencies] threshold_base = {d.threshold_base}",
        ),
        (
            ruleset.mixed in ("mmp", "additional_members"),
            f"[mixed] kind = {ruleset.mixed}",
        ),
        (ruleset.runner_up is not None, "runner_up"),
        (ruleset.full_quota_qualification, "full_quota_qualification"),
        (ruleset.district_qualification is not None, "district_qualification"),
        (
            ruleset.alliance_thresholds and any(p.alliance_size > 1 for p in lists),
            "alliance thresholds",
        ),
        (ruleset.minority_exempt and any(p.minority for p in lists), "minority_exempt"),
    )
    for hit, rule in refused:
        if hit:
            raise _refuse(ruleset, rule)
    national = bool(ruleset.threshold)
    if national and ruleset.threshold_base not in ("list_votes", "valid_votes"):
        raise _refuse(ruleset, f"threshold base = {ruleset.threshold_base}")
    try:
        seq = KernelRules(seats=1, method=d.method, first_divisor=d.first_divisor).divisors()
    except (InputError, UnsupportedRule):  # not a divisor method the kernel knows
        seq = None
    if seq is None or seq.first <= 0:
        raise _refuse(ruleset, f"[constituencies] method = {d.method}")
    return DistrictKernelRules(
        divisors=seq,
        local_threshold=d.threshold,
        local_with_blank=d.threshold_base == "valid_votes",
        national_level=national,
        national_threshold=ruleset.threshold,
        national_with_blank=ruleset.threshold_base == "valid_votes",
        either=d.combine == "or",
        tie_votes={"votes": 1, "fewer_votes": -1}.get(ruleset.tie_break, 0),
    )


def district_layout(ruleset: Ruleset, base: DistrictBaseline) -> tuple[DistrictLayout, Int]:
    """The slot layout of ``base`` and its votes ``[C, K]``; magnitudes from the law.

    Magnitudes are the baseline's (fixed, or apportioned by a measure the draws do not
    change); the constituencies' blank votes stay as given.
    """
    names = tuple(base.national_votes())
    index = {n: i for i, n in enumerate(names)}
    cons = base.constituencies
    width = max((len(base.votes.get(c.name, ())) for c in cons), default=0)
    party = np.full((len(cons), max(width, 1)), -1, dtype=np.int64)
    votes = np.zeros(party.shape, dtype=np.int64)
    for i, c in enumerate(cons):
        for k, p in enumerate(base.votes.get(c.name, ())):
            party[i, k] = index[p.name]
            votes[i, k] = p.votes
    d = ruleset.districts
    if d is not None and d.magnitude == "seats":
        mags = {c.name: c.seats or 0 for c in cons}
    else:
        mags = dict(base.allocate(ruleset).magnitudes)
    layout = DistrictLayout(
        names=names,
        constituencies=tuple(c.name for c in cons),
        party=party,
        magnitudes=np.array([mags[c.name] for c in cons], dtype=np.int64),
        blank=np.array([c.blank for c in cons], dtype=np.int64),
    )
    return layout, votes


@dataclass(frozen=True, slots=True)
class ManyDistrictAllocations:
    """Seats for every draw: per constituency slot and per national party.

    Attributes:
        seats: ``[n, C, K]`` seats per constituency slot (int32).
        national: ``[n, P]`` seats per party (``layout.names`` order).
        tie: ``[n]`` the exact engine left a tie standing.
        failed: ``[n]`` no allocation possible; seats are zero.
        exact_rows: draws counted on the exact engine.
    """

    seats: Seats
    national: Int
    tie: Bool
    failed: Bool
    exact_rows: int


def check_range(rules: DistrictKernelRules, layout: DistrictLayout, votes: Int) -> None:
    """UnsupportedRule unless every product the kernel forms is an exact float64 integer."""
    # a bound on every draw's valid votes: the largest count of each slot over the draws
    largest = int(votes.max(axis=0, initial=0).sum()) + int(layout.blank.sum())
    terms = (rules.local_threshold, rules.national_threshold)
    factor = max(*(t.denominator for t in terms), *(t.numerator for t in terms))
    seq, width = rules.divisors, layout.party.shape[1]
    level = seq.step * (int(layout.magnitudes.max(initial=0)) + 2) + width * (seq.offset + 1)
    factor = max(factor, 2 * (level + seq.offset + seq.first + 1))
    if largest * factor >= FLOAT_EXACT:
        raise UnsupportedRule(
            f"the batched districted kernel counts exactly up to {FLOAT_EXACT // factor:,} "
            f"votes per draw for this ruleset; got {largest:,}: use the exact engine"
        )


def kernel_rules_for(ruleset: Ruleset, base: DistrictBaseline) -> DistrictKernelRules | None:
    """The kernel's rules when it can count draws of ``base`` (votes at most the
    baseline's list votes per constituency), else None: the exact engine counts them."""
    try:
        rules = district_kernel_rules(ruleset, base)
        layout, votes = district_layout(ruleset, base)
        check_range(rules, layout, votes[None])
    except UnsupportedRule:
        return None
    return rules


def exact_draw(ruleset: Ruleset, base: DistrictBaseline, votes: Int) -> tuple[Int, bool, bool]:
    """One draw on the exact engine: seats ``[C, K]``, tie, failed."""
    seats = np.zeros(votes.shape, dtype=np.int64)
    scenario = base.with_votes(votes)
    try:
        result = scenario.allocate(ruleset)
    except AllocationImpossible:
        return seats, False, True
    for i, c in enumerate(base.constituencies):
        won = result.constituencies[c.name]
        for k, p in enumerate(scenario.votes[c.name]):
            seats[i, k] = won[p.name]
    return seats, result.tie is not None, False


def allocate_districts_many(
    ruleset: Ruleset,
    base: DistrictBaseline,
    votes: Int,
    *,
    layout: DistrictLayout | None = None,
    exact_only: bool = False,
) -> ManyDistrictAllocations:
    """Allocate every draw of ``votes`` (``[n, C, K]``, slots as in ``district_layout``).

    The kernel counts what it can prove; the exact engine counts the rest (all draws when
    the kernel refuses the ruleset, or when ``exact_only``). The constituencies' blank
    votes, ballots and electorates are the baseline's.
    """
    layout = layout or district_layout(ruleset, base)[0]
    matrix = np.asarray(votes, dtype=np.int64)
    n = matrix.shape[0]
    try:
        if exact_only:
            raise _refuse(ruleset, "exact_only")
        rules = district_kernel_rules(ruleset, base)
        check_range(rules, layout, matrix)
        out = allocate_districts_batch(rules, layout, matrix)
        seats, national, redo = out.seats, out.national, np.nonzero(out.undecided)[0]
    except UnsupportedRule:
        seats, redo = np.zeros(matrix.shape, dtype=np.int32), np.arange(n)
        national = np.zeros((n, len(layout.names)), dtype=np.int64)
    tie = np.zeros(n, dtype=np.bool_)
    failed = np.zeros(n, dtype=np.bool_)
    for k in redo:
        seats[k], tie[k], failed[k] = exact_draw(ruleset, base, matrix[k])
    if redo.size:  # the kernel's national sums hold for every draw it decided
        national[redo] = national_seats(layout, seats[redo].transpose(2, 1, 0))
    return ManyDistrictAllocations(
        seats=seats, national=national, tie=tie, failed=failed, exact_rows=int(redo.size)
    )


def share_matrix(layout: DistrictLayout, votes: Int) -> tuple[Float, Float]:
    """Each slot's share of its constituency's list votes ``[C, K]``, and national shares."""
    totals = votes.sum(axis=1, keepdims=True).astype(np.float64)
    shares = votes / np.where(totals > 0, totals, 1.0)
    national = national_seats(layout, votes.T[:, :, None])[0].astype(np.float64)
    whole = national.sum()
    return shares, national / (whole if whole > 0 else 1.0)
