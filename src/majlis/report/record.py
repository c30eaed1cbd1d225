"""An audit's figures as a plain record: what is stored, and what every output renders.

:class:`AuditRecord` holds each method's verdict, headline and numbers (already formatted, so
every output prints the same text), the flag counts, every flagged station with its figures,
and the report's plots as PNG data URIs. It is made once from an :class:`Audit` and written
as one JSON document; the HTML report, the dashboard and the API all read it.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from majlis.report.model import Audit, AuditInput, AuditOptions
from majlis.report.plots import figure_uri, turnout_share_figure

__all__ = ["AuditRecord", "FlaggedStation", "MethodRecord", "plain_reason"]


@dataclass(frozen=True, slots=True)
class MethodRecord:
    """One method's outcome as printed: verdict, headline, numbers, and its figure (or None)."""

    key: str
    title: str
    citation: str
    signal: bool | None
    headline: str
    numbers: tuple[tuple[str, str], ...]
    explanation: str
    figure: str | None = None
    table: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class FlaggedStation:
    """A station raising at least one flag: labels, counts, figures, flags and a plain reason."""

    station: str
    region: str
    territory: str
    turnout: float | None
    share: float | None
    turnout_z: float | None
    share_z: float | None
    flags: tuple[str, ...]
    registered: float | None = None
    ballots_issued: float | None = None
    ballots_cast: float | None = None
    leader_votes: float | None = None
    reason: str = ""


_FLAG_REASONS = {
    "integer_turnout": "turnout is an exact whole percent",
    "full_turnout": "turnout is 100 % or more: every registered voter took a ballot",
    "integer_share": "the leader's share is an exact whole percent",
    "extreme": "turnout and the leader's share are both at least 90 %",
    "rozenas_spike": "the leader's share sits in a spike of the share histogram (Rozenas)",
}


def _outlier_reason(what: str, z: float | None) -> str:
    if z is None:
        return f"{what} far from the rest of its territory"
    if z > 0:
        return f"{what} far above the rest of its territory (z = {z:+.1f})"
    return (
        f"{what} far below the rest of its territory (z = {z:+.1f}): either this protocol is "
        "odd, or the territory's other stations are inflated and this honest-looking one "
        "stands out; check both"
    )


def plain_reason(flags: tuple[str, ...], turnout_z: float | None, share_z: float | None) -> str:
    """One sentence saying why a station is flagged, in the order of its flags."""
    parts = []
    for name in flags:
        if name == "turnout_outlier":
            parts.append(_outlier_reason("turnout", turnout_z))
        elif name == "share_outlier":
            parts.append(_outlier_reason("the leader's share", share_z))
        else:
            parts.append(_FLAG_REASONS.get(name, name.replace("_", " ")))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "." if text else ""


def _num(value: float) -> float | None:
    return None if not math.isfinite(value) else round(float(value), 6)


def _labels(audit: Audit, column: str, rows: npt.NDArray[np.int64]) -> list[str]:
    """The labels in ``column`` of the stations ``rows`` as text ("" where missing or
    without the column)."""
    if column not in audit.frame.columns:
        return [""] * len(rows)
    return ["" if v is None else str(v) for v in audit.frame.get_column(column).gather(rows)]


def _flagged_stations(audit: Audit, data: AuditInput) -> tuple[FlaggedStation, ...]:
    """The flagged stations, most flags first, each with its counts, figures and reason."""
    flags = audit.flags
    rows = flags.ranked(limit=len(flags.score))
    station, region, territory = (
        _labels(audit, c, rows) for c in ("station", "region", "territory")
    )
    names = tuple(flags.flags)
    raised = np.zeros((len(rows), len(names)), dtype=bool)
    for j, at in enumerate(flags.flags.values()):
        raised[:, j] = np.asarray(at)[rows]
    which_of: dict[tuple[bool, ...], tuple[str, ...]] = {}  # few distinct sets of flags
    columns = (
        data.turnout,
        data.share,
        flags.turnout_z,
        flags.share_z,
        data.registered,
        data.ballots_issued,
        data.ballots_cast,
        data.leader,
    )
    out = []
    figures = zip(*(np.asarray(c, dtype=np.float64)[rows].tolist() for c in columns), strict=True)
    for k, (i, up, values) in enumerate(
        zip(rows.tolist(), map(tuple, raised.tolist()), figures, strict=True)
    ):
        which = which_of.get(up)
        if which is None:
            which = which_of[up] = tuple(n for n, on in zip(names, up, strict=True) if on)
        turnout, share, tz, sz, registered, issued, cast, leader = map(_num, values)
        out.append(
            FlaggedStation(
                station=station[k] or str(i),
                region=region[k],
                territory=territory[k],
                turnout=turnout,
                share=share,
                turnout_z=tz,
                share_z=sz,
                flags=which,
                registered=registered,
                ballots_issued=issued,
                ballots_cast=cast,
                leader_votes=leader,
                reason=plain_reason(which, tz, sz),
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """Everything an audit found, as the outputs show it (``flagged``: most flags first)."""

    name: str
    leader: str
    stations: int
    options: AuditOptions
    methods: tuple[MethodRecord, ...]
    flag_counts: tuple[tuple[str, int], ...]
    flagged: tuple[FlaggedStation, ...]
    scatter: str | None = None
    citation: str | None = None

    @property
    def flagged_stations(self) -> int:
        """How many stations raise at least one flag."""
        return len(self.flagged)

    @classmethod
    def from_audit(cls, audit: Audit, *, figures: bool = True) -> AuditRecord:
        """The record of ``audit``; with ``figures``, its plots drawn once as PNG data URIs."""
        data = audit.station_input()
        counts = {"leader": data.leader}
        flags = audit.flags
        methods = tuple(
            MethodRecord(
                m.key,
                m.title,
                m.citation,
                m.signal,
                m.headline,
                tuple(m.numbers),
                m.explanation,
                figure_uri(m.key, m.result, counts) if figures else None,
                tuple(m.table),
            )
            for m in audit.methods
        )
        flagged = _flagged_stations(audit, data)
        scatter = (
            turnout_share_figure(data.turnout, data.share, np.asarray(flags.score >= 2))
            if figures
            else None
        )
        return cls(
            audit.name,
            audit.leader,
            audit.stations,
            audit.options,
            methods,
            tuple(flags.counts().items()),
            flagged,
            scatter,
            audit.citation,
        )

    def to_json(self) -> str:
        """The record as one JSON document."""
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> AuditRecord:
        """The record a :meth:`to_json` document holds."""
        raw: dict[str, Any] = json.loads(text)
        return cls(
            name=raw["name"],
            leader=raw["leader"],
            stations=int(raw["stations"]),
            options=AuditOptions(**raw["options"]),
            methods=tuple(
                MethodRecord(
                    **{
                        **m,
                        "numbers": tuple(tuple(p) for p in m["numbers"]),
                        "table": tuple(tuple(r) for r in m.get("table", ())),
                    }
                )
                for m in raw["methods"]
            ),
            flag_counts=tuple((k, int(v)) for k, v in raw["flag_counts"]),
            flagged=tuple(
                FlaggedStation(**{**f, "flags": tuple(f["flags"])}) for f in raw["flagged"]
            ),
            scatter=raw["scatter"],
            citation=raw["citation"],
        )
