"""Parse and validate a ruleset TOML document into a :class:`Ruleset` (one pass, one template).

Every failure is a :class:`~majlis.errors.RulesetError` naming the key, the expectation and
the value found, e.g. ``kz.toml, field 'threshold.value': ... must be a percentage ...``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import Any, Literal, cast

from majlis.errors import Location, RulesetError
from majlis.law.methods import METHODS
from majlis.law.ruleset import Districts, Ruleset

__all__ = ["parse_fraction", "parse_ruleset"]

_SECTIONS: Mapping[str, frozenset[str]] = {
    "": frozenset(
        {"id", "title", "jurisdiction", "body", "effective_from", "effective_to", "citation"}
        | {"sources", "notes", "seats", "allocation", "threshold", "runner_up", "lists"}
        | {"constituencies", "mixed"}
    ),
    "mixed": frozenset({"kind", "lower_method"}),
    "constituencies": frozenset(
        {"method", "magnitude", "apportionment", "threshold", "threshold_base", "combine"}
        | {"remainders", "remainder_method", "first_divisor"}
        | {"levelling_seats", "levelling_method", "levelling_first_divisor"}
        | {"adjustment_seats", "adjustment_first_divisor", "return_surplus", "return_min_seats"}
        | {"biproportional", "voter_numbers"}
    ),
    "seats": frozenset({"total", "list", "districts", "appointed"}),
    "allocation": frozenset(
        {"method", "first_divisor", "leftover", "seat_cap", "surplus_agreements", "tie_break"}
        | {"quota_base", "whole_seats"}
    ),
    "threshold": frozenset(
        {"value", "base", "alliance", "minority_exempt", "minority_multiplier"}
        | {"district_wins", "full_quota"}
    ),
    "runner_up": frozenset({"variant", "coefficient", "min_seats"}),
    "lists": frozenset({"mode", "max_excess"}),
}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?|\d+/\d+)\s*(%?)\s*$")


def parse_fraction(text: str) -> Fraction:
    """Parse ``"7%"``, ``"0.0325"``, ``"1.35"`` or ``"1/3"`` exactly; ValueError otherwise.

    A zero denominator (``"1/0"``) is a ValueError too, not a ZeroDivisionError.
    """
    match = _NUMBER.match(text)
    if match is None or re.fullmatch(r"\d+/0+", match.group(1)):
        raise ValueError(text)
    value = Fraction(match.group(1))
    return value / 100 if match.group(2) else value


class _Reader:
    """Reads keys of one document, failing with the key's full dotted name and the file."""

    def __init__(self, doc: Mapping[str, Any], source: str) -> None:
        self.doc = doc
        self.source = source

    def fail(self, key: str, expected: str, got: object) -> RulesetError:
        where = Location(source=self.source, field=key)
        if isinstance(got, date):
            got = got.isoformat()
        return cast(
            RulesetError,
            RulesetError.expected(
                what=f"ruleset key '{key}'", expected=expected, got=got, location=where
            ),
        )

    def section(self, name: str) -> Mapping[str, Any]:
        value = self.doc.get(name, {}) if name else self.doc
        if not isinstance(value, Mapping):
            raise self.fail(name, "a table", value)
        for key in value:
            if key not in _SECTIONS[name]:
                full = f"{name}.{key}" if name else key
                raise self.fail(full, f"one of {sorted(_SECTIONS[name])}", key)
        return value

    def get(self, name: str, key: str, kind: type, default: object = ..., *, what: str) -> Any:
        table = self.section(name)
        full = f"{name}.{key}" if name else key
        if key not in table:
            if default is ...:
                raise self.fail(full, f"present ({what})", None)
            return default
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(full, what, value)
        return value

    def fraction(
        self, name: str, key: str, default: object = ..., *, low: Fraction, high: Fraction | None
    ) -> Any:
        bound = f"[{low}, {high}]" if high is not None else f">= {low}"
        what = f"a string such as '7%', '0.05' or '1/3', in {bound}"
        raw = self.get(name, key, str, default, what=what)
        if raw is default:
            return default
        full = f"{name}.{key}"
        try:
            value = parse_fraction(raw)
        except ValueError:
            raise self.fail(full, what, raw) from None
        if value < low or (high is not None and value > high):
            raise self.fail(full, what, raw)
        return value

    def choice(self, name: str, key: str, options: tuple[str, ...], default: object = ...) -> Any:
        value = self.get(name, key, str, default, what=f"one of {list(options)}")
        if value is not default and value not in options:
            raise self.fail(f"{name}.{key}", f"one of {list(options)}", value)
        return value

    def count(self, name: str, key: str, default: object = ..., *, low: int = 0) -> Any:
        value = self.get(name, key, int, default, what=f"an integer >= {low}")
        if value is not default and value < low:
            raise self.fail(f"{name}.{key}" if name else key, f"an integer >= {low}", value)
        return value


_QuotaOptions = tuple[Literal["admitted", "threshold_base"], Literal["floor", "nearest"]]


def _quota_options(r: _Reader, family: str, capped: bool) -> _QuotaOptions:
    """``allocation.quota_base`` and ``allocation.whole_seats``: a quota method's options.

    They apply to a plain national count by a quota method; with a seat cap, surplus
    agreements or constituencies the statutes that use them say nothing, so they fail.
    """
    quota_base = r.choice("allocation", "quota_base", ("admitted", "threshold_base"), "admitted")
    whole_seats = r.choice("allocation", "whole_seats", ("floor", "nearest"), "floor")
    pooled = r.get("allocation", "surplus_agreements", bool, False, what="true or false")
    for key, value, plain in (
        ("quota_base", quota_base, "admitted"),
        ("whole_seats", whole_seats, "floor"),
    ):
        if value == plain:
            continue
        if family != "largest_remainder":
            raise r.fail(f"allocation.{key}", "absent for a highest-averages method", value)
        if capped or pooled or "constituencies" in r.doc:
            raise r.fail(
                f"allocation.{key}",
                f"'{plain}' with a seat cap, surplus agreements or constituencies",
                value,
            )
    return cast(_QuotaOptions, (quota_base, whole_seats))


def _alliance(reader: _Reader) -> tuple[tuple[int, Fraction], ...]:
    table = reader.get("threshold", "alliance", dict, {}, what="a table of size = '<share>'")
    out = []
    for size, raw in table.items():
        full = f"threshold.alliance.{size}"
        if not size.isdigit() or int(size) < 2:
            raise reader.fail(full, "a key that is an alliance size >= 2", size)
        if not isinstance(raw, str):
            raise reader.fail(full, "a string such as '7%'", raw)
        try:
            out.append((int(size), parse_fraction(raw)))
        except ValueError:
            raise reader.fail(full, "a string such as '7%'", raw) from None
    return tuple(sorted(out))


_BASES = ("list_votes", "valid_votes", "ballots_cast", "registered_voters")
_MEASURES = ("seats", "population", "registered_voters", "ballots_cast", "valid_votes")


def _districts(r: _Reader, national_method: str) -> Districts | None:
    """The ``[constituencies]`` table of a districted law, or None for one national list."""
    if "constituencies" not in r.doc:
        return None
    sec = "constituencies"
    method = r.choice(sec, "method", tuple(sorted(METHODS)), national_method)
    remainders = r.choice(sec, "remainders", ("none", "national"), "none")
    remainder_method = r.choice(
        sec, "remainder_method", tuple(sorted(METHODS)), "hagenbach_bischoff_round"
    )
    for key, name in (("method", method), ("remainder_method", remainder_method)):
        if remainders == "national" and METHODS[name].family != "largest_remainder":
            raise r.fail(
                f"{sec}.{key}", "a largest-remainder method with a national second scrutiny", name
            )
    first = r.fraction(sec, "first_divisor", None, low=Fraction(0), high=None)
    if first is not None and METHODS[method].family != "highest_averages":
        raise r.fail(f"{sec}.first_divisor", "absent for a largest-remainder method", str(first))
    return Districts(
        method=method,
        magnitude=r.choice(sec, "magnitude", (*_MEASURES, "list_votes"), "seats"),
        apportionment=r.choice(sec, "apportionment", tuple(sorted(METHODS)), "hare"),
        threshold=r.fraction(sec, "threshold", Fraction(0), low=Fraction(0), high=Fraction(1)),
        threshold_base=r.choice(sec, "threshold_base", _BASES, "valid_votes"),
        combine=r.choice(sec, "combine", ("and", "or"), "and"),
        remainders=remainders,
        remainder_method=remainder_method,
        first_divisor=first,
        levelling=r.count(sec, "levelling_seats", 0),
        levelling_method=r.choice(
            sec, "levelling_method", tuple(sorted(METHODS)), "modified_sainte_lague"
        ),
        levelling_first_divisor=r.fraction(
            sec, "levelling_first_divisor", None, low=Fraction(0), high=None
        ),
        adjustment_seats=r.count(sec, "adjustment_seats", 0),
        adjustment_first_divisor=r.fraction(
            sec, "adjustment_first_divisor", Fraction(1), low=Fraction(1, 100), high=None
        ),
        return_surplus=r.get(sec, "return_surplus", bool, False, what="true or false"),
        return_min_seats=r.count(sec, "return_min_seats", 3, low=1),
        biproportional=r.get(sec, "biproportional", bool, False, what="true or false"),
        voter_numbers=r.choice(sec, "voter_numbers", ("exact", "rounded"), "exact"),
    )


def _upper_pool(r: _Reader, d: Districts | None, list_seats: int) -> Districts | None:
    """A national pool of adjustment seats must leave fixed seats and excludes levelling.

    Returning surplus fixed seats needs the pool and a constituency count by divisors.
    """
    if d is not None and d.return_surplus:
        method = METHODS[d.method]
        if not d.adjustment_seats or method.divisor is None or method.squared:
            raise r.fail(
                "constituencies.return_surplus",
                "false unless adjustment_seats and a linear divisor method count the "
                "constituencies",
                True,
            )
    if d is not None and d.adjustment_seats:
        key = "constituencies.adjustment_seats"
        if d.adjustment_seats >= list_seats:
            raise r.fail(key, f"fewer than the list tier's {list_seats} seats", d.adjustment_seats)
        if d.levelling:
            raise r.fail(
                key,
                "0 with levelling_seats (one national pool or one per constituency)",
                d.adjustment_seats,
            )
    return d


_MixedKind = Literal["mmp", "parallel", "coverage", "additional_members"]
_KINDS = ("mmp", "parallel", "coverage", "additional_members")


def _mixed(r: _Reader, district_seats: int, d: Districts | None) -> _MixedKind | None:
    """The ``[mixed] kind``; a parallel law needs a district tier to sit beside its lists.

    Additional members need the district tier and a ``[constituencies]`` table (the
    regions) of fixed seats counted by a divisor method, with no upper level above them.
    """
    kind = r.choice("mixed", "kind", _KINDS, None)
    if kind in ("parallel", "additional_members") and district_seats < 1:
        raise r.fail("mixed.kind", f"{kind!r} only with seats.districts >= 1", kind)
    if kind == "additional_members":
        _additional_regions(r, d)
    return cast(_MixedKind | None, kind)


def _additional_regions(r: _Reader, d: Districts | None) -> None:
    """The regions of an additional-member law: fixed seats, a divisor method, nothing above."""
    if d is None:
        raise r.fail(
            "mixed.kind",
            "'additional_members' with a [constituencies] table (the regions)",
            "additional_members",
        )
    method = METHODS[d.method]
    divisor = method.divisor
    if divisor is None or method.squared or (d.first_divisor is None and divisor(0) == 0):
        raise r.fail(
            "constituencies.method",
            "a highest-averages method whose first divisor is above 0 (such as 'dhondt') "
            "for additional members",
            d.method,
        )
    if d.magnitude != "seats":
        raise r.fail(
            "constituencies.magnitude", "'seats' (each region's additional seats)", d.magnitude
        )
    for key, value, none in (
        ("remainders", d.remainders, "none"),
        ("levelling_seats", d.levelling, 0),
        ("adjustment_seats", d.adjustment_seats, 0),
        ("biproportional", d.biproportional, False),
        ("threshold", d.threshold, 0),
    ):
        if value != none:
            raise r.fail(
                f"constituencies.{key}",
                f"{str(none).lower()} with additional members",
                str(value) if isinstance(value, Fraction) else value,
            )


def _lower_method(r: _Reader, kind: _MixedKind | None) -> str | None:
    """``[mixed] lower_method``: how a coverage law shares a party's seats among its lists."""
    method = r.choice("mixed", "lower_method", tuple(sorted(METHODS)), None)
    if method is not None and kind != "coverage":
        raise r.fail("mixed.lower_method", "absent unless kind = 'coverage'", method)
    return cast(str | None, method)


def parse_ruleset(text: str, *, source: str) -> Ruleset:
    """Parse TOML ``text`` (from ``source``, used in messages) into a validated Ruleset."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError(f"not valid TOML: {exc}", location=Location(source=source)) from None
    r = _Reader(doc, source)
    r.section("")
    rid = r.get("", "id", str, what="a lowercase id such as 'kz-majlis-2009'")
    if not _ID.match(rid):
        raise r.fail("id", "a lowercase id such as 'kz-majlis-2009'", rid)
    sources = r.get("", "sources", list, what="a non-empty list of URLs or references")
    if not sources or not all(isinstance(s, str) and s for s in sources):
        raise r.fail("sources", "a non-empty list of URLs or references", sources)
    start = r.get("", "effective_from", date, what="a TOML date such as 2009-02-19")
    end = r.get("", "effective_to", date, None, what="a TOML date after effective_from")
    if end is not None and end <= start:
        raise r.fail("effective_to", f"a TOML date after effective_from {start}", end)
    total = r.count("seats", "total", low=1)
    list_seats = r.count("seats", "list", low=1)
    districts = r.count("seats", "districts", 0)
    appointed = r.count("seats", "appointed", 0)
    if list_seats + districts + appointed != total:
        raise r.fail(
            "seats.total",
            f"list + districts + appointed = {list_seats + districts + appointed}",
            total,
        )
    method = r.choice("allocation", "method", tuple(sorted(METHODS)))
    family = METHODS[method].family
    multiplier = r.fraction(
        "threshold", "minority_multiplier", Fraction(1), low=Fraction(1), high=None
    )
    if multiplier != 1 and family != "highest_averages":
        raise r.fail(
            "threshold.minority_multiplier",
            f"1 with the largest-remainder method "
            f"{method!r} (a multiplier needs a highest-averages method)",
            str(multiplier),
        )
    first = r.fraction("allocation", "first_divisor", None, low=Fraction(0), high=None)
    if first is not None and family != "highest_averages":
        raise r.fail(
            "allocation.first_divisor", "absent for a largest-remainder method", str(first)
        )
    cap = r.count("allocation", "seat_cap", None, low=1)
    quota_base, whole_seats = _quota_options(r, family, cap is not None)
    district_wins = r.count("threshold", "district_wins", None, low=1)
    variant = r.choice("runner_up", "variant", ("admit", "coefficient", "min_seats"), None)
    excess = r.fraction("lists", "max_excess", None, low=Fraction(0), high=None)
    return Ruleset(
        id=rid,
        title=r.get("", "title", str, what="a string"),
        jurisdiction=r.get("", "jurisdiction", str, what="an ISO 3166 code such as 'KZ'"),
        body=r.get("", "body", str, what="a string naming the chamber"),
        effective_from=start,
        effective_to=end,
        citation=r.get("", "citation", str, what="the statute citation"),
        sources=tuple(sources),
        notes=r.get("", "notes", str, "", what="a string"),
        total_seats=total,
        list_seats=list_seats,
        district_seats=districts,
        appointed_seats=appointed,
        method=method,
        first_divisor=first,
        leftover=r.choice(
            "allocation", "leftover", ("largest_remainder", "largest_lists"), "largest_remainder"
        ),
        quota_base=quota_base,
        whole_seats=whole_seats,
        seat_cap=cap,
        surplus_agreements=r.get(
            "allocation", "surplus_agreements", bool, False, what="true or false"
        ),
        tie_break=r.choice(
            "allocation",
            "tie_break",
            ("none", "registration", "votes", "fewer_votes", "lot"),
            "none",
        ),
        threshold=r.fraction("threshold", "value", low=Fraction(0), high=Fraction(1)),
        threshold_base=r.choice(
            "threshold", "base", ("list_votes", "valid_votes", "ballots_cast", "registered_voters")
        ),
        alliance_thresholds=_alliance(r),
        minority_exempt=r.get("threshold", "minority_exempt", bool, False, what="true or false"),
        minority_multiplier=multiplier,
        district_qualification=district_wins,
        full_quota_qualification=r.get(
            "threshold", "full_quota", bool, False, what="true or false"
        ),
        runner_up=variant,
        runner_up_coefficient=r.fraction(
            "runner_up", "coefficient", Fraction(7, 10), low=Fraction(0), high=Fraction(1)
        ),
        runner_up_min_seats=r.count("runner_up", "min_seats", 2, low=1),
        list_mode=r.choice("lists", "mode", ("ordered", "designated"), "ordered"),
        list_excess=excess,
        districts=(regions := _upper_pool(r, _districts(r, method), list_seats)),
        mixed=(kind := _mixed(r, districts, regions)),
        lower_method=_lower_method(r, kind),
        source=source,
    )
