"""A ruleset: one version of one country's party-list law, as a frozen, validated record.

Rulesets are written in TOML (see ``docs/rulesets.md``) and parsed by :func:`parse_ruleset`,
which checks every key once and fails naming the key, what was expected and what it found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Literal

__all__ = [
    "Districts",
    "ListModeName",
    "Ruleset",
    "RunnerUpVariant",
    "ThresholdBaseName",
    "TieBreakRule",
]

ThresholdBaseName = Literal["list_votes", "valid_votes", "ballots_cast", "registered_voters"]
TieBreakRule = Literal["none", "registration", "votes", "fewer_votes", "lot"]
RunnerUpVariant = Literal["admit", "coefficient", "min_seats"]
#: How a ruleset names its list mode; :class:`majlis.elections.ListMode` is the mode itself.
ListModeName = Literal["ordered", "designated"]
#: What a constituency's seats follow: fixed per constituency (``seats``) or a measure.
MagnitudeSource = Literal[
    "seats", "population", "registered_voters", "ballots_cast", "valid_votes", "list_votes"
]


@dataclass(frozen=True, slots=True)
class Districts:
    """How a districted law splits its list tier among constituencies and counts each one.

    ``magnitude`` is ``seats`` when each constituency's seats are fixed (the constituency
    file's ``seats`` column), otherwise the measure the tier is apportioned by with
    ``apportionment`` (a registered method). ``method`` counts each constituency.
    ``threshold`` (of ``threshold_base``, per constituency) combines with the national
    threshold by ``combine``: ``and`` (both), ``or`` (either, Sweden's 4 % / 12 %).
    ``remainders = "national"`` counts whole quotas per constituency and pools the unused
    votes in a national second scrutiny by ``remainder_method`` (Czechia); those seats are
    placed where the party's remainders are largest, within each constituency's seats.
    ``adjustment_seats`` is a national pool of adjustment seats outside the constituencies'
    fixed seats (Sweden's 39): the national entitlement (as for ``levelling``) less the
    fixed seats won, each placed where the party's next quotient is largest, its votes over
    ``adjustment_first_divisor`` for its first seat there and ``2n + 1`` after ``n``.
    ``return_surplus`` (Sweden since 2018): a party whose fixed seats exceed its national
    share returns the surplus where it won a seat by its lowest comparative number (never
    in a constituency of fewer than ``return_min_seats`` fixed seats); each returned seat
    goes, in that constituency, to the next comparative number of a national party still
    under its share. Without it (or when no seat can be returned) the party keeps them.
    """

    method: str
    magnitude: MagnitudeSource = "seats"
    apportionment: str = "hare"
    threshold: Fraction = Fraction(0)
    threshold_base: ThresholdBaseName = "valid_votes"
    combine: Literal["and", "or"] = "and"
    remainders: Literal["none", "national"] = "none"
    remainder_method: str = "hagenbach_bischoff_round"
    first_divisor: Fraction | None = None
    levelling: int = 0
    levelling_method: str = "modified_sainte_lague"
    levelling_first_divisor: Fraction | None = None
    adjustment_seats: int = 0
    adjustment_first_divisor: Fraction = Fraction(1)
    return_surplus: bool = False
    return_min_seats: int = 3
    biproportional: bool = False
    voter_numbers: Literal["exact", "rounded"] = "exact"


@dataclass(frozen=True, slots=True)
class Ruleset:
    """One version of a party-list law, with its statute citation and sources.

    Seats: ``total_seats`` is the whole chamber, ``list_seats`` the party-list tier this
    ruleset allocates, ``district_seats`` and ``appointed_seats`` the other tiers.

    Threshold: a list is admitted when ``votes / base >= threshold`` (inclusive), where
    the base is ``threshold_base``; ``alliance_thresholds`` raise it by alliance size;
    ``minority_exempt`` lists skip it and have their votes multiplied by
    ``minority_multiplier``; ``district_qualification`` admits a list that won that many
    single-member districts; ``full_quota_qualification`` also requires a full Hare quota.

    Quota: a quota method measures ``quota_base`` (the admitted lists' votes, or the
    threshold base when the statute divides all the valid votes by the seats) and turns
    each quotient into ``whole_seats`` (its whole part, or the nearest whole number); the
    seats still to fill go by ``leftover``.

    Mixed: ``mixed = "mmp"`` makes the list tier the whole proportional house (New Zealand):
    each list's ``district_wins`` are counted first, the seats won by lists that take no
    part are set aside, and a list that won more districts than its share keeps them (an
    overhang that enlarges the house). ``mixed = "parallel"`` leaves the list tier as it
    is and seats each list's ``district_wins`` beside it (Kazakhstan since 2023): the chamber
    is both tiers, composed by :func:`majlis.law.allocate_chamber`. ``mixed = "coverage"``
    (Germany since 2023) shares the list tier among parties, then each party's seats among
    its lists in the constituencies by ``lower_method`` (default ``method``), and seats a
    party's single-member district winners in each constituency, by falling first-vote
    share, only as far as its seats there cover them: :func:`majlis.law.allocate_coverage`.
    ``mixed = "additional_members"`` (Scotland since 1999) gives each constituency (region)
    of the ``[constituencies]`` table its fixed additional seats one at a time by the
    constituency method's divisors, each list's ``district_wins`` there counted as seats
    already held (d'Hondt: votes / (1 + constituencies won + additional seats)):
    :func:`majlis.law.allocate_districts`.
    """

    id: str
    title: str
    jurisdiction: str
    body: str
    effective_from: date
    effective_to: date | None
    citation: str
    sources: tuple[str, ...]
    total_seats: int
    list_seats: int
    district_seats: int
    appointed_seats: int
    method: str
    threshold: Fraction
    threshold_base: ThresholdBaseName = "list_votes"
    alliance_thresholds: tuple[tuple[int, Fraction], ...] = ()
    minority_exempt: bool = False
    minority_multiplier: Fraction = Fraction(1)
    district_qualification: int | None = None
    full_quota_qualification: bool = False
    first_divisor: Fraction | None = None
    leftover: Literal["largest_remainder", "largest_lists"] = "largest_remainder"
    quota_base: Literal["admitted", "threshold_base"] = "admitted"
    whole_seats: Literal["floor", "nearest"] = "floor"
    seat_cap: int | None = None
    surplus_agreements: bool = False
    tie_break: TieBreakRule = "none"
    runner_up: RunnerUpVariant | None = None
    runner_up_coefficient: Fraction = Fraction(7, 10)
    runner_up_min_seats: int = 2
    list_mode: ListModeName = "ordered"
    list_excess: Fraction | None = None
    districts: Districts | None = None
    mixed: Literal["mmp", "parallel", "coverage", "additional_members"] | None = None
    lower_method: str | None = None
    notes: str = ""
    source: str = "package"

    def in_force(self, on: date) -> bool:
        """Whether this version applies on ``on`` (``effective_to`` is exclusive)."""
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)

    def threshold_for(self, alliance_size: int) -> Fraction:
        """The threshold a list of ``alliance_size`` parties must reach."""
        required = self.threshold
        for size, value in self.alliance_thresholds:
            if alliance_size >= size:
                required = value
        return required

    def max_list_length(self, seats: int | None = None) -> int | None:
        """Most names a list may carry: ``seats`` (default the list tier) plus the excess."""
        if self.list_excess is None:
            return None
        n = self.list_seats if seats is None else seats
        return int(n * (1 + self.list_excess))
