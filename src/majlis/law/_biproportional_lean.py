"""The lower apportionment of a biproportional count, found in floats and proven in integers.

Alternating scaling (each constituency's row, then each party's column, scaled until both
totals hold) runs on float multipliers, which needs no fraction arithmetic. Its answer is
then checked exactly: every float is a rational number (``float.as_integer_ratio``), and
with those multipliers every cell must lie strictly inside its rounding interval,

    ``(2s - 1) * den < 2 * votes * num < (2s + 1) * den``,

with rows and columns adding up. Such a strict solution is the only one (a second one would
differ along a cycle of cells whose quotient ratios multiply to 1 yet are all above 1 on
the cells that gained and below 1 on the cells that lost), so it is the count's answer;
when the check fails (no balance within the iterations, or a quotient on a rounding
boundary) the caller takes the exact alternating scaling instead.
``tests/law/test_law_district_lean.py`` checks both on random counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["balanced_seats"]

#: Alternations before the float path gives up (the exact one decides then).
ROUNDS = 60

Floats = NDArray[np.float64]


def _spread(n: int) -> Floats:
    """Where in its interval each of ``n`` multipliers is put: spread over (0.3, 0.7).

    Not all at one point (the centre): columns of one cell each would then all get the same
    quotient in that cell's row, a tie the next step cannot split.
    """
    golden = (np.arange(n, dtype=np.float64) * 0.6180339887498949 + 0.5) % 1.0
    return np.asarray(0.3 + 0.4 * golden, dtype=np.float64)


_SPREAD = _spread(64)


def _scale(weights: Floats, targets: Floats) -> tuple[Floats, Floats] | None:
    """Per row, a multiplier ``t`` with ``sum(round(w * t)) == target``.

    Standard rounding (a seat from each half-way mark), all rows at once; None when some
    row's interval is empty in floats (a tie, or too close to call) or it has seats to fill
    and no votes. Each multiplier is put at its own place inside its interval
    (:func:`_spread`). Returns the multipliers and the seats (whole numbers held in floats).
    """
    live = weights > 0
    safe = np.where(live, weights, 1.0)
    total = weights.sum(axis=1)
    if np.any((total <= 0) & (targets > 0)):
        return None
    t = targets / np.where(total > 0, total, 1.0)
    seats = np.floor(weights * t[:, None] + 0.5)
    short = targets - seats.sum(axis=1)
    while short.any():  # a few seats off: move them one half-way mark at a time
        rows = np.nonzero(short > 0)[0]
        if rows.size:  # the cell whose next half-way mark comes first gains
            key = np.where(live, (seats + 0.5) / safe, np.inf)
            seats[rows, key[rows].argmin(axis=1)] += 1
        rows = np.nonzero(short < 0)[0]
        if rows.size:  # the cell whose last half-way mark came last loses
            key = np.where(seats > 0, (seats - 0.5) / safe, -np.inf)
            seats[rows, key[rows].argmax(axis=1)] -= 1
        short = targets - seats.sum(axis=1)
    low = np.where(seats > 0, (seats - 0.5) / safe, 0.0).max(axis=1, initial=0.0)
    high = np.where(live, (seats + 0.5) / safe, np.inf).min(axis=1, initial=np.inf)
    if not np.all(low < high):
        return None
    high = np.where(np.isfinite(high), high, np.maximum(2 * low, 1.0))
    spread = _SPREAD[: len(targets)] if len(targets) <= len(_SPREAD) else _spread(len(targets))
    return low + (high - low) * spread, seats


def _proven(
    votes: Sequence[Sequence[int]],
    seats: Sequence[Sequence[int]],
    rows: Sequence[float],
    cols: Sequence[float],
) -> bool:
    """Whether every cell is strictly inside its rounding interval, in exact integers."""
    col_ratios = [c.as_integer_ratio() for c in cols]
    for row_votes, row_seats, x in zip(votes, seats, rows, strict=True):
        a, b = x.as_integer_ratio()
        for v, s, (c, d) in zip(row_votes, row_seats, col_ratios, strict=True):
            if not v:
                if s:
                    return False
                continue
            twice = 2 * v * a * c
            den = b * d
            if twice >= (2 * s + 1) * den or (s and twice <= (2 * s - 1) * den):
                return False
    return True


def balanced_seats(
    votes: Sequence[Sequence[int]], row_seats: Sequence[int], col_seats: Sequence[int]
) -> list[list[int]] | None:
    """Seats per cell with ``row_seats`` per row and ``col_seats`` per column, or None.

    ``votes`` is rows x columns; the answer is the strict biproportional apportionment by
    standard rounding, proven exactly (see the module docstring), or None for the exact
    alternating scaling to decide.
    """
    if not votes or not col_seats or max(map(max, votes)) >= 2**53:
        return None  # nothing to scale, or votes a float cannot hold exactly
    v = np.array(votes, dtype=np.float64)
    rows = np.array(row_seats, dtype=np.float64)
    cols = np.array(col_seats, dtype=np.float64)
    col_votes = v.sum(axis=0)
    # each party's seats per vote, each nudged by its own small factor (see _spread)
    y = cols / np.where(col_votes > 0, col_votes, 1.0) * (0.99 + _spread(len(col_seats)) / 50)
    for _ in range(ROUNDS):
        found = _scale(v * y, rows)  # each constituency its seats
        if found is None:
            return None
        x, seats = found
        if np.array_equal(seats.sum(axis=0), cols):
            whole = seats.astype(np.int64).tolist()
            return whole if _proven(votes, whole, x.tolist(), y.tolist()) else None
        found = _scale((v * x[:, None]).T, cols)  # each party its upper share
        if found is None:
            return None
        y = found[0]
    return None
