"""Reports of a quick count: the observer copies at the sampled stations, checked.

A report is the latest version of an observer's copy (source ``observer``) at a station of
the design in force. Per report: complete and in range (the protocol's own validation when
it was stored: every registered list, non-negative counts), the control relations
(:func:`majlis.results.check_protocol`: an error rejects it). Per station: two observers'
accepted copies must agree line for line, otherwise the station is *in conflict* and left
out until a copy is corrected. Where the design assigns observers
(:mod:`majlis.pvt._assign`), a copy from an observer not assigned to the station is
rejected; where it registers their phones, a copy sent by SMS (``entered_by`` "sms:NUMBER")
from a number that is not its observer's is rejected too. The status board counts per
stratum: sampled, reported, missing, in conflict, rejected.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from majlis.notes import Note
from majlis.pvt._assign import same_phone
from majlis.pvt._design import current_sample
from majlis.results import Protocol, Severity, check_protocol, latest_copies
from majlis.results import station_places as _places

__all__ = ["PROBLEMS", "Board", "Reports", "StratumStatus", "collect_reports"]

IntArray = npt.NDArray[np.int64]

#: The problems a status board names, by key (:class:`majlis.notes.Note`; worded in other
#: languages by :mod:`majlis.note_text`).
PROBLEMS = {
    "pvt.wrong_phone": "station %(station)s: the message of observer %(observer)s came from "
    "%(sender)s, which is not their registered phone",
    "pvt.not_assigned": "station %(station)s: observer %(observer)s is not assigned there "
    "(%(assigned)s)",
    "pvt.copy_error": "%(finding)s (observer %(observer)s)",
    "pvt.copies_disagree": "station %(station)s: the copies of %(observers)s disagree",
}


def _problem(key: str, **params: object) -> Note:
    return Note(key, PROBLEMS[key], **params)


@dataclass(slots=True)
class StratumStatus:
    """One stratum's line on the status board."""

    stratum: str
    sampled: int
    reported: int = 0
    conflict: int = 0
    rejected: int = 0

    @property
    def missing(self) -> int:
        return self.sampled - self.reported - self.conflict - self.rejected


@dataclass(frozen=True, slots=True)
class Reports:
    """The accepted reports as arrays (one row per station) and the board."""

    design: dict[str, Any]
    strata: tuple[str, ...]
    stations: tuple[str, ...]
    stratum: IntArray
    registered: IntArray
    lines: dict[str, IntArray]
    names: tuple[str, ...]
    votes: IntArray
    board: tuple[StratumStatus, ...]
    problems: tuple[str, ...] = field(default=())
    arrived: tuple[datetime, ...] = field(default=())


Board = tuple[StratumStatus, ...]


def collect_reports(session: Session, election: str) -> Reports:
    """Check every observer copy at the sampled stations and build the board and arrays."""
    design = current_sample(session, election)
    codes: list[str] = list(design["stations"])
    strata = tuple(str(s["name"]) for s in design["strata"])
    places = _places(session, codes)
    attr = str(design["stratify"])
    stratum_of = {c: "all" if attr == "none" else str(getattr(places[c], attr)) for c in codes}
    sampled: dict[str, int] = defaultdict(int)
    for c in codes:
        sampled[stratum_of[c]] += 1
    board = {s: StratumStatus(s, sampled[s]) for s in strata}
    accepted: dict[str, list[Protocol]] = defaultdict(list)
    rejected: set[str] = set()
    problems: list[str] = []
    arrived: dict[str, datetime] = {}
    assigned: dict[str, list[str]] = design.get("assignments", {})
    phones: dict[str, str] = design.get("phones", {})
    for copy in latest_copies(session, election, codes):
        protocol, code = copy.protocol, copy.protocol.station
        errors = [f for f in check_protocol(protocol) if f.severity is Severity.ERROR]
        by = copy.entered_by
        sender = by.removeprefix("sms:") if by.startswith("sms:") else ""
        if sender and phones and not same_phone(phones.get(str(protocol.observer), ""), sender):
            rejected.add(code)
            problems.append(
                _problem("pvt.wrong_phone", station=code, observer=protocol.observer, sender=sender)
            )
        elif code in assigned and protocol.observer not in assigned[code]:
            rejected.add(code)
            problems.append(
                _problem(
                    "pvt.not_assigned",
                    station=code,
                    observer=protocol.observer,
                    assigned=", ".join(assigned[code]),
                )
            )
        elif errors:
            rejected.add(code)
            problems.extend(
                _problem("pvt.copy_error", finding=e, observer=protocol.observer) for e in errors
            )
        else:
            accepted[code].append(protocol)
            at = _utc(copy.entered_at)
            arrived[code] = max(arrived.get(code, at), at)
    chosen: dict[str, Protocol] = {}
    for code, copies in accepted.items():
        first = copies[0]
        if any(p.lines != first.lines for p in copies[1:]):
            board[stratum_of[code]].conflict += 1
            who = ", ".join(str(p.observer) for p in copies)
            problems.append(_problem("pvt.copies_disagree", station=code, observers=who))
        else:
            chosen[code] = first
            board[stratum_of[code]].reported += 1
    for code in rejected - set(accepted):
        board[stratum_of[code]].rejected += 1
    ordered = sorted(chosen)
    index = {s: h for h, s in enumerate(strata)}
    names = tuple(n for n, _ in chosen[ordered[0]].lines.votes) if ordered else ()
    lines = {
        k: np.array([_line(chosen[c], k) for c in ordered], dtype=np.int64)
        for k in ("found", "valid", "against_all", "voters")
    }
    votes = np.array(
        [[v for _, v in chosen[c].lines.votes] for c in ordered],
        dtype=np.int64,
    ).reshape(len(ordered), len(names))
    return Reports(
        design,
        strata,
        tuple(ordered),
        np.array([index[stratum_of[c]] for c in ordered], dtype=np.int64),
        np.array([places[c].registered_voters for c in ordered], dtype=np.int64),
        lines,
        names,
        votes,
        tuple(board[s] for s in strata),
        tuple(problems),
        tuple(arrived[c] for c in ordered),
    )


def _line(protocol: Protocol, name: str) -> int:
    lines = protocol.lines
    if name == "found":
        return int(lines.found_stationary + lines.found_mobile)
    return int(getattr(lines, name))


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
