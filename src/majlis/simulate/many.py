"""Many allocations of one ruleset at once: the batched kernel, with the exact path behind it.

:func:`kernel_rules` translates a :class:`~majlis.law.Ruleset` (and the lists on the
ballot) into the kernel's :class:`~majlis.simulate.kernel.KernelRules`, refusing with
:class:`~majlis.errors.UnsupportedRule` — naming the rule — whatever the kernel does not
implement. :func:`allocate_many` runs the kernel and recomputes on the exact path
(:func:`majlis.law.allocate`) every row the kernel leaves undecided; when the kernel cannot
take the ruleset at all, every row goes the exact way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from majlis.errors import AllocationImpossible, UnsupportedRule
from majlis.law import PartyList, Ruleset, allocate
from majlis.simulate.kernel import BATCH_METHODS, KernelRules, allocate_batch

__all__ = ["ManyAllocations", "allocate_many", "kernel_rules", "registration_columns"]

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]


def _refuse(ruleset: Ruleset, rule: str) -> UnsupportedRule:
    return UnsupportedRule(
        f"the batched kernel does not implement rule {rule!r} of ruleset {ruleset.id!r}; "
        "the exact path (majlis.law.allocate) does"
    )


def kernel_rules(ruleset: Ruleset, lists: Sequence[PartyList]) -> KernelRules:
    """The kernel's view of ``ruleset`` for these lists, or UnsupportedRule naming the rule.

    Per-list settings (alliance thresholds, exemptions) are in registration order, the
    kernel's column order (:func:`registration_columns`). A rule that no list triggers
    (a minority multiplier with no minority list, ...) does not stop the kernel. Tie-breaks
    other than registration (``none``, ``votes``, a ``lot`` — run without a seed here) leave
    ties undecided in the kernel, so the exact path applies them.
    """
    if ruleset.districts is not None:
        raise _refuse(ruleset, "[constituencies] (a districted law)")
    if ruleset.mixed == "mmp":  # a parallel law's list tier is counted as any other
        raise _refuse(ruleset, "[mixed] kind = mmp")
    if ruleset.method not in BATCH_METHODS:
        raise _refuse(ruleset, f"method = {ruleset.method}")
    if ruleset.seat_cap is not None:
        raise _refuse(ruleset, "seat_cap")
    if ruleset.quota_base != "admitted":
        raise _refuse(ruleset, f"quota_base = {ruleset.quota_base}")
    if ruleset.whole_seats != "floor":
        raise _refuse(ruleset, f"whole_seats = {ruleset.whole_seats}")
    if ruleset.surplus_agreements and any(p.surplus_partner for p in lists):
        raise _refuse(ruleset, "surplus_agreements")
    ordered = [lists[i] for i in registration_columns(lists)]
    wins = ruleset.district_qualification
    exempt = tuple(
        (p.minority and ruleset.minority_exempt) or (wins is not None and p.district_wins >= wins)
        for p in ordered
    )
    alliances = ruleset.alliance_thresholds and any(p.alliance_size > 1 for p in ordered)
    bonus = ruleset.minority_multiplier
    weights = None
    if bonus != 1 and any(p.minority for p in ordered):
        if ruleset.runner_up == "coefficient":
            raise _refuse(ruleset, "runner_up = coefficient with minority_multiplier")
        weights = tuple(bonus.numerator if p.minority else bonus.denominator for p in ordered)
    return KernelRules(
        seats=ruleset.list_seats,
        method=ruleset.method,
        threshold=ruleset.threshold,
        threshold_base=ruleset.threshold_base,
        runner_up=ruleset.runner_up is not None,
        runner_up_variant=ruleset.runner_up or "admit",
        runner_up_coefficient=ruleset.runner_up_coefficient,
        runner_up_min_seats=ruleset.runner_up_min_seats,
        tie_break="registration" if ruleset.tie_break == "registration" else "none",
        first_divisor=ruleset.first_divisor,
        leftover=ruleset.leftover,
        list_thresholds=(
            tuple(ruleset.threshold_for(p.alliance_size) for p in ordered) if alliances else None
        ),
        exempt=exempt if any(exempt) else None,
        full_quota=ruleset.full_quota_qualification,
        weights=weights,
    )


def registration_columns(lists: Sequence[PartyList]) -> Int:
    """Positions of ``lists`` in registration order, as the exact path ranks them."""
    orders = [p.registration_order for p in lists]
    if not any(orders):
        return np.arange(len(lists), dtype=np.int64)
    if len(set(orders)) != len(orders):
        raise UnsupportedRule(
            "the batched kernel needs distinct registration_order values (equal ones make "
            "a tie-break by registration undecidable); the exact path handles them"
        )
    return np.argsort(np.asarray(orders, dtype=np.int64), kind="stable")


@dataclass(frozen=True, slots=True)
class ManyAllocations:
    """Seats for every scenario, in the order of the lists given.

    Attributes:
        seats: ``[n, L]`` seats (for a ``tie`` row: the seats the law could decide).
        tie: ``[n]`` the exact path left a tie standing (no tie-break in the ruleset).
        failed: ``[n]`` no allocation possible (e.g. no list admitted); seats are zero.
        exact_rows: how many rows were computed on the exact path.
    """

    seats: Int
    tie: Bool
    failed: Bool
    exact_rows: int


def _exact_row(
    ruleset: Ruleset,
    lists: Sequence[PartyList],
    row: Int,
    against_all: int,
    ballots_cast: int | None,
    registered_voters: int | None,
) -> tuple[list[int], bool, bool]:
    scenario = [replace(p, votes=int(v)) for p, v in zip(lists, row, strict=True)]
    try:
        result = allocate(
            ruleset,
            scenario,
            against_all=against_all,
            ballots_cast=ballots_cast,
            registered_voters=registered_voters,
        )
    except AllocationImpossible:
        return [0] * len(lists), False, True
    return [result.seats[p.name] for p in lists], result.tie is not None, False


def allocate_many(
    ruleset: Ruleset,
    lists: Sequence[PartyList],
    votes: Int,
    *,
    against_all: Int | None = None,
    ballots_cast: Int | None = None,
    registered_voters: Int | None = None,
) -> ManyAllocations:
    """Allocate every row of ``votes`` (``[n, len(lists)]``) under ``ruleset``.

    ``lists`` gives the names and the per-list attributes (registration order, alliance
    size, ...); their ``votes`` are ignored in favour of the matrix rows.
    """
    matrix = np.asarray(votes, dtype=np.int64)
    n = matrix.shape[0]
    try:
        rules = kernel_rules(ruleset, lists)
        cols = registration_columns(lists)
        out = allocate_batch(
            rules,
            matrix[:, cols],
            against_all=against_all,
            ballots_cast=ballots_cast,
            registered_voters=registered_voters,
            find_ties=False,  # ties broken by registration need no flag here
        )
        seats = np.empty_like(out.seats)
        seats[:, cols] = out.seats
        redo = np.nonzero(out.undecided)[0]
    except UnsupportedRule:
        seats = np.zeros_like(matrix)
        redo = np.arange(n)
    tie = np.zeros(n, dtype=np.bool_)
    failed = np.zeros(n, dtype=np.bool_)
    for k in redo:
        row, tie[k], failed[k] = _exact_row(
            ruleset,
            lists,
            matrix[k],
            0 if against_all is None else int(against_all[k]),
            None if ballots_cast is None else int(ballots_cast[k]),
            None if registered_voters is None else int(registered_voters[k]),
        )
        seats[k] = row
    return ManyAllocations(seats=seats, tie=tie, failed=failed, exact_rows=int(redo.size))
