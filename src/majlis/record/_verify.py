"""``majlis verify``: every chain re-walked, every head compared, one digest.

The checks run in the order of :data:`CHECKS`; each takes the session and the report being
built, adds the heads it walked, and raises :class:`~majlis.errors.IntegrityError` naming the
first bad record. One more check (e.g. stored results against a recomputation) is one more
function appended to the list.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from majlis import registry
from majlis.errors import IntegrityError
from majlis.record._digest import LEDGER_SCOPE, ChainHead, stored_heads
from majlis.record._samples import walk_samples
from majlis.results import heads_digest
from majlis.store.results_rows import (
    IncidentRow,
    ProtocolFinalRow,
    ProtocolVersionRow,
    RecordHeadRow,
)

__all__ = ["CHECKS", "Check", "Progress", "RecordReport", "verify_record"]

#: A progress callback: (what is being checked, records done so far).
Progress = Callable[[str, int], None]


@dataclass(slots=True)
class RecordReport:
    """What verification walked: every chain's head, and the digest over them."""

    heads: list[ChainHead] = field(default_factory=list)
    active_members: int = 0

    @property
    def digest(self) -> str:
        """The record digest over the walked heads."""
        return heads_digest([h.line() for h in self.heads])

    def counts(self) -> dict[str, int]:
        """Records walked per chain (summed over elections)."""
        out: dict[str, int] = {}
        for h in self.heads:
            out[h.chain] = out.get(h.chain, 0) + h.length
        return out


#: One check: (session, report so far, progress) → adds heads or raises IntegrityError.
Check = Callable[[Session, RecordReport, Progress | None], None]


def check_ledger(session: Session, report: RecordReport, progress: Progress | None) -> None:
    """The membership ledger: every event's hash, the head, the roll against a replay."""
    ledger = registry.verify_ledger(
        session, progress=None if progress is None else (lambda n: progress("ledger", n))
    )
    report.active_members = ledger.active_members
    if ledger.events:
        report.heads.append(
            ChainHead(LEDGER_SCOPE, "membership_event", ledger.events, ledger.head_hash)
        )


def _elections(session: Session) -> list[str]:
    query = union(
        *(select(t.election) for t in (ProtocolVersionRow, ProtocolFinalRow, IncidentRow)),
        select(RecordHeadRow.election),
    )
    return sorted(str(e) for (e,) in session.execute(query))


def check_elections(session: Session, report: RecordReport, progress: Progress | None) -> None:
    """Each election's protocol versions, final decisions and incidents, walked in turn."""
    # loads Polars: the pages and the API that show the digest import this module and never pay
    from majlis.record._frames import walk_election

    for election in _elections(session):
        versions, finals, incidents = walk_election(session, election)
        samples = walk_samples(session, election)
        walked = {
            "protocol_version": versions,
            "protocol_final": finals,
            "incident": incidents,
            "pvt_sample": samples,
        }
        for chain, w in walked.items():
            if w.length:
                report.heads.append(ChainHead(election, chain, w.length, w.head))
        if progress is not None:
            progress(
                election,
                versions.length + finals.length + incidents.length + samples.length,
            )


def check_heads(session: Session, report: RecordReport, _progress: Progress | None) -> None:
    """The stored heads equal the walked ones (nothing appended or removed past them)."""
    walked = {(h.scope, h.chain): h for h in report.heads}
    stored = {(h.scope, h.chain): h for h in stored_heads(session)}
    for key in sorted(set(walked) | set(stored)):
        mine, theirs = walked.get(key), stored.get(key)
        if mine != theirs:
            scope, chain = key
            raise IntegrityError(
                f"{chain} of {scope}: the stored head ({_show(theirs)}) does not match the "
                f"last record ({_show(mine)}): records were removed or appended outside majlis",
                code="record.head_mismatch",
                params={
                    "chain": chain,
                    "scope": scope,
                    "stored": None if theirs is None else _show(theirs),
                    "walked": None if mine is None else _show(mine),
                },
            )


def _ledger_beside_elections(
    session: Session,
    sibling: Callable[[], Session],
    report: RecordReport,
    progress: Progress | None,
) -> None:
    """:func:`check_ledger` on a sibling session in a thread, :func:`check_elections` here."""
    ledger = RecordReport()

    def walk_ledger() -> None:
        with sibling() as own:
            check_ledger(own, ledger, progress)

    with ThreadPoolExecutor(1, "majlis-ledger") as pool:
        beside = pool.submit(walk_ledger)
        elections = RecordReport()
        try:
            check_elections(session, elections, progress)
        except IntegrityError:
            beside.result()  # the ledger comes first: its error, if any, is the one raised
            raise
        beside.result()
    report.heads += ledger.heads + elections.heads
    report.active_members = ledger.active_members


def _show(head: ChainHead | None) -> str:
    return "none" if head is None else f"#{head.length} {head.hash[:16]}…"


#: The checks ``majlis verify`` runs, in order.
CHECKS: tuple[Check, ...] = (check_ledger, check_elections, check_heads)


def verify_record(
    session: Session,
    *,
    expect: str | None = None,
    progress: Progress | None = None,
    checks: tuple[Check, ...] = CHECKS,
    sibling: Callable[[], Session] | None = None,
) -> RecordReport:
    """Run every check; return the walked heads and their digest.

    With ``sibling``, a factory of sessions on the same database (for a caller whose session
    holds no change of its own: a sibling sees only what is committed), the membership ledger
    is verified on a session of its own in another thread while the elections' chains are
    walked on ``session``: both spend their time in the database and in Polars, mostly
    outside the GIL, so the two share two cores. The report,
    and the first error raised, are those of the checks run in order.

    Raises:
        IntegrityError: naming the first bad record, or, with ``expect``, when the digest
            differs from the expected one (a rewrite of the newest records with their
            hashes and heads passes every chain but not a digest published before it).
    """
    report = RecordReport()
    todo = list(checks)
    if sibling is not None and todo[:2] == [check_ledger, check_elections]:
        _ledger_beside_elections(session, sibling, report, progress)
        todo = todo[2:]
    for check in todo:
        check(session, report, progress)
    if expect is not None and report.digest != expect.strip().lower():
        raise IntegrityError(
            f"the record digest is {report.digest}, not the expected {expect.strip()}: the "
            "record changed since that digest was published",
            code="record.digest_changed",
            params={"digest": report.digest, "expected": expect.strip()},
        )
    return report
