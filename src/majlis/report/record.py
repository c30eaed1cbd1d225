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

from majlis.report.model import Audit, AuditInput, AuditOptions
from majlis.report.plots import figure_uri, turnout_share_figure

__all__ = ["AuditRecord", "FlaggedStation", "MethodRecord"]


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


@dataclass(frozen=True, slots=True)
class FlaggedStation:
    """A station raising at least one flag: its labels, figures and the flags it raised."""

    station: str
    region: str
    territory: str
    turnout: float | None
    share: float | None
    turnout_z: float | None
    share_z: float | None
    flags: tuple[str, ...]


def _num(value: float) -> float | None:
    return None if not math.isfinite(value) else round(float(value), 6)


def _label(audit: Audit, column: str, i: int) -> str:
    if column not in audit.frame.columns:
        return ""
    value = audit.frame[column][i]
    return "" if value is None else str(value)


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
        data = AuditInput.from_frame(audit.frame)
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
            )
            for m in audit.methods
        )
        ranked = flags.ranked(limit=len(flags.score))
        flagged = tuple(
            FlaggedStation(
                station=_label(audit, "station", int(i)) or str(int(i)),
                region=_label(audit, "region", int(i)),
                territory=_label(audit, "territory", int(i)),
                turnout=_num(float(data.turnout[i])),
                share=_num(float(data.share[i])),
                turnout_z=_num(float(flags.turnout_z[i])),
                share_z=_num(float(flags.share_z[i])),
                flags=tuple(name for name, f in flags.flags.items() if f[i]),
            )
            for i in ranked
        )
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
                MethodRecord(**{**m, "numbers": tuple(tuple(p) for p in m["numbers"])})
                for m in raw["methods"]
            ),
            flag_counts=tuple((k, int(v)) for k, v in raw["flag_counts"]),
            flagged=tuple(
                FlaggedStation(**{**f, "flags": tuple(f["flags"])}) for f in raw["flagged"]
            ),
            scatter=raw["scatter"],
            citation=raw["citation"],
        )
