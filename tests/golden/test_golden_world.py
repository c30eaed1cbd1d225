"""Golden tests: national party-list tiers of other countries against their official results.

Each case records where its figures come from. "other" is the published total of valid votes
minus the lists shown, for lists that won no seat and are published only in full tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

import pytest

from majlis.law import PartyList, allocate, get_ruleset


@dataclass(frozen=True)
class Case:
    """One official result: ruleset, lists (name, votes, seats, extra fields), bases, source."""

    law: str
    rows: tuple[tuple[str, int, int], ...]
    source: str
    other: int = 0
    ballots_cast: int | None = None
    extra: dict[str, dict[str, object]] = field(default_factory=dict)


CASES = {
    "de-2025": Case(
        law="de-bundestag-2024",
        # Bundeswahlleiterin, final result of 23 February 2025 (14 March 2025), second votes;
        # valid second votes 49,649,512 (BSW 9,529 votes short of 5%, per the final result).
        source="https://www.bundeswahlleiterin.de/bundestagswahlen/2025/ergebnisse/bund-99.html",
        rows=(
            ("CDU", 11_196_374, 164),
            ("AfD", 10_328_780, 152),
            ("SPD", 8_149_124, 120),
            ("GRÜNE", 5_762_380, 85),
            ("Die Linke", 4_356_532, 64),
            ("CSU", 2_964_028, 44),
            ("BSW", 2_472_947, 0),
            ("SSW", 76_138, 1),
        ),
        other=49_649_512 - 45_306_303,
        extra={
            "SSW": {"minority": True},
            "Die Linke": {"district_wins": 6},
            "CSU": {"district_wins": 44},
        },
    ),
    "nl-2023": Case(
        law="nl-tweede-kamer-2023",
        # Kiesraad, official result of 22 November 2023 (1 and 4 December 2023); valid votes
        # 10,432,726. ANP: D'Hondt's 150th seat went to SP, 160 votes ahead of D66.
        source="https://www.kiesraad.nl/actueel/nieuws/2023/12/01/kiesraad-stelt-uitslag-tweede-kamerverkiezing-22-november-2023-vast",
        rows=(
            ("PVV", 2_450_878, 37),
            ("GROENLINKS / PvdA", 1_643_073, 25),
            ("VVD", 1_589_519, 24),
            ("NSC", 1_343_287, 20),
            ("D66", 656_292, 9),
            ("BBB", 485_551, 7),
            ("CDA", 345_822, 5),
            ("SP", 328_225, 5),
            ("DENK", 246_765, 3),
            ("PvdD", 235_148, 3),
            ("FvD", 232_963, 3),
            ("SGP", 217_270, 3),
            ("ChristenUnie", 212_532, 3),
            ("Volt", 178_802, 2),
            ("JA21", 71_345, 1),
        ),
        other=10_432_726 - 10_237_472,
    ),
    "sk-2023": Case(
        law="sk-nrsr-2015",
        # Statistical Office of the Slovak Republic / State Commission, 30 September 2023;
        # valid votes 2,967,896 (IFES ElectionGuide mirror of the official result).
        source="https://volby.statistics.sk/nrsr/nrsr2023/sk/data03.html",
        rows=(
            ("SMER-SD", 681_017, 42),
            ("PS", 533_136, 32),
            ("HLAS-SD", 436_415, 27),
            ("OĽaNO a priatelia", 264_137, 16),
            ("KDH", 202_515, 12),
            ("SaS", 187_645, 11),
            ("SNS", 166_995, 10),
        ),
        other=2_967_896 - 2_471_860,
    ),
    "ru-2021": Case(
        law="ru-duma-2014",
        # Central Election Commission of the Russian Federation, 24 September 2021 (federal
        # district); ballots in the boxes 56,329,690 (IFES ElectionGuide). List seats:
        # total seats minus single-member seats (UR 324-198, CPRF 57-9, SR 27-8, LDPR 21-2).
        source="https://electionguide.org/elections/id/3647/",
        rows=(
            ("United Russia", 28_064_200, 126),
            ("CPRF", 10_660_669, 48),
            ("LDPR", 4_252_252, 19),
            ("A Just Russia – For Truth", 4_201_744, 19),
            ("New People", 2_997_744, 13),
            ("Rodina", 450_449, 0),
            ("Party of Growth", 291_465, 0),
            ("Civic Platform", 86_964, 0),
        ),
        ballots_cast=56_329_690,
    ),
    "rs-2023": Case(
        law="rs-skupstina-2022",
        # Republic Electoral Commission (RIK), final result of 17 December 2023 (reruns of
        # 30 December included): list votes as published (ISPD summary of the official
        # figures; IFES ElectionGuide). Valid votes 3,710,978; ballots cast 3,820,746.
        source="https://electionguide.org/elections/id/4254/",
        rows=(
            ("Aleksandar Vučić – Serbia Must Not Stop", 1_783_701, 129),
            ("Serbia Against Violence", 902_450, 65),
            ("Ivica Dačić – Prime Minister of Serbia", 249_916, 18),
            ("NADA", 191_431, 13),
            ("We – Voice from the People", 178_830, 13),
            ("Alliance of Vojvodina Hungarians", 64_747, 6),
            ("SPP–DSHV", 29_066, 2),
            ("SDA Sandžak", 21_827, 2),
            ("Political Struggle of the Albanians Continues", 13_501, 1),
            ("RS–NKPJ", 11_369, 1),
        ),
        other=3_710_978 - 3_446_838,
        ballots_cast=3_820_746,
        extra={
            name: {"minority": True}
            for name in (
                "Alliance of Vojvodina Hungarians",
                "SPP–DSHV",
                "SDA Sandžak",
                "Political Struggle of the Albanians Continues",
                "RS–NKPJ",
            )
        },
    ),
    "il-2022": Case(
        law="il-knesset-2014",
        # Central Elections Committee, final result of 1 November 2022 (national results page);
        # valid votes 4,764,742. Surplus-vote agreements: Likud–Religious Zionism, Yesh
        # Atid–National Unity, Shas–UTJ (Labor–Meretz void: Meretz under 3.25%). Without the
        # agreements Likud would have 31 seats and Labor 5.
        source="https://votes25.bechirot.gov.il/nationalresults",
        rows=(
            ("Likud", 1_115_336, 32),
            ("Yesh Atid", 847_435, 24),
            ("Religious Zionism", 516_470, 14),
            ("National Unity", 432_482, 12),
            ("Shas", 392_964, 11),
            ("United Torah Judaism", 280_194, 7),
            ("Yisrael Beiteinu", 213_687, 6),
            ("Ra'am", 194_047, 5),
            ("Hadash–Ta'al", 178_735, 5),
            ("Labor", 175_992, 4),
        ),
        other=4_764_742 - 4_347_342,
        extra={
            "Likud": {"surplus_partner": "Religious Zionism"},
            "Religious Zionism": {"surplus_partner": "Likud"},
            "Yesh Atid": {"surplus_partner": "National Unity"},
            "National Unity": {"surplus_partner": "Yesh Atid"},
            "Shas": {"surplus_partner": "United Torah Judaism"},
            "United Torah Judaism": {"surplus_partner": "Shas"},
        },
    ),
}


@pytest.mark.parametrize("key", sorted(CASES))
def test_official_seats(key: str) -> None:
    """The shipped ruleset reproduces the officially published seats."""
    case = CASES[key]
    lists = [PartyList(n, v, **case.extra.get(n, {})) for n, v, _ in case.rows]  # type: ignore[arg-type]
    result = allocate(
        get_ruleset(case.law), lists, other_votes=case.other, ballots_cast=case.ballots_cast
    )
    assert dict(result.seats) == {n: s for n, _, s in case.rows}
    assert result.tie is None


def test_case_totals_are_consistent() -> None:
    """The hard-coded sums behind the "other" counts match the listed votes."""
    assert sum(v for _, v, _ in CASES["de-2025"].rows) == 45_306_303
    assert sum(v for _, v, _ in CASES["nl-2023"].rows) == 10_237_472
    assert sum(v for _, v, _ in CASES["sk-2023"].rows) == 2_471_860
    assert sum(v for _, v, _ in CASES["rs-2023"].rows) == 3_446_838
    assert sum(v for _, v, _ in CASES["il-2022"].rows) == 4_347_342


def test_serbian_minority_bonus_decides_seats() -> None:
    """Without the 35% quotient bonus (exemption kept) the minority lists win 7 seats, not 12."""
    case = CASES["rs-2023"]
    lists = [PartyList(n, v, **case.extra.get(n, {})) for n, v, _ in case.rows]  # type: ignore[arg-type]
    no_bonus = replace(get_ruleset(case.law), minority_multiplier=Fraction(1))
    result = allocate(no_bonus, lists, other_votes=case.other, ballots_cast=case.ballots_cast)
    assert list(result.seats.values()) == [132, 66, 18, 14, 13, 4, 2, 1, 0, 0]


def test_israeli_agreements_decide_seats() -> None:
    """Without the surplus agreements Likud would have 31 seats and Labor 5."""
    case = CASES["il-2022"]
    lists = [PartyList(n, v) for n, v, _ in case.rows]
    result = allocate(get_ruleset(case.law), lists, other_votes=case.other)
    assert result.seats["Likud"] == 31
    assert result.seats["Labor"] == 5
