"""Apportionment methods in a named registry: largest remainder and highest averages.

Both families are pure functions over parallel sequences of names and integer weights
(votes), in :mod:`majlis.law.largest_remainder` and :mod:`majlis.law.highest_averages`.
They return an :class:`Apportionment`: seats per position, the trace events that explain
them and, if the law could not decide, a :class:`~majlis.law.Tie`. Ties are broken only
through an explicit :class:`TieBreak`; the default leaves them as a ``Tie``. The names in
:data:`METHODS` are the ones rulesets, the CLI and the tests use; an unknown name fails
listing the valid ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from majlis.errors import NotFoundError
from majlis.law import divisors as _div
from majlis.law._base import NO_TIE_BREAK, Apportionment, Family, Leftover, TieBreak
from majlis.law.highest_averages import highest_averages_by
from majlis.law.largest_remainder import WholeSeats, largest_remainder
from majlis.law.trace import ALLOCATION

__all__ = [
    "METHODS",
    "NO_TIE_BREAK",
    "Apportionment",
    "Family",
    "Leftover",
    "Method",
    "TieBreak",
    "get_method",
    "highest_averages",
    "largest_remainder",
]


def highest_averages(
    names: Sequence[str],
    weights: Sequence[int],
    seats: int,
    *,
    divisor: str = "dhondt",
    first_divisor: Fraction | None = None,
    tie_break: TieBreak = NO_TIE_BREAK,
    stage: str = ALLOCATION,
    record: bool = True,
) -> Apportionment:
    """Highest averages by a registered method name (``dhondt``, ``sainte_lague``, ...)."""
    method = get_method(divisor)
    if method.divisor is None:
        raise NotFoundError(f"{divisor!r} is not a highest-averages method.")
    return highest_averages_by(
        names,
        weights,
        seats,
        divisor=method.divisor,
        squared=method.squared,
        first_divisor=first_divisor,
        tie_break=tie_break,
        stage=stage,
        record=record,
    )


@dataclass(frozen=True, slots=True)
class Method:
    """A registered apportionment method: its name, family and quota or divisor."""

    name: str
    family: Family
    description: str
    quota: str | None = None
    divisor: _div.DivisorFunction | None = None
    squared: bool = False

    def apportion(
        self,
        names: Sequence[str],
        weights: Sequence[int],
        seats: int,
        *,
        leftover: Leftover = "largest_remainder",
        first_divisor: Fraction | None = None,
        quota_total: int | None = None,
        whole_seats: WholeSeats = "floor",
        tie_break: TieBreak = NO_TIE_BREAK,
        stage: str = ALLOCATION,
        record: bool = True,
    ) -> Apportionment:
        """Apportion ``seats`` among ``names`` by this method.

        ``quota_total`` and ``whole_seats`` concern quota methods only (see
        :func:`majlis.law.largest_remainder.largest_remainder`).
        """
        if self.quota is not None:
            return largest_remainder(
                names,
                weights,
                seats,
                quota=self.quota,
                leftover=leftover,
                quota_total=quota_total,
                whole_seats=whole_seats,
                tie_break=tie_break,
                stage=stage,
                record=record,
            )
        return highest_averages(
            names,
            weights,
            seats,
            divisor=self.name,
            first_divisor=first_divisor,
            tie_break=tie_break,
            stage=stage,
            record=record,
        )


def _lr(name: str, quota: str, description: str) -> Method:
    return Method(name=name, family="largest_remainder", description=description, quota=quota)


def _ha(name: str, fn: _div.DivisorFunction, description: str, *, squared: bool = False) -> Method:
    return Method(
        name=name, family="highest_averages", description=description, divisor=fn, squared=squared
    )


#: Every apportionment method by its registered name (CLI choices, ruleset values, tests).
METHODS: Mapping[str, Method] = MappingProxyType(
    {
        m.name: m
        for m in (
            _ha("adams", _div.adams, "highest averages, divisors 0, 1, 2, ..."),
            _ha("danish", _div.danish, "highest averages, divisors 1, 4, 7, ..."),
            _ha("dhondt", _div.dhondt, "highest averages, divisors 1, 2, 3, ..."),
            _lr("droop", "droop", "largest remainder, Droop quota floor(V/(S+1))+1"),
            _lr("hagenbach_bischoff", "hagenbach_bischoff", "largest remainder, quota V/(S+1)"),
            _lr("hagenbach_bischoff_ceil", "hagenbach_bischoff_ceil", "quota V/(S+1) rounded up"),
            _lr("hagenbach_bischoff_floor", "hagenbach_bischoff_floor", "quota V/(S+1) floored"),
            _lr("hagenbach_bischoff_round", "hagenbach_bischoff_round", "quota V/(S+1) rounded"),
            _lr("hare", "hare", "largest remainder, Hare quota V/S"),
            _lr("hare_ceil", "hare_ceil", "largest remainder, Hare quota rounded up"),
            _lr("hare_floor", "hare_floor", "largest remainder, Hare quota rounded down"),
            _ha(
                "huntington_hill",
                _div.huntington_hill_squared,
                "highest averages, divisors sqrt(k(k+1))",
                squared=True,
            ),
            _ha("imperiali", _div.imperiali, "highest averages, divisors 2, 3, 4, ..."),
            _lr("imperiali_quota", "imperiali", "largest remainder, Imperiali quota V/(S+2)"),
            _ha(
                "modified_sainte_lague",
                _div.modified_sainte_lague,
                "highest averages, divisors 1.4 (configurable), 3, 5, ...",
            ),
            _ha("sainte_lague", _div.sainte_lague, "highest averages, divisors 1, 3, 5, ..."),
        )
    }
)


def get_method(name: str) -> Method:
    """The registered method ``name``; an unknown name fails listing the valid ones."""
    try:
        return METHODS[name]
    except KeyError:
        raise NotFoundError(
            f"unknown allocation method {name!r}; valid methods: {', '.join(sorted(METHODS))}."
        ) from None
