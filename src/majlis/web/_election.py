"""Which election a page shows, its title, and its stored audit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis import elections, results
from majlis.errors import NotFoundError
from majlis.store.elections_rows import ElectionRow
from majlis.store.results_rows import ProtocolVersionRow

if TYPE_CHECKING:  # the audit stack (SciPy, plots) loads on a forensics page's first use
    from majlis.report import StoredAudit


def pick_election(session: Session, slug: str | None) -> str:
    """``slug`` if given, else the newest election with protocols (or any election)."""
    if slug:
        return slug
    with_protocols = session.scalars(select(ProtocolVersionRow.election).limit(1)).first()
    if with_protocols:
        return with_protocols
    newest = session.scalars(
        select(ElectionRow.slug).order_by(ElectionRow.polling_day.desc())
    ).first()
    if newest is None:
        raise NotFoundError("No election is stored yet (try `majlis demo`).")
    return newest


def election_title(session: Session, slug: str) -> str:
    """The stored election's name, or its slug when only its protocols are stored."""
    try:
        return elections.get_election(session, slug).name
    except NotFoundError:
        return slug


def cached_audit(state: Any, session: Session, election: str) -> StoredAudit:
    """The stored audit of ``election`` (:func:`majlis.report.election_audit`, default
    settings), kept in ``state`` (the app's) while the final protocols stay the same."""
    from majlis.report import election_audit

    memo: dict[str, StoredAudit] = state.__dict__.setdefault("audits", {})
    digest = results.final_protocols_digest(session, election)
    hit = memo.get(election)
    if hit is not None and hit.protocols_digest == digest:
        return hit
    audit = election_audit(session, election)
    memo[election] = audit
    return audit
