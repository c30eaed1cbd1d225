"""Request-scoped dependencies: a transaction per request, the caller, role checks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

import anyio
from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from majlis.api._token_cache import TokenCache
from majlis.api.errors import ApiError
from majlis.api.settings import Settings
from majlis.store.tokens import Principal, Role, record_write, verify_token

__all__ = [
    "AdminDep",
    "CallerDep",
    "PageParams",
    "SessionDep",
    "SettingsDep",
    "ensure_party_scope",
    "require",
]

_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer mjl_…`")


def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


def _finish(session: Session, request: Request) -> None:
    """Attribute an audited write, commit, and give the connection back (one thread hop)."""
    try:
        if getattr(request.state, "audited_write", False):
            route = request.scope.get("route")
            record_write(
                session,
                principal=getattr(request.state, "principal", None),
                method=request.method,
                path=request.url.path,
                status=getattr(request.state, "audit_status", None)
                or getattr(route, "status_code", None)
                or 200,
            )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _abandon(session: Session) -> None:
    """Roll back whatever the request did and give the connection back."""
    try:
        session.rollback()
    finally:
        session.close()


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: committed if the route returns, rolled back otherwise.

    A successful write (a route guarded by :func:`require`) is attributed to its caller in
    the audit trail, in the same transaction: the write and its attribution stand or fall
    together. Opening a session does no I/O, so it happens on the event loop; the commit (or
    rollback) runs in the thread pool in one hop, shielded from cancellation so that a
    dropped client never leaves a connection checked out.
    """
    session: Session = request.app.state.session_factory()
    try:
        yield session
    except BaseException:
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(_abandon, session)
        raise
    with anyio.CancelScope(shield=True):
        await run_in_threadpool(_finish, session, request)


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_caller(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    """The holder of the bearer token, or None for an anonymous caller.

    A token verified within the last ``token_cache_seconds`` is taken from the worker's
    :class:`~majlis.api._token_cache.TokenCache` without a database round trip; otherwise it
    is looked up (in the thread pool) and remembered.
    """
    if credentials is None:
        return None
    cache: TokenCache = request.app.state.token_cache
    principal = cache.get(credentials.credentials)
    if principal is None:
        principal = await run_in_threadpool(verify_token, session, credentials.credentials)
        if principal is None:
            raise ApiError(401, "invalid_token", "The token is unknown, revoked or expired.")
        cache.put(credentials.credentials, principal)
    request.state.principal = principal
    return principal


CallerDep = Annotated[Principal | None, Depends(get_caller)]


def require(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency admitting only callers holding one of ``roles`` (admin always)."""
    allowed = frozenset(roles) | {Role.ADMIN}
    names = ", ".join(sorted(r.value for r in allowed))

    async def dependency(request: Request, caller: CallerDep) -> Principal:
        # async: a pure check, so no thread-pool hop of its own
        if request.method in _WRITES:
            request.state.audited_write = True
        if caller is None:
            raise ApiError(401, "unauthenticated", f"This action needs a token of role {names}.")
        if caller.role not in allowed:
            raise ApiError(
                403, "forbidden", f"Role {caller.role.value} may not do this; needs {names}."
            )
        return caller

    return dependency


AdminDep = Annotated[Principal, Depends(require(Role.ADMIN))]


def ensure_party_scope(caller: Principal, party_id: int) -> None:
    """Refuse a party officer acting on any party but their own."""
    if caller.role is Role.PARTY_OFFICER and caller.party_id != party_id:
        raise ApiError(
            403,
            "forbidden",
            f"A party officer of party {caller.party_id} may not act on party {party_id}.",
        )


class _Page:
    """``limit`` and ``offset`` query parameters."""

    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=1000, description="At most this many items.")] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many.")] = 0,
    ) -> None:
        self.limit = limit
        self.offset = offset


PageParams = Annotated[_Page, Depends()]
