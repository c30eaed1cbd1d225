"""majlis.results — polling-station protocols, checks, double entry, tabulation.

Pure core (no database): :class:`Protocol` and :class:`Lines`; :func:`check_protocol` and
its vectorised twin :func:`check_table`; :func:`compare_entries` / :func:`agreed_protocol`
(double entry); :func:`tabulate`; :func:`compare_copy` / :func:`compare_published`
(discrepancies).
Services take a SQLAlchemy session and work inside the caller's transaction: commissions
and stations (:func:`add_commission`, :func:`add_station`, in bulk :func:`add_hierarchy`),
protocol versions (:func:`record_protocol`, :func:`correct_protocol`,
:func:`finalise_station`), bulk import
(:func:`import_protocols`), tabulation and discrepancies (:func:`tabulate_election`,
:func:`observer_discrepancies`, :func:`published_discrepancies`), open data
(:func:`station_frame`) and per-station figures for a forensic audit
(:func:`station_results`). Synthetic elections are :mod:`majlis.synth`.
"""

from typing import TYPE_CHECKING

from majlis._lazy import lazy_exports
from majlis.results._bulk import Progress, station_ids, store_table
from majlis.results._chain import (
    CHAINS,
    GENESIS,
    SEPARATOR,
    canonical_moment,
    canonical_text,
    chain_hashes,
    counted_elections,
    extend_chain,
    final_fields,
    heads_digest,
    incident_fields,
    sample_fields,
    version_fields,
)
from majlis.results._checks import (
    CheckSettings,
    Finding,
    Rule,
    Severity,
    check_protocol,
    is_round_share,
)
from majlis.results._count_status import CountStatus, count_status, final_protocols_digest
from majlis.results._discrepancy import (
    Discrepancy,
    compare_copy,
    compare_published,
    observer_discrepancies,
    published_discrepancies,
    record_published_total,
)
from majlis.results._double_entry import (
    FieldDifference,
    Resolution,
    agreed_protocol,
    compare_entries,
)
from majlis.results._hierarchy import (
    CommissionLevel,
    StationPlace,
    StationSite,
    add_commission,
    add_hierarchy,
    add_station,
    find_stations,
    station_places,
)
from majlis.results._incidents import (
    Incident,
    IncidentCategory,
    list_incidents,
    record_incident,
)
from majlis.results._protocol import (
    COUNT_LINES,
    LINE_NAMES,
    LINE_SYMBOLS,
    Lines,
    Protocol,
    Source,
    canonical_json,
)
from majlis.results._protocol_table import IntArray, ProtocolTable, column_content_hashes
from majlis.results._protocol_versions import (
    FinalDecision,
    StoredVersion,
    correct_protocol,
    count_versions,
    entry_differences,
    final_decision,
    finalise_station,
    latest_copies,
    latest_protocol,
    protocol_history,
    record_protocol,
)
from majlis.results._rows import protocol_from_row
from majlis.results._scope import election_scope, link_election, scope_stations
from majlis.results._station_data import StationResults, station_frame, station_results
from majlis.results._stored_tables import final_table, latest_table
from majlis.results._table_checks import TableCheck, check_table, invalid_fences
from majlis.results._tabulation import (
    TALLY_LINES,
    Level,
    Tabulation,
    Tally,
    tabulate,
    tabulate_election,
)

if TYPE_CHECKING:
    from majlis.results._import import ImportReport, import_protocols, parse_protocol_file

#: Names whose modules load Polars (file import): imported on first access,
#: so that serving results and the dashboard does not pay for the readers.
_LAZY = {
    **dict.fromkeys(
        ("ImportReport", "import_protocols", "parse_protocol_file"), "majlis.results._import"
    ),
}


__getattr__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "CHAINS",
    "COUNT_LINES",
    "GENESIS",
    "LINE_NAMES",
    "LINE_SYMBOLS",
    "SEPARATOR",
    "TALLY_LINES",
    "CheckSettings",
    "CommissionLevel",
    "CountStatus",
    "Discrepancy",
    "FieldDifference",
    "FinalDecision",
    "Finding",
    "ImportReport",
    "Incident",
    "IncidentCategory",
    "IntArray",
    "Level",
    "Lines",
    "Progress",
    "Protocol",
    "ProtocolTable",
    "Resolution",
    "Rule",
    "Severity",
    "Source",
    "StationPlace",
    "StationResults",
    "StationSite",
    "StoredVersion",
    "TableCheck",
    "Tabulation",
    "Tally",
    "add_commission",
    "add_hierarchy",
    "add_station",
    "agreed_protocol",
    "canonical_json",
    "canonical_moment",
    "canonical_text",
    "chain_hashes",
    "check_protocol",
    "check_table",
    "column_content_hashes",
    "compare_copy",
    "compare_entries",
    "compare_published",
    "correct_protocol",
    "count_status",
    "count_versions",
    "counted_elections",
    "election_scope",
    "entry_differences",
    "extend_chain",
    "final_decision",
    "final_fields",
    "final_protocols_digest",
    "final_table",
    "finalise_station",
    "find_stations",
    "heads_digest",
    "import_protocols",
    "incident_fields",
    "invalid_fences",
    "is_round_share",
    "latest_copies",
    "latest_protocol",
    "latest_table",
    "link_election",
    "list_incidents",
    "observer_discrepancies",
    "parse_protocol_file",
    "protocol_from_row",
    "protocol_history",
    "published_discrepancies",
    "record_incident",
    "record_protocol",
    "record_published_total",
    "sample_fields",
    "scope_stations",
    "station_frame",
    "station_ids",
    "station_places",
    "station_results",
    "store_table",
    "tabulate",
    "tabulate_election",
    "version_fields",
]
