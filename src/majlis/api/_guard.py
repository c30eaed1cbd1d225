"""The request guard: one place that refuses hostile input before any route sees it.

A plain ASGI middleware, in front of the API and the dashboard alike:

- a body over ``max_body_bytes`` is refused with 413 (by its ``Content-Length`` at once,
  otherwise as soon as the bytes read pass the limit);
- a control character (or a lone surrogate) in the path or in any query parameter, or a
  query string that is not UTF-8, is refused with 422;
- in a JSON or form body, every string (keys included) is checked with the prose rule of
  :mod:`majlis.api._text` (tab and line breaks allowed, no other control character), so a
  NUL byte never reaches the database whatever field it hides in;
- a JSON body nested deeper than the parser can follow is refused with 422, not a 500.

Refusals have the API's error shape under ``/api`` and are the dashboard's error page
elsewhere. Bodies the guard let through are handed on unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from majlis.api._text import describe, forbidden_in_line, forbidden_in_prose
from majlis.api.errors import ErrorBody, respond

__all__ = ["RequestGuard"]

_JSON = (b"application/json", b"+json")
_FORM = b"application/x-www-form-urlencoded"


class _Refused(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = ErrorBody(code=code, message=message, field=field)


def _strings(value: Any) -> Iterator[tuple[str, str]]:
    """Every string in a parsed JSON document with its dotted location (no recursion)."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            for key, child in item.items():
                yield where, key
                stack.append((f"{where}.{key}" if where else str(key), child))
        elif isinstance(item, list):
            stack.extend((f"{where}.{i}" if where else str(i), c) for i, c in enumerate(item))


def _check_text(where: str, text: str, *, prose: bool) -> None:
    bad = forbidden_in_prose(text) if prose else forbidden_in_line(text)
    if bad is not None:
        raise _Refused(
            422,
            "validation_error",
            f"'{where}': must not contain control characters (found {describe(bad)})",
            where,
        )


def _check_query(raw: bytes) -> None:
    try:
        pairs = parse_qsl(raw.decode("ascii"), keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise _Refused(
            422, "validation_error", "The query string is not percent-encoded UTF-8."
        ) from None
    for key, value in pairs:
        _check_text("query", key, prose=False)
        _check_text(f"query.{key}", value, prose=False)


def _check_body(content_type: bytes, body: bytes) -> None:
    if not body:
        return
    kind = content_type.split(b";", 1)[0].strip().lower()
    if kind.endswith(_JSON[1]) or kind == _JSON[0]:
        try:
            document = json.loads(body)
        except RecursionError:
            raise _Refused(422, "validation_error", "The JSON body is nested too deeply.") from None
        except ValueError:
            return  # not JSON at all: the route's own parsing says so
        for where, text in _strings(document):
            _check_text(f"body.{where}" if where else "body", text, prose=True)
    elif kind == _FORM:
        try:
            pairs = parse_qsl(body.decode("ascii"), keep_blank_values=True, errors="strict")
        except (UnicodeDecodeError, ValueError):
            raise _Refused(422, "validation_error", "The form is not UTF-8.") from None
        for key, value in pairs:
            _check_text("form", key, prose=False)
            _check_text(f"form.{key}", value, prose=True)


class RequestGuard:
    """Refuse oversized bodies and control characters before the app sees the request."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request; answer a refusal, or pass it on with its body replayed."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            body = await self._checked(scope, receive)
        except _Refused as refusal:
            response = respond(refusal.status, refusal.body, request=Request(scope))
            await response(scope, receive, send)
            return
        if body is None:  # a request without a body (HTTP/1.1): nothing to replay
            await self.app(scope, receive, send)
            return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _checked(self, scope: Scope, receive: Receive) -> bytes | None:
        """The request's body once every check passed (None when it has none)."""
        _check_text("path", scope["path"], prose=False)
        _check_query(scope.get("query_string", b""))
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is None and b"transfer-encoding" not in headers:
            return None
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            raise self._too_large()
        body = await self._read(receive)
        _check_body(headers.get(b"content-type", b""), body)
        return body

    def _too_large(self) -> _Refused:
        return _Refused(
            413,
            "payload_too_large",
            f"The request body is larger than {self.max_body_bytes} bytes.",
        )

    async def _read(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client left
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise self._too_large()
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)
