"""Electoral quotas for largest-remainder methods: pure functions ``(total, seats) -> Fraction``.

Each quota is named in :data:`QUOTAS`; the names are the ones rulesets, the CLI and the
tests use. Rounded variants exist because real statutes round the quota to a whole number.

Sources: M. Gallagher and P. Mitchell (eds.), *The Politics of Electoral Systems* (OUP 2005),
appendix B; votelib ``votelib.component.quota``.

>>> hare(6599921, 98)
Fraction(6599921, 98)
>>> droop(100, 4)
Fraction(21, 1)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from types import MappingProxyType

__all__ = [
    "QUOTAS",
    "QuotaFunction",
    "droop",
    "hagenbach_bischoff",
    "hagenbach_bischoff_ceil",
    "hagenbach_bischoff_floor",
    "hagenbach_bischoff_round",
    "hare",
    "hare_ceil",
    "hare_floor",
    "imperiali",
]

#: A quota: total votes of the admitted lists and seats to fill -> the quota.
QuotaFunction = Callable[[int, int], Fraction]


def _round_half_up(value: Fraction) -> int:
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def hare(total: int, seats: int) -> Fraction:
    """Hare (simple) quota: ``total / seats``."""
    return Fraction(total, seats)


def hare_floor(total: int, seats: int) -> Fraction:
    """Hare quota rounded down to a whole number (never below one vote)."""
    return Fraction(max(1, total // seats))


def hare_ceil(total: int, seats: int) -> Fraction:
    """Hare quota rounded up to a whole number."""
    return Fraction(-(-total // seats))


def droop(total: int, seats: int) -> Fraction:
    """Droop quota as most statutes write it: ``floor(total / (seats + 1)) + 1``."""
    return Fraction(total // (seats + 1) + 1)


def hagenbach_bischoff(total: int, seats: int) -> Fraction:
    """Hagenbach-Bischoff quota (the exact Droop quota): ``total / (seats + 1)``."""
    return Fraction(total, seats + 1)


def hagenbach_bischoff_floor(total: int, seats: int) -> Fraction:
    """Hagenbach-Bischoff quota rounded down to a whole number (never below one vote)."""
    return Fraction(max(1, total // (seats + 1)))


def hagenbach_bischoff_ceil(total: int, seats: int) -> Fraction:
    """Hagenbach-Bischoff quota rounded up to a whole number."""
    return Fraction(-(-total // (seats + 1)))


def hagenbach_bischoff_round(total: int, seats: int) -> Fraction:
    """Hagenbach-Bischoff quota rounded to the nearest whole number (halves up, at least 1)."""
    return Fraction(max(1, _round_half_up(Fraction(total, seats + 1))))


def imperiali(total: int, seats: int) -> Fraction:
    """Imperiali quota: ``total / (seats + 2)`` (may hand out more seats than exist)."""
    return Fraction(total, seats + 2)


#: Every quota by its registered name.
QUOTAS: Mapping[str, QuotaFunction] = MappingProxyType(
    {
        "droop": droop,
        "hagenbach_bischoff": hagenbach_bischoff,
        "hagenbach_bischoff_ceil": hagenbach_bischoff_ceil,
        "hagenbach_bischoff_floor": hagenbach_bischoff_floor,
        "hagenbach_bischoff_round": hagenbach_bischoff_round,
        "hare": hare,
        "hare_ceil": hare_ceil,
        "hare_floor": hare_floor,
        "imperiali": imperiali,
    }
)
