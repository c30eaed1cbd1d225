"""What-if scenarios on a districted law: moves per constituency or everywhere, exact recount.

A change is either scoped to one constituency (:class:`InConstituency` around a
:class:`~majlis.simulate.MoveVotes`, :class:`~majlis.simulate.MoveShare` or
:class:`~majlis.simulate.RemoveList`) or national — a plain change, applied in every
constituency as a swing proportional to each list's votes there:

- ``MoveShare(a, b, s)`` moves ``floor(s * votes of a)`` in each constituency;
- ``MoveVotes(a, b, n)`` splits the ``n`` voters over the constituencies in proportion to
  ``a``'s votes there (largest remainders, so that exactly ``n`` move);
- ``RemoveList(a, shares)`` removes ``a`` everywhere; its voters follow ``shares`` to the
  lists standing in each constituency and abstain elsewhere.

Votes move only where both the source and the target stand (a voter cannot choose a list
that is not on the ballot); :data:`~majlis.simulate.AGAINST_ALL` is a constituency's blank
votes and :data:`~majlis.simulate.ABSTAINERS` its registered voters who did not vote. Both
sides are allocated by :func:`majlis.law.allocate_districts` (exact).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from majlis.errors import InputError, NotFoundError
from majlis.law import Constituency, DistrictedAllocation, PartyList, Ruleset
from majlis.simulate.districts import DistrictBaseline
from majlis.simulate.whatif import (
    ABSTAINERS,
    AGAINST_ALL,
    Baseline,
    Change,
    MoveShare,
    MoveVotes,
    RemoveList,
)

__all__ = [
    "DistrictChange",
    "DistrictWhatIf",
    "InConstituency",
    "apply_district_changes",
    "what_if_districts",
]


@dataclass(frozen=True, slots=True)
class InConstituency:
    """``change`` applied in the constituency named ``constituency`` only."""

    constituency: str
    change: Change


DistrictChange = InConstituency | MoveVotes | MoveShare | RemoveList


def _as_baseline(c: Constituency, lists: Sequence[PartyList]) -> Baseline:
    return Baseline(
        tuple(lists),
        against_all=c.blank,
        ballots_cast=c.ballots_cast,
        registered_voters=c.registered_voters,
    )


def _stands(name: str, lists: Sequence[PartyList]) -> bool:
    return name in (AGAINST_ALL, ABSTAINERS) or any(p.name == name for p in lists)


def _apply_in(base: DistrictBaseline, where: str, change: Change) -> DistrictBaseline:
    cons = {c.name: c for c in base.constituencies}
    if where not in cons:
        raise NotFoundError(
            f"no constituency named {where!r} in the constituency table; "
            f"valid names: {', '.join(cons)}."
        )
    c = cons[where]
    after = change.apply(_as_baseline(c, base.votes[where]))
    new_c = replace(
        c,
        blank=after.against_all,
        ballots_cast=after.ballots_cast,
        registered_voters=after.registered_voters,
    )
    votes = dict(base.votes)
    votes[where] = after.lists
    return DistrictBaseline(
        tuple(new_c if x.name == where else x for x in base.constituencies), votes
    )


def _split(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` in whole parts proportional to ``weights`` (Hare, largest remainders)."""
    whole = sum(weights)
    exact = [Fraction(total * w, whole) for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _apply_national(base: DistrictBaseline, change: Change) -> DistrictBaseline:
    names = [c.name for c in base.constituencies]
    source = change.name if isinstance(change, RemoveList) else change.source
    if not any(_stands(source, base.votes[n]) for n in names):
        raise NotFoundError(f"no list named {source!r} stands in any constituency.")
    if isinstance(change, RemoveList):
        out = base
        for n in names:
            lists = out.votes[n]
            if not _stands(change.name, lists):
                continue
            shares = {k: v for k, v in (change.redistribution or {}).items() if _stands(k, lists)}
            out = _apply_in(out, n, RemoveList(change.name, shares or None))
        return out
    target = change.target
    if not any(_stands(target, base.votes[n]) for n in names):
        raise NotFoundError(f"no list named {target!r} stands in any constituency.")
    both = [n for n in names if _stands(source, base.votes[n]) and _stands(target, base.votes[n])]
    if isinstance(change, MoveShare):
        out = base
        for n in both:
            out = _apply_in(out, n, change)
        return out
    have = [_as_baseline(_cons(base, n), base.votes[n]).count(source) for n in both]
    if change.votes > sum(have):
        raise InputError.expected(
            what=f"votes moved from {source!r} to {target!r}",
            expected=f"at most the {sum(have)} votes it has where both stand",
            got=change.votes,
        )
    out = base
    for n, amount in zip(both, _split(change.votes, have), strict=True):
        out = _apply_in(out, n, MoveVotes(source, target, amount))
    return out


def _cons(base: DistrictBaseline, name: str) -> Constituency:
    return next(c for c in base.constituencies if c.name == name)


def apply_district_changes(
    base: DistrictBaseline, changes: Sequence[DistrictChange]
) -> DistrictBaseline:
    """Apply ``changes`` in order (national ones in every constituency)."""
    for change in changes:
        if isinstance(change, InConstituency):
            base = _apply_in(base, change.constituency, change.change)
        else:
            base = _apply_national(base, change)
    return base


@dataclass(frozen=True, slots=True)
class DistrictWhatIf:
    """A districted baseline and a scenario allocated side by side."""

    before: DistrictedAllocation
    after: DistrictedAllocation
    baseline: DistrictBaseline
    scenario: DistrictBaseline

    def rows(self) -> list[tuple[str, int, int, int]]:
        """``(party, seats before, seats after, change)`` nationally, for every party."""
        names = list(self.before.seats)
        names += [n for n in self.after.seats if n not in self.before.seats]
        out = []
        for n in names:
            b, a = self.before.seats.get(n, 0), self.after.seats.get(n, 0)
            out.append((n, b, a, a - b))
        return out

    def constituency_rows(self) -> list[tuple[str, str, int, int, int]]:
        """``(constituency, party, before, after, change)`` wherever a seat changed hands."""
        out = []
        for c in self.baseline.constituencies:
            b = self.before.constituencies[c.name]
            a = self.after.constituencies[c.name]
            for party in [*b, *(p for p in a if p not in b)]:
                sb, sa = b.get(party, 0), a.get(party, 0)
                if sb != sa:
                    out.append((c.name, party, sb, sa, sa - sb))
        return out


def what_if_districts(
    ruleset: Ruleset, base: DistrictBaseline, changes: Sequence[DistrictChange]
) -> DistrictWhatIf:
    """Allocate ``base`` and ``base`` with ``changes`` under a districted ``ruleset``.

    >>> from majlis.law import get_ruleset
    >>> cons = (Constituency("North", seats=3), Constituency("South", seats=2))
    >>> votes = {"North": (PartyList("A", 600), PartyList("B", 400)),
    ...          "South": (PartyList("A", 300), PartyList("B", 700))}
    >>> law = get_ruleset("pt-assembleia-1979")
    >>> w = what_if_districts(replace(law, list_seats=5, total_seats=5),
    ...                       DistrictBaseline(cons, votes),
    ...                       [InConstituency("North", MoveVotes("A", "B", 150))])
    >>> w.constituency_rows()
    [('North', 'A', 2, 1, -1), ('North', 'B', 1, 2, 1)]
    """
    scenario = apply_district_changes(base, changes)
    return DistrictWhatIf(
        before=base.allocate(ruleset),
        after=scenario.allocate(ruleset),
        baseline=base,
        scenario=scenario,
    )
