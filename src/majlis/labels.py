"""The words of a count as a reader says them, in the language being served.

Protocol lines, tabulation levels, the count's status, the titles of the forensic methods and
the quick count's sentence on a list's seats, worded once for the dashboard, the printable
reports and the command line (:mod:`majlis.i18n` chooses the language). The store, the API's
JSON and the CSV keep the codes (``issued_station``, ``region``); this module only turns them
into words. It imports nothing but :mod:`majlis.i18n`, so that the command line and a server
worker can use it without loading the services or the reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from majlis.i18n import N_, fmt_int, gettext, ngettext

if TYPE_CHECKING:  # for annotations only: the services stay unloaded
    from majlis.results import CountStatus

__all__ = [
    "LEVELS",
    "LINES",
    "METHOD_FAMILIES",
    "METHOD_TEXTS",
    "METHOD_TITLES",
    "count_sentence",
    "level_name",
    "line_name",
    "method_title",
    "seat_sentence",
]

#: Protocol line (the store's field) → its name on a commission's protocol.
LINES = {
    "voters": N_("Voters on the list"),
    "additional_voters": N_("Voters added on polling day"),
    "received": N_("Ballots received"),
    "issued": N_("Ballots issued"),
    "issued_station": N_("Ballots issued at the station"),
    "issued_mobile": N_("Ballots issued for mobile voting"),
    "cancelled": N_("Unused ballots cancelled"),
    "found": N_("Ballots found in the boxes"),
    "found_stationary": N_("Ballots found in the stationary boxes"),
    "found_mobile": N_("Ballots found in the mobile boxes"),
    "invalid": N_("Invalid ballots"),
    "valid": N_("Valid ballots"),
    "against_all": N_("Against all"),
    "votes_total": N_("Votes for the lists"),
}

#: Tabulation level → its name as a column header.
LEVELS = {
    "station": N_("station"),
    "territorial": N_("territorial commission"),
    "region": N_("region"),
    "national": N_("national"),
}

#: Forensic method (its key in :data:`majlis.report.METHODS`) → its title.
METHOD_TITLES = {
    "klimek": N_("Turnout × leader-share fingerprint"),
    "integer": N_("Integer-percentage spikes"),
    "shpilkin": N_("Shpilkin's excess-vote estimate"),
    "digits": N_("Digit and distribution tests"),
    "rozenas": N_("Resampled kernel density spikes"),
}


def line_name(field: str) -> str:
    """A protocol line's name in the current language ("valid" → "Valid ballots"); a list's
    votes (``votes.X``) are "Votes for X".

    >>> line_name("valid"), line_name("votes.Nur Otan"), line_name("unknown_line")
    ('Valid ballots', 'Votes for Nur Otan', 'unknown line')
    """
    if field.startswith("votes."):
        return gettext("Votes for %(list)s") % {"list": field.removeprefix("votes.")}
    return gettext(LINES[field]) if field in LINES else field.replace("_", " ")


def level_name(level: str) -> str:
    """A tabulation level's name in the current language ("region" → "region")."""
    return gettext(LEVELS[level]) if level in LEVELS else level


def method_title(key: str, title: str = "") -> str:
    """A forensic method's title in the current language (``title`` if the key is unknown)."""
    return gettext(METHOD_TITLES[key]) if key in METHOD_TITLES else title or key


def count_sentence(status: CountStatus) -> str:
    """One line for a reader: the count is final, or provisional with its counts.

    In English, the words of :meth:`majlis.results.CountStatus.sentence` (the domain's own,
    kept for the API's JSON).
    """
    if not status.provisional:
        return ngettext(
            "Final: %(stations)s station has a final protocol.",
            "Final: all %(stations)s stations have a final protocol.",
            status.stations,
        ) % {"stations": fmt_int(status.stations)}
    return gettext(
        "PROVISIONAL: %(final)s of %(stations)s stations final; %(awaiting)s await "
        "resolution, %(missing)s missing."
    ) % {
        "final": fmt_int(status.final),
        "stations": fmt_int(status.stations),
        "awaiting": fmt_int(len(status.awaiting)),
        "missing": fmt_int(status.missing),
    }


def seat_sentence(seats: dict[str, Any]) -> str:
    """One list's official seats against the quick count's 99 % range, as a sentence.

    ``seats`` is a row of ``compare_view(...)["seats"]``; in English the words of
    :attr:`majlis.pvt.SeatVerdict.sentence`.
    """
    low, high = seats["range99"]
    span = str(low) if low == high else f"{low}–{high}"
    n = int(seats["official"])
    if seats["inside99"]:
        text = ngettext(
            "%(list)s's %(num)s seat lies inside the PVT's 99 %% range (%(range)s).",
            "%(list)s's %(num)s seats lie inside the PVT's 99 %% range (%(range)s).",
            n,
        )
    else:
        text = ngettext(
            "%(list)s's %(num)s seat lies outside the PVT's 99 %% range (%(range)s).",
            "%(list)s's %(num)s seats lie outside the PVT's 99 %% range (%(range)s).",
            n,
        )
    return text % {"list": seats["name"], "num": n, "range": span}


#: The allocation methods' families and descriptions (``majlis.law.METHODS``), marked for the
#: catalogues; tests/cli/test_cli_languages.py holds them equal to the law's own English.
METHOD_FAMILIES: dict[str, str] = {
    "highest_averages": N_("highest averages"),
    "largest_remainder": N_("largest remainder"),
}
METHOD_TEXTS: dict[str, str] = {
    "adams": N_("highest averages, divisors 0, 1, 2, ..."),
    "danish": N_("highest averages, divisors 1, 4, 7, ..."),
    "dhondt": N_("highest averages, divisors 1, 2, 3, ..."),
    "droop": N_("largest remainder, Droop quota floor(V/(S+1))+1"),
    "hagenbach_bischoff": N_("largest remainder, quota V/(S+1)"),
    "hagenbach_bischoff_ceil": N_("quota V/(S+1) rounded up"),
    "hagenbach_bischoff_floor": N_("quota V/(S+1) floored"),
    "hagenbach_bischoff_round": N_("quota V/(S+1) rounded"),
    "hare": N_("largest remainder, Hare quota V/S"),
    "hare_ceil": N_("largest remainder, Hare quota rounded up"),
    "hare_floor": N_("largest remainder, Hare quota rounded down"),
    "huntington_hill": N_("highest averages, divisors sqrt(k(k+1))"),
    "imperiali": N_("highest averages, divisors 2, 3, 4, ..."),
    "imperiali_quota": N_("largest remainder, Imperiali quota V/(S+2)"),
    "modified_sainte_lague": N_("highest averages, divisors 1.4 (configurable), 3, 5, ..."),
    "sainte_lague": N_("highest averages, divisors 1, 3, 5, ..."),
}
