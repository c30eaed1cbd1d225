"""The batched districted kernel: Spain 2023, exact agreement with the law engine, refusals."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.district_laws import districted_law

from majlis.cli._district_scenarios import read_baseline
from majlis.errors import AllocationImpossible, UnsupportedRule
from majlis.law import Constituency, PartyList, get_ruleset
from majlis.simulate._district_kernel import allocate_districts_batch
from majlis.simulate.districts import (
    DistrictBaseline,
    allocate_districts_many,
    district_kernel_rules,
    district_layout,
)

DATA = Path(__file__).parents[1] / "golden" / "data"
PARTIES = ("A", "B", "C", "D", "E", "F")


def spain_2023() -> DistrictBaseline:
    """Spain 2023 per province (Junta Electoral Central, BOE-A-2023-18907), as in the golden test,
    read as ``majlis seats --constituencies`` reads it (the valid votes not given to a listed
    party are the province's blank votes)."""
    return read_baseline(
        get_ruleset("es-congreso-1985"),
        DATA / "es-congreso-2023.csv",
        DATA / "es-congreso-2023-constituencies.csv",
    )


def _official_seats() -> dict[tuple[str, str], int]:
    with (DATA / "es-congreso-2023-seats.csv").open(encoding="utf-8") as handle:
        return {(r["constituency"], r["party"]): int(r["seats"]) for r in csv.DictReader(handle)}


def test_spain_2023_kernel_matches_the_official_seats() -> None:
    """The kernel counts all 52 provinces of 2023 into the official 350 seats, seat for seat."""
    base = spain_2023()
    ruleset = get_ruleset("es-congreso-1985")
    layout, votes = district_layout(ruleset, base)
    out = allocate_districts_batch(district_kernel_rules(ruleset, base), layout, votes[None])
    assert not out.undecided[0]
    national = dict(zip(layout.names, out.national[0].tolist(), strict=True))
    assert (national["PP"], national["PSOE"], national["VOX"]) == (137, 102, 33)
    assert sum(national.values()) == 350
    official = _official_seats()
    for i, name in enumerate(layout.constituencies):
        for k, p in enumerate(base.votes[name]):
            assert out.seats[0, i, k] == official.get((name, p.name), 0), (name, p.name)


def test_spain_draws_equal_the_exact_engine_on_every_draw() -> None:
    """200 perturbed Spanish elections: kernel-with-fallback equals the exact engine per draw."""
    base = spain_2023()
    ruleset = get_ruleset("es-congreso-1985")
    _, votes = district_layout(ruleset, base)
    rng = np.random.default_rng(3)
    draws = np.floor(votes[None] * rng.uniform(0.7, 1.3, size=(200, *votes.shape)))
    draws = draws.astype(np.int64)
    fast = allocate_districts_many(ruleset, base, draws)
    exact = allocate_districts_many(ruleset, base, draws, exact_only=True)
    assert exact.exact_rows == 200
    assert fast.exact_rows < 10  # the kernel proves almost every draw itself
    assert (fast.seats == exact.seats).all()
    assert (fast.national == exact.national).all()
    assert (fast.tie == exact.tie).all()


constituency = st.tuples(
    st.integers(min_value=0, max_value=9),
    st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=len(PARTIES)),
    st.integers(min_value=0, max_value=30),
    st.randoms(use_true_random=False),
)


@settings(max_examples=300, deadline=None)
@given(
    method=st.sampled_from(
        ["dhondt", "sainte_lague", "modified_sainte_lague", "imperiali", "danish"]
    ),
    national=st.integers(min_value=0, max_value=12),
    local=st.sampled_from([0, 3, 5, 15, 25]),
    base=st.sampled_from(["list_votes", "valid_votes"]),
    combine=st.sampled_from(["and", "or"]),
    first=st.sampled_from(["", "1.2", "1.4", "3"]),  # 3: d(0) == d(1)
    rows=st.lists(constituency, min_size=1, max_size=5),
    draws=st.lists(st.lists(st.integers(0, 40), min_size=36, max_size=36), min_size=1, max_size=4),
)
def test_kernel_equals_the_exact_engine(
    method: str,
    national: int,
    local: int,
    base: str,
    combine: str,
    first: str,
    rows: list[tuple[int, list[int], int, object]],
    draws: list[list[int]],
) -> None:
    """Every decided draw equals allocate_districts, seat for seat per constituency.

    Small vote counts make ties at a constituency's cut common: those draws must come back
    undecided (and the fallback then equals the exact engine on every draw).
    """
    if method not in ("sainte_lague", "modified_sainte_lague"):
        first = ""
    ruleset = districted_law(
        method,
        sum(m for m, *_ in rows) or 1,
        national=national,
        local=local,
        national_base=base,
        local_base=base,
        combine=combine,
        first=first,
    )
    if not sum(m for m, *_ in rows):
        rows[0] = (1, *rows[0][1:])
    cons = tuple(Constituency(f"C{k}", seats=m, blank=b) for k, (m, _, b, _) in enumerate(rows))
    votes = {}
    for k, (_, vs, _, rnd) in enumerate(rows):
        names = list(PARTIES[: len(vs)])
        rnd.shuffle(names)  # type: ignore[attr-defined]
        votes[f"C{k}"] = tuple(PartyList(n, v) for n, v in zip(names, vs, strict=True))
    baseline = DistrictBaseline(cons, votes)
    layout, _ = district_layout(ruleset, baseline)
    matrix = np.array(draws, dtype=np.int64)[:, : layout.party.size]
    matrix = np.pad(matrix, ((0, 0), (0, layout.party.size - matrix.shape[1])))
    matrix = matrix.reshape(-1, *layout.party.shape) * layout.standing
    rules = district_kernel_rules(ruleset, baseline)
    out = allocate_districts_batch(rules, layout, matrix)
    for j in range(matrix.shape[0]):
        scenario = baseline.with_votes(matrix[j])
        try:
            exact = scenario.allocate(ruleset)
        except AllocationImpossible:
            assert out.undecided[j]
            continue
        if out.undecided[j]:
            continue
        assert exact.tie is None
        for i, c in enumerate(cons):
            got = {p.name: int(out.seats[j, i, k]) for k, p in enumerate(scenario.votes[c.name])}
            assert got == dict(exact.constituencies[c.name]), c.name
        assert dict(zip(layout.names, out.national[j].tolist(), strict=True)) == {
            n: exact.seats.get(n, 0) for n in layout.names
        }
    both = allocate_districts_many(ruleset, baseline, matrix)
    alone = allocate_districts_many(ruleset, baseline, matrix, exact_only=True)
    assert (both.seats == alone.seats).all()
    assert (both.failed == alone.failed).all()
    assert (both.tie == alone.tie).all()


def test_a_tie_inside_the_correction_is_not_a_seat_too_many() -> None:
    """Two equal quotients (95,232 / 3 = 31,744) both below a start two seats short.

    A Spanish draw's province (6 seats): the correction must give exactly the two missing
    seats, both tied quotients, and agree with the exact engine.
    """
    ruleset = districted_law("dhondt", 6, local=3, national_base="valid_votes")
    row = (29_771, 19_257, 31_744, 95_232, 56_888, 60_725)
    base = DistrictBaseline(
        (Constituency("X", seats=6, blank=0),),
        {"X": tuple(PartyList(n, v) for n, v in zip(PARTIES, row, strict=True))},
    )
    layout, votes = district_layout(ruleset, base)
    out = allocate_districts_batch(district_kernel_rules(ruleset, base), layout, votes[None])
    exact = base.allocate(ruleset).constituencies["X"]
    assert exact == {"A": 0, "B": 0, "C": 1, "D": 3, "E": 1, "F": 1}
    assert not out.undecided[0]  # both tied quotients are awarded: no tie at the cut
    assert dict(zip(PARTIES, out.seats[0, 0].tolist(), strict=True)) == exact


@pytest.mark.parametrize(
    ("ruleset_id", "rule"),
    [
        ("cz-snemovna-2021", "remainders = national"),
        ("no-storting-2005", "levelling"),
        ("se-riksdag-2018", "adjustment_seats"),
        ("ch-zh-kantonsrat-2006", "biproportional"),
        ("kz-majlis-2009", "one national constituency"),
        ("gb-sco-parliament-1999", "additional_members"),
    ],
)
def test_the_kernel_refuses_what_it_does_not_compute(ruleset_id: str, rule: str) -> None:
    """Levelling, adjustment seats, biproportional, national remainders: named and refused."""
    base = DistrictBaseline((Constituency("X", seats=1),), {"X": (PartyList("A", 1),)})
    with pytest.raises(UnsupportedRule, match=rule):
        district_kernel_rules(get_ruleset(ruleset_id), base)


def test_a_refused_law_is_counted_on_the_exact_engine() -> None:
    """Czechia's regions with a national second scrutiny: every draw goes the exact way."""
    votes: dict[str, list[PartyList]] = {}
    with (DATA / "cz-psp-2021.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            votes.setdefault(row["constituency"], []).append(
                PartyList(row["party"], int(row["votes"]))
            )
    base = DistrictBaseline(
        tuple(Constituency(n) for n in votes), {k: tuple(v) for k, v in votes.items()}
    )
    ruleset = get_ruleset("cz-snemovna-2021")
    layout, matrix = district_layout(ruleset, base)
    out = allocate_districts_many(ruleset, base, np.stack([matrix, matrix]), layout=layout)
    assert out.exact_rows == 2
    seats = dict(zip(layout.names, out.national[0].tolist(), strict=True))
    assert (seats["ANO"], seats["SPOLU"], seats["Piráti+STAN"], seats["SPD"]) == (72, 71, 37, 20)


def test_new_votes_keep_every_other_field_of_a_list() -> None:
    """A draw changes the votes only: constituencies won and candidates stay."""
    base = DistrictBaseline(
        (Constituency("X", seats=1),),
        {"X": (PartyList("A", 1, district_wins=2, candidates=3),)},
    )
    drawn = base.with_votes(np.array([[7]]))
    assert drawn.votes["X"] == (PartyList("A", 7, district_wins=2, candidates=3),)


@settings(max_examples=200, deadline=None)
@given(
    method=st.sampled_from(
        ["dhondt", "sainte_lague", "modified_sainte_lague", "imperiali", "danish"]
    ),
    first=st.sampled_from(["", "1.2", "1.4"]),
    local=st.sampled_from([0, 5]),
    tie_break=st.sampled_from(["none", "votes", "fewer_votes"]),
    rows=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=25),
            st.lists(st.integers(min_value=0, max_value=2_000), min_size=1, max_size=6),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_the_kernel_leaves_undecided_only_what_the_law_ties(
    method: str, first: str, local: int, tie_break: str, rows: list[tuple[int, list[int]]]
) -> None:
    """A decided draw equals the exact engine; without a tie-break, an undecided one ties.

    Small counts put many rows one or two seats off the start, and ties at the cut are
    common: every row the law decides without a tie-break, the kernel must decide too, and
    alike; a tie broken by votes is decided one step off the start (where two lists also
    have equal votes, the law leaves it too). Divisors increase strictly here; where the
    first equals the second, two equal quotients of one list may leave a row undecided
    that the law decides.
    """
    if method not in ("sainte_lague", "modified_sainte_lague"):
        first = ""
    mags = [m for m, _ in rows]
    mags[0] += not sum(mags)
    law = districted_law(method, sum(mags), local=local, first=first, tie_break=tie_break)
    cons = tuple(Constituency(f"C{k}", seats=m) for k, m in enumerate(mags))
    lists = [tuple(PartyList(p, v) for p, v in zip(PARTIES, vs, strict=False)) for _, vs in rows]
    baseline = DistrictBaseline(cons, {c.name: ps for c, ps in zip(cons, lists, strict=True)})
    layout, votes = district_layout(law, baseline)
    out = allocate_districts_batch(district_kernel_rules(law, baseline), layout, votes[None])
    try:
        exact = baseline.allocate(law)
    except AllocationImpossible:
        assert out.undecided[0]
        return
    if tie_break == "none":
        assert bool(out.undecided[0]) == (exact.tie is not None)
    if not out.undecided[0]:
        assert exact.tie is None
        for i, c in enumerate(cons):
            got = dict(zip(PARTIES, out.seats[0, i].tolist(), strict=False))
            assert {p: got[p] for p in exact.constituencies[c.name]} == dict(
                exact.constituencies[c.name]
            )


def test_equal_quotients_at_the_cut_go_to_the_list_with_more_votes() -> None:
    """A Spanish draw's Cantabria (5 seats): 145,803 / 3 = 48,601, the third list's votes.

    As Spain's Art. 163.1.c, the law gives the fifth seat to the list with more votes: the
    kernel decides it itself, as the exact engine does; with equal votes too, it leaves the
    draw undecided.
    """
    for row, decided in (((145_803, 117_660, 48_601, 30_812), True), ((97, 97, 10, 0), False)):
        seats = 5 if decided else 1
        ruleset = districted_law("dhondt", seats, local=3, national_base="valid_votes")
        base = DistrictBaseline(
            (Constituency("X", seats=seats, blank=0),),
            {"X": tuple(PartyList(n, v) for n, v in zip(PARTIES, row, strict=False))},
        )
        layout, votes = district_layout(ruleset, base)
        out = allocate_districts_batch(district_kernel_rules(ruleset, base), layout, votes[None])
        exact = base.allocate(ruleset)
        assert out.undecided[0] == (not decided) == (exact.tie is not None)
        if decided:
            assert exact.constituencies["X"] == {"A": 3, "B": 2, "C": 0, "D": 0}
            assert out.seats[0, 0].tolist() == [3, 2, 0, 0]
