"""The facts the demo stages: the Majlis election of 10 January 2021 in Kazakhstan.

Sources:
- Central Election Commission, final results (resolution of 15 January 2021): the national
  totals (see :data:`majlis.synth.KZ_2021`) and 76 / 12 / 10 seats.
- Astana Times, 11 January 2021 ("Central Election Committee: Nur Otan party leads..."):
  312 candidates of five parties — Nur Otan 126, People's Party 113, Ak Zhol 38, Auyl 19,
  Adal 16 — and nine deputies elected by the Assembly of the People the same day.
- OSCE/ODIHR Election Observation Mission Final Report (2021): the National Social Democratic
  Party (OSDP) declared a boycott and nominated no list; Democratic Choice of Kazakhstan is an
  unregistered movement (banned as extremist in 2018) that cannot nominate.

Uncertain (settings, not facts): the calendar dates below follow the campaign's published
calendar as far as we know it (called 20 October 2020; nomination closed 20 November 2020;
registration closed 10 December 2020); the parties' registration dates are the years of their
(re-)registration with the Ministry of Justice, set to 1 January where the day is not known;
the boycott's date is approximate. The candidates and their names are synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from majlis.elections import ElectionCalendar

__all__ = ["CALENDAR", "ELECTION_SLUG", "PARTIES", "PartyFact"]

ELECTION_SLUG = "kz-majlis-2021"


@dataclass(frozen=True, slots=True)
class PartyFact:
    """One organization of the 2021 campaign and its part in it."""

    slug: str
    name: str  # as in the official results (the tabulation's list names)
    full_name: str
    registered_on: date | None  # None: a movement, never registered
    list_length: int  # 0: no list
    role: str  # "list", "boycott" or "movement"


PARTIES: tuple[PartyFact, ...] = (
    PartyFact("nur-otan", "Nur Otan", "Nur Otan", date(1999, 3, 1), 126, "list"),
    PartyFact(
        "ak-zhol",
        "Ak Zhol",
        "Ak Zhol Democratic Party of Kazakhstan",
        date(2002, 5, 1),
        38,
        "list",
    ),
    PartyFact(
        "peoples-party",
        "People's Party of Kazakhstan",
        "People's Party of Kazakhstan (Communist People's Party until 2020)",
        date(2004, 6, 21),
        113,
        "list",
    ),
    PartyFact(
        "auyl",
        "Auyl",
        "Auyl People's Democratic Patriotic Party",
        date(2002, 3, 1),
        19,
        "list",
    ),
    PartyFact("adal", "Adal", "Adal (Birlik until 2020)", date(2013, 1, 1), 16, "list"),
    PartyFact(
        "osdp",
        "OSDP",
        "Nationwide Social Democratic Party",
        date(2007, 1, 1),
        0,
        "boycott",
    ),
    PartyFact(
        "dvk",
        "Democratic Choice of Kazakhstan",
        "Democratic Choice of Kazakhstan (movement)",
        None,
        0,
        "movement",
    ),
)

CALENDAR = ElectionCalendar(
    called_on=date(2020, 10, 20),
    nomination_deadline=date(2020, 11, 20),
    registration_deadline=date(2020, 12, 10),
    candidate_withdrawal_deadline=date(2020, 12, 30),
    list_withdrawal_deadline=date(2020, 12, 30),
    polling_day=date(2021, 1, 10),
)
