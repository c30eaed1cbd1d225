"""Configuration of the API server, read from the environment (prefix ``MAJLIS_``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of ``majlis serve``; e.g. ``MAJLIS_DATABASE_URL=postgresql+psycopg://...``."""

    model_config = SettingsConfigDict(env_prefix="MAJLIS_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; unset means the default SQLite file of majlis.store.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64, description="Worker processes (PostgreSQL).")
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    access_log: bool = Field(default=True, description="One JSON log line per request.")
    results_cache_seconds: float = Field(
        default=2.0, ge=0, description="How long computed results are served from memory."
    )
    token_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        le=300,
        description=(
            "How long a worker trusts a verified token without asking the database; a token "
            "revoked elsewhere is refused within this time (0 = ask every time)."
        ),
    )
    max_body_bytes: int = Field(
        default=1_048_576,
        ge=1024,
        le=1_073_741_824,
        description="The largest request body accepted; a larger one is refused with 413.",
    )
    cookie_secure: bool = Field(default=False, description="Mark the dashboard cookie Secure.")
    token_days: int = Field(default=90, ge=1, le=3650, description="Default token lifetime.")
