"""A batched, vectorised seat-allocation kernel: many scenarios of one ruleset at once.

Input is an int64 matrix of votes ``[n_scenarios, n_lists]`` whose columns are in
registration order (column 0 registered first), plus the per-scenario totals the threshold
base needs. Output is a seat matrix of the same shape. Every decision is an exact integer
comparison in int64 — the threshold by cross-multiplication (``votes * den >= num * base``,
inclusive of the exact boundary), quotas and remainders on one integer scale, divisor
quotients by cross-multiplication — so the kernel agrees with the exact path
:func:`majlis.law.allocate` seat for seat (property-tested, ties included).

**int64 bound.** The kernel refuses (:class:`~majlis.errors.UnsupportedRule`) a batch in
which ``max(votes total x largest weight, base) * max(seats + 2, largest divisor, threshold
denominator)`` reaches 2**62; callers then use the exact path. That is about
4.6e18 / 1,500 ≈ 3e15 votes per scenario for 150 seats — six orders of magnitude above any
national electorate.

Rows the kernel cannot settle on its own are marked ``undecided`` (no list admitted, no
votes, quota integer parts over the house, or a tie at the cut when the ruleset names no
tie-break); :func:`majlis.simulate.many.allocate_many` recomputes them on the exact path.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError, UnsupportedRule
from majlis.simulate._kernel_methods import highest_averages, largest_remainder
from majlis.simulate._kernel_rules import (
    BATCH_METHODS,
    LIMIT,
    THRESHOLD_BASES,
    BatchResult,
    KernelRules,
    check,
)

__all__ = [
    "BATCH_METHODS",
    "CHUNK",
    "THRESHOLD_BASES",
    "BatchResult",
    "KernelRules",
    "allocate_batch",
]

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]
#: Scenarios per slice: a few [lists, CHUNK] int64 arrays stay in the CPU cache.
CHUNK = 16_384


def _vector(name: str, value: Int | None, n: int) -> Int:
    if value is None:
        raise InputError.expected(
            what=f"'{name}' for this threshold base", expected="given", got=None
        )
    arr = np.asarray(value, dtype=np.int64).reshape(-1)
    check(arr.shape == (n,), name, f"{n} values (one per scenario)", arr.shape)
    return arr


def _threshold_base(
    rules: KernelRules,
    total: Int,
    against_all: Int | None,
    ballots_cast: Int | None,
    registered_voters: Int | None,
) -> Int:
    n = total.shape[0]
    if rules.threshold_base == "list_votes":
        return total
    if rules.threshold_base == "valid_votes":
        return total if against_all is None else total + _vector("against_all", against_all, n)
    if rules.threshold_base == "ballots_cast":
        return _vector("ballots_cast", ballots_cast, n)
    return _vector("registered_voters", registered_voters, n)


def _admit(rules: KernelRules, votes: Int, base: Int) -> tuple[Bool, Int]:
    """Threshold (inclusive; lists without votes never) then the runner-up rule, ``[L, n]``.

    Returns the admitted lists and the runner-up's column per scenario (-1: none).
    """
    if rules.list_thresholds is not None:
        num = np.array([t.numerator for t in rules.list_thresholds], dtype=np.int64)[:, None]
        den = np.array([t.denominator for t in rules.list_thresholds], dtype=np.int64)[:, None]
        passes: Bool = votes * den >= num * base
    elif rules.threshold:
        t = rules.threshold
        passes = votes * t.denominator >= t.numerator * base
    else:
        passes = np.ones(votes.shape, dtype=np.bool_)
    if rules.exempt is not None:
        passes |= np.array(rules.exempt, dtype=np.bool_)[:, None]
    if rules.full_quota:
        passes &= votes * rules.seats >= votes.sum(axis=0)
    admitted: Bool = passes & (votes > 0)
    runner = np.full(votes.shape[1], -1, dtype=np.int64)
    if rules.runner_up:
        lone = admitted.sum(axis=0) == 1
        others = np.where(admitted, 0, votes)
        pick = lone & (others.max(axis=0) > 0)
        first = np.argmax(others, axis=0)  # the first maximum: the earliest registration
        cols = np.nonzero(pick)[0]
        admitted[first[cols], cols] = True
        runner[cols] = first[cols]
    return admitted, runner


def _runner_up_weights(rules: KernelRules, votes: Int, runner: Int) -> Int:
    """Votes as apportioned under the ``coefficient`` variant (exact integer scaling)."""
    c = rules.runner_up_coefficient
    cols = np.nonzero(runner >= 0)[0]
    weights = votes.copy()
    weights[:, cols] *= c.denominator
    weights[runner[cols], cols] = votes[runner[cols], cols] * c.numerator
    return weights


def _runner_up_minimum(rules: KernelRules, seats: Int, runner: Int, bad: Bool) -> Bool:
    """Raise the runner-up to its minimum from the leader, in place; rows left undecided."""
    cols = np.nonzero((runner >= 0) & ~bad)[0]
    have = seats[runner[cols], cols]
    need = rules.runner_up_min_seats - have
    cols, need = cols[need > 0], need[need > 0]
    top = seats[:, cols].max(axis=0)
    leader = np.argmax(seats[:, cols], axis=0)
    # the exact path takes the first leader in input order: equal leaders go exact
    unclear = ((seats[:, cols] == top).sum(axis=0) > 1) | (leader == runner[cols])
    unclear |= top < need
    undecided = np.zeros_like(bad)
    undecided[cols[unclear]] = True
    ok = ~unclear
    cols, need, leader = cols[ok], need[ok], leader[ok]
    seats[leader, cols] -= need
    seats[runner[cols], cols] += need
    return undecided


def allocate_batch(
    rules: KernelRules,
    votes: Int,
    *,
    against_all: Int | None = None,
    ballots_cast: Int | None = None,
    registered_voters: Int | None = None,
    find_ties: bool = True,
) -> BatchResult:
    """Allocate seats for every row of ``votes`` (columns in registration order).

    Args:
        rules: the kernel's view of a ruleset (see :func:`majlis.simulate.many.kernel_rules`).
        votes: ``[n_scenarios, n_lists]`` non-negative integers.
        against_all: ``[n]`` "against all" counts (base ``valid_votes``).
        ballots_cast: ``[n]`` ballots cast (base ``ballots_cast``).
        registered_voters: ``[n]`` registered voters (base ``registered_voters``).
        find_ties: flag ties broken by registration in ``tie``. Divisor methods skip that
            search when False (a ruleset without a tie-break always searches: its ties are
            left to the exact path).

    Raises:
        InputError: malformed votes or a missing per-scenario total.
        UnsupportedRule: the batch would leave the exact int64 range.

    >>> from fractions import Fraction
    >>> rules = KernelRules(seats=98, method="hare", threshold=Fraction(7, 100),
    ...                     runner_up=True)
    >>> kz2021 = np.array([[5148074, 792828, 659019, 383023, 258618]])
    >>> allocate_batch(rules, kz2021).seats.tolist()
    [[76, 12, 10, 0, 0]]
    """
    arr = np.asarray(votes)
    shape_ok = arr.ndim == 2 and arr.shape[1] >= 1
    check(shape_ok, "votes", "a 2-D [scenarios, lists] matrix", arr.shape)
    check(np.issubdtype(arr.dtype, np.integer), "votes", "integers", arr.dtype)
    v = arr.astype(np.int64, copy=False)
    check(bool((v >= 0).all()), "votes", "non-negative", int(v.min()) if v.size else 0)
    lm = np.ascontiguousarray(v.T)  # list-major: loops over lists, vectors over scenarios
    total = lm.sum(axis=0)
    base = _threshold_base(rules, total, against_all, ballots_cast, registered_voters)
    divisors = rules.divisors()
    per_lists = (
        ("list_thresholds", rules.list_thresholds),
        ("exempt", rules.exempt),
        ("weights", rules.weights),
    )
    for name, per_list in per_lists:
        if per_list is not None:
            check(len(per_list) == v.shape[1], name, f"{v.shape[1]} values", len(per_list))
    shares = (rules.threshold, *(rules.list_thresholds or ()))
    scale = max(
        rules.seats + 2,
        *(t.denominator for t in shares),
        *(t.numerator for t in shares),
        0 if divisors is None else divisors.largest(rules.seats) + divisors.step,
    )
    c = rules.runner_up_coefficient if rules.runner_up_variant == "coefficient" else Fraction(1)
    factor = max(*(rules.weights or (1,)), c.numerator, c.denominator)
    biggest = max(int(total.max(initial=0)) * factor, int(base.max(initial=0)))
    if biggest * scale >= LIMIT:
        raise UnsupportedRule(
            f"the batched kernel works in exact int64 up to {LIMIT // scale:,} votes per "
            f"scenario for this ruleset; got {biggest:,}: use the exact path"
        )
    if divisors is not None and rules.leftover != "largest_remainder":
        raise UnsupportedRule(
            f"rule 'leftover = {rules.leftover}' applies to largest-remainder methods, "
            f"not to {rules.method}"
        )
    valid = total if against_all is None else total + np.asarray(against_all, np.int64)
    parts = [
        _chunk(rules, lm[:, k : k + CHUNK], base[k : k + CHUNK], valid[k : k + CHUNK], find_ties)
        for k in range(0, max(lm.shape[1], 1), CHUNK)
    ]
    return BatchResult(
        seats=np.concatenate([p[0] for p in parts], axis=1).T,
        admitted=np.concatenate([p[1] for p in parts], axis=1).T,
        tie=np.concatenate([p[2] for p in parts]),
        undecided=np.concatenate([p[3] for p in parts]),
    )


def _chunk(
    rules: KernelRules, lm: Int, base: Int, valid: Int, find_ties: bool
) -> tuple[Int, Bool, Bool, Bool]:
    """One cache-sized slice of scenarios (list-major): seats, admitted, tie, undecided."""
    divisors = rules.divisors()
    admitted, runner = _admit(rules, lm, base)
    if rules.weights is not None:
        lm = lm * np.array(rules.weights, dtype=np.int64)[:, None]
    if rules.runner_up and rules.runner_up_variant == "coefficient":
        lm = _runner_up_weights(rules, lm, runner)
    if divisors is None:
        seats, tie, bad = largest_remainder(
            lm,
            admitted,
            seats=rules.seats,
            quota=rules.method,
            by_votes=rules.leftover == "largest_lists",
        )
    else:
        seats, tie, bad = highest_averages(
            lm,
            admitted,
            seats=rules.seats,
            divisors=divisors,
            find_ties=find_ties or rules.tie_break == "none",
        )
    bad = bad | (admitted.sum(axis=0) == 0)
    if rules.runner_up and rules.runner_up_variant == "min_seats":
        bad = bad | _runner_up_minimum(rules, seats, runner, bad)
    if rules.threshold_base in ("ballots_cast", "registered_voters"):
        bad = bad | (base < valid)  # the exact path refuses such a base
    if rules.tie_break == "none":
        bad = bad | tie
    return np.where(bad, 0, seats), admitted, tie, bad
