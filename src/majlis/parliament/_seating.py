"""Opening a convocation and seating it: list deputies from an allocation, appointed members.

Source: Constitutional Law "On Elections" (Kazakhstan), art. 97-1 (registration of deputies
in list order, or as the party designates in editions that allow it); Constitution art. 51
(the Assembly of the People's nine deputies, 2007–2023).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis import registry
from majlis.elections import (
    Election,
    ListMode,
    ListStatus,
    elected_from_list,
    get_election,
    get_election_by_id,
    list_rules,
    party_lists,
)
from majlis.errors import ConflictError, InputError, RuleViolation
from majlis.parliament._composition import SeatKind
from majlis.parliament._history import history_note
from majlis.parliament._queries import (
    convocation_row,
    find_convocation,
    record_event,
    to_views,
)
from majlis.parliament._records import Convocation, MandateView
from majlis.store.parliament_rows import ConvocationRow, MandateRow, PostRow

__all__ = [
    "ASSEMBLY",
    "open_convocation",
    "seat_appointed",
    "seat_lists",
]

#: The body that elected the appointed deputies of the Majlis from 2007 to 2023.
ASSEMBLY = "Assembly of the People of Kazakhstan"


def open_convocation(
    session: Session,
    *,
    slug: str,
    name: str,
    election: str,
    opened_on: date,
    appointing_body: str = ASSEMBLY,
) -> Convocation:
    """Open a convocation with the posts (list, district, appointed) of its election's ruleset.

    The previous convocation of the same body, if still open, closes on ``opened_on``.
    """
    if session.scalars(select(ConvocationRow.id).where(ConvocationRow.slug == slug)).first():
        raise ConflictError(
            f"A convocation '{slug}' already exists.",
            code="convocation.exists",
            params={"convocation": slug},
        )
    found = get_election(session, election)
    if opened_on < found.polling_day:
        raise InputError.expected(
            what=f"The opening date of {name}",
            expected=f"on or after polling day {found.polling_day.isoformat()}",
            got=opened_on.isoformat(),
            code="convocation.opened_early",
            params={
                "convocation": name,
                "polling": found.polling_day,
                "got": opened_on.isoformat(),
            },
        )
    rules = list_rules(found.ruleset_id, on=found.polling_day)
    for previous in session.scalars(
        select(ConvocationRow).where(
            ConvocationRow.body == found.body,
            ConvocationRow.jurisdiction == found.jurisdiction,
            ConvocationRow.closed_on.is_(None),
        )
    ):
        previous.closed_on = opened_on
    row = ConvocationRow(
        slug=slug,
        name=name,
        jurisdiction=found.jurisdiction,
        body=found.body,
        ruleset_id=rules.ruleset_id,
        election_id=found.id,
        opened_on=opened_on,
    )
    session.add(row)
    session.flush()
    kinds = (
        [(SeatKind.PARTY_LIST, None)] * rules.list_seats
        + [(SeatKind.DISTRICT, None)] * rules.district_seats
        + [(SeatKind.APPOINTED, appointing_body)] * rules.appointed_seats
    )
    session.add_all(
        PostRow(convocation_id=row.id, number=n, kind=kind.value, group_label=group)
        for n, (kind, group) in enumerate(kinds, start=1)
    )
    record_event(
        session,
        row,
        on=opened_on,
        kind="opened",
        detail=history_note(
            "chamber.opened",
            name=name,
            posts=len(kinds),
            list=rules.list_seats,
            districts=rules.district_seats,
            appointed=rules.appointed_seats,
            ruleset=rules.ruleset_id,
        ),
    )
    session.flush()
    return find_convocation(session, slug)


def _election_of(session: Session, crow: ConvocationRow) -> Election:
    """The election the convocation came from; refused for one opened without an election."""
    if crow.election_id is None:
        raise RuleViolation(
            f"{crow.name} was opened without an election: it has no lists.",
            code="convocation.no_election",
            params={"convocation": crow.name},
        )
    return get_election_by_id(session, crow.election_id)


def _free_posts(session: Session, crow: ConvocationRow, kind: SeatKind) -> list[PostRow]:
    """Posts of ``kind`` nobody ever held (list posts: not yet given to a list)."""
    query = select(PostRow).where(
        PostRow.convocation_id == crow.id,
        PostRow.kind == kind.value,
        PostRow.id.not_in(select(MandateRow.post_id)),
    )
    if kind is SeatKind.PARTY_LIST:
        query = query.where(PostRow.party_list_id.is_(None))
    return list(session.scalars(query.order_by(PostRow.number)))


def seat_lists(
    session: Session,
    *,
    convocation: str,
    seats: Mapping[str, int],
    on: date,
    designations: Mapping[str, Sequence[int]] | None = None,
) -> tuple[MandateView, ...]:
    """Give each list its won seats and seat its elected candidates from ``on``.

    Args:
        convocation: the convocation's slug; its election's registered lists are seated.
        seats: seats won per party slug (an allocation's seats; zero entries are skipped).
        on: the date the mandates start.
        designations: in the party-designates list mode, the persons each party designates.

    A candidate who is no longer a member of the party on ``on`` is passed over; seats a list
    cannot fill stay vacant (recorded) until the next election.
    """
    crow = convocation_row(session, convocation)
    election = _election_of(session, crow)
    lists = {pl.party_slug: pl for pl in party_lists(session, election=election.slug)}
    unknown = sorted(set(seats) - set(lists))
    if unknown:
        raise InputError.expected(
            what=f"The parties given seats in {crow.name}",
            expected=f"parties with a list in {election.slug} ({', '.join(sorted(lists))})",
            got=unknown,
            code="convocation.seats_unknown_parties",
            params={
                "convocation": crow.name,
                "election": election.slug,
                "lists": ", ".join(sorted(lists)),
                "got": repr(unknown),
            },
        )
    wanted = sum(seats.values())
    free = _free_posts(session, crow, SeatKind.PARTY_LIST)
    if wanted > len(free):
        raise RuleViolation(
            f"{wanted} list seats were won but {crow.name} has {len(free)} free.",
            code="convocation.list_posts",
            params={"wanted": wanted, "convocation": crow.name, "free": len(free)},
        )
    created: list[MandateRow] = []
    for slug, pl in lists.items():
        won = seats.get(slug, 0)
        if won <= 0:
            continue
        if pl.status is not ListStatus.REGISTERED:
            raise RuleViolation(
                f"The list of {pl.party_name} is {pl.status}: it cannot win seats.",
                code=f"convocation.list_not_registered.{pl.status.value}",
                params={"party": pl.party_name},
            )
        members = registry.members_on(
            session, party_id=pl.party_id, persons=[c.person_id for c in pl.candidates], on=on
        )
        entries = [e for e in pl.entries if e.person in members]
        chosen = elected_from_list(
            entries,
            won,
            mode=election.list_mode,
            designated=(designations or {}).get(slug)
            if election.list_mode is ListMode.PARTY_DESIGNATES
            else None,
            party=pl.party_name,
        )
        posts, free = free[:won], free[won:]
        for post, person in zip(posts, list(chosen) + [None] * (won - len(chosen)), strict=True):
            post.group_label = pl.party_name
            post.party_id = pl.party_id
            post.party_list_id = pl.id
            if person is None:
                record_event(
                    session,
                    crow,
                    on=on,
                    kind="seat-vacant",
                    post=post,
                    detail=history_note(
                        "chamber.no_candidate", post=post.number, party=pl.party_name
                    ),
                )
                continue
            mandate = MandateRow(post_id=post.id, person_id=person, party_id=pl.party_id, start=on)
            session.add(mandate)
            session.flush()
            created.append(mandate)
            rank = next(c.rank for c in pl.candidates if c.person_id == person)
            record_event(
                session,
                crow,
                on=on,
                kind="seated",
                post=post,
                mandate=mandate,
                detail=history_note(
                    "chamber.seated", post=post.number, rank=rank, party=pl.party_name
                ),
            )
    session.flush()
    return to_views(session, created)


def seat_appointed(
    session: Session, *, convocation: str, persons: Sequence[int], on: date, decided_by: str
) -> tuple[MandateView, ...]:
    """Seat appointed members (e.g. the Assembly's nine) on the free appointed posts."""
    crow = convocation_row(session, convocation)
    free = _free_posts(session, crow, SeatKind.APPOINTED)
    if len(persons) > len(free):
        raise RuleViolation(
            f"{len(persons)} appointed members given but {crow.name} has {len(free)} free "
            "appointed posts.",
            code="convocation.appointed_posts",
            params={"given": len(persons), "convocation": crow.name, "free": len(free)},
        )
    created: list[MandateRow] = []
    for post, person in zip(free, persons, strict=False):
        mandate = MandateRow(post_id=post.id, person_id=person, party_id=None, start=on)
        session.add(mandate)
        session.flush()
        created.append(mandate)
        record_event(
            session,
            crow,
            on=on,
            kind="seated",
            post=post,
            mandate=mandate,
            detail=history_note("chamber.appointed", post=post.number, by=decided_by),
        )
    session.flush()
    return to_views(session, created)
