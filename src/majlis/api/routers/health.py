"""Liveness and readiness."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from majlis import __version__
from majlis.api.errors import ApiError

router = APIRouter(tags=["operations"])


class HealthPublic(BaseModel):
    """The process answers."""

    status: Literal["ok"]
    version: str


class ReadyPublic(BaseModel):
    """The process answers and its database is reachable."""

    status: Literal["ready"]
    database: str


@router.get("/health", response_model=HealthPublic)
def health() -> HealthPublic:
    """Liveness: the process is up."""
    return HealthPublic(status="ok", version=__version__)


@router.get("/ready", response_model=ReadyPublic, responses={503: {"description": "Not ready"}})
def ready(request: Request) -> ReadyPublic:
    """Readiness: the database answers a query."""
    engine = request.app.state.engine
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        raise ApiError(503, "database_unavailable", "The database does not answer.") from None
    return ReadyPublic(status="ready", database=engine.dialect.name)
