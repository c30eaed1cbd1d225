"""A protocol check's finding is worded in Russian and Kazakh from its rule and numbers."""

from __future__ import annotations

import pytest

from majlis.finding_text import code_word, finding_text
from majlis.i18n import using
from majlis.results import Finding, Rule

#: Each rule with the lines it names, in message order, and numbers that break or flag it.
_VALUES: dict[Rule, tuple[tuple[str, int], ...]] = {
    Rule.RECEIVED: (("received", 1000), ("issued", 700), ("cancelled", 290)),
    Rule.FOUND_LE_ISSUED: (("found", 701), ("issued", 700)),
    Rule.FOUND: (("found", 700), ("invalid", 10), ("valid", 680)),
    Rule.VALID: (("valid", 680), ("votes_total", 670), ("against_all", 5)),
    Rule.ISSUED_LE_VOTERS: (("issued", 1200), ("voters", 1000)),
    Rule.ADDITIONAL_LE_VOTERS: (("additional_voters", 1100), ("voters", 1000)),
    Rule.HIGH_TURNOUT: (("issued", 990), ("voters", 1000)),
    Rule.UNUSUAL_INVALID: (("invalid", 90), ("found", 700)),
    Rule.ROUND_TURNOUT: (("issued", 800), ("voters", 1000)),
    Rule.ROUND_LEADER: (("votes.Amanat", 340), ("valid", 680)),
    Rule.MOBILE_SHARE: (("found_mobile", 200), ("found", 700)),
    Rule.ADDITIONAL_SHARE: (("additional_voters", 150), ("voters", 1000)),
}
_ENGLISH = ("broken", "too many", "over the list", "turnout", "share", "round number", "region")


def test_every_rule_has_numbers() -> None:
    """The table above covers every rule (a new rule fails here until it is worded)."""
    assert set(_VALUES) == set(Rule)


@pytest.mark.parametrize("rule", list(Rule))
@pytest.mark.parametrize(("lang", "word"), [("ru", "нарушено"), ("kk", "бұзылған")])
def test_each_finding_in_each_language(rule: Rule, lang: str, word: str) -> None:
    """Relations keep their formula and say 'broken' in the language; warnings give the share."""
    finding = Finding("010001", rule, _VALUES[rule], "the service's English message")
    with using(lang):
        text = finding_text(finding)
    assert "%(" not in text
    for english in _ENGLISH:
        assert english not in text
    if rule.severity.value == "error":
        assert word in text
    else:
        assert "%" in text
    assert ("Amanat/Vd" in text) is (rule is Rule.ROUND_LEADER)


def test_english_is_the_services_message() -> None:
    """In English the finding reads as the results package wrote it, and codes stay codes."""
    finding = Finding("010001", Rule.FOUND, _VALUES[Rule.FOUND], "B = N + Vd broken: as written")
    assert finding_text(finding) == "B = N + Vd broken: as written"
    assert code_word("double-entry") == "double-entry"
    with using("ru"):
        assert code_word("double-entry") == "двойной ввод"
        assert code_word("R=I+C") == "R=I+C"
        numbers = finding_text(Finding("1", Rule.RECEIVED, _VALUES[Rule.RECEIVED], ""))
    assert numbers.endswith("R − (I + C) = +10")
    assert "R=1 000" in numbers.replace("\xa0", " ")
