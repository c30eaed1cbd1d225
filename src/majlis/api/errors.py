"""The one place where errors become HTTP responses.

Every error leaves the API in one shape::

    {"error": {"code": "not_found", "message": "No party with id 7.", "field": null,
               "details": []}}

``code`` is machine-readable (the snake-cased error class), ``message`` is for people,
``field`` names the offending input where one is known. Unexpected exceptions become a
500 ``internal_error`` whose message reveals nothing of the server.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from majlis import errors

__all__ = [
    "STATUS",
    "ApiError",
    "ErrorBody",
    "ErrorDetail",
    "ErrorEnvelope",
    "install",
    "respond",
]

_log = logging.getLogger("majlis.api")

#: How a mounted dashboard renders an error as a page: (request, status, message) → response.
ErrorPage = Callable[[Request, int, str], Response]

#: HTTP status per error class; the most specific class listed wins.
STATUS: dict[type[errors.MajlisError], int] = {
    errors.InputError: 422,
    errors.NotFoundError: 404,
    errors.RuleViolation: 409,
    errors.ConflictError: 409,
    errors.IntegrityError: 500,
    errors.ConfigurationError: 503,
    errors.MajlisError: 400,
}

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
}


class ErrorDetail(BaseModel):
    """One problem with one input field."""

    field: str
    message: str


class ErrorBody(BaseModel):
    """A machine code, a human message, and where known the field at fault."""

    code: str
    message: str
    field: str | None = None
    details: list[ErrorDetail] = []


class ErrorEnvelope(BaseModel):
    """The body of every error response."""

    error: ErrorBody


class ApiError(Exception):
    """An HTTP-level refusal (authentication, permission) raised by the API itself."""

    def __init__(self, status: int, code: str, message: str) -> None:
        self.status = status
        self.code = code
        self.message = message
        super().__init__(message)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def status_for(exc: errors.MajlisError) -> int:
    """Return the status of the most specific class of ``exc`` listed in STATUS."""
    for cls in type(exc).__mro__:
        status = STATUS.get(cls)
        if status is not None:
            return status
    return 400


def respond(
    status: int,
    body: ErrorBody,
    headers: Mapping[str, str] | None = None,
    *,
    request: Request | None = None,
) -> Response:
    """The error response: the JSON envelope under ``/api``; elsewhere the error page of the
    dashboard mounted on the app (``app.state.error_page``, which
    :func:`majlis.web.mount_dashboard` sets), if one is."""
    if request is not None and not request.url.path.startswith("/api"):
        app = request.scope.get("app")
        page: ErrorPage | None = getattr(getattr(app, "state", None), "error_page", None)
        if page is not None:
            return page(request, status, body.message)
    return JSONResponse(
        ErrorEnvelope(error=body).model_dump(mode="json"), status_code=status, headers=headers
    )


def _field(parts: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(p) for p in parts if p not in ("body", "query", "path", "header"))


async def _majlis_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.MajlisError)  # registered for MajlisError only
    status = status_for(exc)
    if status >= 500:
        _log.error("server-side majlis error", exc_info=exc)
        message = (
            "The service is not available now." if status == 503 else "Stored data failed a check."
        )
        return respond(
            status, ErrorBody(code=_snake(type(exc).__name__), message=message), request=request
        )
    field = exc.location.field if exc.location else None
    return respond(
        status,
        ErrorBody(code=_snake(type(exc).__name__), message=str(exc), field=field),
        request=request,
    )


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return respond(
        exc.status, ErrorBody(code=exc.code, message=exc.message), headers, request=request
    )


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = [ErrorDetail(field=_field(e.get("loc", ())), message=e["msg"]) for e in exc.errors()]
    first = details[0] if details else ErrorDetail(field="", message="invalid request")
    message = f"'{first.field}': {first.message}" if first.field else first.message
    return respond(
        422,
        ErrorBody(code="validation_error", message=message, field=first.field, details=details),
        request=request,
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return respond(
        exc.status_code, ErrorBody(code=code, message=message), exc.headers, request=request
    )


async def _database_conflict(request: Request, exc: Exception) -> Response:
    _log.warning("database refused a write", extra={"error": type(exc).__name__})
    return respond(
        409,
        ErrorBody(
            code="conflict",
            message="The write conflicts with stored data (e.g. a concurrent submission of "
            "the same record); nothing was stored. Reload and retry.",
        ),
        request=request,
    )


async def _database_refused_value(request: Request, exc: Exception) -> Response:
    _log.warning("database refused a value", extra={"error": type(exc).__name__})
    return respond(
        422,
        ErrorBody(
            code="validation_error",
            message="The database refused a value of the request (too long, out of range or "
            "with characters it cannot store); nothing was stored.",
        ),
        request=request,
    )


async def _database_unavailable(request: Request, exc: Exception) -> Response:
    _log.error("database unavailable", exc_info=exc)
    return respond(
        503,
        ErrorBody(code="database_unavailable", message="The database is not available now."),
        request=request,
    )


async def _unexpected(request: Request, exc: Exception) -> Response:
    _log.error("unexpected error", exc_info=exc)
    return respond(
        500,
        ErrorBody(code="internal_error", message="An internal error occurred."),
        request=request,
    )


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(errors.MajlisError, _majlis_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(sqlalchemy.exc.IntegrityError, _database_conflict)
    app.add_exception_handler(sqlalchemy.exc.DataError, _database_refused_value)
    # any other database failure (operational, interface, internal, a pool timeout): 503
    app.add_exception_handler(sqlalchemy.exc.SQLAlchemyError, _database_unavailable)
    app.add_exception_handler(Exception, _unexpected)
