"""The services' notes (:class:`majlis.notes.Note`) worded in the language being served.

A note reads as its English text in English, and so does any plain string; in Russian or
Kazakh :func:`note_text` looks its key up in :data:`NOTES` (the services' English templates,
marked for translation) and fills the translation with its parameters written the
language's way: dates and counts as the language writes them, a protocol check's finding
through :mod:`majlis.finding_text`, names as they are.

Like :mod:`majlis.error_text`, this module imports nothing but :mod:`majlis.i18n` at load
time.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from majlis.i18n import DEFAULT, N_, current, fmt_date, fmt_int, gettext

__all__ = ["MANDATE_ENDS", "NOTES", "note_text", "shortfall_text"]

#: Note key → the service's English template, marked for translation (equal to the
#: service's own table: tests/test_note_text.py holds them equal).
NOTES: dict[str, str] = {
    # the quick count's status board (majlis.pvt.PROBLEMS)
    "pvt.wrong_phone": N_(
        "station %(station)s: the message of observer %(observer)s came from %(sender)s, "
        "which is not their registered phone"
    ),
    "pvt.not_assigned": N_(
        "station %(station)s: observer %(observer)s is not assigned there (%(assigned)s)"
    ),
    "pvt.copy_error": N_("%(finding)s (observer %(observer)s)"),
    "pvt.copies_disagree": N_("station %(station)s: the copies of %(observers)s disagree"),
    # a party's registration requirements (majlis.registry.REQUIREMENTS)
    "registration.members": N_("members in total"),
    "registration.members_in_region": N_("members in %(region)s (%(code)s)"),
    "registration.founders": N_("founders (initiative group)"),
    "registration.founder_regions": N_(
        "regions represented among founders (%(share)s of %(regions)s)"
    ),
    "registration.congress_window": N_("founding congress within months of the initiative group"),
    # the chamber's history (majlis.parliament.HISTORY)
    "chamber.opened": N_(
        "%(name)s opened with %(posts)s posts (%(list)s party-list, %(districts)s district, "
        "%(appointed)s appointed) under %(ruleset)s"
    ),
    "chamber.no_candidate": N_(
        "post %(post)s: the list of %(party)s has no eligible candidate left; the seat stays "
        "empty until the next election"
    ),
    "chamber.seated": N_("post %(post)s: candidate no. %(rank)s of %(party)s seated"),
    "chamber.appointed": N_("post %(post)s: elected by %(by)s"),
    "chamber.list_exhausted": N_(
        "post %(post)s: the list of %(party)s is exhausted (no standing candidate still a "
        "member); the seat stays empty until the next election"
    ),
    "chamber.succeeded": N_(
        "post %(post)s: candidate no. %(rank)s of %(party)s, %(person)s, takes the seat of "
        "%(predecessor)s"
    ),
    "chamber.terminated": N_("post %(post)s: mandate of %(person)s ended (%(reason)s)"),
    "chamber.terminated+notice": N_(
        "post %(post)s: mandate of %(person)s ended (%(reason)s); %(notice)s"
    ),
    "chamber.party_ended": N_("%(party)s ceased to exist on %(on)s"),
    "chamber.by_election_awaited": N_("post %(post)s: awaiting a by-election (%(group)s)"),
    "chamber.party_notice": N_(
        "%(party)s notified the commission on %(on)s of ledger event #%(seq)s (%(event)s on "
        "%(occurred)s)"
    ),
    "chamber.party_notice+reason": N_(
        "%(party)s notified the commission on %(on)s of ledger event #%(seq)s (%(event)s on "
        "%(occurred)s: %(reason)s)"
    ),
    "chamber.by_election": N_("post %(post)s: %(person)s elected by %(by)s"),
    # what the demo is doing (majlis.demo.STEP_TEXTS)
    "demo.database": N_("creating %(path)s"),
    "demo.parties": N_("founding the parties and the movement"),
    "demo.people": N_("registering %(num)s synthetic people and admitting the candidates"),
    "demo.election": N_("calling the election and nominating the lists"),
    "demo.count": N_("synthesising %(num)s polling stations (majlis synth)"),
    "demo.storing": N_("storing the protocols: %(done)s/%(total)s"),
    "demo.chamber": N_("allocating the seats, seating the chamber, replaying an expulsion"),
    "demo.audit": N_("auditing the stored protocols (majlis audit)"),
    "demo.audit_method": N_("auditing the protocols: %(method)s"),
    "demo.report": N_("writing the reports"),
}

#: Codes a note's parameter may hold, by parameter: why a mandate ended, what the ledger
#: recorded, a seat's kind.
#: Why a mandate ended, as the chamber's history stores it and as a reader says it (the
#: dashboard's terms use the same words).
MANDATE_ENDS: dict[str, str] = {
    "expelled from the party": N_("expelled from the party"),
    "left the party": N_("left the party"),
    "party dissolved": N_("party dissolved"),
    "resigned": N_("resigned"),
    "died": N_("died"),
    "convocation ended": N_("convocation ended"),
}

_CODES: dict[str, dict[str, str]] = {
    "reason": MANDATE_ENDS,
    "event": {
        "left": N_("leaving the party"),
        "expelled": N_("expulsion from the party"),
        "dissolved": N_("dissolution of the party"),
    },
    "group": {
        "appointed": N_("appointed seat"),
        "district": N_("district seat"),
    },
}


def _finding(finding: Any) -> str:
    """A protocol check's finding as one line: station, severity, rule and sentence."""
    from majlis.finding_text import code_word, finding_text  # loads the count: only here

    return gettext("station %(station)s: %(severity)s %(rule)s: %(message)s") % {
        "station": finding.station,
        "severity": code_word(finding.severity.value),
        "rule": code_word(finding.rule.value),
        "message": finding_text(finding),
    }


def _word(name: str, value: object) -> str:
    if isinstance(value, str) and value in _CODES.get(name, {}):
        return gettext(_CODES[name][value])
    if getattr(value, "key", None) in NOTES:
        return note_text(value)  # type: ignore[arg-type]
    if isinstance(value, date):
        return fmt_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return fmt_int(value)
    if hasattr(value, "rule") and hasattr(value, "values"):
        return _finding(value)
    return str(value)


def note_text(text: str) -> str:
    """``text`` in the current language: a note's translation, else ``text`` as it is."""
    key = getattr(text, "key", None)
    if current() == DEFAULT or key not in NOTES:
        return str(text)
    params = getattr(text, "params", {})
    return gettext(NOTES[key]) % {name: _word(name, value) for name, value in params.items()}


def shortfall_text(shortfall: Any) -> str:
    """An unmet registration requirement with its numbers (a ``registry.Shortfall``)."""
    if current() == DEFAULT:
        return str(shortfall)
    return gettext("%(requirement)s: required %(required)s, has %(actual)s") % {
        "requirement": note_text(shortfall.requirement),
        "required": fmt_int(shortfall.required),
        "actual": fmt_int(shortfall.actual),
    }
