"""Make sure the API's own tables exist before serving."""

from __future__ import annotations

from sqlalchemy import Engine

from majlis.store.api_rows import ApiBase


def ensure_api_schema(engine: Engine) -> None:
    """Create the token and audit tables where they are missing."""
    ApiBase.metadata.create_all(engine, checkfirst=True)
