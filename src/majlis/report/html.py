"""Render an :class:`~majlis.report.audit.Audit` as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import jinja2
import numpy as np

from majlis.report.audit import Audit, AuditInput
from majlis.report.plots import figure_uri, turnout_share_figure

__all__ = ["render_html", "write_report"]

_TEMPLATE = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Forensic audit: {{ audit.name }}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;
font-size:.9em;text-align:left}th{background:#f3f3f3}.signal{color:#b00;font-weight:bold}
.clean{color:#070}.note{background:#fffbe6;border-left:4px solid #e6c200;padding:.6em 1em}
img{max-width:100%}</style></head><body>
<h1>Forensic audit: {{ audit.name }}</h1>
<p>{{ audit.stations }} polling stations; leader: <b>{{ audit.leader }}</b>;
seed {{ audit.options.seed }}, {{ audit.options.resamples }} bootstrap resamples,
{{ audit.options.spike_resamples }} spike resamples.
{% if audit.citation %}<br>Data: {{ audit.citation }}{% endif %}</p>
<p class="note">Statistical signals are evidence that numbers did not arise the way honest
counting usually produces them. None of them is proof of fraud on its own, and none can tell
who changed a number. Use the flagged stations below to compare protocols with observers'
copies.</p>
<h2>Summary</h2>
<table><tr><th>Method</th><th>Result</th><th>Signal</th></tr>
{% for m in audit.methods %}<tr><td>{{ m.title }}</td><td>{{ m.headline }}</td>
<td class="{{ 'signal' if m.signal else 'clean' }}">
{{ 'yes' if m.signal else ('no' if m.signal is not none else 'n/a') }}</td></tr>
{% endfor %}</table>
{% for m in audit.methods %}
<h2>{{ m.title }}</h2>
<p><i>{{ m.citation }}</i></p>
<p>{{ m.explanation }}</p>
{% if figures[m.key] %}<img alt="{{ m.title }}" src="{{ figures[m.key] }}">{% endif %}
<table>{% for label, value in m.numbers %}
<tr><th>{{ label }}</th><td>{{ value }}</td></tr>{% endfor %}</table>
{% endfor %}
<h2>Station flags</h2>
<p>Which stations drive the signals: whole-percent turnout or leader share (at stations with at
least 100 voters), the extreme corner (turnout and share both ≥ 90 %), stations far from the
rest of their territory (modified z-score beyond 3.5), and stations in spike bins. A flag
marks a protocol worth checking, not a proven fraud: about one station in a hundred hits a
whole percentage by chance.</p>
<table><tr><th>Flag</th><th>Stations</th></tr>
{% for name, n in counts.items() %}<tr><td>{{ name }}</td><td>{{ n }}</td></tr>{% endfor %}</table>
<p>The map shows all stations by turnout and leader's share (grey) and, in red, the stations
raising two flags or more.</p>
<img alt="turnout by share" src="{{ scatter }}">
<h3>Stations with the most flags (top {{ rows|length }})</h3>
<table><tr>{% for h in header %}<th>{{ h }}</th>{% endfor %}</tr>
{% for r in rows %}<tr>{% for v in r %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}</table>
</body></html>
"""
)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "" if not np.isfinite(value) else f"{value:.3f}"
    return "" if value is None else str(value)


def render_html(audit: Audit, *, top: int = 100) -> str:
    """The report as an HTML string with embedded PNG figures."""
    data = AuditInput.from_frame(audit.frame)
    counts = {"leader": data.leader}
    figures = {m.key: figure_uri(m.key, m.result, counts) for m in audit.methods}
    flags = audit.flags
    scatter = turnout_share_figure(data.turnout, data.share, flags.score >= 2)
    ranked = flags.ranked(limit=top)
    labels = [c for c in ("region", "territory", "station") if c in audit.frame.columns]
    header = [*labels, "turnout", "leader share", "turnout z", "share z", "flags"]
    rows = []
    for i in ranked:
        raised = ", ".join(name for name, f in flags.flags.items() if f[i])
        rows.append(
            [_cell(audit.frame[c][int(i)]) for c in labels]
            + [
                _cell(float(data.turnout[i])),
                _cell(float(data.share[i])),
                _cell(float(flags.turnout_z[i])),
                _cell(float(flags.share_z[i])),
                raised,
            ]
        )
    return _TEMPLATE.render(
        audit=audit,
        figures=figures,
        scatter=scatter,
        counts=flags.counts(),
        header=header,
        rows=rows,
    )


def write_report(audit: Audit, path: str | Path, *, top: int = 100) -> Path:
    """Write the HTML report to ``path`` and return the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(audit, top=top), encoding="utf-8")
    return out
