"""Golden tests: Moldova 2025 (bloc threshold, D'Hondt) and Ukraine 2019 (national list tier).

Each case records where its figures come from; "other" votes are independent candidates,
which count in the base and win nothing (see the rulesets' known deviations).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from majlis.law import PartyList, allocate, get_ruleset

BLOC = {"alliance_size": 2}  # an electoral bloc of parties (7% whatever its size)

# Central Electoral Commission of Moldova, centralised count of all 2,274 polling stations
# (29 September 2025) as published in full by Mediafax; seats as approved by the CEC on
# 5 October 2025 and confirmed by the Constitutional Court on 16 October 2025.
MD_2025_SOURCES = (
    "https://www.mediafax.ro/politic/avem-rezultatele-finale-ale-alegerilor-parlamenetare-din-republica-molodva-cifrele-oficiale-dupa-centralizarea-tuturor-proceselor-verbale-23617796",
    "https://www.zdg.md/stiri/cand-urmeaza-sa-aiba-loc-sedinta-de-constituire-a-noului-parlament-precizarile-cec/",
)
MD_2025 = (
    ("PAS", 792_557, 55, {}),
    ("Blocul Patriotic", 381_505, 26, BLOC),
    ("BE Alternativa", 125_673, 8, BLOC),
    ("Partidul Nostru", 97_852, 6, {}),
    ("PPDA", 88_679, 6, {}),
    ("PP PSDE", 15_064, 0, {}),
    ("CUB", 13_313, 0, {}),
    ("MRM", 10_144, 0, {}),
    ("LOC", 6_130, 0, {}),
    ("PNM", 5_137, 0, {}),
    ("BE Împreună", 5_032, 0, BLOC),
    ("PP ALDE", 3_740, 0, {}),
    ("Alianța Moldovenii", 3_511, 0, {}),
    ("UCSM", 1_840, 0, {}),
    ("AUR", 1_603, 0, {}),
    ("PL", 1_591, 0, {}),
    ("PP NOI", 1_405, 0, {}),
    ("BE BUN", 811, 0, BLOC),
    ("PPMM (withdrawn)", 1, 0, {}),
)
#: Independent candidates: Andrei Năstase, Olesea Stamate, Victoria Sanduța, Tatiana Crețu.
MD_2025_INDEPENDENTS = 13_420 + 5_257 + 2_861 + 1_598

# Central Election Commission of Ukraine, results in the national constituency (3 August
# 2019): votes as in the CEC's final protocol (reproduced on Wikipedia), seats as announced
# by the CEC chair (Interfax-Ukraine). The exact number of voters who took part (the
# threshold base) was not verified; the seats are checked at both ends of its possible range.
UA_2019_SOURCES = (
    "https://en.interfax.com.ua/news/general/605571.html",
    "https://en.wikipedia.org/wiki/2019_Ukrainian_parliamentary_election",
)
UA_2019 = (
    ("Servant of the People", 6_307_793, 124),
    ("Opposition Platform – For Life", 1_908_111, 37),
    ("Batkivshchyna", 1_196_303, 24),
    ("European Solidarity", 1_184_620, 23),
    ("Holos", 851_722, 17),
)


def _moldova(*, alternativa: int | None = None) -> list[PartyList]:
    return [
        PartyList(name, alternativa if alternativa and name == "BE Alternativa" else votes, **kw)  # type: ignore[arg-type]
        for name, votes, _, kw in MD_2025
    ]


def test_moldova_2025_official_seats() -> None:
    """The Moldovan ruleset reproduces the 2025 seats from the CEC's valid votes."""
    result = allocate(
        get_ruleset("md-parlament-2022"), _moldova(), other_votes=MD_2025_INDEPENDENTS
    )
    assert dict(result.seats) == {name: seats for name, _, seats, _ in MD_2025}
    assert result.tie is None


def test_moldova_2025_valid_votes_total() -> None:
    """Lists and independents add up to the published shares (PAS 50.20%, Alternativa 7.96%)."""
    valid = sum(v for _, v, _, _ in MD_2025) + MD_2025_INDEPENDENTS
    assert round(792_557 / valid * 100, 2) == 50.20
    assert round(125_673 / valid * 100, 2) == 7.96


@pytest.mark.parametrize(("offset", "admitted"), [(0, True), (-1, False)])
def test_moldova_bloc_needs_seven_percent(offset: int, admitted: bool) -> None:
    """A bloc is admitted from the least vote count reaching 7% and excluded one vote below."""
    others = sum(v for _, v, _, _ in MD_2025) + MD_2025_INDEPENDENTS - 125_673
    least = -(-7 * others // 93)  # v / (others + v) >= 7/100  <=>  93 v >= 7 others
    result = allocate(
        get_ruleset("md-parlament-2022"),
        _moldova(alternativa=least + offset),
        other_votes=MD_2025_INDEPENDENTS,
    )
    assert (result.seats["BE Alternativa"] > 0) is admitted


def test_moldova_party_with_bloc_votes_needs_five_percent() -> None:
    """With 6% a party is admitted where a bloc is not."""
    lists = _moldova(alternativa=98_000)
    as_party = [replace(p, alliance_size=1) if p.name == "BE Alternativa" else p for p in lists]
    ruleset = get_ruleset("md-parlament-2022")
    bloc = allocate(ruleset, lists, other_votes=MD_2025_INDEPENDENTS)
    party = allocate(ruleset, as_party, other_votes=MD_2025_INDEPENDENTS)
    assert (bloc.seats["BE Alternativa"], party.seats["BE Alternativa"] > 0) == (0, True)


@pytest.mark.parametrize("bound", ["low", "high"])
def test_ukraine_2019_official_seats(bound: str) -> None:
    """The Ukrainian ruleset reproduces the 2019 list seats for any admissible turnout."""
    listed = sum(v for _, v, _ in UA_2019)
    # at least the votes shown; at most the count at which Holos would sit exactly at 5%
    ballots = listed if bound == "low" else 20 * 851_722
    lists = [PartyList(name, votes) for name, votes, _ in UA_2019]
    result = allocate(get_ruleset("ua-rada-2011"), lists, ballots_cast=ballots)
    assert dict(result.seats) == {name: seats for name, _, seats in UA_2019}
    assert result.tie is None


def test_ukraine_threshold_counts_ballots_not_list_votes() -> None:
    """One ballot more than 20x Holos's votes puts Holos under 5% and out."""
    lists = [PartyList(name, votes) for name, votes, _ in UA_2019]
    result = allocate(get_ruleset("ua-rada-2011"), lists, ballots_cast=20 * 851_722 + 1)
    assert result.seats["Holos"] == 0
