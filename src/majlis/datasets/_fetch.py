"""Find a data file: the local folder first, then pooch's download cache."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pooch

from majlis.datasets._sources import SOURCES, Source
from majlis.errors import ConfigurationError, IntegrityError, NotFoundError

__all__ = ["DATA_DIR_ENV", "data_home", "fetch_file"]

DATA_DIR_ENV = "MAJLIS_DATA_DIR"
"""Environment variable naming a local folder laid out as ``<folder>/<filename>``."""

_VERIFIED: dict[Path, str] = {}


def data_home(data_home: str | os.PathLike[str] | None = None) -> Path | None:
    """The local data folder: the argument, else ``$MAJLIS_DATA_DIR``, else ``None``."""
    if data_home is not None:
        return Path(data_home)
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env) if env else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verify(path: Path, source: Source) -> Path:
    stamp = f"{path.stat().st_mtime_ns}:{path.stat().st_size}"
    if _VERIFIED.get(path) == stamp:
        return path
    actual = _sha256(path)
    if actual != source.sha256:
        raise IntegrityError(
            f"{path}: SHA-256 must be {source.sha256} (the published '{source.key}'). "
            f"Got {actual} instead."
        )
    _VERIFIED[path] = stamp
    return path


def fetch_file(
    key: str,
    *,
    data_home: str | os.PathLike[str] | None = None,
    download_if_missing: bool = True,
) -> Path:
    """The verified local path of the data set ``key`` (see :data:`SOURCES`).

    Looks in ``data_home`` (or ``$MAJLIS_DATA_DIR``) under ``<folder>/<filename>``; if the
    file is not there, downloads it once with pooch into the user cache and checks its
    SHA-256.
    """
    if key not in SOURCES:
        raise NotFoundError(f"Unknown data set {key!r}; known: {', '.join(sorted(SOURCES))}")
    source = SOURCES[key]
    home = _resolve_home(data_home)
    if home is not None:
        local = home / source.folder / source.filename
        if local.is_file():
            return _verify(local, source)
    if not download_if_missing:
        raise ConfigurationError(
            f"Data set {key!r} not found at "
            f"{home / source.folder / source.filename if home else '(no data folder)'} "
            f"and downloading is disabled; set {DATA_DIR_ENV} to the data folder."
        )
    if source.url is None:
        raise ConfigurationError(
            f"Data set {key!r} has no public download address ({source.description}); "
            f"place {source.folder}/{source.filename} under {DATA_DIR_ENV}."
        )
    try:
        path = pooch.retrieve(
            url=source.url,
            known_hash=f"sha256:{source.sha256}",
            fname=source.filename,
            path=pooch.os_cache("majlis") / source.folder,
            progressbar=False,
        )
    except ValueError as error:  # pooch reports a checksum mismatch as ValueError
        raise IntegrityError(f"{source.url}: {error}") from error
    except OSError as error:  # no network, refused connection, unwritable cache
        raise ConfigurationError(
            f"Could not download data set {key!r} from {source.url} ({error}); "
            f"set {DATA_DIR_ENV} to a folder holding {source.folder}/{source.filename}."
        ) from error
    return Path(path)


def _resolve_home(explicit: str | os.PathLike[str] | None) -> Path | None:
    return data_home(explicit)
