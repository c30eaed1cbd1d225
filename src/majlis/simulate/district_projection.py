"""Monte Carlo seat projection of a districted law: national polls swung onto constituencies.

Each run draws national shares from the poll (as :func:`majlis.simulate.project` does),
carries the change from the baseline's national shares into every constituency by a swing
model, turns the shares into whole votes, and counts every constituency (the batched
districted kernel; the exact engine settles the draws the kernel leaves undecided, and all
draws of a law the kernel does not implement). Seats are summed nationally.

Swing models, per constituency ``c`` and list ``p`` (baseline share ``s[c, p]`` of the
constituency's list votes, national baseline share ``S[p]``, drawn national share ``D[p]``):

- ``proportional`` — ``s[c, p] * D[p] / S[p]``: each list keeps its geography, so a
  regional list's national gain lands where it stands (the default);
- ``uniform`` — ``max(s[c, p] + D[p] - S[p], 0)``: the same points everywhere (Butler's
  uniform national swing).

Each constituency's shares are then normalised over the lists standing there. A
constituency poll (``constituency_polls``) replaces the swing there: its shares are drawn
from that poll alone (it must name every list standing in the constituency).

Known deviations: turnout, blank votes and each constituency's list votes stay at the
baseline; the swing is the same in every constituency of a run (no regional noise beyond
what constituency polls bring); a list that stood nowhere in the baseline cannot appear.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError
from majlis.law import Ruleset
from majlis.simulate._district_kernel import DistrictLayout, PreparedLayout, count_slot_major
from majlis.simulate.districts import (
    DistrictBaseline,
    district_layout,
    exact_draw,
    kernel_rules_for,
    share_matrix,
)
from majlis.simulate.projection import Poll, Projection, draw_shares

__all__ = ["SWINGS", "project_districts"]

Int = npt.NDArray[np.int64]
Float = npt.NDArray[np.float64]
#: The swing models, by name.
SWINGS = ("proportional", "uniform")


def _poll_order(poll: Poll, names: tuple[str, ...], where: str) -> Int:
    """Column of each of ``names`` in ``poll``; every name once, nothing else."""
    missing = [n for n in names if n not in poll.names]
    extra = [n for n in poll.names if n not in names]
    if missing or extra:
        raise InputError.expected(
            what=f"the parties of the {where}",
            expected=f"exactly the lists standing in the baseline ({', '.join(names)})",
            got=f"missing {missing}, unknown {extra}",
        )
    return np.array([poll.names.index(n) for n in names], dtype=np.int64)


def _local_polls(
    layout: DistrictLayout, polls: Mapping[str, Poll], base: DistrictBaseline
) -> list[tuple[int, Poll, Int, int]]:
    """(constituency index, poll, poll column per slot, lists) for each constituency poll."""
    out = []
    for name, poll in polls.items():
        if name not in layout.constituencies:
            raise InputError.expected(
                what="a constituency poll",
                expected=f"one of the {len(layout.constituencies)} constituencies",
                got=name,
            )
        i = layout.constituencies.index(name)
        standing = tuple(p.name for p in base.votes.get(name, ()))
        order = _poll_order(poll, standing, f"poll of {name!r}")
        out.append((i, poll, order, len(standing)))
    return out


def _swung(
    swing: str, shares: Float, national: Float, drawn: Float, layout: DistrictLayout
) -> Float:
    """Slot-major ``[K, C, n]`` shares of each constituency's list votes after the swing.

    ``shares`` is ``[C, K]`` (zero in empty slots); ``drawn`` ``[n, P]``. Built slot-major
    from the start, the kernel's own layout, so that no large array is transposed; the
    temporaries are reused in place.
    """
    party = np.maximum(layout.party.T, 0)  # [K, C]
    base = shares.T[:, :, None]
    if swing == "proportional":  # an empty slot's share is zero, and stays zero
        ratio = (drawn / np.where(national > 0, national, 1.0)).T  # [P, n]
        raw = ratio[party]
        raw *= base
    else:
        raw = (drawn - national).T[party]
        raw += base
        np.maximum(raw, 0.0, out=raw)
        raw *= layout.standing.T[:, :, None]
    total = raw.sum(axis=0)
    empty = total <= 0
    raw /= np.where(empty, 1.0, total)
    if empty.any():  # no list standing there drew a share: the baseline's shares
        raw[:] = np.where(empty, base, raw)
    return raw


def project_districts(
    ruleset: Ruleset,
    base: DistrictBaseline,
    poll: Poll,
    *,
    runs: int,
    seed: int,
    swing: str = "proportional",
    constituency_polls: Mapping[str, Poll] | None = None,
    batch_size: int = 20_000,
    house: int | None = None,
    majority_share: Fraction = Fraction(1, 2),
    supermajority_share: Fraction = Fraction(2, 3),
    on_batch: Callable[[int, int], None] | None = None,
) -> Projection:
    """Simulate ``runs`` districted elections from a national ``poll``; count seats.

    Args:
        ruleset: a districted law (a ``[constituencies]`` table).
        base: the baseline result per constituency the swing starts from.
        poll: national shares (every party of the baseline, nothing else) and uncertainty.
        runs, seed: simulated elections and the seed of ``numpy.random.default_rng``.
        swing: ``proportional`` or ``uniform`` (see the module docstring).
        constituency_polls: polls replacing the swing in their constituency.
        batch_size: runs between two calls of ``on_batch`` (the runs are drawn and counted
            in cache-sized slices whatever it is; memory stays bounded by one slice).
        house: the seats majorities are measured against (default: the list tier).
        majority_share, supermajority_share: as in :func:`majlis.simulate.project`.
        on_batch: called with (runs done, runs) after each batch.

    The result's ``passed_threshold`` counts runs in which a list took part in at least
    one constituency's count (for a law the kernel refuses: won at least one seat), and
    ``constituency_seats`` the mean seats per constituency and party.
    """
    if swing not in SWINGS:
        raise InputError.expected(what="the swing model", expected=f"one of {SWINGS}", got=swing)
    if runs < 1 or batch_size < 1:
        raise InputError.expected(
            what="runs and batch size", expected="positive", got=(runs, batch_size)
        )
    layout, votes0 = district_layout(ruleset, base)
    order = _poll_order(poll, layout.names, "poll")
    shares, national = share_matrix(layout, votes0)
    if swing == "proportional" and (national <= 0).any():
        empty = [n for n, s in zip(layout.names, national, strict=True) if s <= 0]
        raise InputError.expected(
            what="a proportional swing",
            expected="every list with baseline votes (use the uniform swing otherwise)",
            got=f"no votes for {', '.join(empty)}",
        )
    local = _local_polls(layout, constituency_polls or {}, base)
    list_totals = votes0.sum(axis=1).astype(np.float64)
    rules = kernel_rules_for(ruleset, base)
    seats = int(layout.magnitudes.sum())
    house = seats if house is None else house
    n_parties = len(layout.names)
    hist = np.zeros(n_parties * (seats + 1), dtype=np.int64)
    passed = np.zeros(n_parties, dtype=np.int64)
    major = np.zeros(n_parties, dtype=np.int64)
    supermajor = np.zeros(n_parties, dtype=np.int64)
    by_slot = np.zeros(votes0.shape, dtype=np.int64)
    ties = failed = exact = done = 0
    rng = np.random.default_rng(seed)
    offsets = np.arange(n_parties, dtype=np.int64) * (seats + 1)
    hot = [layout.slot_one_hot(k) for k in range(votes0.shape[1])]
    # counted in the kernel's order of constituencies: no gather or scatter per slice
    prepared = PreparedLayout.of(layout)
    ranked, back, step = prepared.order, prepared.back, prepared.step()
    shares, list_totals = shares[ranked], list_totals[ranked]
    local = [(int(back[i]), p, cols, width) for i, p, cols, width in local]
    by_slot = by_slot[ranked]
    while done < runs:
        n_batch = min(batch_size, runs - done)
        for lo in range(0, n_batch, step):
            n = min(step, n_batch - lo)
            drawn = draw_shares(poll, rng, n)[:, order]
            total = drawn.sum(axis=1, keepdims=True)
            drawn /= np.where(total > 0, total, 1.0)
            share = _swung(swing, shares, national, drawn, prepared.layout)
            for i, local_poll, cols, width in local:
                mine = draw_shares(local_poll, rng, n)[:, cols]
                total = mine.sum(axis=1, keepdims=True)
                mine = np.where(total > 0, mine / np.where(total > 0, total, 1), 0)
                share[:width, i, :] = mine.T
            # whole numbers in float64, slot-major [K, C, n] as the kernel takes them
            share *= list_totals[None, :, None]
            slot_major = np.floor(share, out=share)
            if rules is not None:
                count, redo_mask, admitted = count_slot_major(rules, prepared, slot_major)
                took_part = (prepared.by_party(admitted) > 0).T
                redo = np.nonzero(redo_mask)[0]
            else:
                count = np.zeros(slot_major.shape)  # every draw exact
                redo, took_part = np.arange(n), None
            for j in redo:
                votes_j = slot_major[:, back, j].T.astype(np.int64)  # the table's order
                got, tie, fail = exact_draw(ruleset, base, votes_j)
                count[:, :, j] = got[ranked].T
                ties += tie
                failed += fail
            exact += int(redo.size)
            won = prepared.by_party(count).T.astype(np.int64)
            hist += np.bincount((won + offsets).ravel(), minlength=hist.size)
            passed += (won > 0 if took_part is None else took_part).sum(axis=0)
            major += (won * majority_share.denominator > majority_share.numerator * house).sum(
                axis=0
            )
            supermajor += (
                won * supermajority_share.denominator >= supermajority_share.numerator * house
            ).sum(axis=0)
            by_slot += count.sum(axis=2).T.astype(np.int64)
        done += n_batch
        if on_batch is not None:
            on_batch(done, runs)
    by_slot = by_slot[back]
    per_constituency = np.zeros((len(layout.constituencies), n_parties))
    for slot in range(votes0.shape[1]):
        per_constituency += by_slot[:, slot : slot + 1] * hot[slot]
    return Projection(
        ruleset_id=ruleset.id,
        names=layout.names,
        runs=runs,
        seed=seed,
        model=f"{poll.model}, {swing} swing",
        house=house,
        majority_share=majority_share,
        supermajority_share=supermajority_share,
        histogram=hist.reshape(n_parties, seats + 1),
        passed_threshold=passed,
        majority=major,
        supermajority=supermajor,
        ties=ties,
        failed=failed,
        exact_rows=exact,
        constituencies=layout.constituencies,
        constituency_seats=per_constituency / runs,
    )
