"""Reports: self-contained HTML pages and forensic audits rendered from plain data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from majlis._lazy import lazy_exports
from majlis.report.audit import METHODS, Audit, AuditInput, AuditOptions, MethodReport, audit_table
from majlis.report.election import (
    ElectionReport,
    ReportTable,
    SeatBar,
    render_election_report,
    write_election_report,
)
from majlis.report.export import FORMATS, audit_frames, write_audit
from majlis.report.html import render_html, write_report
from majlis.report.model import AUDIT_DEFAULTS
from majlis.report.record import AuditRecord, FlaggedStation, MethodRecord
from majlis.report.stations import (
    COLUMN_ROLES,
    PRESETS,
    AuditTable,
    load_mapping,
    load_station_table,
)

if TYPE_CHECKING:
    from majlis.report.batch import audit_batch
    from majlis.report.stored import stored_station_table
    from majlis.report.stored_audit import StoredAudit, election_audit

#: Names whose modules load Dask (batches) or the database layer (stored elections): imported
#: on first access, so that auditing a file does not pay for them.
_LAZY = {
    "audit_batch": "majlis.report.batch",
    "stored_station_table": "majlis.report.stored",
    "StoredAudit": "majlis.report.stored_audit",
    "election_audit": "majlis.report.stored_audit",
}
__getattr__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "AUDIT_DEFAULTS",
    "COLUMN_ROLES",
    "FORMATS",
    "METHODS",
    "PRESETS",
    "Audit",
    "AuditInput",
    "AuditOptions",
    "AuditRecord",
    "AuditTable",
    "ElectionReport",
    "FlaggedStation",
    "MethodRecord",
    "MethodReport",
    "ReportTable",
    "SeatBar",
    "StoredAudit",
    "audit_batch",
    "audit_frames",
    "audit_table",
    "election_audit",
    "load_mapping",
    "load_station_table",
    "render_election_report",
    "render_html",
    "stored_station_table",
    "write_audit",
    "write_election_report",
    "write_report",
]
