"""Elections: the calendar, party lists and their candidates, the ballot drawn by lot.

Pure rules (:mod:`._calendar`, :mod:`._lists`) plus services that keep the campaign in the
store (:mod:`._service`), reading the registry for parties and membership on a date.
"""

from majlis.elections._calendar import Deadline, ElectionCalendar
from majlis.elections._count_only import register_count_election
from majlis.elections._lists import (
    CandidateStatus,
    ListEntry,
    ListMode,
    ListStatus,
    check_nomination,
    draw_ballot_order,
    elected_from_list,
    max_list_length,
    next_in_line,
)
from majlis.elections._records import Candidate, CandidateList, Election, ElectionEvent
from majlis.elections._registry_view import (
    find_party,
    members_on,
    party_is_registered,
    person_ids,
    person_names,
)
from majlis.elections._rules_in_force import ListRules, list_rules
from majlis.elections._service import (
    create_election,
    draw_ballot,
    nominate_list,
    record_refusal,
    register_list,
)
from majlis.elections._stored import election_history, get_election, get_list, party_lists
from majlis.elections._withdrawals import (
    declare_boycott,
    revoke_candidate,
    withdraw_candidate,
    withdraw_list,
)

__all__ = [
    "Candidate",
    "CandidateList",
    "CandidateStatus",
    "Deadline",
    "Election",
    "ElectionCalendar",
    "ElectionEvent",
    "ListEntry",
    "ListMode",
    "ListRules",
    "ListStatus",
    "check_nomination",
    "create_election",
    "declare_boycott",
    "draw_ballot",
    "draw_ballot_order",
    "elected_from_list",
    "election_history",
    "find_party",
    "get_election",
    "get_list",
    "list_rules",
    "max_list_length",
    "members_on",
    "next_in_line",
    "nominate_list",
    "party_is_registered",
    "party_lists",
    "person_ids",
    "person_names",
    "record_refusal",
    "register_count_election",
    "register_list",
    "revoke_candidate",
    "withdraw_candidate",
    "withdraw_list",
]
