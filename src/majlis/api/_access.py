"""The access log as a plain ASGI middleware: one JSON line per request, and its request id.

A plain ASGI wrapper rather than Starlette's ``BaseHTTPMiddleware``: it only watches the
response start go by, so it adds no task, stream or copy of the body to each request.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["AccessLog"]

_REQUEST_ID = b"x-request-id"


class AccessLog:
    """Log method, path, status and duration of every HTTP request; echo ``X-Request-ID``."""

    def __init__(self, app: ASGIApp, logger: logging.Logger | None = None) -> None:
        self.app = app
        self.logger = logger or logging.getLogger("majlis.access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, stamping the response and logging it once it started."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given = next((v for k, v in scope["headers"] if k == _REQUEST_ID), None)
        request_id = given.decode("latin-1") if given else uuid.uuid4().hex[:16]
        status = 500

        async def stamped(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers: list[Any] = [
                    (k, v) for k, v in message.get("headers", ()) if k.lower() != _REQUEST_ID
                ]
                headers.append((_REQUEST_ID, request_id.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, stamped)
        finally:
            self.logger.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
