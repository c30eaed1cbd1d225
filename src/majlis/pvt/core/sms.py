"""The quick count's text-message format: parse, tolerate the usual typos, say what is missing.

``PVT <observer> <station> <code><number> <code><number> …`` — one token per protocol line or
list, the code and the number written together (``V1200``) or apart (``V 1200``). Codes:

====  =====================  ====  =====================
V     voters on the list     B     found, stationary box
W     additional voters      F     found, mobile box
R     ballots received       N     invalid
S     issued in the station  D     valid
M     issued for mobile      X     against all
C     cancelled              PA…   the lists in ballot order (PA, PB, PC, … skipping I, L, O)
====  =====================  ====  =====================

W and X may be left out (0). Numbers tolerate O/o for 0 and l/I/i for 1 (``V12OO`` is
1200); codes are matched case-insensitively, the longest first, so ``VO123`` reads as
V = 0123. The answer says what was understood, or what is missing or unreadable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["LINE_CODES", "ParsedSms", "list_codes", "parse_sms"]

#: SMS code → protocol line.
LINE_CODES: dict[str, str] = {
    "V": "voters",
    "W": "additional_voters",
    "R": "received",
    "S": "issued_station",
    "M": "issued_mobile",
    "C": "cancelled",
    "B": "found_stationary",
    "F": "found_mobile",
    "N": "invalid",
    "D": "valid",
    "X": "against_all",
}
_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ"  # no I, L, O: they read as digits
_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1"})
_NUMBER = re.compile(r"^[0-9]{1,9}$")
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def list_codes(n: int) -> tuple[str, ...]:
    """The codes of ``n`` lists in ballot order: PA, PB, … PZ, PAA, PAB, …"""
    out = []
    for k in range(n):
        code, k2 = "", k
        while True:
            code = _LETTERS[k2 % len(_LETTERS)] + code
            k2 = k2 // len(_LETTERS) - 1
            if k2 < 0:
                break
        out.append("P" + code)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ParsedSms:
    """What a message said: observer, station, lines and votes read, and what is wrong."""

    observer: str | None
    station: str | None
    lines: dict[str, int]
    votes: dict[str, int]
    missing: tuple[str, ...]
    unreadable: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return (
            self.observer is not None
            and self.station is not None
            and not self.missing
            and not self.unreadable
        )

    def reply(self) -> str:
        """The answer to send back: what was understood, then what is missing or unreadable."""
        head = f"PVT {self.observer or '?'} {self.station or '?'}"
        got = [f"{c}={v}" for c, v in {**_coded(self.lines), **self.votes}.items()]
        parts = [head + (": " + " ".join(got) if got else ": nothing read")]
        if self.missing:
            parts.append("missing " + " ".join(self.missing))
        if self.unreadable:
            parts.append("unreadable " + " ".join(self.unreadable))
        return "; ".join(parts)


def _coded(lines: dict[str, int]) -> dict[str, int]:
    return {c: lines[n] for c, n in LINE_CODES.items() if n in lines}


def parse_sms(text: str, lists: Sequence[str]) -> ParsedSms:
    """Parse a message for an election whose ballot lists ``lists`` (in ballot order)."""
    codes = dict(zip(list_codes(len(lists)), lists, strict=True))
    known = sorted([*LINE_CODES, *codes], key=len, reverse=True)
    tokens = text.split()
    unreadable: list[str] = []
    if not tokens or tokens[0].upper() != "PVT":
        return ParsedSms(None, None, {}, {}, ("PVT",), tuple(tokens[:1]))
    observer = tokens[1] if len(tokens) > 1 and _NAME.match(tokens[1]) else None
    station = tokens[2] if len(tokens) > 2 and _NAME.match(tokens[2]) else None
    lines: dict[str, int] = {}
    votes: dict[str, int] = {}
    rest = tokens[3:]
    i = 0
    while i < len(rest):
        token = rest[i]
        code = next((c for c in known if token.upper().startswith(c)), None)
        number = token[len(code) :] if code else ""
        if code and not number and i + 1 < len(rest):
            i += 1
            number = rest[i]
        number = number.translate(_DIGITS)
        if code is None or not _NUMBER.match(number):
            unreadable.append(token if code is None else f"{code}{number}")
        elif code in LINE_CODES:
            lines[LINE_CODES[code]] = int(number)
        else:
            votes[code] = int(number)
        i += 1
    for optional in ("additional_voters", "against_all"):  # W and X: 0 unless sent
        lines.setdefault(optional, 0)
    missing = [c for c in LINE_CODES if LINE_CODES[c] not in lines]
    missing += [c for c in codes if c not in votes]
    if observer is None:
        missing.insert(0, "observer")
    if station is None:
        missing.insert(1 if observer is None else 0, "station")
    return ParsedSms(observer, station, lines, votes, tuple(missing), tuple(unreadable))
