"""The catalogue of shipped rulesets: loaded once from package data, looked up by id or date."""

from __future__ import annotations

import hashlib
import json
import tomllib
from datetime import date, datetime, time
from functools import cache
from importlib.resources import files

from majlis.errors import NotFoundError, RulesetError
from majlis.law._parse import parse_ruleset
from majlis.law.ruleset import Ruleset

__all__ = ["get_ruleset", "list_rulesets", "ruleset_digest"]


@cache
def _file_names() -> frozenset[str]:
    return frozenset(e.name for e in files("majlis.law.rulesets").iterdir())


def _text(file_name: str) -> str:
    return files("majlis.law.rulesets").joinpath(file_name).read_text(encoding="utf-8")


@cache
def _shipped(file_name: str) -> Ruleset:
    """The ruleset of one shipped file, parsed once (a lookup by id reads only its file)."""
    text = _text(file_name)
    ruleset = parse_ruleset(text, source=file_name)
    if ruleset.id != file_name.removesuffix(".toml"):
        raise RulesetError(f"ruleset id {ruleset.id!r} must match its file name {file_name!r}.")
    return ruleset


@cache
def _catalogue() -> dict[str, Ruleset]:
    shipped = (_shipped(name) for name in sorted(_file_names()) if name.endswith(".toml"))
    return {ruleset.id: ruleset for ruleset in shipped}


def _unknown(ruleset_id: str) -> NotFoundError:
    valid = ", ".join(sorted(_catalogue()))
    families = ", ".join(sorted({r.id.rsplit("-", 1)[0] for r in _catalogue().values()}))
    return NotFoundError(
        f"unknown ruleset {ruleset_id!r}; valid ids: {valid} (families: {families}).",
        code="ruleset.unknown",
        params={"ruleset": ruleset_id, "valid": valid, "families": families},
    )


def not_in_force(ruleset: Ruleset, on: date) -> NotFoundError:
    """The error of a ruleset asked for on a day outside its time in force."""
    end = ruleset.effective_to
    return NotFoundError(
        f"ruleset {ruleset.id!r} is in force from {ruleset.effective_from} to "
        f"{end or 'now'}, not on {on}.",
        code="ruleset.not_in_force",
        params={"ruleset": ruleset.id, "start": ruleset.effective_from, "until": end, "on": on},
    )


def _iso(value: object) -> str:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a TOML value")  # pragma: no cover


def ruleset_digest(ruleset_id: str) -> str:
    """The SHA-256 of the shipped ruleset ``ruleset_id``'s content, as 64 hex digits.

    The content is the file's TOML document written as canonical JSON (keys sorted, no
    spaces, dates in ISO form), so that comments and layout do not count and any changed
    value (a threshold, a divisor, a date, a citation) does. An exported election record
    names its ruleset by id *and* this digest, so that its seats are never recomputed under a
    different text of the law.

    Raises:
        NotFoundError: ``ruleset_id`` is not the id of a shipped ruleset (a family id is not).
    """
    if f"{ruleset_id}.toml" not in _file_names():
        raise _unknown(ruleset_id)
    document = tomllib.loads(_text(f"{ruleset_id}.toml"))
    canonical = json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_iso
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def list_rulesets() -> tuple[Ruleset, ...]:
    """Every shipped ruleset, ordered by id."""
    return tuple(_catalogue()[key] for key in sorted(_catalogue()))


def get_ruleset(ruleset_id: str, *, date: date | None = None) -> Ruleset:
    """The shipped ruleset ``ruleset_id``, or the version of a family in force on ``date``.

    A family id is an id prefix (``kz-majlis`` for ``kz-majlis-2009`` and its siblings);
    without ``date`` it means the newest version. Unknown ids fail listing the valid ones.
    """
    if f"{ruleset_id}.toml" in _file_names():
        ruleset = _shipped(f"{ruleset_id}.toml")
        if date is not None and not ruleset.in_force(date):
            raise not_in_force(ruleset, date)
        return ruleset
    catalogue = _catalogue()
    family = sorted(
        (r for r in catalogue.values() if r.id.startswith(ruleset_id + "-")),
        key=lambda r: r.effective_from,
    )
    if not family:
        raise _unknown(ruleset_id)
    if date is None:
        return family[-1]
    for ruleset in family:
        if ruleset.in_force(date):
            return ruleset
    spans = "; ".join(f"{r.id} {r.effective_from}..{r.effective_to or 'now'}" for r in family)
    raise NotFoundError(
        f"no {ruleset_id!r} ruleset is in force on {date}; versions: {spans}.",
        code="ruleset.none_in_force",
        params={"family": ruleset_id, "on": date, "versions": spans},
    )
