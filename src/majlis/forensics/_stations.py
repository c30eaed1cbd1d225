"""The per-station input every forensic method reads: one array per protocol line."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError

__all__ = ["Counts", "Stations"]

Counts = npt.NDArray[np.int64]
"""A vector of non-negative counts, one per polling station."""


def _as_counts(name: str, values: object, size: int | None) -> Counts:
    array = np.asarray(values)
    if array.ndim != 1:
        raise InputError.expected(
            what=f"The '{name}' counts", expected="a one-dimensional array", got=array.shape
        )
    if array.dtype.kind == "f":
        if np.isnan(array).any():
            raise InputError.expected(
                what=f"The '{name}' counts",
                expected="free of missing values (drop or fill them first)",
                got=f"{int(np.isnan(array).sum())} NaN",
                code="stations.missing_values",
                params={"name": name, "got": int(np.isnan(array).sum())},
            )
        if not np.array_equal(array, np.round(array)):
            raise InputError.expected(
                what=f"The '{name}' counts",
                expected="whole numbers",
                got="fractional values",
                code="stations.fractional",
                params={"name": name},
            )
    elif array.dtype.kind not in "iub":
        raise InputError.expected(
            what=f"The '{name}' counts",
            expected="numeric",
            got=str(array.dtype),
            code="stations.not_numeric",
            params={"name": name, "got": repr(str(array.dtype))},
        )
    counts = array.astype(np.int64)
    if counts.size and counts.min() < 0:
        raise InputError.expected(
            what=f"The '{name}' counts",
            expected="non-negative",
            got=int(counts.min()),
            code="stations.negative",
            params={"name": name, "got": repr(int(counts.min()))},
        )
    if size is not None and counts.size != size:
        raise InputError.expected(
            what=f"The '{name}' counts",
            expected=f"one per station ({size})",
            got=counts.size,
            code="stations.size",
            params={"name": name, "size": size, "got": repr(counts.size)},
        )
    return counts


@dataclass(frozen=True, eq=False)
class Stations:
    """Polling-station protocols as aligned count vectors (one entry per station).

    Args:
        registered: voters on the register.
        ballots_issued: ballots handed out (the numerator of turnout in Kobak et al.).
        ballots_cast: ballots found in the boxes (valid + invalid; the denominator of the
            leader's result in Kobak et al.).
        valid: valid ballots (the denominator in Klimek et al.).
        leader: votes for the leading list or candidate.
        lists: optional matrix (stations × lists) of votes for every list.
        list_names: names of the columns of ``lists``.

    Missing protocol lines may be passed as ``None``; :meth:`line` falls back in the
    order the papers do (issued → cast, cast → valid, valid → cast).
    """

    registered: Counts
    leader: Counts
    ballots_issued: Counts | None = None
    ballots_cast: Counts | None = None
    valid: Counts | None = None
    lists: npt.NDArray[np.int64] | None = None
    list_names: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        n = np.asarray(self.registered).shape[0] if np.ndim(self.registered) == 1 else None
        object.__setattr__(self, "registered", _as_counts("registered", self.registered, n))
        object.__setattr__(self, "leader", _as_counts("leader", self.leader, n))
        for name in ("ballots_issued", "ballots_cast", "valid"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _as_counts(name, value, n))
        if self.ballots_issued is None and self.ballots_cast is None and self.valid is None:
            raise InputError.expected(
                what="Stations",
                expected="at least one of ballots_issued, ballots_cast or valid",
                got=None,
                code="stations.no_ballots",
            )
        if self.lists is not None:
            matrix = np.asarray(self.lists)
            if matrix.ndim != 2 or matrix.shape[0] != n:
                raise InputError.expected(
                    what="The 'lists' matrix", expected=f"shape ({n}, k)", got=matrix.shape
                )
            if len(self.list_names) != matrix.shape[1]:
                raise InputError.expected(
                    what="The 'list_names'",
                    expected=f"one name per list column ({matrix.shape[1]})",
                    got=len(self.list_names),
                )
            object.__setattr__(self, "lists", matrix.astype(np.int64))

    @property
    def size(self) -> int:
        """The number of stations."""
        return int(self.registered.shape[0])

    def line(self, name: str) -> Counts:
        """One protocol line by name, with the papers' fallbacks for a missing line.

        ``name`` is one of ``registered``, ``ballots_issued``, ``ballots_cast``, ``valid``,
        ``leader``.
        """
        order = {
            "registered": ("registered",),
            "leader": ("leader",),
            "ballots_issued": ("ballots_issued", "ballots_cast", "valid"),
            "ballots_cast": ("ballots_cast", "valid", "ballots_issued"),
            "valid": ("valid", "ballots_cast", "ballots_issued"),
        }
        if name not in order:
            raise InputError.expected(
                what="The protocol line", expected=f"one of {sorted(order)}", got=name
            )
        for candidate in order[name]:
            value: Counts | None = getattr(self, candidate)
            if value is not None:
                return value
        raise AssertionError("unreachable: __post_init__ guarantees one ballot line")

    def subset(self, mask: npt.NDArray[np.bool_]) -> Stations:
        """The stations where ``mask`` is true."""

        def pick(values: Counts | None) -> Counts | None:
            return None if values is None else values[mask]

        return Stations(
            registered=self.registered[mask],
            leader=self.leader[mask],
            ballots_issued=pick(self.ballots_issued),
            ballots_cast=pick(self.ballots_cast),
            valid=pick(self.valid),
            lists=None if self.lists is None else self.lists[mask],
            list_names=self.list_names,
        )
