"""Pure admission, intake and lifecycle rules of the registry (no storage)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from majlis.errors import IneligibleError, IntakeSuspended, RuleViolation
from majlis.registry.model import (
    BarredCategory,
    IntakeDecision,
    Party,
    PartyStatus,
    Person,
)
from majlis.registry.party_law import PartyLaw, membership_law_on
from majlis.registry.person_rules import age_on, under_age_problem

__all__ = [
    "BARRED_LABELS",
    "LIFECYCLE",
    "admission_refusal",
    "check_transition",
    "intake_suspension_on",
    "party_intake_refusal",
]

#: How each barred category is named in a refusal (Constitution of the RK, art. 23(2)).
BARRED_LABELS = {
    BarredCategory.SERVICEMAN: "a serviceman",
    BarredCategory.NATIONAL_SECURITY: "an employee of the national security bodies",
    BarredCategory.LAW_ENFORCEMENT: "an employee of the law enforcement bodies",
    BarredCategory.JUDGE: "a judge",
}

#: The lifecycle: from each status, the statuses a party may move to.
LIFECYCLE: dict[PartyStatus, frozenset[PartyStatus]] = {
    PartyStatus.INITIATIVE_GROUP: frozenset(
        {PartyStatus.FOUNDING_CONGRESS, PartyStatus.LIQUIDATED}
    ),
    PartyStatus.FOUNDING_CONGRESS: frozenset({PartyStatus.REGISTERED, PartyStatus.LIQUIDATED}),
    PartyStatus.REGISTERED: frozenset(
        {PartyStatus.SUSPENDED, PartyStatus.LIQUIDATED, PartyStatus.REORGANISED}
    ),
    PartyStatus.SUSPENDED: frozenset(
        {PartyStatus.REGISTERED, PartyStatus.LIQUIDATED, PartyStatus.REORGANISED}
    ),
    PartyStatus.LIQUIDATED: frozenset(),
    PartyStatus.REORGANISED: frozenset(),
}


def check_transition(party: Party, to: PartyStatus) -> None:
    """Raise RuleViolation unless ``party`` may move from its status to ``to``."""
    allowed = LIFECYCLE[party.status]
    if to not in allowed:
        names = ", ".join(sorted(allowed)) or "nothing (a final status)"
        raise RuleViolation(
            f"party {party.slug!r} is {party.status}; it cannot become {to} "
            f"(from {party.status} it may become: {names})",
            code="party.transition",
            params={
                "party": party.slug,
                "stage": str(party.status),
                "to": str(to),
                "allowed": tuple(sorted(str(a) for a in allowed)),
            },
        )


def intake_suspension_on(decisions: Sequence[IntakeDecision], on: date) -> IntakeDecision | None:
    """Return the suspension of intake in effect on ``on`` (None when intake is open).

    ``decisions`` are in the order they were entered; the latest decision taken on or before
    ``on`` rules; a suspension with an end date lapses after it.
    """
    ruling: IntakeDecision | None = None
    for decision in decisions:
        if decision.decided_on <= on and (
            ruling is None or decision.decided_on >= ruling.decided_on
        ):
            ruling = decision
    if ruling is None or ruling.state != "suspended":
        return None
    if ruling.until is not None and on > ruling.until:
        return None
    return ruling


def party_intake_refusal(
    *, party: Party, suspension: IntakeDecision | None, on: date
) -> RuleViolation | None:
    """Return why ``party`` admits nobody on ``on``: ended, suspended by a court, or intake
    suspended by its own decision (None = it admits members)."""
    refusal = _party_closed(party, on)
    if refusal is None and suspension is not None:
        until = f" until {suspension.until.isoformat()}" if suspension.until else ""
        reason = f": {suspension.reason}" if suspension.reason else ""
        return IntakeSuspended(
            f"party {party.slug!r} suspended the intake of new members on "
            f"{suspension.decided_on.isoformat()}{until}{reason}",
            code="party.intake_suspended",
            params=_suspension_params(party, suspension),
        )
    return refusal


def _suspension_params(party: Party, suspension: IntakeDecision) -> dict[str, object]:
    """The parameters of an intake refusal: the party, since and until when, and why."""
    return {
        "party": party.slug,
        "on": suspension.decided_on,
        "until": suspension.until,
        "reason": suspension.reason or None,
    }


def _party_closed(party: Party, on: date) -> RuleViolation | None:
    ended_by_then = party.ended_on is not None and party.ended_on <= on
    if party.status in (PartyStatus.LIQUIDATED, PartyStatus.REORGANISED) or ended_by_then:
        ended = party.ended_on.isoformat() if party.ended_on else "an earlier date"
        return IneligibleError(
            f"party {party.slug!r} was {party.status} on {ended}; it admits no members",
            code="party.ended",
            params={"party": party.slug, "status": str(party.status), "on": party.ended_on},
        )
    if party.status == PartyStatus.SUSPENDED:
        return IneligibleError(
            f"the activity of party {party.slug!r} is suspended by a court; it admits no members",
            code="party.suspended",
            params={"party": party.slug},
        )
    return None


def admission_refusal(
    *,
    person: Person,
    party: Party,
    suspension: IntakeDecision | None,
    on: date,
    law: PartyLaw | None = None,
) -> RuleViolation | None:
    """Return why ``person`` may not be admitted to ``party`` on ``on`` (None = may be).

    Sources: Constitution of the RK, art. 23(2) (servicemen, national-security and
    law-enforcement staff and judges may not be party members); Law "On Political Parties",
    art. 5 (only citizens of the Republic of Kazakhstan may be members); the minimum age
    of ``law`` (the edition whose membership rules apply on ``on`` when not given).
    """
    who = f"{person.full_name} ({person.national_id})"
    closed = _party_closed(party, on)
    if closed is not None:
        return closed
    if person.birth_date is not None:
        law = law or membership_law_on(on)
        young = under_age_problem(
            person.birth_date,
            on,
            minimum=law.min_member_age,
            citation=law.min_member_age_citation,
        )
        if young is not None:
            future = person.birth_date > on
            return IneligibleError(
                f"{who} may not join: {young}",
                code="person.born_later" if future else "person.under_age",
                params={
                    "person": who,
                    "birth": person.birth_date,
                    "on": on,
                    "age": age_on(person.birth_date, on),
                    "minimum": law.min_member_age,
                    "citation": law.min_member_age_citation,
                },
            )
    if person.citizenship != "KZ":
        return IneligibleError(
            f"{who} is a citizen of {person.citizenship}; only citizens of Kazakhstan may be "
            "party members (Law 'On Political Parties', art. 5)",
            code="person.not_citizen",
            params={"person": who, "citizenship": person.citizenship},
        )
    if person.barred_category is not None:
        return IneligibleError(
            f"{who} is {BARRED_LABELS[person.barred_category]} and may not be a party member "
            "(Constitution of the Republic of Kazakhstan, art. 23(2))",
            code="person.barred",
            params={"person": who, "category": str(person.barred_category)},
        )
    if suspension is not None:
        until = f" until {suspension.until.isoformat()}" if suspension.until else ""
        reason = f": {suspension.reason}" if suspension.reason else ""
        return IntakeSuspended(
            f"party {party.slug!r} suspended the intake of new members on "
            f"{suspension.decided_on.isoformat()}{until}{reason}; the application of {who} "
            "is refused",
            code="person.intake_suspended",
            params={**_suspension_params(party, suspension), "person": who},
        )
    return None
