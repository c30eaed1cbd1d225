"""Exact random integer apportionment under caps: the arithmetic core of the generator."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError
from majlis.results import IntArray

__all__ = ["apportion_capped", "split_by_weights"]

FloatArray = npt.NDArray[np.float64]


def split_by_weights(total: int, weights: Sequence[float], *, minimum: int = 0) -> IntArray:
    """Split ``total`` in proportion to ``weights`` (Hare largest remainder), each ≥ ``minimum``."""
    w = np.asarray(weights, dtype=np.float64)
    base = np.full(len(w), minimum, dtype=np.int64)
    rest = total - int(base.sum())
    if rest < 0:
        raise InputError.expected(
            what="the total to split", expected=f"at least {minimum} per share", got=total
        )
    quota = w / w.sum() * rest
    whole = np.floor(quota).astype(np.int64)
    left = rest - int(whole.sum())
    order = np.argsort(-(quota - whole), kind="stable")
    whole[order[:left]] += 1
    out: IntArray = base + whole
    return out


def apportion_capped(
    total: int, weights: FloatArray, cap: IntArray, rng: np.random.Generator
) -> IntArray:
    """Draw integers x ≥ 0 with Σx = ``total`` exactly, x ≤ ``cap``, E[x] ∝ ``weights``.

    A multinomial draw, then every overflow above a cap is drawn again among the cells with
    room left (weighted by weight × room) until none is left.
    """
    cap = np.asarray(cap, dtype=np.int64)
    if total < 0 or total > int(cap.sum()):
        raise InputError.expected(
            what="the total to apportion", expected=f"between 0 and {int(cap.sum()):,}", got=total
        )
    x = np.zeros(len(cap), dtype=np.int64)
    remaining = total
    w = np.where(cap > 0, np.maximum(weights, 0.0), 0.0)
    for _ in range(200):
        if remaining == 0:
            return x
        room = cap - x
        p = np.where(room > 0, w, 0.0)
        if p.sum() <= 0:  # weights exhausted: spread over the remaining room
            p = room.astype(np.float64)
        p = p / p.sum()
        x += rng.multinomial(remaining, p)
        over = np.maximum(x - cap, 0)
        x -= over
        remaining = int(over.sum())
    # fall back to filling the room in order (reached only with near-full caps)
    room = cap - x
    fill = np.minimum(room, np.maximum(remaining - np.concatenate(([0], np.cumsum(room)[:-1])), 0))
    x += fill
    return x
