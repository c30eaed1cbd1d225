"""majlis.results — polling-station protocols, checks, double entry, tabulation, synth.

Pure core (no database): :class:`Protocol` and :class:`Lines`; :func:`check_protocol` and
its vectorised twin :func:`check_table`; :func:`compare_entries` / :func:`agreed_protocol`
(double entry); :func:`tabulate`; :func:`compare_copy` / :func:`compare_published`
(discrepancies); :func:`synthesize` (``majlis synth``).
Services take a SQLAlchemy session and work inside the caller's transaction: commissions
and stations (:func:`add_commission`, :func:`add_station`), protocol versions
(:func:`record_protocol`, :func:`correct_protocol`, :func:`finalise_station`), bulk import
(:func:`import_protocols`), tabulation and discrepancies (:func:`tabulate_election`,
:func:`observer_discrepancies`, :func:`published_discrepancies`), open data
(:func:`station_frame`), per-station figures for a forensic audit (:func:`station_results`)
and synthetic elections (:func:`store_synthetic`).
"""

from typing import TYPE_CHECKING

from majlis._lazy import lazy_exports
from majlis.results._agreement import Agreement, finalise_agreeing
from majlis.results._apportion import apportion_capped, largest_remainder
from majlis.results._bulk import Progress, station_ids, store_table
from majlis.results._chain import (
    CHAINS,
    GENESIS,
    SEPARATOR,
    canonical_moment,
    canonical_text,
    chain_hashes,
    final_fields,
    heads_digest,
    incident_fields,
    sample_fields,
    version_fields,
)
from majlis.results._checks import (
    RULE_LINES,
    CheckSettings,
    Finding,
    Rule,
    Severity,
    check_protocol,
    is_round_share,
)
from majlis.results._discrepancy import Discrepancy, LineDifference, compare_copy, compare_published
from majlis.results._double_entry import (
    FieldDifference,
    Resolution,
    agreed_protocol,
    compare_entries,
)
from majlis.results._heads import counted_elections, extend_chain
from majlis.results._hierarchy import (
    CommissionLevel,
    StationPlace,
    add_commission,
    add_station,
    find_stations,
    load_synthetic_hierarchy,
    station_places,
)
from majlis.results._incidents import (
    Incident,
    IncidentCategory,
    list_incidents,
    record_incident,
)
from majlis.results._kazakhstan import KZ_2021, KZ_REGIONS_2021, NationalTotals, RegionProfile
from majlis.results._protocol import (
    COUNT_LINES,
    LINE_NAMES,
    LINE_SYMBOLS,
    Lines,
    Protocol,
    Source,
    canonical_json,
    content_hash,
)
from majlis.results._protocols import (
    Correction,
    FinalDecision,
    Finalisation,
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
from majlis.results._scope import (
    ElectionScope,
    election_scope,
    link_election,
    scope_stations,
    station_of,
)
from majlis.results._standing import CountStatus, count_status, final_protocols_digest
from majlis.results._station_results import StationResults, station_results
from majlis.results._synth import (
    Irregularities,
    Manipulation,
    Station,
    SynthElection,
    SynthSpec,
    synthesize,
)
from majlis.results._table import IntArray, ProtocolTable, column_content_hashes
from majlis.results._tabulate import TALLY_LINES, Level, Tabulation, Tally, tabulate
from majlis.results._tallying import (
    final_table,
    latest_table,
    observer_discrepancies,
    published_discrepancies,
    record_published_total,
    station_frame,
    tabulate_election,
)
from majlis.results._vector import TableCheck, check_table, invalid_fences, round_share_mask

if TYPE_CHECKING:
    from majlis.results._import import ParsedFile, Problem, parse_protocol_file
    from majlis.results._importing import ImportReport, import_protocols
    from majlis.results._synth_store import (
        SynthStored,
        ground_truth,
        store_synthetic,
        table_frame,
        write_synthetic,
    )

#: Names whose modules load Polars (file import, synthetic tables): imported on first access,
#: so that serving results and the dashboard does not pay for the readers.
_LAZY = {
    **dict.fromkeys(("ParsedFile", "Problem", "parse_protocol_file"), "majlis.results._import"),
    **dict.fromkeys(("ImportReport", "import_protocols"), "majlis.results._importing"),
    **dict.fromkeys(
        ("SynthStored", "ground_truth", "store_synthetic", "table_frame", "write_synthetic"),
        "majlis.results._synth_store",
    ),
}


__getattr__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "CHAINS",
    "COUNT_LINES",
    "GENESIS",
    "KZ_2021",
    "KZ_REGIONS_2021",
    "LINE_NAMES",
    "LINE_SYMBOLS",
    "RULE_LINES",
    "SEPARATOR",
    "TALLY_LINES",
    "Agreement",
    "CheckSettings",
    "CommissionLevel",
    "Correction",
    "CountStatus",
    "Discrepancy",
    "ElectionScope",
    "FieldDifference",
    "FinalDecision",
    "Finalisation",
    "Finding",
    "ImportReport",
    "Incident",
    "IncidentCategory",
    "IntArray",
    "Irregularities",
    "Level",
    "LineDifference",
    "Lines",
    "Manipulation",
    "NationalTotals",
    "ParsedFile",
    "Problem",
    "Progress",
    "Protocol",
    "ProtocolTable",
    "RegionProfile",
    "Resolution",
    "Rule",
    "Severity",
    "Source",
    "Station",
    "StationPlace",
    "StationResults",
    "StoredVersion",
    "SynthElection",
    "SynthSpec",
    "SynthStored",
    "TableCheck",
    "Tabulation",
    "Tally",
    "add_commission",
    "add_station",
    "agreed_protocol",
    "apportion_capped",
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
    "content_hash",
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
    "finalise_agreeing",
    "finalise_station",
    "find_stations",
    "ground_truth",
    "heads_digest",
    "import_protocols",
    "incident_fields",
    "invalid_fences",
    "is_round_share",
    "largest_remainder",
    "latest_copies",
    "latest_protocol",
    "latest_table",
    "link_election",
    "list_incidents",
    "load_synthetic_hierarchy",
    "observer_discrepancies",
    "parse_protocol_file",
    "protocol_from_row",
    "protocol_history",
    "published_discrepancies",
    "record_incident",
    "record_protocol",
    "record_published_total",
    "round_share_mask",
    "sample_fields",
    "scope_stations",
    "station_frame",
    "station_ids",
    "station_of",
    "station_places",
    "station_results",
    "store_synthetic",
    "store_table",
    "synthesize",
    "table_frame",
    "tabulate",
    "tabulate_election",
    "version_fields",
    "write_synthetic",
]
