"""Rulesets: the shipped versions of each country's party-list law (read-only, cacheable)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel

from majlis.api._etag import etag_json
from majlis.api.deps import PageParams
from majlis.api.schemas import Page
from majlis.law import Ruleset, get_ruleset, list_rulesets

router = APIRouter(tags=["rulesets"])


class RulesetPublic(BaseModel):
    """One version of a party-list law with its statute citation."""

    id: str
    title: str
    jurisdiction: str
    body: str
    effective_from: date
    effective_to: date | None
    citation: str
    sources: list[str]
    total_seats: int
    list_seats: int
    district_seats: int
    appointed_seats: int
    method: str
    threshold: str
    threshold_percent: float
    threshold_base: str
    tie_break: str
    runner_up: str | None
    list_mode: str
    max_list_length: int | None
    notes: str


def ruleset_public(ruleset: Ruleset) -> RulesetPublic:
    """The public view of a ruleset (exact threshold as ``"n/d"``)."""
    return RulesetPublic(
        id=ruleset.id,
        title=ruleset.title,
        jurisdiction=ruleset.jurisdiction,
        body=ruleset.body,
        effective_from=ruleset.effective_from,
        effective_to=ruleset.effective_to,
        citation=ruleset.citation,
        sources=list(ruleset.sources),
        total_seats=ruleset.total_seats,
        list_seats=ruleset.list_seats,
        district_seats=ruleset.district_seats,
        appointed_seats=ruleset.appointed_seats,
        method=ruleset.method,
        threshold=str(ruleset.threshold),
        threshold_percent=float(ruleset.threshold * 100),
        threshold_base=ruleset.threshold_base,
        tie_break=ruleset.tie_break,
        runner_up=ruleset.runner_up,
        list_mode=ruleset.list_mode,
        max_list_length=ruleset.max_list_length(),
        notes=ruleset.notes,
    )


RulesetId = Annotated[str, Path(min_length=1, max_length=100, description="id or family")]


@router.get("/rulesets", response_model=Page[RulesetPublic])
def get_rulesets(
    request: Request,
    page: PageParams,
    jurisdiction: Annotated[str | None, Query(max_length=20)] = None,
    on: Annotated[date | None, Query(description="Only versions in force on this date.")] = None,
) -> Response:
    """Every shipped ruleset, filtered by jurisdiction and date in force."""
    rulesets = [
        r
        for r in list_rulesets()
        if (jurisdiction is None or r.jurisdiction == jurisdiction)
        and (on is None or r.in_force(on))
    ]
    chosen = rulesets[page.offset : page.offset + page.limit]
    payload = Page[RulesetPublic](data=[ruleset_public(r) for r in chosen], count=len(rulesets))
    return etag_json(request, payload, max_age=3600)


@router.get("/rulesets/{ruleset_id}", response_model=RulesetPublic)
def get_one_ruleset(
    request: Request,
    ruleset_id: RulesetId,
    on: Annotated[date | None, Query(description="The version of a family in force.")] = None,
) -> Response:
    """One ruleset by id, or the version of a family (``kz-majlis``) in force on a date."""
    return etag_json(request, ruleset_public(get_ruleset(ruleset_id, date=on)), max_age=3600)
