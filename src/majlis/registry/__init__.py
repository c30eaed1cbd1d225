"""majlis.registry — people, parties and the append-only membership ledger.

Pure rules: :mod:`~majlis.registry.iin` (Kazakh IIN), :mod:`~majlis.registry.regions`,
:mod:`~majlis.registry.party_law` (registration requirements by edition),
:mod:`~majlis.registry.rules` (admission, intake, lifecycle) and
:mod:`~majlis.registry.ledger` (hash chain, replay). Services take a SQLAlchemy session
from :mod:`majlis.store`, flush, and leave the commit to the caller; the other areas read
parties, people and the roll on a date through :mod:`~majlis.registry.directory`.
"""

from typing import TYPE_CHECKING

from majlis._lazy import lazy_exports
from majlis.registry.directory import (
    ledger_event,
    ledger_head,
    members_on,
    parties_by_id,
    person_ids,
    person_names,
)
from majlis.registry.iin import IIN_SCHEME, Iin, iin_check_digit, is_valid_iin, make_iin, parse_iin
from majlis.registry.intake import resume_intake, suspend_intake, suspension_on
from majlis.registry.ledger import event_hash, replay
from majlis.registry.memberships import (
    JoinOutcome,
    active_membership,
    expel,
    history,
    join,
    leave,
)
from majlis.registry.model import (
    ActiveMembership,
    BarredCategory,
    EventKind,
    IntakeDecision,
    MembershipEvent,
    Party,
    PartyKind,
    PartyStatus,
    Person,
    ReorganisationMode,
)
from majlis.registry.parties import (
    RegistrationCheck,
    check_party_registration,
    create_party,
    end_suspension,
    ensure_can_nominate,
    get_party,
    hold_founding_congress,
    liquidate_party,
    list_parties,
    nomination_refusal,
    register_party,
    reorganise_party,
    suspend_party,
)
from majlis.registry.party_law import (
    REQUIREMENTS,
    PartyLaw,
    Shortfall,
    check_registration,
    get_party_law,
    list_party_laws,
    party_law_on,
)
from majlis.registry.people import (
    find_person,
    move_person,
    register_person,
    set_barred_category,
)
from majlis.registry.recorded import list_party, record_registration
from majlis.registry.regions import Region, all_regions, get_region, regions_on

if TYPE_CHECKING:
    from majlis.registry.verify import LedgerReport, current_roll, replayed_roll, verify_ledger

#: The ledger's verification reads the whole ledger as Polars columns: imported on first use,
#: so that serving and one-shot commands do not load Polars.
_LAZY = dict.fromkeys(
    ("LedgerReport", "current_roll", "replayed_roll", "verify_ledger"), "majlis.registry.verify"
)
__getattr__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "IIN_SCHEME",
    "REQUIREMENTS",
    "ActiveMembership",
    "BarredCategory",
    "EventKind",
    "Iin",
    "IntakeDecision",
    "JoinOutcome",
    "LedgerReport",
    "MembershipEvent",
    "Party",
    "PartyKind",
    "PartyLaw",
    "PartyStatus",
    "Person",
    "Region",
    "RegistrationCheck",
    "ReorganisationMode",
    "Shortfall",
    "active_membership",
    "all_regions",
    "check_party_registration",
    "check_registration",
    "create_party",
    "current_roll",
    "end_suspension",
    "ensure_can_nominate",
    "event_hash",
    "expel",
    "find_person",
    "get_party",
    "get_party_law",
    "get_region",
    "history",
    "hold_founding_congress",
    "iin_check_digit",
    "is_valid_iin",
    "join",
    "leave",
    "ledger_event",
    "ledger_head",
    "liquidate_party",
    "list_parties",
    "list_party",
    "list_party_laws",
    "make_iin",
    "members_on",
    "move_person",
    "nomination_refusal",
    "parse_iin",
    "parties_by_id",
    "party_law_on",
    "person_ids",
    "person_names",
    "record_registration",
    "regions_on",
    "register_party",
    "register_person",
    "reorganise_party",
    "replay",
    "replayed_roll",
    "resume_intake",
    "set_barred_category",
    "suspend_intake",
    "suspend_party",
    "suspension_on",
    "verify_ledger",
]
