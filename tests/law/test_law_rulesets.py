"""The ruleset catalogue, date resolution and the validation of ruleset files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction

import pytest

from majlis.errors import NotFoundError, RulesetError
from majlis.law import get_ruleset, list_rulesets, parse_fraction, parse_ruleset, ruleset_digest


def test_kazakh_versions_shipped() -> None:
    """The four Kazakh Majlis versions are shipped with their seats and thresholds."""
    expected = {
        "kz-majlis-1999": (77, 10, 67, 0, Fraction(7, 100)),
        "kz-majlis-2007": (107, 98, 0, 9, Fraction(7, 100)),
        "kz-majlis-2009": (107, 98, 0, 9, Fraction(7, 100)),
        "kz-majlis-2023": (98, 69, 29, 0, Fraction(5, 100)),
    }
    for rid, (total, listed, districts, appointed, threshold) in expected.items():
        r = get_ruleset(rid)
        assert (r.total_seats, r.list_seats, r.district_seats, r.appointed_seats) == (
            total,
            listed,
            districts,
            appointed,
        )
        assert r.threshold == threshold
    assert get_ruleset("kz-majlis-2023").threshold_base == "valid_votes"
    assert get_ruleset("kz-majlis-2009").runner_up == "admit"
    assert get_ruleset("kz-majlis-2007").runner_up is None


@pytest.mark.parametrize(
    ("on", "rid"),
    [
        (date(2004, 9, 19), "kz-majlis-1999"),
        (date(2007, 8, 18), "kz-majlis-2007"),
        (date(2012, 1, 15), "kz-majlis-2009"),
        (date(2021, 1, 10), "kz-majlis-2009"),
        (date(2023, 3, 19), "kz-majlis-2023"),
    ],
)
def test_family_resolves_by_date(on: date, rid: str) -> None:
    """`kz-majlis` with a date picks the version in force on that day."""
    assert get_ruleset("kz-majlis", date=on).id == rid


def test_family_without_date_is_newest() -> None:
    """A family id without a date means the newest version."""
    assert get_ruleset("kz-majlis").id == "kz-majlis-2023"


def test_no_version_in_force() -> None:
    """A date before the first version fails listing the versions and their spans."""
    with pytest.raises(NotFoundError, match=r"kz-majlis-1999 1999-05-06\.\.2007-06-19"):
        get_ruleset("kz-majlis", date=date(1995, 1, 1))


def test_exact_id_outside_its_dates() -> None:
    """An exact id with a date it does not cover fails saying when it is in force."""
    with pytest.raises(NotFoundError, match="in force from 2023-01-01 to now, not on 2021-01-10"):
        get_ruleset("kz-majlis-2023", date=date(2021, 1, 10))


def test_unknown_id_lists_valid_ids() -> None:
    """An unknown id fails naming every shipped id."""
    with pytest.raises(NotFoundError) as info:
        get_ruleset("atlantis-senate")
    for r in list_rulesets():
        assert r.id in str(info.value)


def test_every_shipped_ruleset_cites_its_law() -> None:
    """Every shipped ruleset has a citation, at least one source and consistent seats."""
    rulesets = list_rulesets()
    assert len(rulesets) >= 8
    for r in rulesets:
        assert len(r.citation) > 20
        assert r.sources
        assert r.list_seats + r.district_seats + r.appointed_seats == r.total_seats


def test_max_list_length_is_thirty_percent_more() -> None:
    """Kazakh lists may carry 30% more names than seats (98 -> 127)."""
    assert get_ruleset("kz-majlis-2009").max_list_length() == 127
    assert get_ruleset("kz-majlis-2023").max_list_length(69) == 89


def test_user_ruleset_round_trip(ruleset_text: Callable[..., str]) -> None:
    """A user's own TOML parses into a Ruleset that names its source."""
    r = parse_ruleset(
        ruleset_text(seats=30, method="modified_sainte_lague", allocation='first_divisor = "1.2"'),
        source="mine.toml",
    )
    assert r.first_divisor == Fraction(6, 5)
    assert r.source == "mine.toml"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7%", Fraction(7, 100)),
        ("3.25%", Fraction(13, 400)),
        ("0.05", Fraction(1, 20)),
        ("1/3", Fraction(1, 3)),
        ("1.35", Fraction(27, 20)),
    ],
)
def test_parse_fraction_is_exact(text: str, value: Fraction) -> None:
    """Percentages and decimals are parsed as exact fractions."""
    assert parse_fraction(text) == value


BROKEN = [
    # (what is changed, the key named, the expectation quoted, the bad value quoted)
    (
        lambda t: t.replace('value = "5%"', "value = 0.05"),
        "threshold.value",
        "a string such as",
        "0.05",
    ),
    (lambda t: t.replace('value = "5%"', 'value = "150%"'), "threshold.value", "[0, 1]", "150%"),
    (
        lambda t: t.replace('method = "hare"', 'method = "hondt"'),
        "allocation.method",
        "dhondt",
        "hondt",
    ),
    (
        lambda t: t.replace('base = "list_votes"', 'base = "voters"'),
        "threshold.base",
        "registered_voters",
        "voters",
    ),
    (
        lambda t: t.replace("total = 10", "total = 11"),
        "seats.total",
        "list + districts + appointed = 10",
        "11",
    ),
    (lambda t: t.replace('id = "test-law"', 'id = "Test Law"'), "id", "lowercase id", "Test Law"),
    (
        lambda t: t.replace('sources = ["https://example.org/statute"]', "sources = []"),
        "sources",
        "non-empty list",
        "[]",
    ),
    (lambda t: t.replace('citation = "Test statute, Art. 1"\n', ""), "citation", "present", "None"),
    (lambda t: t + "\n[lists]\ncolour = 1\n", "lists.colour", "one of", "colour"),
    (
        lambda t: t.replace(
            "effective_from = 2000-01-01", "effective_from = 2000-01-01\neffective_to = 1999-01-01"
        ),
        "effective_to",
        "after effective_from",
        "1999-01-01",
    ),
    (
        lambda t: t.replace(
            'base = "list_votes"', 'base = "list_votes"\nminority_multiplier = "1.35"'
        ),
        "threshold.minority_multiplier",
        "highest-averages",
        "27/20",
    ),
    (
        lambda t: t.replace('method = "hare"', 'method = "hare"\nfirst_divisor = "1.4"'),
        "allocation.first_divisor",
        "absent for a largest-remainder",
        "7/5",
    ),
    (
        lambda t: t.replace('method = "hare"', 'method = "hare"\nseat_cap = 0'),
        "allocation.seat_cap",
        "integer >= 1",
        "0",
    ),
    (
        lambda t: t.replace('method = "hare"', 'method = "hare"\ntie_break = "coin"'),
        "allocation.tie_break",
        "registration",
        "coin",
    ),
    (lambda t: t + '\n[runner_up]\nvariant = "maybe"\n', "runner_up.variant", "min_seats", "maybe"),
    (
        lambda t: t.replace(
            'base = "list_votes"', 'base = "list_votes"\n[threshold.alliance]\n1 = "7%"'
        ),
        "threshold.alliance.1",
        "alliance size >= 2",
        "1",
    ),
]


@pytest.mark.parametrize(("change", "key", "expected", "found"), BROKEN)
def test_bad_ruleset_names_key_expectation_and_value(
    change: object, key: str, expected: str, found: str, ruleset_text: Callable[..., str]
) -> None:
    """Every malformed key fails naming the file, the key, what was expected and what was found."""
    text = change(ruleset_text())  # type: ignore[operator]
    with pytest.raises(RulesetError) as info:
        parse_ruleset(text, source="bad.toml")
    message = str(info.value)
    assert message.startswith(f"bad.toml, field '{key}'")
    assert expected in message
    assert found in message


def test_not_toml() -> None:
    """A file that is not TOML fails naming the file and the parser's complaint."""
    with pytest.raises(RulesetError, match=r"^bad\.toml: not valid TOML"):
        parse_ruleset("id = [", source="bad.toml")


@pytest.mark.parametrize("text", ["1/0", "0/0", "7/00"])
def test_a_zero_denominator_is_a_value_error(text: str) -> None:
    """``"1/0"`` is refused like any malformed number, not with a ZeroDivisionError."""
    with pytest.raises(ValueError, match=text):
        parse_fraction(text)


def test_ruleset_digest_is_the_content_of_each_shipped_file() -> None:
    """Every shipped ruleset has its own 64-hex content digest; a family id has none."""
    digests = {r.id: ruleset_digest(r.id) for r in list_rulesets()}
    assert all(len(d) == 64 and int(d, 16) >= 0 for d in digests.values())
    assert len(set(digests.values())) == len(digests)
    with pytest.raises(NotFoundError, match="unknown ruleset 'kz-majlis'; valid ids: "):
        ruleset_digest("kz-majlis")


def test_ruleset_digest_ignores_layout_but_not_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """Comments, blank lines and key order leave the digest; a changed threshold changes it."""
    from majlis.law import catalogue

    original = catalogue._text("kz-majlis-2009.toml")
    shipped = ruleset_digest("kz-majlis-2009")
    top, *tables = original.split("\n[")
    relaid = "\n\n".join(["# a comment", top, *(f"[{t}" for t in reversed(tables))]) + "\n"
    changed = original.replace('value = "7%"', 'value = "5%"')
    assert changed != original
    monkeypatch.setattr(catalogue, "_text", lambda _name: relaid)
    assert ruleset_digest("kz-majlis-2009") == shipped
    monkeypatch.setattr(catalogue, "_text", lambda _name: changed)
    assert ruleset_digest("kz-majlis-2009") != shipped
