"""The record digest: one hex digest over every chain head, per election and the ledger."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis import registry
from majlis.results import CHAINS, heads_digest
from majlis.store.results_rows import RecordHeadRow

__all__ = ["LEDGER_SCOPE", "ChainHead", "RecordDigest", "record_digest", "stored_heads"]

#: The scope under which the membership ledger's head enters the digest.
LEDGER_SCOPE = "registry"


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The head of one chain: its scope (an election, or ``registry``), table, length, hash."""

    scope: str
    chain: str
    length: int
    hash: str

    def line(self) -> tuple[str, str, int, str]:
        """The head as it enters the digest."""
        return (self.scope, self.chain, self.length, self.hash)


@dataclass(frozen=True, slots=True)
class RecordDigest:
    """The digest and the heads it covers."""

    digest: str
    heads: tuple[ChainHead, ...]


def stored_heads(session: Session, election: str | None = None) -> list[ChainHead]:
    """The stored heads of non-empty chains (of one election, or of all plus the ledger)."""
    query = select(RecordHeadRow).where(RecordHeadRow.seq > 0)
    if election is not None:
        query = query.where(RecordHeadRow.election == election)
    heads = [
        ChainHead(r.election, r.chain, r.seq, r.hash)
        for r in session.scalars(query)
        if r.chain in CHAINS
    ]
    ledger = registry.ledger_head(session) if election is None else None
    if ledger is not None:
        heads.append(ChainHead(LEDGER_SCOPE, "membership_event", *ledger))
    return sorted(heads, key=ChainHead.line)


def record_digest(session: Session, election: str | None = None) -> RecordDigest:
    """The digest over the stored chain heads: of the whole record, or of one election.

    The whole record's digest covers every election's chains and the membership ledger; an
    election's digest covers its own three chains only (what its exported record proves).
    This reads the heads as stored; ``majlis verify`` recomputes them from every record and
    refuses when they differ, so publish a digest only after a verification.
    """
    heads = stored_heads(session, election)
    return RecordDigest(heads_digest([h.line() for h in heads]), tuple(heads))
