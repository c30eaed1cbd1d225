"""Which election a page shows, and the audit of its final protocols."""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis import elections, results
from majlis.errors import NotFoundError
from majlis.law import Allocation, PartyList, Ruleset, allocate, get_ruleset
from majlis.report import Audit, AuditOptions, AuditTable, audit_table
from majlis.store.elections_rows import ElectionRow
from majlis.store.results_rows import ProtocolVersionRow


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


def election_audit(session: Session, election: str, *, resamples: int = 200) -> Audit:
    """Every forensic method over the election's final protocols (leader = most votes)."""
    frame = results.station_frame(session, election)
    if frame.height == 0:
        raise NotFoundError(f"Election '{election}' has no final protocols to audit.")
    vote_columns = [c for c in frame.columns if c.startswith("votes.")]
    leader = max(vote_columns, key=lambda c: int(frame[c].sum()))
    standard = frame.select(
        pl.col("region"),
        pl.col("territorial").alias("territory"),
        pl.col("station"),
        pl.col("voters").alias("registered"),
        (pl.col("issued_station") + pl.col("issued_mobile")).alias("ballots_issued"),
        (pl.col("found_stationary") + pl.col("found_mobile")).alias("ballots_cast"),
        pl.col("valid"),
        pl.col(leader).alias("leader"),
    )
    table = AuditTable(name=election, frame=standard, leader=leader.removeprefix("votes."))
    options = AuditOptions(seed=0, resamples=resamples, spike_resamples=resamples)
    return audit_table(table, options=options)


def national_allocation(
    session: Session, election: str, national: results.Tally
) -> tuple[Ruleset, Allocation] | None:
    """The election's list seats from a national tally (None if the election is not stored)."""
    try:
        found = elections.get_election(session, election)
    except NotFoundError:
        return None
    ruleset = get_ruleset(found.ruleset_id)
    order = {
        lst.party_name: lst.registration_order or 0
        for lst in elections.party_lists(session, election=election)
    }
    lists = [
        PartyList(name, votes, registration_order=order.get(name, i + 1))
        for i, (name, votes) in enumerate(national.votes)
    ]
    allocation = allocate(
        ruleset,
        lists,
        against_all=national.lines.get("against_all", 0),
        ballots_cast=national.lines.get("found"),
        registered_voters=national.lines.get("voters"),
    )
    return ruleset, allocation


def cached_audit(state: Any, session: Session, election: str) -> Audit:
    """The audit of ``election`` kept in ``state`` (the app's), redone when protocols change."""
    store: dict[str, tuple[int, Audit]] = state.__dict__.setdefault("audits", {})
    version = results.count_versions(session, election)
    hit = store.get(election)
    if hit is not None and hit[0] == version:
        return hit[1]
    audit = election_audit(session, election)
    store[election] = (version, audit)
    return audit
