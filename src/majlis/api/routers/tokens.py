"""API tokens: issue, list and revoke (admin only), and ``/me``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field, StrictInt

from majlis.api._text import Line
from majlis.api.deps import AdminDep, CallerDep, SessionDep, SettingsDep
from majlis.store.tokens import Role, TokenInfo, issue_token, list_tokens, revoke_token

router = APIRouter(tags=["tokens"])


class TokenCreate(BaseModel):
    """A token to issue."""

    name: Annotated[str, Line("api_token.name")] = Field(description="Who holds it.")
    role: Role
    party_id: StrictInt | None = Field(default=None, ge=1, description="Only for party officers.")
    days: StrictInt | None = Field(default=None, ge=1, le=3650, description="Lifetime in days.")


class TokenPublic(BaseModel):
    """A stored token, without its secret."""

    id: int
    name: str
    role: Role
    party_id: int | None
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    active: bool


class TokenIssued(TokenPublic):
    """A new token: ``secret`` is shown this once and never again."""

    secret: str


class MePublic(BaseModel):
    """Who the caller is."""

    name: str
    role: Role | None
    party_id: int | None


def _public(info: TokenInfo) -> TokenPublic:
    return TokenPublic(
        id=info.id,
        name=info.name,
        role=info.role,
        party_id=info.party_id,
        created_at=info.created_at,
        expires_at=info.expires_at,
        revoked_at=info.revoked_at,
        active=info.is_active(),
    )


@router.post("/tokens", response_model=TokenIssued, status_code=201)
def create_token(
    body: TokenCreate, session: SessionDep, _admin: AdminDep, settings: SettingsDep
) -> TokenIssued:
    """Issue a token (admin)."""
    issued = issue_token(
        session,
        name=body.name,
        role=body.role,
        party_id=body.party_id,
        days=body.days or settings.token_days,
    )
    return TokenIssued(**_public(issued.info).model_dump(), secret=issued.secret)


@router.get("/tokens", response_model=list[TokenPublic])
def get_tokens(session: SessionDep, _admin: AdminDep) -> list[TokenPublic]:
    """List every token (admin)."""
    return [_public(i) for i in list_tokens(session)]


@router.delete("/tokens/{token_id}", response_model=TokenPublic)
def delete_token(
    token_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    request: Request,
    session: SessionDep,
    _admin: AdminDep,
) -> TokenPublic:
    """Revoke a token (admin): refused at once by this worker, by every worker within
    ``token_cache_seconds`` (default 5 s)."""
    revoked = _public(revoke_token(session, token_id))
    request.app.state.token_cache.forget(token_id)
    return revoked


@router.get("/me", response_model=MePublic)
def me(caller: CallerDep) -> MePublic:
    """Who the token belongs to (anonymous without one)."""
    if caller is None:
        return MePublic(name="anonymous", role=None, party_id=None)
    return MePublic(name=caller.name, role=caller.role, party_id=caller.party_id)
