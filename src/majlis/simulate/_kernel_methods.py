"""Vectorised seat methods for the batched kernel: exact int64 arithmetic, no float decisions.

Arrays here are list-major, ``[n_lists, n_scenarios]``: a loop over the (few) lists runs
vector operations over the (many) scenarios, which is what NumPy does fastest. Every
decision compares integers: quotients ``v / d`` by cross-multiplication (``v_a * d_b``
against ``v_b * d_a``); remainders of a largest-remainder method share one denominator per
scenario, so they compare directly. :mod:`majlis.simulate.kernel` checks the int64 bound first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class DivisorSequence:
    """Divisors ``d(j) = step * j + offset`` for the (j+1)-th seat, ``first`` overriding d(0).

    All three are integers on a common scale (the comparison of quotients is scale-free),
    e.g. modified Sainte-Laguë 1.4, 3, 5, ... is ``step=10, offset=5, first=7``. The
    sequence must increase: ``0 <= first <= step + offset``.
    """

    step: int
    offset: int
    first: int

    def at(self, seats: Int) -> Int:
        """Divisor of the next seat for lists already holding ``seats``."""
        plain: Int = self.step * seats + self.offset
        if self.first == self.offset:
            return plain
        return np.where(seats == 0, np.int64(self.first), plain)

    def largest(self, seats: int) -> int:
        """The largest divisor used when allocating ``seats`` seats."""
        return max(self.first, self.step * seats + self.offset)


def argmax_fraction(num: Int, den: Int, *, last: bool = False) -> tuple[Int, Int, Int]:
    """Index of the largest ``num/den`` per column (``den == 0`` is +inf), first on ties.

    ``num`` and ``den`` are ``[n_lists, n]``; a list replaces the best so far only when it
    is strictly larger (cross-multiplication), so equal values go to the earlier list
    (to the later one with ``last=True``). Entries with ``num == -1, den == 1`` never beat
    an eligible entry (``num >= 0``, and ``den > 0`` where ``num == 0``). Returns the
    index and the winning numerator and denominator.
    """
    best_num, best_den = num[0], den[0]
    best = np.zeros(num.shape[1], dtype=np.int64)
    for j in range(1, num.shape[0]):
        lhs, rhs = num[j] * best_den, best_num * den[j]
        better = lhs >= rhs if last else lhs > rhs
        best_num = np.where(better, num[j], best_num)
        best_den = np.where(better, den[j], best_den)
        best = np.where(better, j, best)
    return best, best_num, best_den


def _rank(key: Int) -> Int:
    """Rank of each entry per column: larger key first, the earlier list first on equal keys."""
    n_lists = key.shape[0]
    rank = np.zeros(key.shape, dtype=np.int64)
    for i in range(n_lists):
        for j in range(i + 1, n_lists):
            later_wins = key[j] > key[i]
            rank[i] += later_wins
            rank[j] += ~later_wins
    return rank


#: Quota names as in :data:`majlis.law.quotas.QUOTAS`, with the denominator of the exact
#: ones (``total / (seats + extra)``); the rounded ones are whole numbers.
_EXACT = {"hare": 0, "hagenbach_bischoff": 1, "imperiali_quota": 2}
_ROUNDED = (
    "droop",
    "hagenbach_bischoff_ceil",
    "hagenbach_bischoff_floor",
    "hagenbach_bischoff_round",
    "hare_ceil",
    "hare_floor",
)
QUOTA_NAMES = tuple(sorted({*_EXACT, *_ROUNDED}))


def _quota(name: str, total: Int, seats: int) -> tuple[Int, int]:
    """The quota as ``numerator / denominator``: an int64 vector over one integer."""
    if name in _EXACT:
        return total, seats + _EXACT[name]
    per = seats if name.startswith("hare") else seats + 1
    if name == "droop":
        return total // per + 1, 1
    if name.endswith("_floor"):
        return total // per, 1
    if name.endswith("_ceil"):
        return -(-total // per), 1
    return (2 * total + per) // (2 * per), 1  # rounded half up


def largest_remainder(
    votes: Int,
    admitted: Bool,
    *,
    seats: int,
    quota: str,
    by_votes: bool,
) -> tuple[Int, Bool, Bool]:
    """Integer parts then leftover seats by remainder (or by votes); returns seats, tie, bad.

    ``votes`` and ``admitted`` are ``[n_lists, n]``; admitted lists have votes. ``tie``
    marks scenarios whose last leftover seat was decided between equal keys (the earlier
    list won); ``bad`` marks those left to the exact path (no admitted votes, a quota of
    zero, whole quotas over the house, more leftover seats than admitted lists).
    """
    v = np.where(admitted, votes, 0)
    total = v.sum(axis=0)
    qa, qb = _quota(quota, total, seats)
    bad = (total == 0) | (qa <= 0)
    qa = np.where(bad, 1, qa)
    scaled = v * qb
    whole = scaled // qa
    key = np.where(admitted, votes if by_votes else scaled - whole * qa, -1)
    left = seats - whole.sum(axis=0)
    n_adm = admitted.sum(axis=0)
    bad |= (left < 0) | (left > n_adm)
    rank = _rank(key)
    result: Int = whole + (admitted & (rank < left))
    # a tie at the cut: the last list given a leftover seat and the first one denied share a key
    cut = ~bad & (left > 0) & (left < n_adm)
    last = np.where(rank == left - 1, key, -2).max(axis=0)
    after = np.where(rank == left, key, -3).max(axis=0)
    tie = cut & (last == after)
    return result, tie, bad


def highest_averages(
    votes: Int,
    admitted: Bool,
    *,
    seats: int,
    divisors: DivisorSequence,
    find_ties: bool = True,
) -> tuple[Int, Bool, Bool]:
    """Divisor method: a threshold set of quotients, then seat by seat to the house size.

    The start ``c_i = #{j : v_i / d(j) >= V / M}`` (exact integer formula) is the set of all
    quotients above one level, with ``M`` chosen so that it sums to about S. From there the
    largest next quotient gains a seat while seats are missing, and the smallest held
    quotient loses its seat while there are too many (exact comparisons; equal quotients
    favour the earlier list). Both walks end at the S largest quotients. ``find_ties=False``
    skips the (costly) search for a tie at the cut; ``tie`` is then all False.
    """
    eligible = admitted & (votes > 0)
    v = np.where(eligible, votes, 0)
    total = v.sum(axis=0)
    bad = total == 0
    if divisors.first == 0:  # Adams: infinite first quotients are ranked by votes
        bad |= eligible.sum(axis=0) > seats
    safe_total = np.where(bad, 1, total)
    step, offset = divisors.step, divisors.offset
    m = max(1, step * seats + (votes.shape[0] * (2 * offset - step)) // 2)
    # c = #{j : v/d(j) >= V/M}: the first divisor, then step*j + offset for j >= 1
    later = np.maximum(0, (v * m - offset * safe_total) // (step * safe_total))
    start = np.where(v * m >= divisors.first * safe_total, later + 1, 0)
    count: Int = np.where(eligible & ~bad, start, 0)
    excess = np.where(bad, 0, count.sum(axis=0) - seats)
    num_all = np.where(eligible, v, -1)
    cols = np.nonzero(excess < 0)[0]
    while cols.size:
        den = np.where(eligible[:, cols], divisors.at(count[:, cols]), 1)
        winner = argmax_fraction(num_all[:, cols], den)[0]
        count[winner, cols] += 1
        excess[cols] += 1
        cols = cols[excess[cols] < 0]
    cols = np.nonzero(excess > 0)[0]
    while cols.size:
        c = count[:, cols]
        held = c > 0
        inv_num = np.where(held, divisors.at(np.maximum(c - 1, 0)), -1)
        loser = argmax_fraction(inv_num, np.where(held, v[:, cols], 1), last=True)[0]
        count[loser, cols] -= 1
        excess[cols] -= 1
        cols = cols[excess[cols] > 0]
    if not find_ties:
        return count, np.zeros_like(bad), bad
    return count, _cut_tie(v, eligible, count, divisors) & ~bad, bad


def _cut_tie(v: Int, eligible: Bool, count: Int, divisors: DivisorSequence) -> Bool:
    """Whether the smallest awarded quotient equals the largest unawarded one, per scenario."""
    held = count > 0
    _, w_d, w_v = argmax_fraction(
        np.where(held, divisors.at(np.maximum(count - 1, 0)), -1), np.where(held, v, 1)
    )  # the largest d/v: the smallest awarded quotient v/d
    _, b_v, b_d = argmax_fraction(
        np.where(eligible, v, -1), np.where(eligible, divisors.at(count), 1)
    )
    tie: Bool = (w_d >= 0) & (b_v >= 0) & (w_v * b_d == b_v * w_d)
    return tie
