"""The chamber of the demo: allocate, seat the deputies and the Assembly's nine, replay a vacancy.

Everything is :mod:`majlis.parliament` and :mod:`majlis.registry`; this module only stages the
VIII convocation (opened 15 January 2021) and one expulsion with its replacement from the list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from majlis import elections, parliament, registry
from majlis.demo._campaign import Campaign
from majlis.demo._facts import ELECTION_SLUG
from majlis.demo._world import ENTERED_BY
from majlis.errors import NotFoundError

__all__ = ["CONVOCATION", "EXPULSION_DECIDED", "OPENED", "Chamber", "stage_chamber"]

CONVOCATION = "kz-majlis-viii"
OPENED = date(2021, 1, 15)
EXPELLED_ON = date(2021, 6, 1)
NOTICE_ON = date(2021, 6, 3)
EXPULSION_DECIDED = date(2021, 6, 9)


@dataclass(frozen=True, slots=True)
class Chamber:
    """What the chamber stage produced."""

    seats: parliament.ElectionSeats
    seated: int
    appointed: int
    termination: parliament.TerminationOutcome
    skipped: str


def _designations(session: Session, seats: Mapping[str, int]) -> dict[str, list[int]]:
    """Each party designates its deputies from its registered list after the count.

    The ruleset of 2021 lets the party choose; the demo's parties take their standing
    candidates in list order, except that Nur Otan passes over its no. 2.
    """
    chosen: dict[str, list[int]] = {}
    for slug, won in seats.items():
        if won <= 0:
            continue
        plist = elections.get_list(session, election=ELECTION_SLUG, party=slug)
        standing = [
            c.person_id
            for c in plist.candidates
            if c.status is elections.CandidateStatus.STANDING
            and not (slug == "nur-otan" and c.rank == 2)
        ]
        chosen[slug] = standing[:won]
    return chosen


def stage_chamber(session: Session, *, campaign: Campaign) -> Chamber:
    """Allocate from the stored final tally, seat everyone, replay an expulsion."""
    parliament.open_convocation(
        session,
        slug=CONVOCATION,
        name="Majlis, VIII convocation",
        election=ELECTION_SLUG,
        opened_on=OPENED,
    )
    seats = parliament.election_seats(session, ELECTION_SLUG)
    if seats is None:  # the demo stores its election before the count
        raise NotFoundError(f"The demo election '{ELECTION_SLUG}' is not stored.")
    seated = parliament.seat_elected(
        session,
        convocation=CONVOCATION,
        seats=seats,
        on=OPENED,
        designations=_designations(session, seats.by_party()),
    )
    assembly_ids = registry.person_ids(session, [p.iin for p in campaign.assembly])
    appointed = parliament.seat_appointed(
        session,
        convocation=CONVOCATION,
        persons=assembly_ids,
        on=OPENED,
        decided_by="the Assembly of the People of Kazakhstan (January 2021)",
    )
    # The deputy at Nur Otan's rank 3 is expelled. The first candidate not seated has left
    # the party in the meantime, so the seat passes over them to the next one still a member.
    nur_otan = elections.get_list(session, election=ELECTION_SLUG, party="nur-otan")
    seated_ids = {m.person_id for m in seated}
    waiting = [c for c in nur_otan.candidates if c.person_id not in seated_ids]
    standing_waiting = [c for c in waiting if c.status is elections.CandidateStatus.STANDING]
    first_waiting = standing_waiting[0]
    iin_of = {
        pid: p.iin
        for p, pid in zip(
            campaign.candidates["nur-otan"],
            registry.person_ids(session, [p.iin for p in campaign.candidates["nur-otan"]]),
            strict=True,
        )
    }
    registry.leave(
        session,
        national_id=iin_of[first_waiting.person_id],
        on=date(2021, 3, 1),
        entered_by=ENTERED_BY,
        reason="left the party (synthetic)",
    )
    expelled = nur_otan.candidates[2]
    event = registry.expel(
        session,
        national_id=iin_of[expelled.person_id],
        on=EXPELLED_ON,
        reason="breach of the party's charter (synthetic)",
        deciding_body="Bureau of the Political Council of Nur Otan",
        entered_by=ENTERED_BY,
    )
    termination = parliament.terminate_on_membership_event(
        session,
        convocation=CONVOCATION,
        ledger_seq=event.seq,
        notice_on=NOTICE_ON,
        decided_on=EXPULSION_DECIDED,
    )
    return Chamber(
        seats=seats,
        seated=len(seated),
        appointed=len(appointed),
        termination=termination,
        skipped=f"{first_waiting.name} (Nur Otan no. {first_waiting.rank}) left the party on "
        "2021-03-01 and is passed over",
    )
