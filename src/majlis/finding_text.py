"""A protocol check's finding as a reader says it, and the codes of the protocol commands.

Like :mod:`majlis.error_text` and :mod:`majlis.trace_text`, a module of words that every front
may use (the command line's protocol commands, the quick count's problem lines).

The results package writes each finding's message in English (:attr:`Finding.message`, the
API's and the CSV's text); in Russian or Kazakh the same sentence is worded here from the
finding's rule and the numbers it carries, so English stays the service's message to the
character. The relations keep their formulas (``R = I + C``) and the lines their symbols
(``V``, ``Vd``) in every language: they are the protocol's own notation.
"""

from __future__ import annotations

from fractions import Fraction

from majlis.i18n import DEFAULT, N_, current, fmt_int, fmt_pct, gettext, ngettext
from majlis.results import LINE_SYMBOLS, Finding, Rule

__all__ = ["code_word", "finding_text"]

#: Codes of the protocol commands (a source, a severity, a warning's rule, how a version
#: became final) as words; a relation's rule ("R=I+C") stays its formula.
_CODES = {
    "official": N_("official"),
    "observer": N_("observer"),
    "entry1": N_("entry 1"),
    "entry2": N_("entry 2"),
    "error": N_("error"),
    "warning": N_("warning"),
    "high-turnout": N_("high turnout"),
    "unusual-invalid": N_("unusual invalid share"),
    "round-turnout": N_("round turnout"),
    "round-leader-share": N_("round leader share"),
    "mobile-share": N_("mobile-box share"),
    "additional-share": N_("additional-list share"),
    "double-entry": N_("double entry"),
    "resolution": N_("resolution"),
    "import": N_("import"),
    "correction": N_("correction"),
}

_WARNINGS = {
    Rule.HIGH_TURNOUT: N_("turnout I/V %(share)s (%(values)s)"),
    Rule.UNUSUAL_INVALID: N_(
        "invalid share N/B, unusually high for the region, %(share)s (%(values)s)"
    ),
    Rule.ROUND_TURNOUT: N_("turnout I/V is a round number: %(share)s (%(values)s)"),
    Rule.ROUND_LEADER: N_("leader share %(leader)s/Vd is a round number: %(share)s (%(values)s)"),
    Rule.MOBILE_SHARE: N_("mobile-box share B(mobile)/B %(share)s (%(values)s)"),
    Rule.ADDITIONAL_SHARE: N_("additional-list share V+/V %(share)s (%(values)s)"),
}


def code_word(code: str) -> str:
    """A code as the store keeps it in English, a word in another language."""
    if current() == DEFAULT or code not in _CODES:
        return code
    return gettext(_CODES[code])


def _signed(value: int) -> str:
    return ("+" if value >= 0 else "-") + fmt_int(abs(value))


def finding_text(f: Finding) -> str:
    """The finding's message: the service's own in English, worded from its numbers else."""
    if current() == DEFAULT:
        return f.message
    v = dict(f.values)
    values = ", ".join(f"{LINE_SYMBOLS.get(n, n)}={fmt_int(x)}" for n, x in f.values)
    rule = f.rule
    if rule is Rule.RECEIVED:
        diff = v["received"] - v["issued"] - v["cancelled"]
        text = gettext("R = I + C broken: %(values)s; R − (I + C) = %(diff)s")
        return text % {"values": values, "diff": _signed(diff)}
    if rule is Rule.FOUND_LE_ISSUED:
        extra = v["found"] - v["issued"]
        text = ngettext(
            "B ≤ I broken: %(values)s; %(num)s ballot too many",
            "B ≤ I broken: %(values)s; %(num)s ballots too many",
            extra,
        )
        return text % {"values": values, "num": fmt_int(extra)}
    if rule is Rule.FOUND:
        diff = v["found"] - v["invalid"] - v["valid"]
        text = gettext("B = N + Vd broken: %(values)s; B − (N + Vd) = %(diff)s")
        return text % {"values": values, "diff": _signed(diff)}
    if rule is Rule.VALID:
        diff = v["valid"] - v["votes_total"] - v["against_all"]
        text = gettext("Vd = Σ votes + A broken: %(values)s; Vd − (Σ votes + A) = %(diff)s")
        return text % {"values": values, "diff": _signed(diff)}
    if rule is Rule.ISSUED_LE_VOTERS:
        text = gettext("I ≤ V broken: %(values)s; %(num)s over the list")
        return text % {"values": values, "num": fmt_int(v["issued"] - v["voters"])}
    if rule is Rule.ADDITIONAL_LE_VOTERS:
        return gettext("V+ ≤ V broken: %(values)s") % {"values": values}
    (first, a), (_, b) = f.values[0], f.values[1]
    return gettext(_WARNINGS[rule]) % {
        "share": fmt_pct(Fraction(a, b)) if b else "—",
        "leader": first.removeprefix("votes."),
        "values": values,
    }
