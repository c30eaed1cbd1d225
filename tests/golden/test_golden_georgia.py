"""Golden test: Georgia 2024, where the seats left after whole quotas go to the largest lists.

Sources: Central Election Commission of Georgia, final protocol of 16 November 2024 (seats
and shares read out at the final session, Vestnik Kavkaza / Sputnik); votes as reproduced by
Wikipedia's results table and by the ISPD country page. The two published versions differ by
up to 233 votes per list; both give the official seats, so both are checked. Lists under 5%
(all under 3.1%) are given as one range of "other" votes, from none to the count at which
For Georgia would sit exactly at 5%.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from majlis.law import PartyList, allocate, get_ruleset

SOURCES = (
    "https://en.vestikavkaza.ru/material/171739",
    "https://en.wikipedia.org/wiki/2024_Georgian_parliamentary_election",
    "https://ispd.org.cy/georgia",
)
PARTIES = (
    "Georgian Dream",
    "Coalition for Change",
    "Unity – National Movement",
    "Strong Georgia",
    "For Georgia",
)
OFFICIAL_SEATS = (89, 19, 16, 14, 12)
VOTES = {
    "wikipedia": (1_120_053, 229_161, 211_216, 182_922, 161_521),
    "ispd": (1_120_140, 229_161, 211_120, 182_949, 161_336),
}


def _allocate(version: str, other: str, *, leftover: str | None = None) -> dict[str, int]:
    votes = VOTES[version]
    lists = [PartyList(n, v) for n, v in zip(PARTIES, votes, strict=True)]
    others = 0 if other == "none" else 20 * votes[-1] - sum(votes)
    ruleset = get_ruleset("ge-parlament-2024")
    if leftover is not None:
        ruleset = replace(ruleset, leftover=leftover)  # type: ignore[arg-type]
    result = allocate(ruleset, lists, other_votes=others)
    assert result.tie is None
    return dict(result.seats)


@pytest.mark.parametrize("version", sorted(VOTES))
@pytest.mark.parametrize("other", ["none", "most"])
def test_georgia_2024_official_seats(version: str, other: str) -> None:
    """The Georgian ruleset reproduces the 2024 seats from either published count."""
    assert _allocate(version, other) == dict(zip(PARTIES, OFFICIAL_SEATS, strict=True))


def test_georgia_leftover_rule_decides_two_seats() -> None:
    """With largest remainders instead, Unity and For Georgia would take the two leftovers."""
    seats = _allocate("wikipedia", "none", leftover="largest_remainder")
    assert tuple(seats.values()) == (88, 18, 17, 14, 13)
