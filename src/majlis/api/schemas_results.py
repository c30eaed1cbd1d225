"""Schemas of protocols, tallies and discrepancies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictInt

from majlis import results
from majlis.api._text import Line

_MAX = 10_000_000
Count = Field(default=0, ge=0, le=_MAX)
VoteCount = Annotated[StrictInt, Field(ge=0, le=_MAX)]


class LinesIn(BaseModel):
    """The figures of a protocol; ``votes`` in ballot order."""

    voters: StrictInt = Field(ge=0, le=_MAX)
    additional_voters: StrictInt = Count
    received: StrictInt = Field(ge=0, le=_MAX)
    issued_station: StrictInt = Field(ge=0, le=_MAX)
    issued_mobile: StrictInt = Count
    cancelled: StrictInt = Count
    found_stationary: StrictInt = Field(ge=0, le=_MAX)
    found_mobile: StrictInt = Count
    invalid: StrictInt = Count
    valid: StrictInt = Field(ge=0, le=_MAX)
    against_all: StrictInt = Count
    votes: dict[Annotated[str, Field(min_length=1, max_length=200)], VoteCount] = Field(
        min_length=1, max_length=100
    )

    def to_lines(self) -> results.Lines:
        """The domain record (raises ProtocolError on a bad vote count)."""
        return results.Lines.of(
            votes=self.votes, **{k: getattr(self, k) for k in results.COUNT_LINES}
        )


class ProtocolCreate(BaseModel):
    """A protocol entered by the commission (official, entry1, entry2) or an observer."""

    station: Annotated[str, Line("polling_station.code", pattern=r"^[A-Za-z0-9_.-]+$")]
    source: Literal["official", "entry1", "entry2", "observer"]
    lines: LinesIn
    evidence_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    reason: str | None = Field(default=None, max_length=2000)


class CorrectionCreate(ProtocolCreate):
    """A correction: a new version of the same source, with the reason."""

    reason: str = Field(min_length=1, max_length=2000)


class FindingPublic(BaseModel):
    """One check on a protocol: an error blocks, a warning asks a person to look."""

    rule: str
    severity: str
    message: str


class ProtocolPublic(BaseModel):
    """One stored protocol version."""

    election: str
    station: str
    source: str
    observer: str | None
    version: int
    reason: str | None
    content_hash: str
    lines: dict[str, int]
    votes: dict[str, int]
    entered_by: str | None = None
    entered_at: datetime | None = None


class SubmissionPublic(BaseModel):
    """A stored protocol and what the checks found."""

    protocol: ProtocolPublic
    findings: list[FindingPublic]


class ResolutionIn(BaseModel):
    """A person's decision on the fields where the two entries differ."""

    values: dict[Annotated[str, Field(max_length=200)], VoteCount] = Field(
        min_length=1, max_length=200
    )
    note: str = Field(default="", max_length=2000)


class FinalisationCreate(BaseModel):
    """Make a station final from its two entries, with a resolution if they differ."""

    resolution: ResolutionIn | None = None


class FinalisationPublic(BaseModel):
    """The final protocol, how it became final, and the warnings seen."""

    protocol: ProtocolPublic
    method: str
    warnings: list[FindingPublic]


class CorrectionPublic(BaseModel):
    """The stored correction; ``final`` when an official correction became final anew."""

    protocol: ProtocolPublic
    final: FinalisationPublic | None
    errors: list[FindingPublic]


class DifferencePublic(BaseModel):
    """A field where two figures differ."""

    field: str
    first: int
    second: int


class TallyPublic(BaseModel):
    """The summed lines of one unit."""

    level: str
    unit: str
    stations: int
    lines: dict[str, int]
    votes: dict[str, int]
    turnout: float
    shares: dict[str, float]


class DiscrepancyPublic(BaseModel):
    """Where a copy (or a published total) differs from the official figures."""

    unit: str
    against: str
    size: int
    differences: list[DifferencePublic]


def protocol_public(
    p: results.Protocol,
    *,
    entered_by: str | None = None,
    entered_at: datetime | None = None,
    content_hash: str | None = None,
) -> ProtocolPublic:
    """The public view of a protocol."""
    data = p.lines.as_dict()
    votes = data.pop("votes")
    return ProtocolPublic(
        election=p.election,
        station=p.station,
        source=p.source.value,
        observer=p.observer,
        version=p.version,
        reason=p.reason,
        content_hash=content_hash or p.content_hash,
        lines=data,
        votes=votes,
        entered_by=entered_by,
        entered_at=entered_at,
    )


def finding_public(f: results.Finding) -> FindingPublic:
    """The public view of a check finding."""
    return FindingPublic(rule=f.rule.value, severity=f.severity.value, message=f.message)


def tally_public(t: results.Tally) -> TallyPublic:
    """The public view of a tally (exact shares shown as floats)."""
    return TallyPublic(
        level=t.level.value,
        unit=t.unit,
        stations=t.stations,
        lines=dict(t.lines),
        votes=dict(t.votes),
        turnout=float(t.turnout),
        shares={name: float(share) for name, share in t.shares.items()},
    )


def discrepancy_public(d: results.Discrepancy) -> DiscrepancyPublic:
    """The public view of a discrepancy."""
    return DiscrepancyPublic(
        unit=d.unit,
        against=d.against,
        size=d.size,
        differences=[
            DifferencePublic(field=x.line, first=x.official, second=x.other) for x in d.differences
        ],
    )
