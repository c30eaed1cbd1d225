"""Where the database is: ``MAJLIS_DATABASE_URL`` or a SQLite file in the user's data folder."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.engine import make_url

from majlis.errors import ConfigurationError

__all__ = ["DATABASE_URL_VARIABLE", "default_sqlite_path", "resolve_database_url"]

#: The environment variable naming the database (an SQLAlchemy URL).
DATABASE_URL_VARIABLE = "MAJLIS_DATABASE_URL"


def default_sqlite_path(env: Mapping[str, str] | None = None) -> Path:
    """Return the default SQLite file: ``<user data dir>/majlis/majlis.sqlite3``.

    The user data dir follows the platform: ``$XDG_DATA_HOME`` (else ``~/.local/share``) on
    Linux and BSD, ``~/Library/Application Support`` on macOS, ``%LOCALAPPDATA%`` on Windows.
    """
    env = os.environ if env is None else env
    if sys.platform == "win32":
        base = Path(env.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "majlis" / "majlis.sqlite3"


def resolve_database_url(env: Mapping[str, str] | None = None) -> str:
    """Return the database URL: ``MAJLIS_DATABASE_URL`` if set, else the default SQLite file.

    The folder of the default SQLite file is created on first use.

    Raises:
        ConfigurationError: ``MAJLIS_DATABASE_URL`` is not a valid SQLAlchemy URL.
    """
    env = os.environ if env is None else env
    url = env.get(DATABASE_URL_VARIABLE, "").strip()
    if url:
        try:
            make_url(url)
        except Exception as exc:  # SQLAlchemy raises ArgumentError for any malformed URL
            raise ConfigurationError(
                f"{DATABASE_URL_VARIABLE} must be an SQLAlchemy URL such as "
                "'postgresql+psycopg://user@host:5432/db' or 'sqlite:///path'. "
                f"Got {url!r} instead.",
                code="store.url",
                params={"variable": DATABASE_URL_VARIABLE, "got": repr(url)},
            ) from exc
        return url
    path = default_sqlite_path(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"
