"""The vectorised check path: the same rules as :func:`check_protocol` over many protocols.

The masks come from NumPy integer arithmetic (and one float64 division for the invalid
share), so they agree exactly with the per-protocol path; the tests hold them to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from majlis.results._checks import RULE_LINES, CheckSettings, Finding, Rule, Severity, make_finding
from majlis.results._protocol_table import IntArray, ProtocolTable

__all__ = ["TableCheck", "check_table", "invalid_fences", "round_share_mask"]

BoolArray = npt.NDArray[np.bool_]


def round_share_mask(num: IntArray, den: IntArray, step: Fraction) -> BoolArray:
    """Vectorised :func:`majlis.results.is_round_share` (exact integer arithmetic)."""
    p, q = step.denominator, step.numerator
    safe = np.where(den > 0, den, 1)
    m = (2 * p * num + q * safe) // (2 * q * safe)
    target = (2 * m * q * safe + p) // (2 * p)
    out: BoolArray = (num == target) & (den > 0)
    return out


def invalid_fences(
    regions: Sequence[str],
    invalid: IntArray,
    found: IntArray,
    *,
    settings: CheckSettings | None = None,
    min_stations: int = 10,
) -> dict[str, float]:
    """The upper fence of the invalid share N/B per region: median + max(k·1.4826·MAD, margin).

    Regions with fewer than ``min_stations`` stations that counted ballots get no fence
    (too few to say what is usual). Source: the robust z-score (Iglewicz & Hoaglin 1993).
    """
    s = settings or CheckSettings()
    reg = np.asarray(regions, dtype=object)
    counted = found > 0
    share = np.zeros(len(found), dtype=np.float64)
    np.divide(invalid, found, out=share, where=counted)
    fences: dict[str, float] = {}
    for region in dict.fromkeys(reg.tolist()):
        x = share[(reg == region) & counted]
        if len(x) < min_stations:
            continue
        med = float(np.median(x))
        mad = float(np.median(np.abs(x - med)))
        fences[str(region)] = med + max(s.invalid_mad_factor * 1.4826 * mad, s.invalid_min_margin)
    return fences


@dataclass(frozen=True, slots=True, eq=False)
class TableCheck:
    """The outcome of checking a table: a boolean mask per rule and the findings on demand."""

    table: ProtocolTable
    masks: Mapping[Rule, BoolArray]
    leader: npt.NDArray[np.intp]

    @property
    def blocked(self) -> BoolArray:
        """Rows with at least one error (they cannot become final)."""
        out = np.zeros(len(self.table), dtype=np.bool_)
        for rule, mask in self.masks.items():
            if rule.severity is Severity.ERROR:
                out |= mask
        return out

    def counts(self) -> dict[Rule, int]:
        """How many protocols each rule flags."""
        return {rule: int(mask.sum()) for rule, mask in self.masks.items()}

    def findings(self) -> list[Finding]:
        """Every finding, row by row, each row's in :class:`Rule` order."""
        t = self.table
        hit_rows = np.zeros(len(t), dtype=np.bool_)
        for mask in self.masks.values():
            hit_rows |= mask
        derived = {n: t.line(n) for n in ("issued", "found", "votes_total")}
        out: list[Finding] = []
        for i in np.flatnonzero(hit_rows).tolist():
            for rule in Rule:
                if not self.masks[rule][i]:
                    continue
                values: list[tuple[str, int]] = []
                for name in RULE_LINES[rule]:
                    if name == "votes.":
                        j = int(self.leader[i])
                        values.append((f"votes.{t.list_names[j]}", int(t.votes[i, j])))
                    else:
                        col = derived[name] if name in derived else t.counts[name]
                        values.append((name, int(col[i])))
                out.append(make_finding(t.station[i], rule, tuple(values)))
        return out


def check_table(
    table: ProtocolTable,
    *,
    settings: CheckSettings | None = None,
    regions: Sequence[str] | None = None,
    fences: Mapping[str, float] | None = None,
) -> TableCheck:
    """Check every protocol of ``table`` at once.

    Args:
        table: the protocols.
        settings: warning thresholds.
        regions: the region of each row's station (needed for the invalid-share warning).
        fences: invalid-share fence per region; computed from ``table`` itself when
            ``regions`` is given and ``fences`` is not.
    """
    s = settings or CheckSettings()
    c = table.counts
    voters, issued, found = c["voters"], table.line("issued"), table.line("found")
    valid, votes_total = c["valid"], table.line("votes_total")
    n = len(table)
    masks: dict[Rule, BoolArray] = {
        Rule.RECEIVED: c["received"] != issued + c["cancelled"],
        Rule.FOUND_LE_ISSUED: found > issued,
        Rule.FOUND: found != c["invalid"] + valid,
        Rule.VALID: valid != votes_total + c["against_all"],
        Rule.ISSUED_LE_VOTERS: issued > voters,
        Rule.ADDITIONAL_LE_VOTERS: c["additional_voters"] > voters,
    }
    t = s.high_turnout
    masks[Rule.HIGH_TURNOUT] = (voters > 0) & (issued * t.denominator >= t.numerator * voters)
    unusual = np.zeros(n, dtype=np.bool_)
    if regions is not None:
        fence_map = (
            fences
            if fences is not None
            else invalid_fences(regions, c["invalid"], found, settings=s)
        )
        fence = np.array([fence_map.get(r, np.inf) for r in regions], dtype=np.float64)
        share = np.zeros(n, dtype=np.float64)
        np.divide(c["invalid"], found, out=share, where=found > 0)
        unusual = (found > 0) & (share > fence)
    masks[Rule.UNUSUAL_INVALID] = unusual
    masks[Rule.ROUND_TURNOUT] = (voters >= s.round_min_base) & round_share_mask(
        issued, voters, s.round_step
    )
    if table.votes.shape[1]:
        leader = np.argmax(table.votes, axis=1)
        lead = table.votes[np.arange(n), leader]
        masks[Rule.ROUND_LEADER] = (valid >= s.round_min_base) & round_share_mask(
            lead, valid, s.round_step
        )
    else:
        leader = np.zeros(n, dtype=np.intp)
        masks[Rule.ROUND_LEADER] = np.zeros(n, dtype=np.bool_)
    m = s.mobile_share
    masks[Rule.MOBILE_SHARE] = (found > 0) & (
        c["found_mobile"] * m.denominator > m.numerator * found
    )
    a = s.additional_share
    masks[Rule.ADDITIONAL_SHARE] = (voters > 0) & (
        c["additional_voters"] * a.denominator > a.numerator * voters
    )
    return TableCheck(table, {rule: masks[rule] for rule in Rule}, leader)
