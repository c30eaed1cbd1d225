"""Which observer reports from which sampled station, and from which phone: assignments chained
with the design.

An assignment is a new record in the election's ``pvt_sample`` chain: the design in force,
unchanged (the same stations), with ``assignments`` (station → observers) and ``phones``
(observer → registered phone number) added. Once an election has assignments, a copy at an
assigned station from an observer not assigned there is rejected (``majlis pvt status`` names
it); a station without an assignment takes any observer's copy.

A text message is attributed by its sender's number, not by the name it carries: once phones
are registered, :func:`observer_of_phone` names the observer a number belongs to, the SMS
intake stores the copy under that observer (a number registered to nobody is refused), and
the checks reject an SMS copy whose number is not its observer's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from majlis.errors import InputError
from majlis.pvt._design import append_design, current_sample

__all__ = ["assign_observers", "normalize_phone", "observer_of_phone", "same_phone"]

_STORED_ONLY = ("sha256", "seq", "designed_by", "designed_at")
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{5,30}$")
#: Digits compared when both numbers have them: the national significant number (10 digits
#: in Kazakhstan), so that +7 701…, 7 701… and 8 701… (the trunk prefix) are one phone.
_SIGNIFICANT = 10


def normalize_phone(number: str) -> str:
    """A phone number as stored: its digits, with a leading + if it had one.

    >>> normalize_phone(" +7 (701) 123-45-67 "), normalize_phone("87011234567")
    ('+77011234567', '87011234567')
    """
    text = number.strip()
    if not _PHONE.match(text):
        raise InputError.expected(
            what="a phone number",
            expected="digits, optionally after + (e.g. +77011234567)",
            got=number,
            code="pvt.phone",
        )
    digits = re.sub(r"[^0-9]", "", text)
    return ("+" if text.startswith("+") else "") + digits


def same_phone(a: str, b: str) -> bool:
    """Whether two numbers are one phone (compared on their last ten digits when both have them).

    >>> same_phone("+77011234567", "87011234567"), same_phone("+77011234567", "+77011234568")
    (True, False)
    """
    x, y = re.sub(r"[^0-9]", "", a), re.sub(r"[^0-9]", "", b)
    if len(x) >= _SIGNIFICANT and len(y) >= _SIGNIFICANT:
        return x[-_SIGNIFICANT:] == y[-_SIGNIFICANT:]
    return bool(x) and x == y


def observer_of_phone(design: Mapping[str, Any], sender: str) -> str | None:
    """The observer whose registered phone ``sender`` is, else None."""
    found = [name for name, phone in design.get("phones", {}).items() if same_phone(phone, sender)]
    return found[0] if len(found) == 1 else None


def assign_observers(
    session: Session,
    election: str,
    assignments: Mapping[str, Sequence[str]],
    *,
    designed_by: str,
    phones: Mapping[str, str] | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """Chain the design in force with ``assignments`` and ``phones`` (observer → number)
    merged in; return the new document.

    Two observers may not share a phone number: a message from it could not be attributed.
    """
    doc = {k: v for k, v in current_sample(session, election).items() if k not in _STORED_ONLY}
    sampled = set(doc["stations"])
    merged: dict[str, list[str]] = {k: list(v) for k, v in doc.get("assignments", {}).items()}
    for station, observers in assignments.items():
        if station not in sampled:
            raise InputError.expected(
                what=f"the assigned station '{station}'",
                expected=f"a station of the sample of '{election}'",
                got=station,
                code="pvt.station_not_sampled",
                params={"station": station, "election": election, "got": repr(station)},
            )
        names = sorted({o.strip() for o in observers if o.strip()})
        if not names:
            raise InputError.expected(
                what=f"the observers of station '{station}'",
                expected="at least one",
                got=[],
                code="pvt.no_observers",
                params={"station": station},
            )
        merged[station] = sorted(set(merged.get(station, [])) | set(names))
    doc["assignments"] = dict(sorted(merged.items()))
    registered: dict[str, str] = dict(doc.get("phones", {}))
    for observer, number in (phones or {}).items():
        registered[observer.strip()] = normalize_phone(number)
    names = sorted(registered)
    for i, one in enumerate(names):
        for other in names[i + 1 :]:
            if same_phone(registered[one], registered[other]):
                raise InputError.expected(
                    what=f"the phone of observer '{other}'",
                    expected=f"a number that is not '{one}''s as well",
                    got=registered[other],
                    code="pvt.phone_shared",
                    params={"observer": other, "other": one, "got": repr(registered[other])},
                )
    if registered:
        doc["phones"] = dict(sorted(registered.items()))
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    append_design(session, election, text, designed_by=designed_by, at=at)
    return current_sample(session, election)
