"""majlis.results — polling-station protocols, checks, double entry, tabulation, synth.

Pure core (no database): :class:`Protocol` and :class:`Lines`; :func:`check_protocol` and
its vectorised twin :func:`check_table`; :func:`compare_entries` / :func:`agreed_protocol`
(double entry); :func:`tabulate`; :func:`compare_copy` / :func:`compare_published`
(discrepancies); :func:`synthesize` (``majlis synth``).
Services over a SQLAlchemy session live in :mod:`majlis.results.service`.
"""

from majlis.results._apportion import apportion_capped, largest_remainder
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
from majlis.results._kazakhstan import KZ_2021, KZ_REGIONS_2021, NationalTotals, RegionProfile
from majlis.results._protocol import (
    COUNT_LINES,
    LINE_SYMBOLS,
    Lines,
    Protocol,
    Source,
    canonical_json,
)
from majlis.results._synth import (
    Irregularities,
    Manipulation,
    Station,
    SynthElection,
    SynthSpec,
    synthesize,
)
from majlis.results._table import ProtocolTable
from majlis.results._tabulate import TALLY_LINES, Level, Tabulation, Tally, tabulate
from majlis.results._vector import TableCheck, check_table, invalid_fences, round_share_mask

__all__ = [
    "COUNT_LINES",
    "KZ_2021",
    "KZ_REGIONS_2021",
    "LINE_SYMBOLS",
    "RULE_LINES",
    "TALLY_LINES",
    "CheckSettings",
    "Discrepancy",
    "FieldDifference",
    "Finding",
    "Irregularities",
    "Level",
    "LineDifference",
    "Lines",
    "Manipulation",
    "NationalTotals",
    "Protocol",
    "ProtocolTable",
    "RegionProfile",
    "Resolution",
    "Rule",
    "Severity",
    "Source",
    "Station",
    "SynthElection",
    "SynthSpec",
    "TableCheck",
    "Tabulation",
    "Tally",
    "agreed_protocol",
    "apportion_capped",
    "canonical_json",
    "check_protocol",
    "check_table",
    "compare_copy",
    "compare_entries",
    "compare_published",
    "invalid_fences",
    "is_round_share",
    "largest_remainder",
    "round_share_mask",
    "synthesize",
    "tabulate",
]
