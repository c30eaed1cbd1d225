"""Render an audit (its stored :class:`~majlis.report.record.AuditRecord`) as one HTML file."""

from __future__ import annotations

from pathlib import Path

import jinja2

from majlis.report.model import Audit
from majlis.report.record import AuditRecord

__all__ = ["render_html", "write_report"]

_TEMPLATE = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Forensic audit: {{ audit.name }}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222;
line-height:1.45;overflow-wrap:anywhere}.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;
font-size:.9em;text-align:left}th{background:#f3f3f3}.signal{color:#b00;font-weight:bold}
.clean{color:#070}.note{background:#fffbe6;border-left:4px solid #e6c200;padding:.6em 1em}
img{max-width:100%}</style></head><body>
<h1>Forensic audit: {{ audit.name }}</h1>
{% if banner %}<p class="note" data-testid="provisional"><b>{{ banner }}</b></p>{% endif %}
<p>{{ audit.stations }} polling stations; leader: <b>{{ audit.leader }}</b>;
seed {{ audit.options.seed }}, {{ audit.options.resamples }} bootstrap resamples,
{{ audit.options.spike_resamples }} spike resamples.
{% if audit.citation %}<br>Data: {{ audit.citation }}{% endif %}</p>
<p class="note">Statistical signals are evidence that numbers did not arise the way honest
counting usually produces them. None of them is proof of fraud on its own, and none can tell
who changed a number. Use the flagged stations below to compare protocols with observers'
copies.</p>
<h2>Summary</h2>
<div class="scroll"><table><tr><th>Method</th><th>Result</th><th>Signal</th></tr>
{% for m in audit.methods %}<tr><td>{{ m.title }}</td><td>{{ m.headline }}</td>
<td class="{{ 'signal' if m.signal else 'clean' }}">
{{ 'yes' if m.signal else ('no' if m.signal is not none else 'n/a') }}</td></tr>
{% endfor %}</table></div>
{% for m in audit.methods %}
<h2>{{ m.title }}</h2>
<p><i>{{ m.citation }}</i></p>
<p>{{ m.explanation }}</p>
{% if m.figure %}<img alt="{{ m.title }}" src="{{ m.figure }}">{% endif %}
<div class="scroll"><table>{% for label, value in m.numbers %}
<tr><th>{{ label }}</th><td>{{ value }}</td></tr>{% endfor %}</table></div>
{% if m.table %}<details data-testid="unit-table-{{ m.key }}"><summary>Per-unit table:
{{ m.table|length - 1 }} rows (one per unit × target; values with 99 % bands)</summary>
<div class="scroll"><table><tr>{% for h in m.table[0] %}<th>{{ h }}</th>{% endfor %}</tr>
{% for r in m.table[1:] %}<tr>{% for v in r %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}
</table></div></details>{% endif %}
{% endfor %}
<h2>Station flags</h2>
<p>Which stations drive the signals: whole-percent turnout or leader share (at stations with at
least 100 voters), the extreme corner (turnout and share both ≥ 90 %), stations far from the
rest of their territory (modified z-score beyond 3.5), and stations in spike bins. A flag
marks a protocol worth checking, not a proven fraud: about one station in a hundred hits a
whole percentage by chance. A station can also be flagged for being far <i>below</i> its
territory (a large negative z): where the other stations of a territory were inflated, the
honest one is the odd one out, so read a negative z as a reason to check the whole
territory. A station at 100 % turnout is flagged once for it: as extreme in the
(≥ 90 %, ≥ 90 %) corner, as full_turnout elsewhere.</p>
<div class="scroll"><table><tr><th>Flag</th><th>Stations</th></tr>
{% for name, n in audit.flag_counts %}<tr><td>{{ name }}</td><td>{{ n }}</td></tr>
{% endfor %}</table></div>
<p>Stations raising at least one flag:
<b data-testid="flagged">{{ audit.flagged_stations }}</b>.</p>
<p>The map shows all stations by turnout and leader's share (grey) and, in red, the stations
raising two flags or more.</p>
{% if audit.scatter %}<img alt="turnout by share" src="{{ audit.scatter }}">{% endif %}
<h3>Stations with the most flags (top {{ rows|length }})</h3>
<div class="scroll"><table><tr>{% for h in header %}<th>{{ h }}</th>{% endfor %}</tr>
{% for r in rows %}<tr>{% for v in r %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}</table></div>
<p>Turnout z and share z: the station's modified z-score (its distance from the median of its
territory, in robust standard deviations) for turnout and for the leader's share; beyond ±3.5
the station is flagged.</p>
</body></html>
"""
)


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
    header = [
        "region",
        "territory",
        "station",
        "registered",
        "ballots issued",
        "ballots cast",
        "leader's votes",
        "turnout",
        "leader share",
        "turnout z",
        "share z",
        "flags",
        "reason",
    ]
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
    return _TEMPLATE.render(audit=record, header=header, rows=rows, banner=banner)


def write_report(
    audit: Audit | AuditRecord, path: str | Path, *, top: int = 100, banner: str = ""
) -> Path:
    """Write the HTML report to ``path`` and return the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(audit, top=top, banner=banner), encoding="utf-8")
    return out
