"""Forensics of an election's count and open-data exports (Popolo)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel

from majlis import parliament
from majlis.api._text import column_length
from majlis.api.deps import SessionDep, require
from majlis.registry.popolo import export_popolo
from majlis.store.elections_rows import ElectionRow
from majlis.store.tokens import Principal, Role
from majlis.web import cached_audit

router = APIRouter(tags=["exports"])

Slug = Annotated[
    str,
    Path(min_length=1, max_length=column_length(ElectionRow.slug), pattern=r"^[A-Za-z0-9_.-]+$"),
]
Registrar = Annotated[Principal, Depends(require(Role.COMMISSION))]


class MethodPublic(BaseModel):
    """One forensic method's verdict with its numbers and source."""

    key: str
    title: str
    citation: str
    signal: bool | None
    headline: str
    numbers: dict[str, str]
    explanation: str


class ForensicsPublic(BaseModel):
    """The audit of an election's final protocols."""

    election: str
    leader: str
    stations: int
    flagged_stations: int
    methods: list[MethodPublic]


@router.get("/elections/{slug}/forensics", response_model=ForensicsPublic, tags=["forensics"])
def get_forensics(request: Request, slug: Slug, session: SessionDep) -> ForensicsPublic:
    """Run (or reuse) the audit of the final protocols: every method's verdict (public)."""
    audit = cached_audit(request.app.state, session, slug)
    return ForensicsPublic(
        election=slug,
        leader=audit.leader,
        stations=audit.stations,
        flagged_stations=int((audit.flags.score > 0).sum()),
        methods=[
            MethodPublic(
                key=m.key,
                title=m.title,
                citation=m.citation,
                signal=m.signal,
                headline=m.headline,
                numbers=dict(m.numbers),
                explanation=m.explanation,
            )
            for m in audit.methods
        ],
    )


@router.get("/parliament/convocations/{slug}/popolo")
def get_chamber_popolo(slug: Slug, session: SessionDep) -> dict[str, list[dict[str, Any]]]:
    """The chamber as Popolo JSON: deputies, parties, posts, mandates (public)."""
    sitting = parliament.find_convocation(session, slug)
    views = parliament.mandates(session, convocation=slug)
    chamber = f"chamber/{sitting.slug}"
    parties = sorted({v.party for v in views if v.party})
    persons = {v.person_id: v.person_name for v in views}
    return {
        "persons": [{"id": f"person/{pid}", "name": name} for pid, name in persons.items()],
        "organizations": [
            {"id": chamber, "name": sitting.name, "classification": "legislature"},
            *({"id": f"party/{p}", "name": p, "classification": "party"} for p in parties),
        ],
        "posts": [
            {"id": f"{chamber}/post/{n}", "label": f"Seat {n}", "organization_id": chamber}
            for n in sorted({v.post for v in views})
        ],
        "memberships": [
            {
                "id": f"mandate/{v.id}",
                "person_id": f"person/{v.person_id}",
                "organization_id": chamber,
                "post_id": f"{chamber}/post/{v.post}",
                "on_behalf_of_id": f"party/{v.party}" if v.party else None,
                "role": v.kind.value,
                "start_date": v.start.isoformat(),
                "end_date": v.end.isoformat() if v.end else None,
                "end_reason": v.end_reason.value if v.end_reason else None,
            }
            for v in views
        ],
    }


@router.get("/exports/popolo")
def get_registry_popolo(session: SessionDep, _c: Registrar) -> dict[str, list[dict[str, Any]]]:
    """The whole registry as Popolo JSON, national ids included (commission)."""
    return export_popolo(session)
