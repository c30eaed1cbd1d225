"""Checks of one protocol: control relations (errors) and implausible values (warnings).

Control relations (DESIGN.md §5): R = I + C; B ≤ I; B = N + Vd; Vd = Σ votes + A; I ≤ V
(and V+ ≤ V: the additional list is part of the list). A broken relation is an **error**
that blocks the protocol from becoming final. Implausible values are **warnings**:
turnout at or over 95 %, an invalid share far above the station's region, a turnout or a
leader share written to a round number, a high mobile-box share, many additional-list voters.

Every comparison that decides a finding is integer arithmetic (thresholds are Fractions);
the one float test — invalid share against the region's fence — uses the same float64
division as the vectorised path in :mod:`majlis.results._table_checks`, so both agree exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from majlis.errors import InputError
from majlis.percent import percent
from majlis.results._protocol import COUNT_LINES, LINE_SYMBOLS, Protocol

__all__ = [
    "RULE_LINES",
    "CheckSettings",
    "Finding",
    "Rule",
    "Severity",
    "check_protocol",
    "is_round_share",
]


class Severity(StrEnum):
    """An error blocks finality; a warning asks a person to look."""

    ERROR = "error"
    WARNING = "warning"


class Rule(StrEnum):
    """Every check by name; the name is what the CLI, the API and the tests use."""

    RECEIVED = "R=I+C"
    FOUND_LE_ISSUED = "B<=I"
    FOUND = "B=N+Vd"
    VALID = "Vd=votes+A"
    ISSUED_LE_VOTERS = "I<=V"
    ADDITIONAL_LE_VOTERS = "V+<=V"
    HIGH_TURNOUT = "high-turnout"
    UNUSUAL_INVALID = "unusual-invalid"
    ROUND_TURNOUT = "round-turnout"
    ROUND_LEADER = "round-leader-share"
    MOBILE_SHARE = "mobile-share"
    ADDITIONAL_SHARE = "additional-share"

    @property
    def severity(self) -> Severity:
        """ERROR for a control relation, WARNING for an implausible value."""
        return Severity.ERROR if "=" in self.value else Severity.WARNING

    @property
    def meaning(self) -> str:
        """The check in words, with the protocol lines' names for its symbols.

        >>> Rule.VALID.meaning
        'valid ballots (Vd) = votes for the lists + against all (A)'
        """
        return _MEANINGS[self]


_MEANINGS: Mapping[Rule, str] = {
    Rule.RECEIVED: "ballots received (R) = ballots issued (I) + unused ballots cancelled (C)",
    Rule.FOUND_LE_ISSUED: "ballots found in the boxes (B) ≤ ballots issued (I)",
    Rule.FOUND: "ballots found in the boxes (B) = invalid ballots (N) + valid ballots (Vd)",
    Rule.VALID: "valid ballots (Vd) = votes for the lists + against all (A)",
    Rule.ISSUED_LE_VOTERS: "ballots issued (I) ≤ voters on the list (V)",
    Rule.ADDITIONAL_LE_VOTERS: "voters added on polling day (V+) ≤ voters on the list (V)",
    Rule.HIGH_TURNOUT: "turnout (I / V) above the high-turnout threshold",
    Rule.UNUSUAL_INVALID: "share of invalid ballots far above the region's median",
    Rule.ROUND_TURNOUT: "turnout on a round percentage",
    Rule.ROUND_LEADER: "the leading list's share of valid ballots on a round percentage",
    Rule.MOBILE_SHARE: "share of ballots from the mobile boxes above the threshold",
    Rule.ADDITIONAL_SHARE: "share of voters added on polling day above the threshold",
}


#: The lines each rule names, in message order (``votes.<leader>`` for the leader share).
RULE_LINES: Mapping[Rule, tuple[str, ...]] = {
    Rule.RECEIVED: ("received", "issued", "cancelled"),
    Rule.FOUND_LE_ISSUED: ("found", "issued"),
    Rule.FOUND: ("found", "invalid", "valid"),
    Rule.VALID: ("valid", "votes_total", "against_all"),
    Rule.ISSUED_LE_VOTERS: ("issued", "voters"),
    Rule.ADDITIONAL_LE_VOTERS: ("additional_voters", "voters"),
    Rule.HIGH_TURNOUT: ("issued", "voters"),
    Rule.UNUSUAL_INVALID: ("invalid", "found"),
    Rule.ROUND_TURNOUT: ("issued", "voters"),
    Rule.ROUND_LEADER: ("votes.", "valid"),
    Rule.MOBILE_SHARE: ("found_mobile", "found"),
    Rule.ADDITIONAL_SHARE: ("additional_voters", "voters"),
}


def make_finding(station: str, rule: Rule, values: tuple[tuple[str, int], ...]) -> Finding:
    """Build a finding with its standard message (shared by both check paths)."""
    data = dict(values)
    if rule.severity is Severity.ERROR:
        return Finding(station, rule, values, relation_message(rule, data))
    return Finding(station, rule, values, warning_message(rule, data))


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """Thresholds of the warnings (all settings: the law fixes none of them).

    ``round_step`` is the grid of "round" percentages (1/20 = every 5 %); ``round_min_base``
    skips tiny stations where any share is close to some round number.
    ``invalid_mad_factor`` and ``invalid_min_margin`` build the regional fence:
    median + max(factor · 1.4826 · MAD, margin).
    """

    high_turnout: Fraction = Fraction(95, 100)
    mobile_share: Fraction = Fraction(15, 100)
    additional_share: Fraction = Fraction(10, 100)
    round_step: Fraction = Fraction(1, 20)
    round_min_base: int = 200
    invalid_mad_factor: float = 5.0
    invalid_min_margin: float = 0.03

    def __post_init__(self) -> None:
        for name in ("high_turnout", "mobile_share", "additional_share", "round_step"):
            value = getattr(self, name)
            if not isinstance(value, Fraction) or not 0 < value <= 1:
                raise InputError.expected(
                    what=f"The '{name}' parameter of CheckSettings",
                    expected="a Fraction in (0, 1]",
                    got=value,
                )


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding: which station, which rule, which lines with which numbers, and why."""

    station: str
    rule: Rule
    values: tuple[tuple[str, int], ...]
    message: str

    @property
    def severity(self) -> Severity:
        """The rule's severity."""
        return self.rule.severity

    @property
    def lines(self) -> tuple[str, ...]:
        """The protocol lines the finding names."""
        return tuple(name for name, _ in self.values)

    def __str__(self) -> str:
        return f"station {self.station}: {self.severity.value} {self.rule.value}: {self.message}"


def is_round_share(num: int, den: int, step: Fraction) -> bool:
    """True if num/den is the closest a count can get to a multiple of ``step``.

    With ``den`` voters a turnout of exactly 80 % may be impossible; a protocol written to
    80 % then shows round(0.8·den). Exact integer arithmetic (round half up).

    >>> is_round_share(990, 1237, Fraction(1, 20)), is_round_share(991, 1237, Fraction(1, 20))
    (True, False)
    """
    if den <= 0:
        return False
    p, q = step.denominator, step.numerator  # multiples of q/p
    m = (2 * p * num + q * den) // (2 * q * den)  # nearest multiple index: round(num/den / step)
    target = (2 * m * q * den + p) // (2 * p)  # round(m·step·den)
    return num == target


def _symbols(*pairs: tuple[str, int]) -> str:
    return ", ".join(f"{LINE_SYMBOLS.get(n, n)}={v:,}" for n, v in pairs)


def relation_message(rule: Rule, values: Mapping[str, int]) -> str:
    """The message of a broken control relation, with the difference."""
    v = values
    if rule is Rule.RECEIVED:
        diff = v["received"] - v["issued"] - v["cancelled"]
        return f"R = I + C broken: {_symbols(*v.items())}; R − (I + C) = {diff:+,}"
    if rule is Rule.FOUND_LE_ISSUED:
        return (
            f"B ≤ I broken: {_symbols(*v.items())}; {v['found'] - v['issued']:,} ballots too many"
        )
    if rule is Rule.FOUND:
        diff = v["found"] - v["invalid"] - v["valid"]
        return f"B = N + Vd broken: {_symbols(*v.items())}; B − (N + Vd) = {diff:+,}"
    if rule is Rule.VALID:
        diff = v["valid"] - v["votes_total"] - v["against_all"]
        return f"Vd = Σ votes + A broken: {_symbols(*v.items())}; Vd − (Σ votes + A) = {diff:+,}"
    if rule is Rule.ISSUED_LE_VOTERS:
        return f"I ≤ V broken: {_symbols(*v.items())}; {v['issued'] - v['voters']:,} over the list"
    if rule is Rule.ADDITIONAL_LE_VOTERS:
        return f"V+ ≤ V broken: {_symbols(*v.items())}"
    raise ValueError(rule)  # pragma: no cover - every relation is listed above


def warning_message(rule: Rule, values: Mapping[str, int]) -> str:
    """The message of a warning, with the share it is about."""
    pairs = list(values.items())
    (n1, a), (_, b) = pairs[0], pairs[1]
    share = percent(a, b)
    text = {
        Rule.HIGH_TURNOUT: "turnout I/V",
        Rule.UNUSUAL_INVALID: "invalid share N/B, unusually high for the region,",
        Rule.ROUND_TURNOUT: "turnout I/V is a round number:",
        Rule.ROUND_LEADER: f"leader share {n1.removeprefix('votes.')}/Vd is a round number:",
        Rule.MOBILE_SHARE: "mobile-box share B(mobile)/B",
        Rule.ADDITIONAL_SHARE: "additional-list share V+/V",
    }[rule]
    return f"{text} {share} ({_symbols(*pairs)})"


def check_protocol(
    protocol: Protocol,
    *,
    settings: CheckSettings | None = None,
    invalid_fence: float | None = None,
) -> tuple[Finding, ...]:
    """Check one protocol; the findings come in :class:`Rule` order.

    Args:
        protocol: the protocol version to check.
        settings: warning thresholds (defaults: :class:`CheckSettings`).
        invalid_fence: the upper fence of the invalid share N/B in the station's region
            (see :func:`majlis.results.invalid_fences`); ``None`` skips that warning.
    """
    s = settings or CheckSettings()
    ln = protocol.lines
    issued, found = ln.issued, ln.found
    line = {
        **{name: int(getattr(ln, name)) for name in COUNT_LINES},
        "issued": issued,
        "found": found,
        "votes_total": ln.votes_total,
    }
    hits: list[Rule] = []
    if ln.received != issued + ln.cancelled:
        hits.append(Rule.RECEIVED)
    if found > issued:
        hits.append(Rule.FOUND_LE_ISSUED)
    if found != ln.invalid + ln.valid:
        hits.append(Rule.FOUND)
    if ln.valid != ln.votes_total + ln.against_all:
        hits.append(Rule.VALID)
    if issued > ln.voters:
        hits.append(Rule.ISSUED_LE_VOTERS)
    if ln.additional_voters > ln.voters:
        hits.append(Rule.ADDITIONAL_LE_VOTERS)
    t = s.high_turnout
    if ln.voters > 0 and issued * t.denominator >= t.numerator * ln.voters:
        hits.append(Rule.HIGH_TURNOUT)
    if invalid_fence is not None and found > 0 and ln.invalid / found > invalid_fence:
        hits.append(Rule.UNUSUAL_INVALID)
    if ln.voters >= s.round_min_base and is_round_share(issued, ln.voters, s.round_step):
        hits.append(Rule.ROUND_TURNOUT)
    leader = max(ln.votes, key=lambda pair: pair[1]) if ln.votes else None  # first wins a tie
    big = ln.valid >= s.round_min_base
    if leader is not None and big and is_round_share(leader[1], ln.valid, s.round_step):
        hits.append(Rule.ROUND_LEADER)
        line[f"votes.{leader[0]}"] = leader[1]
    m = s.mobile_share
    if found > 0 and ln.found_mobile * m.denominator > m.numerator * found:
        hits.append(Rule.MOBILE_SHARE)
    a = s.additional_share
    if ln.voters > 0 and ln.additional_voters * a.denominator > a.numerator * ln.voters:
        hits.append(Rule.ADDITIONAL_SHARE)
    out = []
    for rule in hits:
        names = RULE_LINES[rule]
        if rule is Rule.ROUND_LEADER and leader is not None:
            names = (f"votes.{leader[0]}", "valid")
        out.append(make_finding(protocol.station, rule, tuple((n, line[n]) for n in names)))
    return tuple(out)
