"""Files named on the command line: read as text or CSV, or checked before anything is written.

Each failure is an :class:`~majlis.errors.InputError` naming the file (exit 2, one line): a
missing file, a folder, no permission, bytes that are not UTF-8, a binary file (NUL bytes), a
malformed CSV or a CSV field over the reader's limit (Python's ``csv`` caps a field at
128 KB). Output paths are checked before the work starts, so that a command that cannot write
its result refuses at once and changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from majlis.errors import InputError, Location

__all__ = ["read_csv", "read_json", "read_text", "unreadable_as_input", "writable"]


def read_text(path: Path, *, what: str, encoding: str = "utf-8-sig") -> str:
    """The text of ``path``, the ``what`` (e.g. "votes file") named in any failure."""
    where = Location(source=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the {what}: {exc.strerror}", location=where) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"the {what} is not UTF-8 text: byte 0x{data[exc.start]:02x} on line {line} "
            f"(offset {exc.start}) cannot be decoded; save it as UTF-8",
            location=where,
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(
            f"the {what} holds a NUL byte on line {line}: a binary file, not text",
            location=where,
        )
    return text


def read_csv(path: Path, *, what: str) -> tuple[list[str], list[dict[str | None, Any]]]:
    """The stripped header and the rows of a CSV file (extra fields under the key None)."""
    text = read_text(path, what=what)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows: list[dict[str | None, Any]] = list(reader)
    except csv.Error as exc:
        raise InputError(
            f"the {what} is not a readable CSV on line {reader.line_num}: {exc}",
            location=Location(source=str(path)),
        ) from None
    return header, rows


def read_json(path: Path, *, what: str) -> Any:
    """The parsed JSON document of ``path``; a malformed one is refused naming its line."""
    text = read_text(path, what=what, encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the {what} is not valid JSON: {exc.msg} on line {exc.lineno}, column {exc.colno}",
            location=Location(source=str(path)),
        ) from None
    except RecursionError:
        raise InputError(
            f"the {what} is nested too deeply to read", location=Location(source=str(path))
        ) from None


@contextmanager
def unreadable_as_input(path: Path, *, what: str) -> Iterator[None]:
    """Turn a service's decoding or CSV failure while reading ``path`` into an InputError.

    The error names the file; raised inside the caller's transaction, it rolls it back.
    """
    try:
        yield
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the {what} is not UTF-8 text: byte 0x{exc.object[exc.start]:02x} cannot be "
            "decoded; save it as UTF-8",
            location=Location(source=str(path)),
        ) from None
    except csv.Error as exc:
        raise InputError(
            f"the {what} is not a readable CSV: {exc}", location=Location(source=str(path))
        ) from None


def writable(path: Path, *, what: str, folder: bool = False) -> Path:
    """``path`` if a file (or, with ``folder``, a folder) can be written there; else refuse.

    Checked before the work starts: the parent must be an existing folder we may write into,
    and the path itself must not be a folder (for a file) or a file (for a folder).
    """
    where = Location(source=str(path))
    if folder:
        if path.exists() and not path.is_dir():
            raise InputError(f"the {what} must be a folder; a file is there", location=where)
        target = path
        while not target.exists() and target != target.parent:  # made with its parents
            target = target.parent
    else:
        if path.is_dir():
            raise InputError(f"the {what} must be a file; a folder is there", location=where)
        if path.exists() and not os.access(path, os.W_OK):
            raise InputError(f"the {what} cannot be written: permission denied", location=where)
        target = path.parent
    target = target if str(target) else Path(".")
    if not target.is_dir():
        raise InputError(f"cannot write the {what}: no folder {target}", location=where)
    if not os.access(target, os.W_OK | os.X_OK):
        raise InputError(
            f"cannot write the {what}: the folder {target} is not writable", location=where
        )
    return path
