"""Which observer reports from which sampled station: assignments chained with the design.

An assignment is a new record in the election's ``pvt_sample`` chain: the design in force,
unchanged (the same stations), with ``assignments`` (station → observers) added. Once an
election has assignments, a copy at an assigned station from an observer not assigned there
is rejected (``majlis pvt status`` names it); a station without an assignment takes any
observer's copy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from majlis.errors import InputError
from majlis.pvt._design import append_design, current_sample

__all__ = ["assign_observers"]

_STORED_ONLY = ("sha256", "seq", "designed_by")


def assign_observers(
    session: Session,
    election: str,
    assignments: Mapping[str, Sequence[str]],
    *,
    designed_by: str,
    at: datetime | None = None,
) -> dict[str, Any]:
    """Chain the design in force with ``assignments`` merged in; return the new document."""
    doc = {k: v for k, v in current_sample(session, election).items() if k not in _STORED_ONLY}
    sampled = set(doc["stations"])
    merged: dict[str, list[str]] = {k: list(v) for k, v in doc.get("assignments", {}).items()}
    for station, observers in assignments.items():
        if station not in sampled:
            raise InputError.expected(
                what=f"the assigned station '{station}'",
                expected=f"a station of the sample of '{election}'",
                got=station,
            )
        names = sorted({o.strip() for o in observers if o.strip()})
        if not names:
            raise InputError.expected(
                what=f"the observers of station '{station}'", expected="at least one", got=[]
            )
        merged[station] = sorted(set(merged.get(station, [])) | set(names))
    doc["assignments"] = dict(sorted(merged.items()))
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    append_design(session, election, text, designed_by=designed_by, at=at)
    return current_sample(session, election)
