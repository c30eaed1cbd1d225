"""The seats of a stored election: one service every output reads.

``majlis tabulate``, the API's results and seats, the dashboard, the demo's report and the
seating of a convocation all take their list seats from :func:`election_seats` (the final
tally of the stored protocols) or :func:`allocate_votes` (votes given per list, e.g. a file of
national totals). Both hand the law engine the election's registered lists in their
registration order, so a tie the law breaks by registration order is broken the same way in
every output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from majlis.elections import Election, ListStatus, get_election, list_rules, party_lists
from majlis.errors import NotFoundError, VotesError
from majlis.law import Allocation, PartyList, Ruleset, allocate
from majlis.results import CountStatus, Level, Tabulation, count_status, tabulate_election

__all__ = ["ElectionSeats", "ListSeats", "allocate_votes", "election_seats", "seats_from_lists"]


@dataclass(frozen=True, slots=True)
class ListSeats:
    """One list's votes and seats; ``party`` is its party's registry slug (None if unstored)."""

    name: str
    party: str | None
    registration_order: int
    votes: int
    seats: int


@dataclass(frozen=True, slots=True, eq=False)
class ElectionSeats:
    """The list seats of an election with the allocation (and its trace) that explains them.

    ``rows`` are in the order the votes were given (ballot order for a tally); the law
    engine names each list as the votes did. ``registered`` is False only for an election
    that is not stored, whose ballot order stands in for the registration order.
    ``status`` says whether the tally behind the seats is final (None for given votes).
    """

    election: str
    ruleset: Ruleset
    allocation: Allocation
    rows: tuple[ListSeats, ...]
    registered: bool
    status: CountStatus | None = None

    @property
    def provisional(self) -> bool:
        """True while a station of the tally awaits resolution or is missing."""
        return self.status is not None and self.status.provisional

    def by_party(self) -> dict[str, int]:
        """Seats per party slug (the input of :func:`majlis.parliament.seat_lists`)."""
        return {r.party: r.seats for r in self.rows if r.party is not None}


def _stored(session: Session, election: str) -> Election | None:
    try:
        return get_election(session, election)
    except NotFoundError:
        return None


def _stored_lists(
    session: Session, election: str, given: Sequence[tuple[str, int]]
) -> dict[str, tuple[str, int]]:
    """Each given list (a party's name or slug) → (party slug, registration order).

    A list that is no longer registered (withdrawn) may stand in the votes with 0 votes; it
    is left out of the allocation. Any other list must be registered in the election.
    """
    lists = party_lists(session, election=election)
    known: dict[str, tuple[str, int, bool]] = {}
    for pl in lists:
        order = pl.registration_order if pl.registration_order is not None else 10**6
        standing = pl.status is ListStatus.REGISTERED
        for key in (pl.party_name, pl.party_slug):
            known[key] = (pl.party_slug, order, standing)
    unknown = [n for n, v in given if n not in known or (not known[n][2] and v)]
    if unknown:
        names_ = sorted(pl.party_name for pl in lists if pl.status is ListStatus.REGISTERED)
        raise VotesError.expected(
            what=f"The lists counted in '{election}'",
            expected=f"registered lists of the election ({', '.join(names_)})",
            got=unknown,
            code="seats.unknown_lists",
            params={"election": election, "lists": ", ".join(names_), "got": repr(unknown)},
        )
    return {n: known[n][:2] for n, _ in given if known[n][2]}


def seats_from_lists(
    ruleset: Ruleset,
    lists: Sequence[tuple[str, int, int]],
    *,
    against_all: int = 0,
    ballots_cast: int | None = None,
    registered_voters: int | None = None,
) -> Allocation:
    """The law engine's allocation of ``lists`` (name, votes, registration order), with its trace.

    The one step from a tally to seats: the lists go to the law engine in registration order,
    which decides the ties a law breaks by it. :func:`allocate_votes` calls it with the stored
    lists, and an exported record is verified offline with it (:mod:`majlis.record`).
    """
    inputs = sorted(
        (PartyList(name, votes, registration_order=order) for name, votes, order in lists),
        key=lambda p: p.registration_order,
    )
    return allocate(
        ruleset,
        inputs,
        against_all=against_all,
        ballots_cast=ballots_cast,
        registered_voters=registered_voters,
    )


def allocate_votes(
    session: Session,
    *,
    election: str,
    votes: Sequence[tuple[str, int]] | Mapping[str, int],
    against_all: int = 0,
    ballots_cast: int | None = None,
    registered_voters: int | None = None,
    ruleset: Ruleset | None = None,
) -> ElectionSeats:
    """Allocate an election's list seats from the votes per list (party name or slug).

    The election's ruleset in force on polling day applies unless ``ruleset`` is given. An
    election that is not stored needs ``ruleset``; its lists then keep the order of
    ``votes`` as their registration order.

    Raises:
        NotFoundError: the election is not stored and no ruleset is given.
        VotesError: a list in ``votes`` is not a registered list of the election.
    """
    given = list(votes.items() if isinstance(votes, Mapping) else votes)
    found = _stored(session, election)
    if found is None:
        if ruleset is None:
            raise NotFoundError(
                f"No election '{election}': its seats need its ruleset.",
                code="election.unknown_seats",
                params={"election": election},
            )
        order: dict[str, tuple[str | None, int]] = {
            name: (None, i + 1) for i, (name, _) in enumerate(given)
        }
        registered = False
    else:
        ruleset = ruleset or list_rules(found.ruleset_id, on=found.polling_day).ruleset
        order = dict(_stored_lists(session, election, given))
        given = [(name, v) for name, v in given if name in order]
        registered = True
    allocation = seats_from_lists(
        ruleset,
        [(name, v, order[name][1]) for name, v in given],
        against_all=against_all,
        ballots_cast=ballots_cast,
        registered_voters=registered_voters,
    )
    rows = tuple(
        ListSeats(name, order[name][0], order[name][1], v, allocation.seats.get(name, 0))
        for name, v in given
    )
    return ElectionSeats(election, ruleset, allocation, rows, registered)


def election_seats(
    session: Session,
    election: str,
    *,
    tabulation: Tabulation | None = None,
    ruleset: Ruleset | None = None,
) -> ElectionSeats | None:
    """The list seats from the final tally of ``election``'s stored protocols, with its status.

    None when the election is not stored and no ``ruleset`` is given (its protocols can be
    tabulated, but nothing says which law allocates their seats). ``tabulation`` spares a
    second tabulation when the caller already has one.

    Raises:
        NotFoundError: the election has no final protocol.
        VotesError: a list in the tally is not a registered list of the election.
    """
    if ruleset is None and _stored(session, election) is None:
        return None
    tab = tabulation or tabulate_election(session, election)
    national = tab.tally(Level.NATIONAL, "national")
    seats = allocate_votes(
        session,
        election=election,
        votes=national.votes,
        against_all=national.lines.get("against_all", 0),
        ballots_cast=national.lines.get("found"),
        registered_voters=national.lines.get("voters"),
        ruleset=ruleset,
    )
    return ElectionSeats(
        seats.election,
        seats.ruleset,
        seats.allocation,
        seats.rows,
        seats.registered,
        count_status(session, election),
    )
