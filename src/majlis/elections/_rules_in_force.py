"""The parts of the ruleset in force that the election and the chamber need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from majlis.elections._lists import ListMode
from majlis.law import Ruleset, get_ruleset

__all__ = ["ListRules", "list_rules"]

_MODES = {"ordered": ListMode.LIST_ORDER, "designated": ListMode.PARTY_DESIGNATES}


@dataclass(frozen=True, slots=True)
class ListRules:
    """Seats per tier, the longest list allowed and the list mode of one ruleset."""

    ruleset_id: str
    list_seats: int
    district_seats: int
    appointed_seats: int
    max_list_length: int | None
    list_mode: ListMode
    ruleset: Ruleset


def list_rules(ruleset: str, *, on: date) -> ListRules:
    """Return the list rules of ``ruleset`` (an id or a family such as ``kz-majlis``) on ``on``."""
    rs = get_ruleset(ruleset, date=on)
    return ListRules(
        ruleset_id=rs.id,
        list_seats=rs.list_seats,
        district_seats=rs.district_seats,
        appointed_seats=rs.appointed_seats,
        max_list_length=rs.max_list_length(),
        list_mode=_MODES[rs.list_mode],
        ruleset=rs,
    )
