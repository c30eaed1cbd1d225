"""Security headers on every response, as a plain ASGI middleware.

Every response says: do not guess the content type (``nosniff``), never show me in a frame
(``frame-ancestors 'none'`` and the older ``X-Frame-Options: DENY``), send no referrer to
other sites. Tokens and personal data are never stored by a cache (``no-store``): the token
and login paths, the registry's people, and any response to a caller who presented a token
(header or dashboard cookie) unless the route set its own ``Cache-Control``.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["PRIVATE_PREFIXES", "SECURITY_HEADERS", "SecurityHeaders"]

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
)

#: Paths whose responses carry tokens or personal data: never cached, whoever asks.
PRIVATE_PREFIXES: tuple[str, ...] = (
    "/api/v1/tokens",
    "/api/v1/me",
    "/api/v1/people",
    "/login",
    "/logout",
)

_CACHE_CONTROL = b"cache-control"
_NO_STORE = (_CACHE_CONTROL, b"no-store")
_CREDENTIALS = (b"authorization", b"cookie")


def _private(scope: Scope) -> bool:
    path: str = scope["path"]
    return path.startswith(PRIVATE_PREFIXES) or (
        "/members" in path and path.startswith("/api/v1/parties/")
    )


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` to every HTTP response, and ``no-store`` where private."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, stamping the response's headers as it starts."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = _private(scope)
        credentials = any(k in _CREDENTIALS for k, _ in scope["headers"])

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", ())
                    if not (private and k.lower() == _CACHE_CONTROL)
                ]
                present = {k.lower() for k, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if private or (credentials and _CACHE_CONTROL not in present):
                    headers.append(_NO_STORE)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, stamped)
