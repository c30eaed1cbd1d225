"""Parties and movements through their lifecycle, checked against the party law in force.

initiative group → founding congress → registered → suspended by a court (with dates) →
liquidated, or reorganised (merger, split) with successors that register no earlier than
the law allows. A movement exists as an organization but never registers, so it cannot
nominate a list (:func:`nomination_refusal`, called by the elections area).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from majlis.errors import ConflictError, IneligibleError, InputError, RuleViolation
from majlis.registry import _convert, _counts
from majlis.registry._lookup import party_row
from majlis.registry._party_log import record_party_event as _record
from majlis.registry.memberships import end_all_memberships, join
from majlis.registry.model import Party, PartyKind, PartyStatus, ReorganisationMode
from majlis.registry.party_law import PartyLaw, Shortfall, check_registration, party_law_on
from majlis.registry.rules import check_transition
from majlis.store.registry_rows import (
    MembershipEventRow,
    PartyEventRow,
    PartyRow,
    PersonRow,
)

__all__ = [
    "RegistrationCheck",
    "check_party_registration",
    "create_party",
    "end_suspension",
    "ensure_can_nominate",
    "get_party",
    "hold_founding_congress",
    "liquidate_party",
    "list_parties",
    "nomination_refusal",
    "register_party",
    "reorganise_party",
    "suspend_party",
]


@dataclass(frozen=True, slots=True)
class RegistrationCheck:
    """The requirements of the law in force, checked against a party's roll on a date."""

    party: str
    on: date
    law: PartyLaw
    shortfalls: tuple[Shortfall, ...]

    @property
    def passed(self) -> bool:
        """Whether every requirement is met."""
        return not self.shortfalls

    def message(self) -> str:
        """One message naming the law and every unmet requirement with its numbers."""
        if self.passed:
            return f"party {self.party!r} meets every requirement of {self.law.id} on {self.on}"
        items = "; ".join(str(s) for s in self.shortfalls)
        return (
            f"party {self.party!r} cannot be registered on {self.on.isoformat()} under "
            f"{self.law.id} ({self.law.citation}): {len(self.shortfalls)} requirement(s) "
            f"unmet: {items}"
        )


def _move(row: PartyRow, to: PartyStatus) -> None:
    check_transition(_convert.party(row), to)
    row.status = to.value


def create_party(
    session: Session,
    *,
    slug: str,
    name: str,
    initiated_on: date,
    entered_by: str,
    kind: PartyKind = PartyKind.PARTY,
) -> Party:
    """Record an initiative group (or a movement) as an organization."""
    if not slug or not slug.replace("-", "").isalnum() or slug.lower() != slug:
        raise InputError.expected(
            what="party slug",
            expected="lower-case letters, digits and '-'",
            got=slug,
            code="party.slug",
            params={"got": slug},
        )
    if session.scalars(select(PartyRow.id).where(PartyRow.slug == slug)).first() is not None:
        raise ConflictError(
            f"a party with slug {slug!r} already exists",
            code="party.exists",
            params={"party": slug},
        )
    row = PartyRow(
        slug=slug,
        name=name,
        kind=kind.value,
        status=PartyStatus.INITIATIVE_GROUP.value,
        initiated_on=initiated_on,
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    _record(session, row, "initiative_group", initiated_on, entered_by)
    session.flush()
    return _convert.party(row)


def hold_founding_congress(
    session: Session, *, party: str, on: date, founders: Sequence[str], entered_by: str
) -> Party:
    """Record the founding congress and admit the founders (the initiative group's members).

    Raises the first refusal of a founder (barred, not a citizen, already in a party).
    """
    row = party_row(session, party)
    _move(row, PartyStatus.FOUNDING_CONGRESS)
    for national_id in founders:
        join(
            session,
            national_id=national_id,
            party=party,
            on=on,
            entered_by=entered_by,
            founder=True,
        ).raise_for_refusal()
    row.congress_on = on
    _record(session, row, "founding_congress", on, entered_by, detail=f"{len(founders)} founders")
    session.flush()
    return _convert.party(row)


def _by_region(session: Session, party_id: int, *, founders: bool) -> dict[str | None, int]:
    if not founders:
        return _counts.by_region(session, party_id)
    stmt = (
        select(PersonRow.region_code, func.count())
        .join(MembershipEventRow, MembershipEventRow.person_id == PersonRow.id)
        .where(
            MembershipEventRow.party_id == party_id,
            MembershipEventRow.kind == "admitted",
            MembershipEventRow.founder.is_(True),
        )
        .group_by(PersonRow.region_code)
    )
    return {region: int(count) for region, count in session.execute(stmt)}


def check_party_registration(
    session: Session, *, party: str, on: date, law: PartyLaw | None = None
) -> RegistrationCheck:
    """Check a party's roll and founders against ``law`` (default: the law in force on ``on``)."""
    row = party_row(session, party)
    law = law or party_law_on(on)
    shortfalls = check_registration(
        law,
        on=on,
        members_by_region=_by_region(session, row.id, founders=False),
        founders_by_region=_by_region(session, row.id, founders=True),
        initiated_on=row.initiated_on,
        congress_on=row.congress_on,
    )
    return RegistrationCheck(party=party, on=on, law=law, shortfalls=shortfalls)


def _successor_wait(session: Session, row: PartyRow, on: date, law: PartyLaw) -> None:
    events = session.scalars(select(PartyEventRow).where(PartyEventRow.kind == "reorganised")).all()
    for event in events:
        detail = json.loads(event.detail or "{}")
        if row.slug in detail.get("successors", []):
            earliest = event.occurred_on + timedelta(days=law.successor_wait_days)
            if on < earliest:
                raise RuleViolation(
                    f"party {row.slug!r} succeeds {detail.get('predecessor')!r} "
                    f"({detail.get('mode')} on {event.occurred_on.isoformat()}); under {law.id} "
                    f"it may register no earlier than {earliest.isoformat()}, not on "
                    f"{on.isoformat()}",
                    code="party.successor_wait",
                    params={
                        "party": row.slug,
                        "predecessor": detail.get("predecessor"),
                        "mode": detail.get("mode"),
                        "since": event.occurred_on,
                        "law": law.id,
                        "earliest": earliest,
                        "on": on,
                    },
                )


def register_party(
    session: Session, *, party: str, on: date, entered_by: str, law: PartyLaw | None = None
) -> Party:
    """Register a party after its founding congress, if it meets the law in force on ``on``.

    ``law`` replaces the shipped edition in force (another jurisdiction, or a what-if).

    Raises:
        RuleViolation: the party is a movement, not past its congress, a successor too early,
            or short of requirements (every unmet requirement listed with its numbers).
    """
    row = party_row(session, party)
    if row.kind == PartyKind.MOVEMENT:
        raise RuleViolation(
            f"{row.slug!r} is a movement; movements are not registered and cannot nominate lists",
            code="party.movement_registration",
            params={"party": row.slug},
        )
    _move(row, PartyStatus.REGISTERED)
    check = check_party_registration(session, party=party, on=on, law=law)
    _successor_wait(session, row, on, check.law)
    if not check.passed:
        raise RuleViolation(
            check.message(),
            code="party.registration_unmet",
            params={
                "party": party,
                "on": on,
                "law": check.law.id,
                "citation": check.law.citation,
                "shortfalls": check.shortfalls,
            },
        )
    row.registered_on = on
    _record(session, row, "registered", on, entered_by, detail=check.law.id)
    session.flush()
    return _convert.party(row)


def suspend_party(
    session: Session,
    *,
    party: str,
    court: str,
    since: date,
    until: date | None,
    entered_by: str,
    reason: str | None = None,
) -> Party:
    """Record a court's suspension of a party's activity, from ``since`` to ``until``."""
    row = party_row(session, party)
    _move(row, PartyStatus.SUSPENDED)
    _record(
        session, row, "suspended", since, entered_by, until=until, decided_by=court, detail=reason
    )
    session.flush()
    return _convert.party(row)


def end_suspension(session: Session, *, party: str, on: date, entered_by: str) -> Party:
    """Record that a court's suspension ended (the party is registered and active again).

    Raises:
        NotFoundError: an unknown party.
        RuleViolation: the party is not suspended.
        InputError: ``on`` is before the suspension began.
    """
    row = party_row(session, party)
    check_transition(_convert.party(row), PartyStatus.REGISTERED)  # nothing changed if refused
    since = session.scalars(
        select(PartyEventRow.occurred_on)
        .where(PartyEventRow.party_id == row.id, PartyEventRow.kind == "suspended")
        .order_by(PartyEventRow.id.desc())
        .limit(1)
    ).first()
    if since is not None and on < since:
        raise InputError.expected(
            what=f"end of the suspension of {row.slug!r}",
            expected=f"a day on or after its start, {since.isoformat()}",
            got=on.isoformat(),
            code="party.suspension_end",
            params={"party": row.slug, "since": since, "got": on.isoformat()},
        )
    _move(row, PartyStatus.REGISTERED)
    _record(session, row, "suspension_ended", on, entered_by)
    session.flush()
    return _convert.party(row)


def liquidate_party(
    session: Session,
    *,
    party: str,
    on: date,
    decided_by: str,
    entered_by: str,
    reason: str | None = None,
) -> tuple[Party, int]:
    """Liquidate a party: every active membership ends by dissolution. Returns (party, ended)."""
    row = party_row(session, party)
    _move(row, PartyStatus.LIQUIDATED)
    ended = end_all_memberships(
        session,
        party_id=row.id,
        on=on,
        reason=reason or f"party liquidated ({decided_by})",
        entered_by=entered_by,
    )
    row.ended_on = on
    _record(session, row, "liquidated", on, entered_by, decided_by=decided_by, detail=reason)
    session.flush()
    return _convert.party(row), ended


def reorganise_party(
    session: Session,
    *,
    party: str,
    on: date,
    mode: str,
    successors: Sequence[str],
    entered_by: str,
) -> tuple[Party, int]:
    """Reorganise a party by merger, split or transformation into successor organizations.

    The predecessor's memberships end by dissolution (members join a successor themselves);
    each successor must register on its own, no earlier than the edition's
    ``successor_wait_days`` after the decision. The list deputies' mandates are not ended
    here: the commission decides that (:func:`majlis.parliament.dissolve_party_mandates`).

    Known deviations: the text of art. 14(2) of the Law "On Political Parties" published by
    zakonpravo.kz (read December 2026) sets two months between the decision and a
    successor's registration; the shipped editions hold 0 days until the edition that
    introduced the period is checked against the Adilet text.

    Raises:
        InputError: an unknown mode, a number of successors the mode does not allow, a
            successor named twice or the party itself among its successors.
        NotFoundError: an unknown party or successor.
        RuleViolation: the party cannot be reorganised from where it stands, or a successor
            has already ceased to exist.
    """
    form = _reorganisation_mode(mode)
    least, most = form.successors
    if len(successors) < least or (most is not None and len(successors) > most):
        wanted = f"exactly {least}" if least == most else f"at least {least}"
        raise InputError(
            f"a {form.value} has {wanted} successor{'s' if least > 1 else ''}; "
            f"got {len(successors)}",
            code=f"party.successor_count.{form.value}",
            params={"got": len(successors)},
        )
    if len(set(successors)) != len(successors) or party in successors:
        raise InputError(
            f"the successors of {party!r} must be other parties, each named once; got "
            + ", ".join(successors),
            code="party.successors_distinct",
            params={"party": party, "got": ", ".join(successors)},
        )
    row = party_row(session, party)
    successor_rows = [party_row(session, slug) for slug in successors]
    for successor in successor_rows:
        if successor.status in (PartyStatus.LIQUIDATED, PartyStatus.REORGANISED):
            raise RuleViolation(
                f"party {successor.slug!r} is {successor.status}; it cannot succeed {party!r}",
                code="party.successor_ended",
                params={"successor": successor.slug, "status": successor.status, "party": party},
            )
    _move(row, PartyStatus.REORGANISED)
    ended = end_all_memberships(
        session,
        party_id=row.id,
        on=on,
        reason=f"party reorganised ({form.value} into {', '.join(successors)})",
        entered_by=entered_by,
    )
    for successor in successor_rows:
        if successor.predecessor_id is None:
            successor.predecessor_id = row.id
    row.ended_on = on
    detail = json.dumps(
        {"mode": form.value, "predecessor": row.slug, "successors": list(successors)}
    )
    _record(session, row, "reorganised", on, entered_by, detail=detail)
    session.flush()
    return _convert.party(row), ended


def _reorganisation_mode(mode: str) -> ReorganisationMode:
    try:
        return ReorganisationMode(mode)
    except ValueError:
        raise InputError.expected(
            what="reorganisation mode",
            expected="one of " + ", ".join(m.value for m in ReorganisationMode),
            got=mode,
            code="party.reorganisation_mode",
            params={"valid": ", ".join(m.value for m in ReorganisationMode), "got": mode},
        ) from None


def get_party(session: Session, slug: str) -> Party:
    """Return the party ``slug``."""
    return _convert.party(party_row(session, slug))


def list_parties(session: Session) -> tuple[tuple[Party, int], ...]:
    """Every party with its number of active members, by slug."""
    counts = _counts.by_party(session)
    rows = session.scalars(select(PartyRow).order_by(PartyRow.slug)).all()
    return tuple((_convert.party(r), int(counts.get(r.id, 0))) for r in rows)


def nomination_refusal(session: Session, *, party: str, on: date) -> IneligibleError | None:
    """Why ``party`` may not nominate a list on ``on`` (None = it may).

    Only a registered party (not a movement, not suspended by a court on that date, not
    liquidated or reorganised by then) nominates lists.
    """
    row = party_row(session, party)
    if row.kind == PartyKind.MOVEMENT:
        return IneligibleError(
            f"{row.slug!r} is an unregistered movement; it cannot nominate a list",
            code="nomination.movement",
            params={"party": row.slug},
        )
    if row.registered_on is None or row.registered_on > on:
        return IneligibleError(
            f"party {row.slug!r} was not registered on {on.isoformat()}; it cannot nominate a list",
            code="nomination.not_registered",
            params={"party": row.slug, "on": on},
        )
    if row.ended_on is not None and row.ended_on <= on:
        return IneligibleError(
            f"party {row.slug!r} was {row.status} on {row.ended_on.isoformat()}; it cannot "
            "nominate a list",
            code="nomination.ended",
            params={"party": row.slug, "status": row.status, "on": row.ended_on},
        )
    suspensions = session.scalars(
        select(PartyEventRow).where(PartyEventRow.party_id == row.id).order_by(PartyEventRow.id)
    ).all()
    suspended_since: date | None = None
    suspended_until: date | None = None
    for event in suspensions:
        if event.occurred_on > on:
            continue
        if event.kind == "suspended":
            suspended_since, suspended_until = event.occurred_on, event.until
        elif event.kind == "suspension_ended":
            suspended_since = None
    if suspended_since is not None and (suspended_until is None or on <= suspended_until):
        return IneligibleError(
            f"the activity of party {row.slug!r} was suspended by a court from "
            f"{suspended_since.isoformat()}"
            + (f" to {suspended_until.isoformat()}" if suspended_until else "")
            + "; it cannot nominate a list",
            code="nomination.suspended",
            params={"party": row.slug, "since": suspended_since, "until": suspended_until},
        )
    return None


def ensure_can_nominate(session: Session, *, party: str, on: date) -> Party:
    """Return the party if it may nominate a list on ``on``; raise IneligibleError otherwise."""
    refusal = nomination_refusal(session, party=party, on=on)
    if refusal is not None:
        raise refusal
    return get_party(session, party)
