"""The quick count as plain data (JSON-ready dicts): what the CLI, the API and pages show.

One view per figure, so that ``majlis pvt … --format json`` and ``/api/v1/…/pvt/…`` say the
same thing. Shares are fractions (0.123 = 12.3 %); margins are half-widths.
"""

from __future__ import annotations

import math
from typing import Any

from majlis.pvt._design import SampleDesign
from majlis.pvt._reports import Reports
from majlis.pvt._service import Comparison, QuickCount, Round
from majlis.pvt.core import z_value

__all__ = ["compare_view", "design_view", "estimate_view", "rounds_view", "status_view"]


def design_view(design: SampleDesign) -> dict[str, Any]:
    """Size, expected margin and stations per stratum (the drawn stations too)."""
    doc = design.document()
    doc["sha256"] = design.sha256
    doc["voters_needed"] = design.size.voters
    doc["stations_formula"] = design.size.stations
    doc["sample_stations"] = len(design.stations)
    doc["expected_margin"] = design.expected_margin
    return doc


def status_view(reports: Reports) -> dict[str, Any]:
    """The status board per stratum and the problems found."""
    rows = [
        {
            "stratum": s.stratum,
            "sampled": s.sampled,
            "reported": s.reported,
            "missing": s.missing,
            "conflict": s.conflict,
            "rejected": s.rejected,
        }
        for s in reports.board
    ]
    keys = ("sampled", "reported", "missing", "conflict", "rejected")
    total = {k: sum(getattr(s, k) for s in reports.board) for k in keys}
    return {
        "sample_sha256": reports.design.get("sha256"),
        "strata": rows,
        "total": total,
        "problems": list(reports.problems),
    }


def estimate_view(quick: QuickCount) -> dict[str, Any]:
    """Shares with 95 % and 99 % margins, turnout, the calls, and what is missing."""
    est = quick.estimate
    m95, m99 = est.margin(0.95), est.margin(0.99)
    return {
        "election": quick.election,
        "share_base": quick.ruleset.threshold_base,
        "threshold": float(quick.ruleset.threshold) if quick.ruleset.threshold else None,
        "lists": [
            {
                "name": n,
                "share": float(s),
                "se": float(e),
                "margin95": float(a),
                "margin99": float(b),
            }
            for n, s, e, a, b in zip(est.names, est.share, est.se, m95, m99, strict=True)
        ],
        "turnout": {
            "share": est.turnout,
            "se": est.turnout_se,
            "margin99": z_value(0.99) * est.turnout_se,
        },
        "reports": int(est.reports.sum()),
        "strata_missing": list(est.missing),
        "register_covered": est.register_covered,
        "calls": {
            level: {
                "leader": c.leader,
                "runner_up": c.runner_up,
                "gap": c.gap,
                "gap_margin": c.gap_margin,
                "callable": c.callable,
                "too_close_to_threshold": list(c.too_close_threshold),
            }
            for level, c in (("95", quick.call95), ("99", quick.call99))
        },
    }


def compare_view(comparison: Comparison) -> dict[str, Any]:
    """Per list the official share against the interval; the seats against their range."""
    return {
        "estimate": estimate_view(comparison.quick),
        "consistent": comparison.consistent,
        "lists": [
            {
                "name": v.name,
                "estimate": v.estimate,
                "official": v.official,
                "z": v.z if math.isfinite(v.z) else None,  # None: no spread, official differs
                "inside95": v.inside95,
                "inside99": v.inside99,
                "p_pass": v.p_pass,
            }
            for v in comparison.lists
        ],
        "seats": [
            {
                "name": s.name,
                "official": s.official,
                "median": s.median,
                "range95": [s.low95, s.high95],
                "range99": [s.low99, s.high99],
                "inside99": s.inside99,
                "sentence": s.sentence,
            }
            for s in comparison.seats
        ],
    }


def rounds_view(rounds: tuple[Round, ...]) -> dict[str, Any]:
    """The estimate round by round (None where no stratum had two reports yet)."""
    out = []
    for r in rounds:
        row: dict[str, Any] = {"at": r.at.isoformat(), "reports": r.reports, "lists": None}
        if r.estimate is not None:
            e = r.estimate
            row["lists"] = {
                n: {"share": float(s), "margin99": float(m)}
                for n, s, m in zip(e.names, e.share, e.margin(0.99), strict=True)
            }
            row["strata_missing"] = list(e.missing)
            row["register_covered"] = e.register_covered
        out.append(row)
    return {"rounds": out}
