"""The REST API (FastAPI) over the same services the CLI uses; ``create_app`` builds it."""

from majlis.api.app import API_PREFIX, create_app
from majlis.api.settings import Settings

__all__ = ["API_PREFIX", "Settings", "create_app"]
