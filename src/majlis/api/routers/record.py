"""``GET /record``: the record digest and the heads of every chain (public)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from majlis import record
from majlis.api.deps import SessionDep

router = APIRouter(tags=["record"])


class ChainHeadPublic(BaseModel):
    """The head of one chain: its scope (an election or ``registry``), table, length, hash."""

    scope: str
    chain: str
    length: int
    hash: str


class RecordPublic(BaseModel):
    """The record digest over the stored heads, the heads and the records per chain."""

    election: str | None
    digest: str
    heads: list[ChainHeadPublic]
    counts: dict[str, int]


@router.get("/record", response_model=RecordPublic)
def get_record(
    session: SessionDep,
    election: Annotated[
        str | None, Query(max_length=64, description="One election's digest only.")
    ] = None,
) -> RecordPublic:
    """The digest a commission publishes (stored heads; ``majlis verify`` recomputes them)."""
    found = record.record_digest(session, election)
    counts: dict[str, int] = {}
    for head in found.heads:
        counts[head.chain] = counts.get(head.chain, 0) + head.length
    return RecordPublic(
        election=election,
        digest=found.digest,
        heads=[
            ChainHeadPublic(scope=h.scope, chain=h.chain, length=h.length, hash=h.hash)
            for h in found.heads
        ],
        counts=counts,
    )
