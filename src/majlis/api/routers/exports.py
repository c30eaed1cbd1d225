"""Forensics of an election's count and open-data exports (Popolo)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel

from majlis import parliament
from majlis.api._text import column_length
from majlis.api.deps import SessionDep, require
from majlis.cache import cached_audit
from majlis.registry.popolo import export_popolo
from majlis.store.tokens import Principal, Role

router = APIRouter(tags=["exports"])

Slug = Annotated[
    str,
    Path(min_length=1, max_length=column_length("election.slug"), pattern=r"^[A-Za-z0-9_.-]+$"),
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


class FlaggedPublic(BaseModel):
    """A station raising at least one flag, with its figures."""

    station: str
    region: str
    territory: str
    turnout: float | None
    share: float | None
    turnout_z: float | None
    share_z: float | None
    flags: list[str]
    registered: float | None = None
    ballots_issued: float | None = None
    ballots_cast: float | None = None
    leader_votes: float | None = None
    reason: str = ""


class ForensicsPublic(BaseModel):
    """The stored audit of an election's final protocols (the figures every output shows)."""

    election: str
    protocols_digest: str
    computed_at: datetime
    seed: int
    resamples: int
    spike_resamples: int
    leader: str
    stations: int
    flagged_stations: int
    flag_counts: dict[str, int]
    methods: list[MethodPublic]
    flagged: list[FlaggedPublic]


@router.get("/elections/{slug}/forensics", response_model=ForensicsPublic, tags=["forensics"])
def get_forensics(request: Request, slug: Slug, session: SessionDep) -> ForensicsPublic:
    """The stored audit of the final protocols (run once if none is stored): every method's
    verdict and every flagged station (public)."""
    stored = cached_audit(request.app.state, session, slug)
    audit = stored.record
    return ForensicsPublic(
        election=slug,
        protocols_digest=stored.protocols_digest,
        computed_at=stored.computed_at,
        seed=audit.options.seed,
        resamples=audit.options.resamples,
        spike_resamples=audit.options.spike_resamples,
        leader=audit.leader,
        stations=audit.stations,
        flagged_stations=audit.flagged_stations,
        flag_counts=dict(audit.flag_counts),
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
        flagged=[
            FlaggedPublic(
                station=f.station,
                region=f.region,
                territory=f.territory,
                turnout=f.turnout,
                share=f.share,
                turnout_z=f.turnout_z,
                share_z=f.share_z,
                flags=list(f.flags),
                registered=f.registered,
                ballots_issued=f.ballots_issued,
                ballots_cast=f.ballots_cast,
                leader_votes=f.leader_votes,
                reason=f.reason,
            )
            for f in audit.flagged
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
