"""Vectorised (NumPy) validation of a chunk of roll rows: the fast path of the bulk import.

It applies the same rules as the exact, row-by-row :class:`~majlis.registry.bulk.RowValidator`
(IIN format, century digit, calendar date, check digit with both passes; names; joining date;
region in force; citizenship; barred categories) to whole columns at once. Rows it flags are
handed to the exact validator for the message; the two paths must agree (tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

from majlis.registry.party_law import list_party_laws
from majlis.registry.person_rules import FORBIDDEN
from majlis.registry.regions import Region
from majlis.store.bulk import RollColumns

__all__ = ["vector_check"]

_W1 = np.arange(1, 12, dtype=np.int64)
_W2 = np.array([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], dtype=np.int64)
_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
_EPOCH = date(1970, 1, 1).toordinal()


def _iin_checks(
    iins: Sequence[str],
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Validity mask, birth day (days since 1970-01-01) and century digit of each IIN."""
    n = len(iins)
    lengths = np.fromiter(map(len, iins), dtype=np.int64, count=n)
    try:
        raw = np.array(iins, dtype="S12")
    except UnicodeEncodeError:
        raw = np.array([s.encode("ascii", "replace")[:12] for s in iins], dtype="S12")
    digits = np.frombuffer(raw.tobytes(), dtype=np.uint8).reshape(n, 12).astype(np.int64) - 48
    ok = (lengths == 12) & ((digits >= 0) & (digits <= 9)).all(axis=1)
    first = digits[:, :11]
    s1 = (first @ _W1) % 11
    s2 = (first @ _W2) % 11
    check = np.where(s1 == 10, s2, s1)
    ok &= check != 10
    ok &= check == digits[:, 11]
    century_digit = digits[:, 6]
    ok &= (century_digit >= 1) & (century_digit <= 6)
    year = 1800 + 100 * ((century_digit - 1) // 2) + digits[:, 0] * 10 + digits[:, 1]
    month = digits[:, 2] * 10 + digits[:, 3]
    day = digits[:, 4] * 10 + digits[:, 5]
    month_ok = (month >= 1) & (month <= 12)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    limit = _DAYS[np.where(month_ok, month, 0)] + ((month == 2) & leap)
    ok &= month_ok & (day >= 1) & (day <= limit)
    safe_year = np.where(ok, year, 1970)
    safe_month = np.where(ok, month, 1)
    safe_day = np.where(ok, day, 1)
    months = (safe_year - 1970) * 12 + (safe_month - 1)
    birth = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) + safe_day - 1
    return ok, birth, century_digit


def vector_check(
    records: Sequence[Sequence[str]],
    *,
    first_row: int,
    col: dict[str, int],
    on: date,
    regions: dict[str, Region],
    today: date,
) -> tuple[RollColumns, list[int]]:
    """Check a chunk; return the valid rows' columns and the indexes of suspect records.

    Duplicates within the file are not checked here (the caller keeps the IINs seen).
    """
    width = len(col)
    shaped = [r if len(r) == width else [""] * width for r in records]
    bad_shape = np.fromiter((len(r) != width for r in records), dtype=np.bool_, count=len(records))
    columns = list(zip(*shaped, strict=True)) if shaped else [()] * width
    iins = [s.strip() for s in columns[col["iin"]]]
    empty = np.zeros(0, np.int64)
    ok, birth, century = _iin_checks(iins) if iins else (np.zeros(0, np.bool_), empty, empty)
    ok = ok & ~bad_shape
    family = [s.strip() for s in columns[col["family_name"]]]
    given = [s.strip() for s in columns[col["given_name"]]]
    codes = [s.strip() for s in columns[col["region"]]]
    ok &= np.fromiter(
        (bool(f) and bool(g) for f, g in zip(family, given, strict=True)),
        dtype=np.bool_,
        count=len(iins),
    )
    on_day = on.toordinal() - _EPOCH
    if "joined_on" in col:
        joined, parsed_ok = _days([s.strip() for s in columns[col["joined_on"]]], on)
        ok &= parsed_ok & (joined <= on_day)
    else:
        joined = np.full(len(iins), on_day, dtype=np.int64)
    ok &= _names_ok(family) & _names_ok(given)
    ok &= (birth <= today.toordinal() - _EPOCH) & _of_age(birth, joined)
    lower = np.array([_bound(regions.get(c), True) for c in codes], dtype=np.int64)
    upper = np.array([_bound(regions.get(c), False) for c in codes], dtype=np.int64)
    ok &= (lower <= joined) & (joined <= upper)
    for optional, allowed in (("citizenship", {"", "KZ", "kz"}), ("barred", {""})):
        if optional in col:
            ok &= np.fromiter(
                (s.strip() in allowed for s in columns[col[optional]]),
                dtype=np.bool_,
                count=len(iins),
            )
    good = np.flatnonzero(ok)
    suspects = np.flatnonzero(~ok).tolist()
    joined_text = np.datetime_as_string(joined[good].astype("datetime64[D]")).tolist()
    birth_text = np.datetime_as_string(birth[good].astype("datetime64[D]")).tolist()
    sexes = np.where(century[good] % 2 == 1, "M", "F").tolist()
    idx = good.tolist()
    valid = RollColumns(
        rows=[first_row + i for i in idx],
        iin=[iins[i] for i in idx],
        family_name=[family[i] for i in idx],
        given_name=[given[i] for i in idx],
        region=[codes[i] for i in idx],
        joined_on=joined_text,
        birth_date=birth_text,
        sex=sexes,
    )
    return valid, suspects


def _names_ok(names: list[str]) -> npt.NDArray[np.bool_]:
    """Which names carry no control or bidirectional character (one search per chunk)."""
    if FORBIDDEN.search("".join(names)) is None:
        return np.ones(len(names), dtype=np.bool_)
    return np.fromiter(
        (FORBIDDEN.search(n) is None for n in names), dtype=np.bool_, count=len(names)
    )


def _ymd(days: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], ...]:
    """Year, month and day of days since 1970-01-01."""
    day = days.astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    year = month.astype("datetime64[Y]").astype(np.int64) + 1970
    return year, month.astype(np.int64) % 12 + 1, (day - month).astype(np.int64) + 1


def _of_age(birth: npt.NDArray[np.int64], joined: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Who was born by the joining day and had the party law's minimum age on it.

    The minimum age is that of :func:`~majlis.registry.party_law.membership_law_on` for
    each joining day: the last edition in force by then, or the first one.
    """
    laws = [law for law in list_party_laws() if law.jurisdiction == "KZ"]
    starts = np.array([law.effective_from.toordinal() - _EPOCH for law in laws], np.int64)
    minimum = np.array([law.min_member_age for law in laws], np.int64)
    edition = np.clip(np.searchsorted(starts, joined, side="right") - 1, 0, len(laws) - 1)
    by, bm, bd = _ymd(birth)
    jy, jm, jd = _ymd(joined)
    age = jy - by - ((jm * 100 + jd) < (bm * 100 + bd))
    return (birth <= joined) & (age >= minimum[edition])


def _days(texts: list[str], on: date) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Days since 1970 of ISO dates (empty = ``on``) and which texts were valid dates."""
    filled = [t or on.isoformat() for t in texts]
    shape_ok = np.fromiter((len(t) == 10 for t in filled), dtype=np.bool_, count=len(filled))
    try:
        return np.array(filled, dtype="datetime64[D]").astype(np.int64), shape_ok
    except ValueError:
        days = np.zeros(len(filled), dtype=np.int64)
        for i, text in enumerate(filled):
            try:
                days[i] = date.fromisoformat(text).toordinal() - _EPOCH
            except ValueError:
                shape_ok[i] = False
        return days, shape_ok


def _bound(region: Region | None, lower: bool) -> int:
    """A region's first (or last) day in force as days since 1970; unknown = never."""
    if region is None:
        return 1 if lower else 0
    day = region.valid_from if lower else region.valid_to
    if day is None:
        return -(10**9) if lower else 10**9
    return day.toordinal() - _EPOCH
