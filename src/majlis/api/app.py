"""The application factory: ``create_app(settings)`` → FastAPI app with API and dashboard."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, FastAPI, Request, Response
from sqlalchemy import Engine

from majlis import __version__, store
from majlis.api import errors
from majlis.api._logging import configure_logging
from majlis.api._token_cache import TokenCache
from majlis.api.routers import (
    allocations,
    elections,
    exports,
    health,
    incidents,
    parliament,
    registry,
    results,
    rulesets,
    scenarios,
    tokens,
)
from majlis.api.settings import Settings
from majlis.web import ResultsCache, mount_dashboard

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
        registry.router,
        exports.router,
    ]


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the app for ``settings`` (from the environment when omitted)."""
    settings = settings or Settings()
    logger = configure_logging(settings.log_level)
    app = FastAPI(
        title="majlis",
        version=__version__,
        description=_DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url="/redoc",
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

    if settings.access_log:
        access = logging.getLogger("majlis.access")

        @app.middleware("http")
        async def log_requests(
            request: Request, call_next: Callable[[Request], Awaitable[Response]]
        ) -> Response:
            started = time.perf_counter()
            request_id = request.headers.get("x-request-id") or uuid.uuid4().hex[:16]
            response = await call_next(request)
            response.headers["X-Request-ID"] = request_id
            access.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.url.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            return response

    logger.debug("app built", extra={"database": engine.dialect.name})
    return app
