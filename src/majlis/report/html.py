"""Render an audit (its stored :class:`~majlis.report.record.AuditRecord`) as one HTML file.

The page is worded in the language being served (:mod:`majlis.i18n`); what the audit stored
(each method's headline, numbers and explanation, the flags' reasons) is shown as stored, in
English.
"""

from __future__ import annotations

from pathlib import Path

from majlis.i18n import N_, gettext
from majlis.labels import method_title
from majlis.report.model import Audit
from majlis.report.record import AuditRecord, MethodRecord
from majlis.report.templating import ENV, page_language

__all__ = ["render_html", "write_report"]

_HEADER = (
    N_("region"),
    N_("territory"),
    N_("station"),
    N_("registered"),
    N_("ballots issued"),
    N_("ballots cast"),
    N_("leader's votes"),
    N_("turnout"),
    N_("leader share"),
    N_("turnout z"),
    N_("share z"),
    N_("flags"),
    N_("reason"),
)


def _title(method: MethodRecord) -> str:
    return method_title(method.key, method.title)


def _count(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def render_html(audit: Audit | AuditRecord, *, top: int = 100, banner: str = "") -> str:
    """The report as an HTML string with embedded PNG figures.

    An :class:`Audit` is first turned into its record (figures drawn once); a stored record
    is rendered as it is. ``banner`` is shown at the top (a provisional count says so there).
    """
    record = audit if isinstance(audit, AuditRecord) else AuditRecord.from_audit(audit)
    header = [gettext(h) for h in _HEADER]
    rows = [
        [
            f.region,
            f.territory,
            f.station,
            _count(f.registered),
            _count(f.ballots_issued),
            _count(f.ballots_cast),
            _count(f.leader_votes),
            _cell(f.turnout),
            _cell(f.share),
            _cell(f.turnout_z),
            _cell(f.share_z),
            ", ".join(f.flags),
            f.reason,
        ]
        for f in record.flagged[:top]
    ]
    return ENV.get_template("audit.html.j2").render(
        audit=record, header=header, rows=rows, banner=banner, lang=page_language(), title=_title
    )


def write_report(
    audit: Audit | AuditRecord, path: str | Path, *, top: int = 100, banner: str = ""
) -> Path:
    """Write the HTML report to ``path`` and return the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(audit, top=top, banner=banner), encoding="utf-8")
    return out
