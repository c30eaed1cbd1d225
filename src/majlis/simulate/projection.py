"""Monte Carlo seat projection from poll shares: seeded, reproducible, streamed in batches.

Each run draws vote shares around the poll, turns them into whole votes for an electorate
of ``voters``, and allocates seats under the ruleset with the batched kernel (the exact path
settles the rare undecided rows). Two models:

- ``dirichlet`` (a poll of ``sample_size`` respondents): shares ~ Dirichlet(n·p + 1), the
  posterior of a multinomial poll under a uniform prior;
- ``normal`` (published standard errors): each share ~ Normal(p, se), cut at zero.

Runs stream in batches of ``batch_size``: memory stays bounded by one batch (a few
``[batch_size, n_lists]`` int64 arrays) whatever ``runs`` is. Randomness comes only from
``numpy.random.default_rng(seed)``; the same seed and batch size give the same projection.

Floats appear only in the statistics (drawing shares); every seat decision is exact.

Known deviations: turnout is fixed at ``voters``; the lists' shares are drawn independently
of any correlation structure between polls (no house effects, no swing model).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError
from majlis.law import PartyList, Ruleset
from majlis.simulate.many import allocate_many
from majlis.simulate.whatif import AGAINST_ALL

__all__ = ["MAX_VOTERS", "Poll", "Projection", "draw_shares", "project"]

Int = npt.NDArray[np.int64]
Float = npt.NDArray[np.float64]
#: The largest electorate a projection accepts: a thousand billion voters, far above any real
#: one, and where every product of a vote count and a threshold or quota term still fits int64.
MAX_VOTERS = 10**12


@dataclass(frozen=True, slots=True)
class Poll:
    """Poll shares per list (``AGAINST ALL`` allowed) with a sample size or standard errors.

    Shares need not sum to 1 (undecided respondents are dropped); they are normalised, and
    standard errors with them (so both may be given in percent).
    """

    names: tuple[str, ...]
    shares: tuple[Fraction, ...]
    sample_size: int | None = None
    standard_errors: tuple[Fraction, ...] | None = None

    def __post_init__(self) -> None:
        if len(self.names) != len(self.shares) or not self.names:
            raise InputError.expected(
                what="a poll", expected="one share per list, at least one list", got=self.names
            )
        if len(set(self.names)) != len(self.names):
            raise InputError.expected(what="poll list names", expected="unique", got=self.names)
        if any(s < 0 for s in self.shares) or sum(self.shares) <= 0:
            raise InputError.expected(
                what="poll shares", expected="non-negative with a positive sum", got=self.shares
            )
        if (self.sample_size is None) == (self.standard_errors is None):
            raise InputError.expected(
                what="a poll's uncertainty",
                expected="either a sample size or standard errors (exactly one)",
                got=(self.sample_size, self.standard_errors),
            )
        if self.sample_size is not None and self.sample_size < 1:
            raise InputError.expected(
                what="the sample size", expected="a positive integer", got=self.sample_size
            )
        se = self.standard_errors
        if se is not None and (len(se) != len(self.names) or any(s < 0 for s in se)):
            raise InputError.expected(
                what="standard errors", expected="one non-negative value per list", got=se
            )

    @property
    def model(self) -> str:
        """``dirichlet`` (sample size) or ``normal`` (standard errors)."""
        return "dirichlet" if self.sample_size is not None else "normal"


@dataclass(frozen=True, slots=True)
class Projection:
    """The distribution of seats per list over ``runs`` simulated elections.

    Attributes:
        names: the lists (``AGAINST ALL`` excluded).
        histogram: ``[n_lists, seats + 1]`` runs in which list i won s seats.
        passed_threshold: runs in which each list reached its threshold (the alliance
            threshold for an alliance; before exemptions and the runner-up rule).
        majority, supermajority: runs in which each list alone held a majority
            (more than ``majority_share`` of ``house``) or a constitutional majority (at
            least ``supermajority_share``).
        ties, failed, exact_rows: runs ending in an undecided tie, runs with no allocation
            possible (e.g. no list admitted), runs settled on the exact path.
        constituencies, constituency_seats: for a districted law, the constituencies and
            the mean seats ``[constituency, list]`` over the runs (empty, None otherwise).
    """

    ruleset_id: str
    names: tuple[str, ...]
    runs: int
    seed: int
    model: str
    house: int
    majority_share: Fraction
    supermajority_share: Fraction
    histogram: Int
    passed_threshold: Int
    majority: Int
    supermajority: Int
    ties: int
    failed: int
    exact_rows: int
    constituencies: tuple[str, ...] = ()
    constituency_seats: Float | None = None

    def mean_seats(self) -> Float:
        """Expected seats per list."""
        seats = np.arange(self.histogram.shape[1])
        mean: Float = (self.histogram * seats).sum(axis=1) / self.runs
        return mean

    def quantile(self, q: float) -> Int:
        """The seat count per list at cumulative probability ``q`` (lower quantile)."""
        cdf = np.cumsum(self.histogram, axis=1)
        out: Int = (cdf < q * self.runs).sum(axis=1)
        return out

    def probability(self, counts: Int) -> Float:
        """Counts over runs as probabilities."""
        p: Float = counts / self.runs
        return p


def draw_shares(poll: Poll, rng: np.random.Generator, n: int) -> Float:
    """``[n, lists]`` shares drawn around ``poll`` (not normalised under the normal model)."""
    p = np.array([float(s) for s in poll.shares])
    p = p / p.sum()
    if poll.sample_size is not None:
        draws: Float = rng.dirichlet(p * poll.sample_size + 1, size=n)
        return draws
    se = np.array([float(s) for s in poll.standard_errors or ()]) / float(sum(poll.shares))
    raw: Float = np.maximum(rng.normal(p, se, size=(n, p.size)), 0.0)
    return raw


def project(
    ruleset: Ruleset,
    poll: Poll,
    *,
    runs: int,
    seed: int,
    voters: int = 6_000_000,
    batch_size: int = 100_000,
    house: int | None = None,
    majority_share: Fraction = Fraction(1, 2),
    supermajority_share: Fraction = Fraction(2, 3),
    registered_voters: int | None = None,
    lists: Sequence[PartyList] | None = None,
    on_batch: Callable[[int, int], None] | None = None,
) -> Projection:
    """Simulate ``runs`` elections from ``poll`` under ``ruleset``; count seats and majorities.

    Args:
        ruleset: the law the seats are allocated under.
        poll: shares and their uncertainty.
        runs: number of simulated elections.
        seed: the seed of ``numpy.random.default_rng``.
        voters: valid votes per simulated election (shares become whole votes).
        batch_size: runs allocated at once (memory is bounded by one batch).
        house: the seats majorities are measured against (default: the list tier).
        majority_share: a majority is more than this share of ``house``.
        supermajority_share: a constitutional majority is at least this share.
        registered_voters: the electorate, for laws measuring the threshold against it
            (ballots cast are taken to be the valid votes drawn).
        lists: per-list attributes (registration order, ...), by name; default plain lists
            in poll order.
        on_batch: called with (runs done, runs) after each batch (progress bars).
    """
    if ruleset.threshold_base == "registered_voters" and registered_voters is None:
        raise InputError.expected(
            what=f"registered_voters for {ruleset.id!r} (threshold base: registered voters)",
            expected="given",
            got=None,
        )
    if runs < 1 or batch_size < 1 or voters < 1:
        raise InputError.expected(
            what="runs, batch size and voters", expected="positive", got=(runs, batch_size, voters)
        )
    for what, count in (("voters", voters), ("registered_voters", registered_voters or 0)):
        if count > MAX_VOTERS:
            raise InputError.expected(
                what=what,
                expected=f"at most {MAX_VOTERS:,} (vote counts are drawn and compared exactly "
                "in 64-bit arithmetic only up to there)",
                got=f"{count:,}",
            )
    party_cols = [i for i, n in enumerate(poll.names) if n != AGAINST_ALL]
    against_col = next((i for i, n in enumerate(poll.names) if n == AGAINST_ALL), None)
    names = tuple(poll.names[i] for i in party_cols)
    by_name = {p.name: p for p in lists or ()}
    parties = [by_name.get(n, PartyList(n, 0)) for n in names]
    seats = ruleset.list_seats
    house = seats if house is None else house
    hist = np.zeros(len(names) * (seats + 1), dtype=np.int64)
    passed = np.zeros(len(names), dtype=np.int64)
    major = np.zeros(len(names), dtype=np.int64)
    supermajor = np.zeros(len(names), dtype=np.int64)
    ties = failed = exact = 0
    required = [ruleset.threshold_for(p.alliance_size) for p in parties]
    t_num = np.array([t.numerator for t in required], dtype=np.int64)
    t_den = np.array([t.denominator for t in required], dtype=np.int64)
    rng = np.random.default_rng(seed)
    offsets = np.arange(len(names), dtype=np.int64) * (seats + 1)
    done = 0
    while done < runs:
        n = min(batch_size, runs - done)
        shares = draw_shares(poll, rng, n)
        total = shares.sum(axis=1, keepdims=True)
        total[total == 0] = 1.0
        votes = np.floor(shares / total * voters).astype(np.int64)
        party_votes = np.ascontiguousarray(votes[:, party_cols])
        against = None if against_col is None else votes[:, against_col]
        valid = party_votes.sum(axis=1) if against is None else party_votes.sum(axis=1) + against
        registered = None if registered_voters is None else np.full(n, registered_voters)
        result = allocate_many(
            ruleset,
            parties,
            party_votes,
            against_all=against,
            ballots_cast=valid,
            registered_voters=registered,
        )
        hist += np.bincount((result.seats + offsets).ravel(), minlength=hist.size)
        base = valid
        if ruleset.threshold_base == "list_votes":
            base = party_votes.sum(axis=1)
        elif registered is not None and ruleset.threshold_base == "registered_voters":
            base = registered
        passed += (party_votes * t_den >= t_num * base[:, None]).sum(axis=0)
        s = result.seats
        major += (s * majority_share.denominator > majority_share.numerator * house).sum(axis=0)
        supermajor += (
            s * supermajority_share.denominator >= supermajority_share.numerator * house
        ).sum(axis=0)
        ties += int(result.tie.sum())
        failed += int(result.failed.sum())
        exact += result.exact_rows
        done += n
        if on_batch is not None:
            on_batch(done, runs)
    return Projection(
        ruleset_id=ruleset.id,
        names=names,
        runs=runs,
        seed=seed,
        model=poll.model,
        house=house,
        majority_share=majority_share,
        supermajority_share=supermajority_share,
        histogram=hist.reshape(len(names), seats + 1),
        passed_threshold=passed,
        majority=major,
        supermajority=supermajor,
        ties=ties,
        failed=failed,
        exact_rows=exact,
    )
