"""Divisor sequences for highest-averages methods: pure functions ``k -> Fraction``.

``k`` is the number of seats a list already holds; the list's next quotient is
``votes / divisor(k)``. Huntington-Hill's divisor ``sqrt(k(k+1))`` is irrational, so it is
given squared (:func:`huntington_hill_squared`) and compared against squared votes — exact.
A divisor of 0 (Adams, Huntington-Hill for the first seat) makes the quotient infinite.

Sources: F. Pukelsheim, *Proportional Representation* (Springer, 2nd ed. 2017), ch. 3–4.

>>> [int(dhondt(k)) for k in range(4)]
[1, 2, 3, 4]
>>> [str(modified_sainte_lague(k)) for k in range(3)]
['7/5', '3', '5']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from types import MappingProxyType

__all__ = [
    "LINEAR",
    "DivisorFunction",
    "adams",
    "danish",
    "dhondt",
    "huntington_hill_squared",
    "imperiali",
    "modified_sainte_lague",
    "sainte_lague",
]

#: A divisor sequence: seats already held -> divisor for the next seat.
DivisorFunction = Callable[[int], Fraction]

_ONE_POINT_FOUR = Fraction(7, 5)


def dhondt(k: int) -> Fraction:
    """D'Hondt (Jefferson): 1, 2, 3, ..."""
    return Fraction(k + 1)


def sainte_lague(k: int) -> Fraction:
    """Sainte-Laguë (Webster): 1, 3, 5, ..."""
    return Fraction(2 * k + 1)


def modified_sainte_lague(k: int, *, first: Fraction = _ONE_POINT_FOUR) -> Fraction:
    """Modified Sainte-Laguë: ``first`` (1.4 by default), then 3, 5, 7, ..."""
    return first if k == 0 else Fraction(2 * k + 1)


def imperiali(k: int) -> Fraction:
    """Imperiali divisors: 2, 3, 4, ..."""
    return Fraction(k + 2)


def danish(k: int) -> Fraction:
    """Danish method: 1, 4, 7, 10, ..."""
    return Fraction(3 * k + 1)


def huntington_hill_squared(k: int) -> Fraction:
    """Huntington-Hill divisor squared: ``k(k+1)`` (0 for the first seat)."""
    return Fraction(k * (k + 1))


def adams(k: int) -> Fraction:
    """Adams (smallest divisors): 0, 1, 2, ..."""
    return Fraction(k)


#: Divisor sequences equal to ``a*k + b`` for every ``k >= 1``, by their ``(a, b)``: the
#: lean path counts seats above a level in closed form (:mod:`majlis.law.highest_averages`).
LINEAR: Mapping[DivisorFunction, tuple[int, int]] = MappingProxyType(
    {
        dhondt: (1, 1),
        sainte_lague: (2, 1),
        modified_sainte_lague: (2, 1),
        imperiali: (1, 2),
        danish: (3, 1),
        adams: (1, 0),
    }
)
