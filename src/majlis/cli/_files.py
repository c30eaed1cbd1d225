"""Files named on the command line: read as text or CSV, or checked before anything is written.

Each failure is an :class:`~majlis.errors.InputError` naming the file (exit 2, one line), with
a code (``file.*``, ``output.*``) that words it in the reader's language: a
missing file, a folder, no permission, bytes that are not UTF-8, a binary file (NUL bytes), a
malformed CSV or a CSV field over the reader's limit (Python's ``csv`` caps a field at
128 KB). Output paths are checked before the work starts, so that a command that cannot write
its result refuses at once and changes nothing.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from majlis.errors import InputError, Location

__all__ = ["read_csv", "read_json", "read_text", "unreadable_as_input", "writable"]

#: The refusals of the system that the messages word in each language (``cause``).
_WORDED_ERRNOS = frozenset({"ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR"})


def _cause(exc: OSError) -> str:
    """Why the system refused a file: its errno's name where the messages word it
    (:data:`majlis.error_text.ERRORS`), else the system's own text."""
    name = errno.errorcode.get(exc.errno or 0, "")
    return name if name in _WORDED_ERRNOS else str(exc.strerror or exc)


def read_text(path: Path, *, what: str, encoding: str = "utf-8-sig") -> str:
    """The text of ``path``, the ``what`` (e.g. "votes file") named in any failure."""
    where = Location(source=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read the {what}: {exc.strerror}",
            location=where,
            code="file.unreadable",
            params={"what": what, "cause": _cause(exc)},
        ) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = f"{data[exc.start]:02x}"
        raise InputError(
            f"the {what} is not UTF-8 text: byte 0x{byte} on line {line} "
            f"(offset {exc.start}) cannot be decoded; save it as UTF-8",
            location=where,
            code="file.not_utf8",
            params={"what": what, "byte": byte, "line": line, "offset": exc.start},
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(
            f"the {what} holds a NUL byte on line {line}: a binary file, not text",
            location=where,
            code="file.binary",
            params={"what": what, "line": line},
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
            code="file.csv",
            params={"what": what, "line": reader.line_num, "error": str(exc)},
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
            code="file.json",
            params={"what": what, "error": exc.msg, "line": exc.lineno, "column": exc.colno},
        ) from None
    except RecursionError:
        raise InputError(
            f"the {what} is nested too deeply to read",
            location=Location(source=str(path)),
            code="file.json_deep",
            params={"what": what},
        ) from None


@contextmanager
def unreadable_as_input(path: Path, *, what: str) -> Iterator[None]:
    """Turn a service's decoding or CSV failure while reading ``path`` into an InputError.

    The error names the file; raised inside the caller's transaction, it rolls it back.
    """
    try:
        yield
    except UnicodeDecodeError as exc:
        byte = f"{exc.object[exc.start]:02x}"
        raise InputError(
            f"the {what} is not UTF-8 text: byte 0x{byte} cannot be decoded; save it as UTF-8",
            location=Location(source=str(path)),
            code="file.not_utf8_byte",
            params={"what": what, "byte": byte},
        ) from None
    except csv.Error as exc:
        raise InputError(
            f"the {what} is not a readable CSV: {exc}",
            location=Location(source=str(path)),
            code="file.csv_anywhere",
            params={"what": what, "error": str(exc)},
        ) from None


def writable(path: Path, *, what: str, folder: bool = False) -> Path:
    """``path`` if a file (or, with ``folder``, a folder) can be written there; else refuse.

    Checked before the work starts: the parent must be an existing folder we may write into,
    and the path itself must not be a folder (for a file) or a file (for a folder).
    """
    where = Location(source=str(path))

    def refuse(message: str, code: str, **params: object) -> InputError:
        return InputError(message, location=where, code=code, params={"what": what, **params})

    if folder:
        if path.exists() and not path.is_dir():
            raise refuse(f"the {what} must be a folder; a file is there", "output.not_folder")
        target = path
        while not target.exists() and target != target.parent:  # made with its parents
            target = target.parent
    else:
        if path.is_dir():
            raise refuse(f"the {what} must be a file; a folder is there", "output.not_file")
        if path.exists() and not os.access(path, os.W_OK):
            raise refuse(f"the {what} cannot be written: permission denied", "output.denied")
        target = path.parent
    target = target if str(target) else Path(".")
    if not target.is_dir():
        raise refuse(
            f"cannot write the {what}: no folder {target}", "output.no_folder", folder=str(target)
        )
    if not os.access(target, os.W_OK | os.X_OK):
        raise refuse(
            f"cannot write the {what}: the folder {target} is not writable",
            "output.folder_not_writable",
            folder=str(target),
        )
    return path
