"""Which election a page shows, and its title."""

from __future__ import annotations

from sqlalchemy.orm import Session

from majlis import elections, results
from majlis.errors import NotFoundError


def pick_election(session: Session, slug: str | None) -> str:
    """``slug`` if given, else the newest election with protocols (or any election)."""
    if slug:
        return slug
    counted = results.counted_elections(session)
    stored, _ = elections.list_elections(session)
    for election in stored:  # the newest polling day first
        if election.slug in counted:
            return election.slug
    if counted:  # protocols of an election whose campaign is not stored
        return counted[0]
    if not stored:
        raise NotFoundError("No election is stored yet (try `majlis demo`).")
    return stored[0].slug


def election_title(session: Session, slug: str) -> str:
    """The stored election's name, or its slug when only its protocols are stored."""
    try:
        return elections.get_election(session, slug).name
    except NotFoundError:
        return slug
