"""The quick count of a stored election: its estimate and the official count held against it.

Shares are estimated on the election's ruleset's threshold base (list votes, valid votes,
ballots cast or registered voters), so that the threshold call, the comparison and the seat
draws speak of the same share the law does. The official figures are the one tabulation and
the one seats service (:func:`majlis.parliament.election_seats`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from majlis.errors import InputError
from majlis.law import PartyList, Ruleset, get_ruleset
from majlis.parliament import election_seats
from majlis.pvt._reports import Reports, collect_reports
from majlis.pvt.core import (
    Call,
    Estimate,
    Frame,
    ListVerdict,
    SeatVerdict,
    call_race,
    compare_official,
    estimate,
    law_allocator,
    seat_distribution,
)
from majlis.results import Level, election_scope, tabulate_election

__all__ = [
    "Comparison",
    "QuickCount",
    "Round",
    "compare_election",
    "estimate_election",
    "estimate_rounds",
]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class QuickCount:
    """The estimate from the reports so far, its calls at 95 % and 99 %, and the board."""

    election: str
    ruleset: Ruleset
    reports: Reports
    estimate: Estimate
    call95: Call
    call99: Call


@dataclass(frozen=True, slots=True, eq=False)
class Comparison:
    """The official count against the quick count: per list, and the seats."""

    quick: QuickCount
    lists: tuple[ListVerdict, ...]
    seats: tuple[SeatVerdict, ...]

    @property
    def consistent(self) -> bool:
        """Every official share inside its 99 % interval and every seat count in its range."""
        return all(v.inside99 for v in self.lists) and all(s.inside99 for s in self.seats)


def _base(ruleset: Ruleset, reports: Reports) -> npt.NDArray[np.int64]:
    kind = ruleset.threshold_base
    lines = reports.lines
    if kind == "list_votes":
        total: npt.NDArray[np.int64] = reports.votes.sum(axis=1)
        return total
    if kind == "valid_votes":
        return lines["valid"]
    if kind == "ballots_cast":
        return lines["found"]
    return lines["voters"]


def _ruleset(session: Session, election: str) -> Ruleset:
    return get_ruleset(election_scope(session, election).ruleset_id)


@dataclass(frozen=True, slots=True, eq=False)
class Round:
    """The estimate as it stood when the first ``reports`` reports had arrived."""

    at: datetime
    reports: int
    estimate: Estimate | None


def _frame(reports: Reports) -> Frame:
    strata = reports.design["strata"]
    return Frame(
        reports.strata,
        np.array([s["stations"] for s in strata], dtype=np.int64),
        np.array([s["voters"] for s in strata], dtype=np.int64),
    )


def _estimate_rows(
    ruleset: Ruleset, reports: Reports, frame: Frame, rows: npt.NDArray[np.intp]
) -> Estimate:
    return estimate(
        frame,
        reports.stratum[rows],
        reports.registered[rows],
        reports.lines["found"][rows],
        _base(ruleset, reports)[rows],
        reports.votes[rows],
        reports.names,
    )


def estimate_rounds(session: Session, election: str, rounds: int = 10) -> tuple[Round, ...]:
    """The estimate after each ``1/rounds`` of the reports, in order of arrival.

    Each stratum keeps its register's weight in every round, so a round that lacks a late
    region names it (``Estimate.missing``) instead of leaning towards the early ones.
    """
    if not 1 <= rounds <= 100:
        raise InputError.expected(
            what="the number of rounds",
            expected="1 to 100",
            got=rounds,
            code="pvt.rounds",
        )
    ruleset = _ruleset(session, election)
    reports = collect_reports(session, election)
    frame = _frame(reports)
    order = np.argsort(np.array([a.timestamp() for a in reports.arrived]), kind="stable")
    n = order.size
    out = []
    for k in range(1, rounds + 1):
        m = max(1, round(n * k / rounds)) if n else 0
        if m == 0:
            continue
        rows = order[:m]
        est: Estimate | None
        try:
            est = _estimate_rows(ruleset, reports, frame, rows)
        except InputError:
            est = None
        out.append(Round(reports.arrived[int(order[m - 1])], m, est))
    return tuple(out)


def estimate_election(session: Session, election: str) -> QuickCount:
    """Estimate each list's share and the turnout from the checked reports so far."""
    ruleset = _ruleset(session, election)
    reports = collect_reports(session, election)
    if reports.votes.shape[0] < 2:
        got = int(reports.votes.shape[0])
        raise InputError(
            f"accepted quick-count reports of '{election}' must be at least two in one "
            f"stratum. Got {got!r} instead.",
            code="pvt.too_few_reports",
            params={"election": election, "got": got},
        )
    est = _estimate_rows(ruleset, reports, _frame(reports), np.arange(reports.votes.shape[0]))
    threshold = float(ruleset.threshold) if ruleset.threshold else None
    return QuickCount(
        election,
        ruleset,
        reports,
        est,
        call_race(est, 0.95, threshold),
        call_race(est, 0.99, threshold),
    )


def _official_shares(
    session: Session, election: str, ruleset: Ruleset, names: tuple[str, ...]
) -> FloatArray:
    national = tabulate_election(session, election).tally(Level.NATIONAL, "national")
    votes = dict(national.votes)
    kind = ruleset.threshold_base
    if kind == "list_votes":
        base = sum(votes.values())
    elif kind == "valid_votes":
        base = national.lines["valid"]
    elif kind == "ballots_cast":
        base = national.lines["found"]
    else:
        base = national.lines["voters"]
    return np.array([votes[n] / base for n in names], dtype=np.float64)


def compare_election(
    session: Session, election: str, *, draws: int = 4000, seed: int = 0
) -> Comparison:
    """The official shares and seats against the quick count's intervals and seat ranges."""
    quick = estimate_election(session, election)
    ruleset = quick.ruleset
    names = quick.estimate.names
    official = _official_shares(session, election, ruleset, names)
    threshold = float(ruleset.threshold) if ruleset.threshold else None
    lists = compare_official(quick.estimate, official.tolist(), threshold)
    seats = election_seats(session, election)
    verdicts: tuple[SeatVerdict, ...] = ()
    if seats is not None:
        by_name = {r.name: r for r in seats.rows}
        party_lists = [
            PartyList(n, 0, registration_order=by_name[n].registration_order) for n in names
        ]
        verdicts, _ = seat_distribution(
            quick.estimate,
            law_allocator(ruleset, party_lists),
            [by_name[n].seats for n in names],
            draws=draws,
            seed=seed,
        )
    return Comparison(quick, lists, verdicts)
