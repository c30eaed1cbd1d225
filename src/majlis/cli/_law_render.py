"""The words of ``majlis laws`` and ``majlis law show``: a ruleset's settings as a reader says them.

In English the table shows the ruleset's codes (``list_votes``, ``largest_remainder``) as its
TOML file writes them, so a script that read the English table reads it still; in Russian or
Kazakh each code is a word of the catalogues. Names (a method such as ``hare``, a body, a
country code), the citation, the sources and the notes stay as the ruleset gives them. JSON
and CSV stay English: they are written under :func:`majlis.i18n.using` the default language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from majlis.cli._registry_common import day
from majlis.i18n import DEFAULT, N_, current, gettext, ngettext, pgettext
from majlis.law import METHODS, Ruleset
from majlis.percent import percent
from majlis.trace_text import TERMS, term

if TYPE_CHECKING:
    from fractions import Fraction

__all__ = ["districts_text", "law_rows", "ruleset_row", "share", "word"]

#: A ruleset's codes that the trace does not word (:data:`majlis.trace_text.TERMS` words the
#: threshold bases, the runner-up variants and how two thresholds combine).
_WORDS = {
    "largest_remainder": N_("to the largest remainders"),
    "largest_lists": N_("to the largest lists"),
    "floor": N_("rounding down"),
    "nearest": N_("rounding to the nearest seat"),
    "ordered": N_("in list order"),
    "designated": N_("designated by the party after the count"),
    "none": N_("none"),
    "registration": N_("earlier registration"),
    "votes": N_("more votes"),
    "fewer_votes": N_("fewer votes"),
    "lot": N_("lot"),
    "exact": N_("exact"),
    "rounded": N_("rounded"),
}


def word(code: str) -> str:
    """A code of a ruleset: as its file writes it in English, a word in another language."""
    if current() == DEFAULT:
        return code
    if code in _WORDS:
        return gettext(_WORDS[code])
    return term(code) if code in TERMS else code


def share(value: Fraction) -> str:
    """A share the law fixes, in its shortest exact form ("7%", "3.25%" / "3,25%")."""
    text = percent(value, places=None)
    return text if current() == DEFAULT else text.replace(".", ",")


def _threshold(r: Ruleset) -> str:
    return pgettext("threshold", "%(share)s of %(base)s") % {
        "share": share(r.threshold),
        "base": word(r.threshold_base),
    }


def ruleset_row(r: Ruleset) -> tuple[str, ...]:
    """One row of ``majlis laws``: id, country, body, from, to, seats, method, threshold."""
    return (
        r.id,
        r.jurisdiction,
        r.body,
        day(r.effective_from),
        day(r.effective_to) if r.effective_to else gettext("now"),
        f"{r.list_seats} / {r.total_seats}",
        r.method,
        _threshold(r),
    )


def districts_text(r: Ruleset) -> str:
    """One line describing a districted ruleset's constituency levels ("" if none)."""
    d = r.districts
    if d is None:
        return ""
    parts = [
        gettext("seats fixed per constituency")
        if d.magnitude == "seats"
        else gettext("seats apportioned by %(magnitude)s (%(method)s)")
        % {"magnitude": word(d.magnitude), "method": d.apportionment},
        gettext("each counted by %(method)s") % {"method": d.method},
    ]
    if d.threshold:
        parts.append(
            gettext("threshold %(share)s of %(base)s (%(combine)s)")
            % {
                "share": share(d.threshold),
                "base": word(d.threshold_base),
                "combine": word(d.combine),
            }
        )
    if d.remainders == "national":
        parts.append(
            gettext("unused votes to a national second scrutiny (%(method)s)")
            % {"method": d.remainder_method}
        )
    if d.levelling:
        parts.append(
            ngettext(
                "%(num)s levelling seat each (%(method)s)",
                "%(num)s levelling seats each (%(method)s)",
                d.levelling,
            )
            % {"num": d.levelling, "method": d.levelling_method}
        )
    if d.biproportional:
        parts.append(
            gettext("biproportional, voter numbers %(numbers)s")
            % {"numbers": word(d.voter_numbers)}
        )
    return "; ".join(parts)


def _quota(r: Ruleset) -> str:
    values = {"rounding": word(r.whole_seats)}
    if r.quota_base == "threshold_base":
        return gettext("of the threshold base, quotients to whole seats by %(rounding)s") % values
    return gettext("of admitted votes, quotients to whole seats by %(rounding)s") % values


def _mixed(r: Ruleset) -> str | None:
    if r.mixed == "mmp":
        return gettext("mmp: districts won count first, overhang kept")
    if r.mixed == "parallel":
        return gettext("parallel: districts won are seats beside the list tier")
    if r.mixed == "additional_members":
        return gettext(
            "additional members: each region's seats by divisors, constituencies won counted first"
        )
    if r.mixed == "coverage":
        return gettext(
            "coverage: party seats to Land lists by %(method)s; district winners seated by "
            "first-vote share as far as the list's seats reach"
        ) % {"method": r.lower_method or r.method}
    return None


def _rules(r: Ruleset) -> list[tuple[str, str]]:
    """The optional threshold and seat rules, each a row when the ruleset has it."""
    rows: list[tuple[str, str]] = []
    for size, value in r.alliance_thresholds:
        rows.append((gettext("alliance of %(size)s+") % {"size": size}, share(value)))
    if r.minority_exempt:
        rows.append(
            (
                gettext("minority lists"),
                gettext("exempt, votes x %(multiplier)s") % {"multiplier": r.minority_multiplier},
            )
        )
    if r.district_qualification:
        won = ngettext(
            "%(num)s district won", "%(num)s districts won", r.district_qualification
        ) % {"num": r.district_qualification}
        rows.append((gettext("district qualification"), won))
    if r.full_quota_qualification:
        rows.append((gettext("full quota"), gettext("a list needs one full quota")))
    if r.surplus_agreements:
        rows.append((gettext("surplus agreements"), gettext("pairs allocated jointly, then split")))
    if r.seat_cap:
        rows.append((gettext("seat cap"), gettext("%(num)s per list") % {"num": r.seat_cap}))
    if r.runner_up:
        rows.append((gettext("runner-up rule"), word(r.runner_up)))
    mixed = _mixed(r)
    if mixed is not None:
        rows.append((pgettext("ruleset", "mixed"), mixed))
    if r.districts is not None:
        rows.append((gettext("constituencies"), districts_text(r)))
    return rows


def law_rows(r: Ruleset) -> list[tuple[str, str]]:
    """The key and value rows of ``majlis law show``, in the language being served."""
    method = r.method
    if r.first_divisor:
        method = gettext("%(method)s (first divisor %(divisor)s)") % {
            "method": r.method,
            "divisor": r.first_divisor,
        }
    seats = gettext(
        "%(total)s total: %(list)s list, %(districts)s districts, %(appointed)s appointed"
    ) % {
        "total": r.total_seats,
        "list": r.list_seats,
        "districts": r.district_seats,
        "appointed": r.appointed_seats,
    }
    to = day(r.effective_to) if r.effective_to else gettext("now")
    rows: list[tuple[str, str]] = [
        (gettext("jurisdiction / body"), f"{r.jurisdiction} / {r.body}"),
        (gettext("in force"), f"{day(r.effective_from)} .. {to}"),
        (pgettext("ruleset", "seats"), seats),
        (pgettext("ruleset", "method"), method),
        (
            pgettext("ruleset", "threshold"),
            gettext("%(threshold)s (inclusive)") % {"threshold": _threshold(r)},
        ),
    ]
    if METHODS[r.method].family == "largest_remainder":
        rows.insert(4, (gettext("leftover seats"), word(r.leftover)))
        if r.quota_base != "admitted" or r.whole_seats != "floor":
            rows.insert(5, (gettext("quota"), _quota(r)))
    rows += _rules(r)
    rows += [
        (gettext("tie-break"), word(r.tie_break)),
        (gettext("list mode"), word(r.list_mode)),
        (gettext("citation"), r.citation),
        (gettext("sources"), "\n".join(r.sources)),
    ]
    if r.notes:
        rows.append((gettext("notes"), r.notes))
    return rows
