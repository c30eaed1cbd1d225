"""The membership ledger's pure rules: the hash chain and the replay into the current roll.

Every event's hash is SHA-256 over its predecessor's hash and its own canonical content, so
editing any stored event (or its order) changes every later hash. Replaying the events in
order yields the current roll; a replay that meets an impossible event (an admission of an
active member, an exit of a non-member) raises :class:`~majlis.errors.IntegrityError`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from majlis.errors import IntegrityError
from majlis.registry.model import ENDING_KINDS, ActiveMembership, EventKind

__all__ = [
    "SEPARATOR",
    "admission_hashes",
    "canonical_event",
    "canonical_text",
    "canonical_time",
    "event_hash",
    "replay",
]


def canonical_time(moment: datetime) -> str:
    """ISO-8601 UTC with microseconds; a naive time is taken to be UTC already."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_text(value: str | None) -> str:
    """A text field as hashed: NUL for None; backslash and the unit separator escaped."""
    if value is None:
        return "\x00"
    return value.replace("\\", "\\\\").replace(SEPARATOR, "\\x1f")


#: The separator between the fields of an event's canonical form (ASCII unit separator).
SEPARATOR = "\x1f"


def canonical_event(
    *,
    prev_hash: str,
    seq: int,
    person_id: int,
    party_id: int,
    kind: str,
    occurred_on: date,
    reason: str | None,
    deciding_body: str | None,
    founder: bool,
    entered_by: str,
    entered_at: datetime,
) -> bytes:
    """The bytes an event's hash covers (UTF-8), chained to ``prev_hash``.

    The canonical form joins, with the unit separator, the previous hash, seq, person id,
    party id, kind, the ISO date, reason, deciding body, founder flag (0/1), who entered it
    and when (UTC, microseconds).
    """
    return SEPARATOR.join(
        (
            prev_hash,
            str(seq),
            str(person_id),
            str(party_id),
            kind,
            occurred_on.isoformat(),
            canonical_text(reason),
            canonical_text(deciding_body),
            "1" if founder else "0",
            canonical_text(entered_by),
            canonical_time(entered_at),
        )
    ).encode("utf-8")


def event_hash(
    *,
    prev_hash: str,
    seq: int,
    person_id: int,
    party_id: int,
    kind: str,
    occurred_on: date,
    reason: str | None,
    deciding_body: str | None,
    founder: bool,
    entered_by: str,
    entered_at: datetime,
) -> str:
    """Return the hex SHA-256 of an event chained to ``prev_hash`` (:func:`canonical_event`)."""
    payload = canonical_event(
        prev_hash=prev_hash,
        seq=seq,
        person_id=person_id,
        party_id=party_id,
        kind=kind,
        occurred_on=occurred_on,
        reason=reason,
        deciding_body=deciding_body,
        founder=founder,
        entered_by=entered_by,
        entered_at=entered_at,
    )
    return hashlib.sha256(payload).hexdigest()


def admission_hashes(
    prev_hash: str,
    first_seq: int,
    person_ids: Sequence[int],
    days: Sequence[str],
    *,
    party_id: int,
    reason: str,
    entered_by: str,
    entered_at: datetime,
) -> list[str]:
    """The hashes of consecutive admissions from ``first_seq``, chained after ``prev_hash``.

    Event ``i`` admits ``person_ids[i]`` to ``party_id`` on ``days[i]`` (ISO); none has a
    deciding body or is a founder. Each hash is :func:`event_hash`'s for that event, built
    once per chunk of a bulk import instead of once per event.
    """
    sep, sha = SEPARATOR, hashlib.sha256
    middle = f"{sep}{party_id}{sep}{EventKind.ADMITTED.value}{sep}"
    suffix = sep.join(
        (
            "",
            canonical_text(reason),
            canonical_text(None),
            "0",
            canonical_text(entered_by),
            canonical_time(entered_at),
        )
    )
    hashes: list[str] = []
    prev, seq = prev_hash, first_seq - 1
    for pid, day in zip(person_ids, days, strict=True):
        seq += 1
        prev = sha(f"{prev}{sep}{seq}{sep}{pid}{middle}{day}{suffix}".encode()).hexdigest()
        hashes.append(prev)
    return hashes


def replay(
    events: Iterable[tuple[int, int, int, str, date]],
) -> dict[int, ActiveMembership]:
    """Replay ``(seq, person_id, party_id, kind, occurred_on)`` in seq order into the roll.

    Returns:
        The active memberships keyed by person id.

    Raises:
        IntegrityError: an event contradicts the roll built so far.
    """
    roll: dict[int, ActiveMembership] = {}
    for seq, person_id, party_id, kind, occurred_on in events:
        current = roll.get(person_id)
        if kind == EventKind.ADMITTED:
            if current is not None:
                raise IntegrityError(
                    f"ledger event #{seq} admits person {person_id} to party {party_id}, "
                    f"but the person is already a member of party {current.party_id} "
                    f"since event #{current.event_seq}"
                )
            roll[person_id] = ActiveMembership(person_id, party_id, occurred_on, seq)
        elif kind in ENDING_KINDS:
            if current is None or current.party_id != party_id:
                raise IntegrityError(
                    f"ledger event #{seq} ends person {person_id}'s membership of party "
                    f"{party_id} ({kind}), but the person is not a member of that party"
                )
            del roll[person_id]
    return roll
