"""The quick count of an election: a coordinator draws the sample, everyone reads it.

Roles: the **coordinator** who draws (and chains) the sample is an ``admin`` token, or an
``observer`` token whose holder's name is listed in ``MAJLIS_PVT_COORDINATORS``
(comma-separated) — the observer organisation's coordinator, without a new role. Observers
submit their copies through the observer-copy endpoint of the results API. The design in
force, the status board, the estimate and the comparison are public reads (a quick count is
published, so that anyone can hold the official count against it).
"""

from __future__ import annotations

import hmac
import os
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field, model_validator
from starlette.concurrency import run_in_threadpool

from majlis import pvt
from majlis.api.deps import SessionDep, require
from majlis.api.errors import ApiError
from majlis.store.tokens import Principal, Role

router = APIRouter(tags=["quick count"])

Slug = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
Caller = Annotated[Principal, Depends(require(Role.OBSERVER))]
#: Names (of observer tokens) allowed to draw a sample, comma-separated.
COORDINATORS_VARIABLE = "MAJLIS_PVT_COORDINATORS"
#: The secret an SMS gateway sends with every message (the intake is off without it).
SMS_SECRET_VARIABLE = "MAJLIS_PVT_SMS_SECRET"
Text = Annotated[str, Query(min_length=1, max_length=1000)]


class DesignRequest(BaseModel):
    """A sample to draw: margin in points, confidence in percent, a seed or a public text."""

    margin: float = Field(gt=0, lt=50, description="Margin of error in points (0.5).")
    confidence: float = Field(default=99.0, gt=50, lt=100, description="Percent (95, 99).")
    seed: int | None = Field(default=None, ge=0, lt=2**63)
    seed_text: str | None = Field(default=None, min_length=1, max_length=1000)
    stratify: str = Field(default="region", pattern=r"^(region|territorial|none)$")
    turnout: float = Field(default=1.0, gt=0, le=1)
    stations: int | None = Field(default=None, ge=1, le=1_000_000)
    dry_run: bool = False

    @model_validator(mode="after")
    def _one_seed(self) -> DesignRequest:
        if (self.seed is None) == (self.seed_text is None):
            raise ValueError("give either 'seed' or 'seed_text'")
        return self


def _coordinator(caller: Principal) -> None:
    if caller.role is Role.ADMIN:
        return
    allowed = {n.strip() for n in os.environ.get(COORDINATORS_VARIABLE, "").split(",")}
    if caller.name not in allowed - {""}:
        raise ApiError(
            403,
            "forbidden",
            f"Only a quick-count coordinator draws the sample: an admin, or an observer named "
            f"in {COORDINATORS_VARIABLE}.",
        )


@router.post("/elections/{slug}/pvt/design", status_code=201)
def post_design(
    slug: Slug, body: DesignRequest, session: SessionDep, caller: Caller
) -> dict[str, Any]:
    """Size, allocate and draw the sample; unless ``dry_run``, chain it (coordinator)."""
    _coordinator(caller)
    plan = pvt.plan_sample(
        session,
        slug,
        margin=body.margin / 100.0,
        confidence=body.confidence / 100.0,
        seed=body.seed,
        seed_text=body.seed_text,
        stratify=body.stratify,
        turnout=body.turnout,
        stations=body.stations,
    )
    view = pvt.design_view(plan)
    if not body.dry_run:
        view["record_hash"] = pvt.store_sample(session, plan, designed_by=caller.name)
    view["stored"] = not body.dry_run
    return view


class AssignRequest(BaseModel):
    """Observers per sampled station, and the phone each observer's text messages come from."""

    assignments: dict[
        Annotated[str, Field(min_length=1, max_length=32)],
        Annotated[list[Annotated[str, Field(min_length=1, max_length=200)]], Field(max_length=20)],
    ] = Field(max_length=100_000)
    phones: dict[
        Annotated[str, Field(min_length=1, max_length=200)],
        Annotated[str, Field(min_length=6, max_length=32, pattern=r"^\+?[0-9][0-9 ().-]+$")],
    ] = Field(default_factory=dict, max_length=100_000)


@router.post("/elections/{slug}/pvt/assignments", status_code=201)
def post_assignments(
    slug: Slug, body: AssignRequest, session: SessionDep, caller: Caller
) -> dict[str, Any]:
    """Assign observers (and register their phones) to sampled stations, chained with the
    design (coordinator). A text message is then attributed by the phone it comes from."""
    _coordinator(caller)
    return pvt.assign_observers(
        session, slug, body.assignments, designed_by=caller.name, phones=body.phones
    )


@router.get("/elections/{slug}/pvt/design")
def get_design(slug: Slug, session: SessionDep) -> dict[str, Any]:
    """The design in force with its SHA-256 (public)."""
    return pvt.current_sample(session, slug)


@router.get("/elections/{slug}/pvt/status")
def get_status(slug: Slug, session: SessionDep) -> dict[str, Any]:
    """The status board per stratum (public)."""
    return pvt.status_view(pvt.collect_reports(session, slug))


@router.get("/elections/{slug}/pvt/estimate")
def get_estimate(slug: Slug, session: SessionDep) -> dict[str, Any]:
    """Shares and turnout with 95 % and 99 % margins and the calls (public)."""
    return pvt.estimate_view(pvt.estimate_election(session, slug))


@router.get("/elections/{slug}/pvt/rounds")
def get_rounds(
    slug: Slug,
    session: SessionDep,
    rounds: Annotated[int, Query(ge=1, le=100, description="How many rounds.")] = 10,
) -> dict[str, Any]:
    """The estimate after each share of the reports, in order of arrival (public)."""
    return pvt.rounds_view(pvt.estimate_rounds(session, slug, rounds))


@router.get("/elections/{slug}/pvt/compare")
def get_compare(
    slug: Slug,
    session: SessionDep,
    draws: Annotated[int, Query(ge=100, le=20_000, description="Seat draws.")] = 4000,
) -> dict[str, Any]:
    """The official shares and seats against the quick count (public)."""
    return pvt.compare_view(pvt.compare_election(session, slug, draws=draws))


def _sms(session: SessionDep, slug: str, secret: str, sender: str, text: str) -> PlainTextResponse:
    expected = os.environ.get(SMS_SECRET_VARIABLE, "")
    if not expected:
        raise ApiError(403, "forbidden", f"SMS intake is off: set {SMS_SECRET_VARIABLE}.")
    if not hmac.compare_digest(secret.encode(), expected.encode()):
        raise ApiError(403, "forbidden", "Wrong or missing shared secret.")
    answer = pvt.receive_sms(session, slug, text, sender)
    return PlainTextResponse(answer.reply, status_code=201 if answer.stored else 200)


@router.get("/elections/{slug}/pvt/sms", response_class=PlainTextResponse)
def get_sms(
    slug: Slug,
    session: SessionDep,
    secret: Text,
    text: Text,
    sender: Annotated[str, Query(alias="from", min_length=1, max_length=64)],
) -> PlainTextResponse:
    """Kannel-style intake (``get-url = …/sms?secret=S&from=%p&text=%a``): the reply is the SMS."""
    return _sms(session, slug, secret, sender, text)


class SmsMessage(BaseModel):
    """A message from a gateway (JSON or form body)."""

    secret: str = Field(min_length=1, max_length=1000)
    sender: str = Field(alias="from", min_length=1, max_length=64)
    text: str = Field(min_length=1, max_length=1000)


@router.post("/elections/{slug}/pvt/sms", response_class=PlainTextResponse)
async def post_sms(slug: Slug, request: Request, session: SessionDep) -> PlainTextResponse:
    """Generic intake: JSON ``{"secret", "from", "text"}`` or the same as a form."""
    if request.headers.get("content-type", "").startswith("application/json"):
        data: Any = await request.json()
    else:
        data = dict(await request.form())
    try:
        message = SmsMessage.model_validate(data)
    except ValueError as exc:
        raise ApiError(422, "invalid", f"An SMS needs secret, from and text: {exc}") from None
    return await run_in_threadpool(
        _sms, session, slug, message.secret, message.sender, message.text
    )
