"""Text-message intake of quick-count reports: a parsed message stored as an observer copy.

The message's SHA-256 (with its sender) is the copy's evidence; a second message for the
same station and observer is a correction (a new version, reason "resent by SMS"). A copy
that breaks a control relation is stored all the same (the record keeps what was sent) and
the answer names the broken relation; the estimate rejects it until a corrected message
arrives.

Who sent it is the sender's number, not the name in the text: once the coordinator has
registered the observers' phones (:func:`majlis.pvt.assign_observers`), the copy is stored
under the observer whose phone sent it (the answer says so when the text names someone
else), and a number registered to no observer is refused. Without registered phones the
name in the text is taken.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from majlis.errors import MajlisError, NotFoundError
from majlis.pvt._assign import observer_of_phone
from majlis.pvt._design import current_sample
from majlis.pvt.core.sms import list_codes, parse_sms
from majlis.results import (
    Lines,
    Protocol,
    Severity,
    Source,
    check_protocol,
    election_scope,
    latest_protocol,
    record_protocol,
)

__all__ = ["SmsAnswer", "receive_sms"]


@dataclass(frozen=True, slots=True)
class SmsAnswer:
    """Whether the message was stored, and the text to send back."""

    stored: bool
    reply: str


def receive_sms(session: Session, election: str, text: str, sender: str) -> SmsAnswer:
    """Parse ``text``; store it as an observer copy when complete; answer in one line."""
    scope = election_scope(session, election)
    parsed = parse_sms(text, scope.lists)
    if not parsed.complete or parsed.observer is None or parsed.station is None:
        return SmsAnswer(False, parsed.reply() + "; not stored")
    try:
        design = current_sample(session, election)
    except NotFoundError:
        design = {}
    observer, note = parsed.observer, ""
    if design.get("phones"):
        owner = observer_of_phone(design, sender)
        if owner is None:
            return SmsAnswer(
                False,
                f"{parsed.reply()}; not stored: {sender} is not a registered observer's phone",
            )
        if owner != observer:
            note = f"; sent from {owner}'s phone: stored as {owner}'s copy"
        observer = owner
    names = dict(zip(list_codes(len(scope.lists)), scope.lists, strict=True))
    evidence = hashlib.sha256(f"{sender}\n{text}".encode()).hexdigest()
    try:
        lines = Lines(votes=tuple((names[c], v) for c, v in parsed.votes.items()), **parsed.lines)
        protocol = Protocol(
            election,
            parsed.station,
            lines,
            source=Source.OBSERVER,
            observer=observer,
            evidence_sha256=evidence,
        )
        before = latest_protocol(
            session, election, parsed.station, Source.OBSERVER, observer=observer
        )
        stored = record_protocol(
            session,
            protocol,
            entered_by=f"sms:{sender}",
            reason=None if before is None else "resent by SMS",
        )
    except MajlisError as exc:
        return SmsAnswer(False, f"{parsed.reply()}; not stored: {exc}")
    errors = [f for f in check_protocol(stored) if f.severity is Severity.ERROR]
    note += "; check: " + "; ".join(f.message for f in errors) if errors else ""
    return SmsAnswer(True, f"{parsed.reply()}; stored as version {stored.version}{note}")
