"""The words the store keeps as codes (statuses, roles, sources, reasons) as a reader says them.

A code with no entry here is shown as it is; check rules stay as their formulas ("R=I+C").
"""

from __future__ import annotations

from enum import Enum

from majlis.note_text import MANDATE_ENDS
from majlis.web.i18n import N_, gettext, pgettext

__all__ = ["term"]

_TERMS = {
    # protocol sources
    "official": N_("official"),
    "observer": N_("observer"),
    "entry1": N_("entry 1"),
    "entry2": N_("entry 2"),
    # lists and candidates
    "nominated": N_("nominated"),
    "registered": N_("registered"),
    "withdrawn": N_("withdrawn"),
    "standing": N_("standing"),
    "revoked": N_("revoked"),
    # parties
    "party": N_("party"),
    "movement": N_("movement"),
    "initiative_group": N_("initiative group"),
    "founding_congress": N_("founding congress"),
    "suspended": N_("suspended"),
    "liquidated": N_("liquidated"),
    "reorganised": N_("reorganised"),
    "open": N_("open"),
    # check findings
    "error": N_("error"),
    "warning": N_("warning"),
    # incidents
    "ballot-stuffing": N_("ballot stuffing"),
    "carousel-voting": N_("carousel voting"),
    "pressure": N_("pressure on voters"),
    "observer-removed": N_("observer removed"),
    "protocol-not-posted": N_("protocol not posted"),
    "other": N_("other"),
    # roles
    "admin": N_("administrator"),
    "commission": N_("commission"),
    "party-officer": N_("party officer"),
    # ends of mandates: the words the chamber's history uses for them
    **MANDATE_ENDS,
}


def term(code: Enum | str | None) -> str:
    """``code`` (an enum member or its value) in the current language.

    >>> term("official"), term("R=I+C"), term(None)
    ('official', 'R=I+C', '')
    """
    if code is None:
        return ""
    value = str(code.value) if isinstance(code, Enum) else code
    if type(code).__name__ == "PartyStatus" and value == "registered":
        return pgettext("party status", "registered")
    return gettext(_TERMS[value]) if value in _TERMS else value
