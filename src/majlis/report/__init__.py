"""Reports: self-contained HTML pages rendered from plain data built by the services."""

from majlis.report.election import (
    ElectionReport,
    ReportTable,
    SeatBar,
    render_election_report,
    write_election_report,
)

__all__ = [
    "ElectionReport",
    "ReportTable",
    "SeatBar",
    "render_election_report",
    "write_election_report",
]
