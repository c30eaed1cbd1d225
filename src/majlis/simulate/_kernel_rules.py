"""The batched kernel's parameters and result: :class:`KernelRules`, :class:`BatchResult`.

Names and values are the ruleset's own (:class:`majlis.law.Ruleset`); validation runs once,
in ``__post_init__``, with one message template naming the parameter and the bad value.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError, UnsupportedRule
from majlis.simulate._kernel_methods import QUOTA_NAMES, DivisorSequence

__all__ = ["BATCH_METHODS", "LIMIT", "THRESHOLD_BASES", "BatchResult", "KernelRules", "check"]

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

_DIVISORS = {
    "adams": DivisorSequence(step=1, offset=0, first=0),
    "danish": DivisorSequence(step=3, offset=1, first=1),
    "dhondt": DivisorSequence(step=1, offset=1, first=1),
    "imperiali": DivisorSequence(step=1, offset=2, first=2),
    "modified_sainte_lague": DivisorSequence(step=10, offset=5, first=7),
    "sainte_lague": DivisorSequence(step=2, offset=1, first=1),
}
#: Methods the kernel computes, by their names in :data:`majlis.law.METHODS`.
BATCH_METHODS: tuple[str, ...] = tuple(sorted({*QUOTA_NAMES, *_DIVISORS}))
#: What the threshold is a share of (the ruleset's ``threshold_base``).
THRESHOLD_BASES: tuple[str, ...] = (
    "ballots_cast",
    "list_votes",
    "registered_voters",
    "valid_votes",
)
#: int64 headroom: the kernel refuses batches whose products could reach this.
LIMIT = 2**62


@dataclass(frozen=True, slots=True)
class KernelRules:
    """The parameters of a ruleset that the batched kernel understands.

    Names and values are the ruleset's own (:class:`majlis.law.Ruleset`); build them from a
    ruleset with :func:`majlis.simulate.many.kernel_rules`.

    Args:
        seats: seats of the party-list tier.
        method: one of :data:`BATCH_METHODS`.
        threshold: share a list needs (inclusive), e.g. ``Fraction(7, 100)``.
        threshold_base: one of :data:`THRESHOLD_BASES`.
        runner_up: admit the next largest list when exactly one passes (Kazakhstan from
            2009; among equal votes the earlier registration).
        runner_up_variant: ``admit`` (as enacted), ``coefficient`` (the runner-up's votes
            count times ``runner_up_coefficient`` in the apportionment) or ``min_seats``
            (the runner-up gets at least ``runner_up_min_seats``, taken from the leader).
        tie_break: ``"registration"`` (earlier registration wins) or ``"none"`` (a tie at
            the cut is left undecided, for the exact path to return as a ``Tie``).
        first_divisor: overrides the first divisor of a highest-averages method.
        leftover: ``"largest_remainder"`` or ``"largest_lists"``.
        list_thresholds: per column, the share each list needs (alliance thresholds);
            overrides ``threshold``.
        exempt: per column, lists admitted whatever their share (minority lists exempt
            from the threshold, lists qualified by district wins).
        full_quota: a list must also hold one full Hare quota of the list votes.
        weights: per column, an integer factor on the votes that are apportioned (not on
            the threshold): a minority quotient bonus of 27/20 is ``27`` for minority lists
            and ``20`` for the others.
    """

    seats: int
    method: str
    threshold: Fraction = Fraction(0)
    threshold_base: str = "list_votes"
    runner_up: bool = False
    runner_up_variant: str = "admit"
    runner_up_coefficient: Fraction = Fraction(7, 10)
    runner_up_min_seats: int = 2
    tie_break: str = "registration"
    first_divisor: Fraction | None = None
    leftover: str = "largest_remainder"
    list_thresholds: tuple[Fraction, ...] | None = None
    exempt: tuple[bool, ...] | None = None
    full_quota: bool = False
    weights: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        check(self.seats >= 1, "seats", "a positive integer", self.seats)
        check(self.method in BATCH_METHODS, "method", f"one of {BATCH_METHODS}", self.method)
        check(0 <= self.threshold < 1, "threshold", "in [0, 1)", self.threshold)
        check(
            self.threshold_base in THRESHOLD_BASES,
            "threshold_base",
            f"one of {THRESHOLD_BASES}",
            self.threshold_base,
        )
        check(
            self.tie_break in ("registration", "none"),
            "tie_break",
            "'registration' or 'none'",
            self.tie_break,
        )
        check(
            self.leftover in ("largest_remainder", "largest_lists"),
            "leftover",
            "'largest_remainder' or 'largest_lists'",
            self.leftover,
        )
        check(
            self.runner_up_variant in ("admit", "coefficient", "min_seats"),
            "runner_up_variant",
            "'admit', 'coefficient' or 'min_seats'",
            self.runner_up_variant,
        )
        check(
            self.runner_up_coefficient > 0,
            "runner_up_coefficient",
            "positive",
            self.runner_up_coefficient,
        )
        if self.runner_up_variant == "coefficient" and self.weights is not None:
            raise UnsupportedRule(
                "the batched kernel does not combine the runner-up coefficient with a "
                "minority quotient bonus; use the exact path"
            )
        for w in self.weights or ():
            check(type(w) is int and w >= 1, "weights", "positive integers", w)
        for t in self.list_thresholds or ():
            check(0 <= t < 1, "list_thresholds", "shares in [0, 1)", t)
        seq = self.divisors()
        if seq is not None and not 0 <= seq.first <= seq.step + seq.offset:
            raise UnsupportedRule(
                f"the batched kernel needs increasing divisors; first_divisor = "
                f"{self.first_divisor} exceeds the second divisor of {self.method}"
            )

    def divisors(self) -> DivisorSequence | None:
        """The divisor sequence of a highest-averages method, ``None`` for largest remainder."""
        seq = _DIVISORS.get(self.method)
        if seq is None or self.first_divisor is None:
            return seq
        if self.method == "modified_sainte_lague":
            seq = DivisorSequence(step=2, offset=1, first=1)
        scale = self.first_divisor.denominator
        return DivisorSequence(
            step=seq.step * scale,
            offset=seq.offset * scale,
            first=self.first_divisor.numerator,
        )


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Seats per scenario and list, with the rows the exact path must settle.

    Attributes:
        seats: ``[n, L]`` seats; zero rows where ``undecided``.
        admitted: ``[n, L]`` lists that take part (threshold or runner-up rule).
        tie: ``[n]`` a seat was decided between equal remainders or quotients (by
            registration order when the ruleset says so).
        undecided: ``[n]`` rows the kernel did not settle; recompute them exactly.
    """

    seats: Int
    admitted: Bool
    tie: Bool
    undecided: Bool


def check(ok: bool, name: str, expected: str, got: object) -> None:
    """Raise the standard InputError for a bad KernelRules parameter."""
    if not ok:
        raise InputError.expected(
            what=f"The '{name}' parameter of KernelRules", expected=expected, got=got
        )
