"""The application factory: ``create_app(settings)`` → FastAPI app with API and dashboard."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy import Engine

from majlis import __version__, store
from majlis.api import errors
from majlis.api._access import AccessLog
from majlis.api._guard import RequestGuard
from majlis.api._headers import SecurityHeaders
from majlis.api._logging import configure_logging
from majlis.api._token_cache import TokenCache
from majlis.api.routers import (
    allocations,
    elections,
    exports,
    health,
    incidents,
    parliament,
    party_lifecycle,
    pvt,
    record,
    registry,
    results,
    rulesets,
    scenarios,
    tokens,
)
from majlis.api.settings import Settings
from majlis.cache import ResultsCache
from majlis.web import mount_dashboard

API_PREFIX = "/api/v1"

_DESCRIPTION = """\
The REST interface of majlis: rulesets and seat allocation, the party registry, elections,
protocols and results, the parliament, forensics and open-data exports.

Authenticate with `Authorization: Bearer <token>` (see `majlis token create`). Roles:
`admin`; `commission` (protocols, tabulation, mandates); `party-officer` (one party's roll
and lists); `observer` (protocol copies and incidents). Published results are public.
Errors share one shape: `{"error": {"code", "message", "field", "details"}}`.
"""


def _routers() -> list[APIRouter]:
    return [
        health.router,
        tokens.router,
        rulesets.router,
        scenarios.router,
        allocations.router,
        elections.router,
        parliament.router,
        results.router,
        incidents.router,
        pvt.router,
        record.router,
        registry.router,
        party_lifecycle.router,
        exports.router,
    ]


@asynccontextmanager
async def _frozen_heap(_app: FastAPI) -> AsyncIterator[None]:
    """At start-up, move every object alive so far out of the cyclic collector's sight.

    A worker starts with some 300,000 objects (the libraries, the app, the routes) that live
    as long as it does. Without this, each full collection walks all of them, about 150 ms
    during which the worker answers nobody: the tail of the latency under load.
    """
    gc.collect()
    gc.freeze()
    yield


def create_app(
    settings: Settings | None = None, *, engine: Engine | None = None, freeze_heap: bool = False
) -> FastAPI:
    """Build the app for ``settings`` (from the environment when omitted).

    ``freeze_heap`` (what ``majlis serve`` asks for, through :func:`served_app`) takes the
    objects alive at start-up out of the garbage collector's full passes; it acts on the
    whole process, so it is meant for a server process, not for an app embedded in another.
    """
    settings = settings or Settings()
    logger = configure_logging(settings.log_level)
    app = FastAPI(
        title="majlis",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=_frozen_heap if freeze_heap else None,
        openapi_url="/openapi.json",
        docs_url=None,  # served from the package's own bundles by the dashboard's mount
        redoc_url=None,
        responses={
            "4XX": {"model": errors.ErrorEnvelope, "description": "Refused"},
        },
    )
    engine = engine or store.make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = store.session_factory(engine)
    app.state.results_cache = ResultsCache(settings.results_cache_seconds)
    app.state.token_cache = TokenCache(settings.token_cache_seconds)
    errors.install(app)
    for router in _routers():
        app.include_router(router, prefix=API_PREFIX)
    mount_dashboard(app)

    # innermost first: the guard refuses, the headers stamp its refusals too, the log sees all
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    if settings.access_log:
        app.add_middleware(AccessLog)

    logger.debug("app built", extra={"database": engine.dialect.name})
    return app


def served_app() -> FastAPI:
    """The app of one ``majlis serve`` worker: settings from the environment, heap frozen."""
    return create_app(freeze_heap=True)
