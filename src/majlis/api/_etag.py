"""Conditional responses: ETags for results that do not change."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import Request, Response
from fastapi.encoders import jsonable_encoder


def etag_json(request: Request, payload: Any, *, max_age: int = 60) -> Response:
    """Return ``payload`` as JSON with a strong ETag, or 304 if the client has it already."""
    body = json.dumps(jsonable_encoder(payload), ensure_ascii=False, separators=(",", ":")).encode()
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": tag, "Cache-Control": f"public, max-age={max_age}"}
    wanted = request.headers.get("if-none-match", "")
    if tag in {t.strip() for t in wanted.split(",")} or wanted.strip() == "*":
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
