"""Who takes part in the allocation: the threshold and the ways around it (pure, exact).

The comparison is cross-multiplied in integers — ``votes * den >= num * base`` — so a list
at exactly the threshold is admitted (votelib's ``RelativeThreshold(accept_equal=True)``
is not: majlis's own tests pin this edge).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from majlis.errors import Location, VotesError
from majlis.law._types import PartyList
from majlis.law.ruleset import Ruleset
from majlis.law.trace import (
    Phrase,
    RunnerUpAdmitted,
    ThresholdBase,
    ThresholdDecision,
    TraceEvent,
)

__all__ = ["admitted_lists", "passes_threshold", "threshold_base_votes"]


def passes_threshold(votes: int, base: int, required: Fraction) -> bool:
    """Whether ``votes / base >= required`` (inclusive), decided in integers."""
    return votes * required.denominator >= required.numerator * base


def threshold_base_votes(
    ruleset: Ruleset,
    list_votes: int,
    *,
    against_all: int,
    ballots_cast: int | None,
    registered_voters: int | None,
) -> int:
    """The votes the threshold is a share of, per the ruleset's ``threshold_base``."""
    base = ruleset.threshold_base
    if base == "list_votes":
        return list_votes
    if base == "valid_votes":
        return list_votes + against_all
    value = ballots_cast if base == "ballots_cast" else registered_voters
    flag = "--" + base.replace("_", "-")
    if value is None:
        raise VotesError(
            f"ruleset {ruleset.id!r} measures the threshold against {base}; give it ({flag} N).",
            location=Location(field=flag),
            code=f"threshold.no_{base}",
            params={"ruleset": ruleset.id, "flag": flag},
        )
    if type(value) is not int or value < list_votes + against_all:
        raise VotesError.expected(
            what=base,
            expected=f"an integer at least the valid votes {list_votes + against_all}",
            got=value,
            location=Location(field=flag),
            code="threshold.base_below_valid",
            params={"flag": flag, "valid": list_votes + against_all, "got": value},
        )
    return value


def admitted_lists(
    ruleset: Ruleset,
    lists: Sequence[PartyList],
    base: int,
    events: list[TraceEvent] | None,
    *,
    all_list_votes: int | None = None,
) -> tuple[list[bool], int | None]:
    """Decide, per list, whether it takes part, and which list (if any) is the runner-up.

    Decisions are appended to ``events`` unless it is None. ``all_list_votes`` (default:
    the sum over ``lists``) is the total a full quota is measured against.
    """
    if events is not None:
        events.append(ThresholdBase(base=ruleset.threshold_base, votes=base))
    quota_total = sum(p.votes for p in lists) if all_list_votes is None else all_list_votes
    simple = not (
        ruleset.alliance_thresholds
        or ruleset.minority_exempt
        or ruleset.district_qualification
        or ruleset.full_quota_qualification
    )
    num, den = ruleset.threshold.numerator, ruleset.threshold.denominator
    admitted = []
    for party in lists:
        if simple and events is None:
            admitted.append(party.votes > 0 and party.votes * den >= num * base)
            continue
        required = ruleset.threshold_for(party.alliance_size)
        ok = passes_threshold(party.votes, base, required)
        reason = Phrase("threshold.over" if ok else "threshold.under")
        if party.alliance_size > 1 and ruleset.alliance_thresholds:
            reason = Phrase(reason.key + ".alliance", size=party.alliance_size)
        if not ok and party.minority and ruleset.minority_exempt:
            ok, reason = True, Phrase("threshold.minority")
        wins = ruleset.district_qualification
        if not ok and wins is not None and party.district_wins >= wins:
            ok, reason = True, Phrase("threshold.districts", wins=party.district_wins, needs=wins)
        if (
            ok
            and ruleset.full_quota_qualification
            and (party.votes * ruleset.list_seats < quota_total)
        ):
            ok = False
            reason = Phrase("threshold.full_quota", total=quota_total, seats=ruleset.list_seats)
        if ok and party.votes == 0:
            ok, reason = False, Phrase("threshold.no_votes")
        admitted.append(ok)
        if events is not None:
            events.append(
                ThresholdDecision(
                    party=party.name,
                    votes=party.votes,
                    base_votes=base,
                    required=required,
                    admitted=ok,
                    reason=reason,
                )
            )
    runner_up = None
    if ruleset.runner_up is not None and sum(admitted) == 1:
        rest = [i for i, p in enumerate(lists) if not admitted[i] and p.votes > 0]
        if rest:
            runner_up = max(rest, key=lambda i: (lists[i].votes, -lists[i].registration_order, -i))
            admitted[runner_up] = True
            if events is not None:
                events.append(
                    RunnerUpAdmitted(
                        party=lists[runner_up].name,
                        votes=lists[runner_up].votes,
                        variant=ruleset.runner_up,
                    )
                )
    return admitted, runner_up
