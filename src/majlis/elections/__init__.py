"""Elections: the calendar, party lists and their candidates, the ballot drawn by lot.

Pure rules (:mod:`._calendar`, :mod:`._lists`) plus services that keep the campaign in the
store (:mod:`._service`), reading the registry (parties, membership on a date) through its
public services.
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
from majlis.elections._rules_in_force import ListRules, list_rules
from majlis.elections._service import (
    create_election,
    draw_ballot,
    nominate_list,
    record_refusal,
    register_list,
)
from majlis.elections._stored import (
    RegisteredList,
    RegisteredLists,
    election_history,
    get_election,
    get_election_by_id,
    get_list,
    list_by_id,
    list_elections,
    lists_of_party,
    party_lists,
    registered_lists,
)
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
    "RegisteredList",
    "RegisteredLists",
    "check_nomination",
    "create_election",
    "declare_boycott",
    "draw_ballot",
    "draw_ballot_order",
    "elected_from_list",
    "election_history",
    "get_election",
    "get_election_by_id",
    "get_list",
    "list_by_id",
    "list_elections",
    "list_rules",
    "lists_of_party",
    "max_list_length",
    "next_in_line",
    "nominate_list",
    "party_lists",
    "record_refusal",
    "register_count_election",
    "register_list",
    "registered_lists",
    "revoke_candidate",
    "withdraw_candidate",
    "withdraw_list",
]
