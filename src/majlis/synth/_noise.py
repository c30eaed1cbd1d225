"""Realistic human noise in a synthetic election: typing differences and observer copies."""

from __future__ import annotations

import hashlib

import numpy as np

from majlis.results import IntArray, ProtocolTable, Source

__all__ = ["entry_typos", "observer_copies", "typo"]


def typo(value: int, kind: int) -> int:
    """A typing slip: 0 swaps the last two digits, 1 adds 10, 2 drops the last digit, 3 minus 1."""
    if kind == 0 and value >= 10:
        text = str(value)
        swapped = text[:-2] + text[-1] + text[-2]
        if swapped != text:
            return int(swapped)
    if kind == 2 and value >= 10:
        return value // 10
    if kind == 3 and value >= 1:
        return value - 1
    return value + 10


def _with(
    table: ProtocolTable,
    *,
    source: Source,
    counts: dict[str, IntArray],
    votes: IntArray,
    observer: tuple[str | None, ...] | None = None,
    evidence: tuple[str | None, ...] | None = None,
) -> ProtocolTable:
    n = len(table)
    return ProtocolTable(
        election=table.election,
        station=table.station,
        source=(source,) * n,
        observer=observer if observer is not None else (None,) * n,
        evidence_sha256=evidence if evidence is not None else (None,) * n,
        counts=counts,
        list_names=table.list_names,
        votes=votes,
    )


def _mistype(
    counts: dict[str, IntArray], votes: IntArray, rows: IntArray, rng: np.random.Generator
) -> None:
    fields = ["voters", "issued_station", "found_stationary", "invalid", "valid"]
    for i in rows.tolist():
        pick = int(rng.integers(len(fields) + votes.shape[1]))
        kind = int(rng.integers(4))
        if pick < len(fields):
            col = counts[fields[pick]]
            col[i] = typo(int(col[i]), kind)
        else:
            j = pick - len(fields)
            votes[i, j] = typo(int(votes[i, j]), kind)


def entry_typos(
    official: ProtocolTable, differences: int, rng: np.random.Generator
) -> tuple[ProtocolTable, ProtocolTable]:
    """Entry 1 and entry 2 of every protocol; ``differences`` stations get one slip each,
    in one entry or the other (the official figures are then the right resolution)."""
    n = len(official)
    rows = rng.choice(n, size=min(differences, n), replace=False)
    first = rows[rng.random(len(rows)) < 0.5]
    second = np.setdiff1d(rows, first)
    entries = []
    for source, slipped in ((Source.ENTRY_1, first), (Source.ENTRY_2, second)):
        counts = {k: v.copy() for k, v in official.counts.items()}
        votes = official.votes.copy()
        _mistype(counts, votes, slipped, rng)
        entries.append(_with(official, source=source, counts=counts, votes=votes))
    return entries[0], entries[1]


def observer_copies(
    truth: ProtocolTable, share: float, misreads: int, evidence_seed: str, rng: np.random.Generator
) -> ProtocolTable:
    """Observer copies (the true figures) at a share of stations, ``misreads`` with a slip."""
    n = len(truth)
    rows = np.sort(rng.choice(n, size=max(1, round(share * n)), replace=False))
    sub = truth.take(rows)
    counts = {k: v.copy() for k, v in sub.counts.items()}
    votes = sub.votes.copy()
    _mistype(
        counts, votes, rng.choice(len(rows), size=min(misreads, len(rows)), replace=False), rng
    )
    observers = tuple(f"observer-{int(i) % 40 + 1:02d}" for i in rows)
    evidence = tuple(
        hashlib.sha256(f"{evidence_seed}:{s}".encode()).hexdigest() for s in sub.station
    )
    return _with(
        sub,
        source=Source.OBSERVER,
        counts=counts,
        votes=votes,
        observer=observers,
        evidence=evidence,
    )
