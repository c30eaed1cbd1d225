"""The catalogue of shipped rulesets: loaded once from package data, looked up by id or date."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib.resources import files

from majlis.errors import NotFoundError, RulesetError
from majlis.law._parse import parse_ruleset
from majlis.law.ruleset import Ruleset

__all__ = ["get_ruleset", "list_rulesets"]


@cache
def _file_names() -> frozenset[str]:
    return frozenset(e.name for e in files("majlis.law.rulesets").iterdir())


@cache
def _shipped(file_name: str) -> Ruleset:
    """The ruleset of one shipped file, parsed once (a lookup by id reads only its file)."""
    text = files("majlis.law.rulesets").joinpath(file_name).read_text(encoding="utf-8")
    ruleset = parse_ruleset(text, source=file_name)
    if ruleset.id != file_name.removesuffix(".toml"):
        raise RulesetError(f"ruleset id {ruleset.id!r} must match its file name {file_name!r}.")
    return ruleset


@cache
def _catalogue() -> dict[str, Ruleset]:
    shipped = (_shipped(name) for name in sorted(_file_names()) if name.endswith(".toml"))
    return {ruleset.id: ruleset for ruleset in shipped}


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
            raise NotFoundError(
                f"ruleset {ruleset_id!r} is in force from {ruleset.effective_from} to "
                f"{ruleset.effective_to or 'now'}, not on {date}."
            )
        return ruleset
    catalogue = _catalogue()
    family = sorted(
        (r for r in catalogue.values() if r.id.startswith(ruleset_id + "-")),
        key=lambda r: r.effective_from,
    )
    if not family:
        valid = ", ".join(sorted(catalogue))
        families = ", ".join(sorted({r.id.rsplit("-", 1)[0] for r in catalogue.values()}))
        raise NotFoundError(
            f"unknown ruleset {ruleset_id!r}; valid ids: {valid} (families: {families})."
        )
    if date is None:
        return family[-1]
    for ruleset in family:
        if ruleset.in_force(date):
            return ruleset
    spans = "; ".join(f"{r.id} {r.effective_from}..{r.effective_to or 'now'}" for r in family)
    raise NotFoundError(f"no {ruleset_id!r} ruleset is in force on {date}; versions: {spans}.")
