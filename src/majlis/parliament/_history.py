"""The sentences of the chamber's history, by key (:class:`majlis.notes.Note`).

Each step of the history is stored as its English text with the key and parameters it was
made of; :mod:`majlis.note_text` words it in the reader's language. Names (people, parties,
convocations, deciding bodies) are parameters, shown as registered.
"""

from __future__ import annotations

from majlis.notes import Note

__all__ = ["HISTORY", "history_note"]

#: Key → the English sentence of one step of the chamber's history.
HISTORY = {
    "chamber.opened": "%(name)s opened with %(posts)s posts (%(list)s party-list, "
    "%(districts)s district, %(appointed)s appointed) under %(ruleset)s",
    "chamber.no_candidate": "post %(post)s: the list of %(party)s has no eligible candidate "
    "left; the seat stays empty until the next election",
    "chamber.seated": "post %(post)s: candidate no. %(rank)s of %(party)s seated",
    "chamber.appointed": "post %(post)s: elected by %(by)s",
    "chamber.list_exhausted": "post %(post)s: the list of %(party)s is exhausted (no standing "
    "candidate still a member); the seat stays empty until the next election",
    "chamber.succeeded": "post %(post)s: candidate no. %(rank)s of %(party)s, %(person)s, "
    "takes the seat of %(predecessor)s",
    "chamber.terminated": "post %(post)s: mandate of %(person)s ended (%(reason)s)",
    "chamber.terminated+notice": "post %(post)s: mandate of %(person)s ended (%(reason)s); "
    "%(notice)s",
    "chamber.party_ended": "%(party)s ceased to exist on %(on)s",
    "chamber.by_election_awaited": "post %(post)s: awaiting a by-election (%(group)s)",
    "chamber.party_notice": "%(party)s notified the commission on %(on)s of ledger event "
    "#%(seq)s (%(event)s on %(occurred)s)",
    "chamber.party_notice+reason": "%(party)s notified the commission on %(on)s of ledger "
    "event #%(seq)s (%(event)s on %(occurred)s: %(reason)s)",
    "chamber.by_election": "post %(post)s: %(person)s elected by %(by)s",
}


def history_note(key: str, **params: object) -> Note:
    """The step ``key`` of the history with its parameters, as its English text."""
    return Note(key, HISTORY[key], **params)
