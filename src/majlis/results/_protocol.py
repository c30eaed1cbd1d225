"""The polling-station protocol record: its lines, its source and its content hash.

A protocol is one record per (election, polling station, source, version). The lines follow
the Kazakh (and post-Soviet) precinct protocol: voters on the list, ballots received, issued
in the station and for mobile voting, cancelled, found in the stationary and mobile boxes,
invalid, valid, votes per party list and "against all".

Source: Constitutional Law "On Elections in the Republic of Kazakhstan" (1995, as amended),
art. 43 (the precinct protocol); DESIGN.md §5.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import KW_ONLY, dataclass
from enum import StrEnum
from typing import Any

from majlis.errors import Location, ProtocolError

__all__ = [
    "COUNT_LINES",
    "LINE_NAMES",
    "LINE_SYMBOLS",
    "Lines",
    "Protocol",
    "Source",
    "canonical_json",
    "content_hash",
]

#: The integer lines of a protocol other than the votes per list, in protocol order.
COUNT_LINES: tuple[str, ...] = (
    "voters",
    "additional_voters",
    "received",
    "issued_station",
    "issued_mobile",
    "cancelled",
    "found_stationary",
    "found_mobile",
    "invalid",
    "valid",
    "against_all",
)

#: The symbols of DESIGN.md §5 used in findings (derived lines included).
LINE_SYMBOLS: Mapping[str, str] = {
    "voters": "V",
    "additional_voters": "V+",
    "received": "R",
    "issued": "I",
    "issued_station": "I(station)",
    "issued_mobile": "I(mobile)",
    "cancelled": "C",
    "found": "B",
    "found_stationary": "B(stationary)",
    "found_mobile": "B(mobile)",
    "invalid": "N",
    "valid": "Vd",
    "against_all": "A",
}

#: Each line's name as the protocol prints it (derived lines included).
LINE_NAMES: Mapping[str, str] = {
    "voters": "Voters on the list",
    "additional_voters": "Voters added on polling day",
    "received": "Ballots received",
    "issued": "Ballots issued",
    "issued_station": "Ballots issued at the station",
    "issued_mobile": "Ballots issued for mobile voting",
    "cancelled": "Unused ballots cancelled",
    "found": "Ballots found in the boxes",
    "found_stationary": "Ballots found in the stationary boxes",
    "found_mobile": "Ballots found in the mobile boxes",
    "invalid": "Invalid ballots",
    "valid": "Valid ballots",
    "against_all": "Against all",
    "votes_total": "Votes for the lists",
}

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class Source(StrEnum):
    """Who wrote the figures down: the commission, an observer, or a data-entry clerk."""

    OFFICIAL = "official"
    OBSERVER = "observer"
    ENTRY_1 = "entry1"
    ENTRY_2 = "entry2"


def _count(value: object, what: str, location: Location | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProtocolError.expected(
            what=what, expected="a non-negative integer", got=value, location=location
        )
    return value


@dataclass(frozen=True, slots=True)
class Lines:
    """The figures of one protocol; every count is a non-negative ``int``.

    ``voters`` (V) includes the voters added on the additional list (``additional_voters``);
    ``votes`` keeps the party lists in ballot order as ``(list name, votes)`` pairs.
    """

    voters: int
    received: int
    issued_station: int
    issued_mobile: int
    cancelled: int
    found_stationary: int
    found_mobile: int
    invalid: int
    valid: int
    votes: tuple[tuple[str, int], ...]
    _: KW_ONLY
    against_all: int = 0
    additional_voters: int = 0

    def __post_init__(self) -> None:
        for name in COUNT_LINES:
            _count(getattr(self, name), f"protocol line '{name}'", Location(field=name))
        seen: set[str] = set()
        for pair in self.votes:
            if not isinstance(pair, tuple) or len(pair) != 2 or not isinstance(pair[0], str):
                raise ProtocolError.expected(
                    what="each votes entry", expected="a (list name, votes) pair", got=pair
                )
            name, votes = pair
            if not name.strip() or name in seen:
                raise ProtocolError.expected(
                    what="a party list name", expected="non-empty and unique", got=name
                )
            seen.add(name)
            _count(votes, f"votes for '{name}'", Location(field=f"votes.{name}"))

    @classmethod
    def of(cls, *, votes: Mapping[str, int] | Iterable[tuple[str, int]], **lines: int) -> Lines:
        """Build lines from keyword counts and a mapping (or pairs) of votes per list."""
        pairs = tuple(votes.items()) if isinstance(votes, Mapping) else tuple(votes)
        unknown = sorted(set(lines) - set(COUNT_LINES))
        if unknown:
            raise ProtocolError.expected(
                what="protocol line names", expected=f"among {', '.join(COUNT_LINES)}", got=unknown
            )
        return cls(votes=pairs, **lines)

    @property
    def issued(self) -> int:
        """I: ballots issued in the station and for mobile voting."""
        return self.issued_station + self.issued_mobile

    @property
    def found(self) -> int:
        """B: ballots found in the stationary and mobile boxes."""
        return self.found_stationary + self.found_mobile

    @property
    def list_names(self) -> tuple[str, ...]:
        """The party lists in ballot order."""
        return tuple(name for name, _ in self.votes)

    @property
    def votes_total(self) -> int:
        """Σ votes for the party lists (without "against all")."""
        return sum(v for _, v in self.votes)

    def vote(self, name: str) -> int:
        """Votes for the list ``name`` (0 for a list not on this protocol)."""
        return dict(self.votes).get(name, 0)

    def value(self, line: str) -> int:
        """The value of a count line, a derived line (issued, found) or ``votes.<list>``."""
        if line.startswith("votes."):
            return self.vote(line.removeprefix("votes."))
        if line in ("issued", "found") or line in COUNT_LINES:
            return int(getattr(self, line))
        raise ProtocolError.expected(what="a line name", expected="a protocol line", got=line)

    def as_dict(self) -> dict[str, Any]:
        """The lines as plain data: every count line and ``votes`` as a mapping."""
        data: dict[str, Any] = {name: getattr(self, name) for name in COUNT_LINES}
        data["votes"] = dict(self.votes)
        return data

    def field_values(self) -> dict[str, int]:
        """Every entered field flat: the count lines and ``votes.<list>`` per list."""
        flat = {name: int(getattr(self, name)) for name in COUNT_LINES}
        flat.update({f"votes.{name}": v for name, v in self.votes})
        return flat


@dataclass(frozen=True, slots=True)
class Protocol:
    """One version of one source's protocol of one polling station in one election.

    Observer copies carry the observer's name and the SHA-256 of the evidence file (a photo
    or scan of the signed copy). Corrections are new versions with a ``reason``.
    """

    election: str
    station: str
    lines: Lines
    _: KW_ONLY
    source: Source = Source.OFFICIAL
    observer: str | None = None
    evidence_sha256: str | None = None
    version: int = 1
    reason: str | None = None

    def __post_init__(self) -> None:
        for name in ("election", "station"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ProtocolError.expected(
                    what=f"the protocol's {name}", expected="a non-empty code", got=value
                )
        object.__setattr__(self, "source", Source(self.source))
        if self.source is Source.OBSERVER:
            if not self.observer:
                raise ProtocolError.expected(
                    what="an observer copy's observer", expected="a name", got=self.observer
                )
            if self.evidence_sha256 is None or not _SHA256.match(self.evidence_sha256):
                raise ProtocolError.expected(
                    what="an observer copy's evidence_sha256",
                    expected="64 lowercase hex digits (SHA-256 of the evidence file)",
                    got=self.evidence_sha256,
                )
        elif self.observer is not None or self.evidence_sha256 is not None:
            raise ProtocolError.expected(
                what=f"a {self.source.value} protocol's observer",
                expected="absent",
                got=self.observer,
            )
        if isinstance(self.version, bool) or not isinstance(self.version, int) or self.version < 1:
            raise ProtocolError.expected(
                what="the protocol version", expected="an integer ≥ 1", got=self.version
            )

    def content(self) -> dict[str, Any]:
        """What the content hash covers: identity, source, evidence and every line."""
        return {
            "election": self.election,
            "station": self.station,
            "source": self.source.value,
            "observer": self.observer,
            "evidence_sha256": self.evidence_sha256,
            "lines": self.lines.as_dict(),
        }

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) of the canonical JSON of :meth:`content`.

        The version number and the reason are not hashed, so a "correction" that changes no
        figure keeps its hash — which is how a reviewer sees that nothing changed.
        """
        return content_hash(self.content())


def content_hash(content: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of a protocol's content."""
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


def canonical_json(data: object) -> str:
    """Canonical JSON: sorted keys, no whitespace, UTF-8 text kept as is."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
