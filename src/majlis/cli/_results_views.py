"""Rich renderings of protocols, findings, import reports and tallies (no logic)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from majlis.finding_text import code_word, finding_text
from majlis.i18n import DEFAULT, current, fmt_date, fmt_int, gettext, ngettext, pgettext
from majlis.results import (
    FieldDifference,
    FinalDecision,
    Finding,
    ImportReport,
    Protocol,
    Rule,
    Severity,
    StoredVersion,
    TableCheck,
)

__all__ = ["check_report", "findings", "import_report", "protocol_detail"]


def _moment(value: datetime) -> str:
    """A moment as YYYY-MM-DD HH:MM in English, the language's day and the time otherwise."""
    if current() == DEFAULT:
        return f"{value:%Y-%m-%d %H:%M}"
    return f"{fmt_date(value.date())} {value:%H:%M}"


def findings(console: Console, items: Sequence[Finding], *, limit: int = 50) -> None:
    """A table of findings: station, severity, rule, message."""
    if not items:
        return
    table = Table(
        gettext("station"),
        gettext("severity"),
        gettext("rule"),
        gettext("finding"),
        title=gettext("Findings"),
    )
    for f in items[:limit]:
        colour = "red" if f.severity is Severity.ERROR else "yellow"
        table.add_row(
            escape(f.station),
            f"[{colour}]{code_word(f.severity.value)}[/{colour}]",
            escape(code_word(f.rule.value)),
            escape(finding_text(f)),
        )
    console.print(table)
    if len(items) > limit:
        console.print(gettext("… and %(num)s more") % {"num": fmt_int(len(items) - limit)})


def _counts_table(title: str) -> Table:
    return Table(gettext("rule"), gettext("severity"), gettext("protocols"), title=title)


def import_report(console: Console, report: ImportReport) -> None:
    """What an import did, the rule counts and the blocking errors."""
    rejected = len({p.row for p in report.problems})
    console.print(
        ngettext(
            "%(path)s: %(num)s row, %(stored)s stored, %(final)s final, %(blocked)s blocked by "
            "errors, %(rejected)s rejected",
            "%(path)s: %(num)s rows, %(stored)s stored, %(final)s final, %(blocked)s blocked by "
            "errors, %(rejected)s rejected",
            report.rows,
        )
        % {
            "path": report.path,
            "num": fmt_int(report.rows),
            "stored": fmt_int(report.stored),
            "final": fmt_int(report.final),
            "blocked": fmt_int(report.blocked),
            "rejected": fmt_int(rejected),
        },
        markup=False,
    )
    if report.agreement is not None:
        a = report.agreement
        console.print(
            ngettext(
                "double entry: %(num)s station final (entries agree), %(differ)s differ and "
                "await resolution, %(blocked)s blocked",
                "double entry: %(num)s stations final (entries agree), %(differ)s differ and "
                "await resolution, %(blocked)s blocked",
                len(a.finalised),
            )
            % {
                "num": fmt_int(len(a.finalised)),
                "differ": fmt_int(len(a.differing)),
                "blocked": fmt_int(len(a.blocked)),
            },
            markup=False,
        )
    if report.reject_path is not None:
        console.print(
            gettext("rejected rows written to %(path)s") % {"path": report.reject_path},
            markup=False,
        )
    counts = _counts_table(gettext("Checks"))
    for rule, n in report.rule_counts.items():
        if n:
            counts.add_row(code_word(rule.value), code_word(rule.severity.value), fmt_int(n))
    console.print(counts)
    findings(console, report.errors)


def check_report(console: Console, result: TableCheck, *, limit: int) -> None:
    """Rule counts over every protocol, then the first findings."""
    checked = len(result.table)
    counts = _counts_table(
        ngettext("Checks of %(num)s protocol", "Checks of %(num)s protocols", checked)
        % {"num": fmt_int(checked)}
    )
    for rule in Rule:
        counts.add_row(
            code_word(rule.value), code_word(rule.severity.value), fmt_int(result.counts()[rule])
        )
    console.print(counts)
    blocked = int(result.blocked.sum())
    console.print(
        ngettext(
            "%(num)s protocol cannot be final (errors)",
            "%(num)s protocols cannot be final (errors)",
            blocked,
        )
        % {"num": fmt_int(blocked)},
        markup=False,
    )
    findings(console, result.findings(), limit=limit)


def protocol_detail(
    console: Console,
    history: Sequence[StoredVersion],
    latest: Protocol | None,
    decision: FinalDecision | None,
    diffs: Sequence[FieldDifference],
) -> None:
    """A station's versions, latest official lines, entry differences and final status."""
    versions = Table(
        gettext("source"),
        gettext("observer"),
        gettext("version"),
        gettext("hash"),
        gettext("entered by"),
        pgettext("moment", "at"),
        gettext("reason"),
        title=gettext("Versions (append-only)"),
    )
    for v in history:
        p = v.protocol
        versions.add_row(
            code_word(p.source.value),
            escape(p.observer or ""),
            str(p.version),
            v.content_hash[:16],
            escape(v.entered_by),
            _moment(v.entered_at),
            escape(p.reason or ""),
        )
    console.print(versions)
    if latest is not None:
        lines = Table(
            gettext("line"),
            gettext("value"),
            title=gettext("Latest official protocol (v%(version)s)") % {"version": latest.version},
        )
        for name, value in latest.lines.field_values().items():
            lines.add_row(escape(name), fmt_int(value))
        console.print(lines)
    if diffs:
        table = Table(
            gettext("field"),
            gettext("entry 1"),
            gettext("entry 2"),
            gettext("difference"),
            title=gettext("Entry differences"),
        )
        for d in diffs:
            sign = "+" if d.difference >= 0 else "-"
            table.add_row(
                escape(d.field),
                fmt_int(d.first),
                fmt_int(d.second),
                sign + fmt_int(abs(d.difference)),
            )
        console.print(table)
    if decision is None:
        console.print(gettext("not final"))
    else:
        console.print(
            gettext("final: version %(version)s by %(method)s, decided by %(by)s at %(at)s")
            % {
                "version": decision.official_version,
                "method": code_word(decision.method),
                "by": decision.decided_by,
                "at": _moment(decision.decided_at),
            },
            markup=False,
        )
