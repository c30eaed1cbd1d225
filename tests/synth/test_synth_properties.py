"""Properties of the synthetic generator and its exact apportionment (Hypothesis)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.results import Rule, Severity, check_table
from majlis.synth import Irregularities, NationalTotals, SynthSpec, apportion_capped, synthesize


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 500), min_size=1, max_size=60),
    st.integers(0, 2**32 - 1),
    st.data(),
)
def test_apportion_is_exact_and_capped(caps: list[int], seed: int, data: st.DataObject) -> None:
    """Any total up to Σ caps is split exactly, no cell over its cap."""
    cap = np.array(caps, dtype=np.int64)
    total = data.draw(st.integers(0, int(cap.sum())))
    weights = np.array(
        data.draw(st.lists(st.floats(0, 10), min_size=len(caps), max_size=len(caps)))
    )
    x = apportion_capped(total, weights, cap, np.random.default_rng(seed))
    assert int(x.sum()) == total
    assert (x >= 0).all()
    assert (x <= cap).all()


@settings(max_examples=15, deadline=None)
@given(
    stations=st.integers(40, 400),
    seed=st.integers(0, 10_000),
    stuffing=st.sampled_from([0.0, 0.05, 0.2]),
    switching=st.sampled_from([0.0, 0.05]),
    rounding=st.sampled_from([0.0, 0.05]),
    step=st.sampled_from([1, 5]),
    result=st.booleans(),
    against_all=st.sampled_from([0, 25_000]),
    match=st.sampled_from(["official", "truth"]),
)
def test_any_spec_sums_exactly_and_keeps_relations(
    stations: int,
    seed: int,
    stuffing: float,
    switching: float,
    rounding: float,
    step: int,
    result: bool,
    against_all: int,
    match: Literal["official", "truth"],
) -> None:
    """Whatever the size, seed, irregularities and target: exact totals, no broken relation."""
    totals = NationalTotals(
        election="prop",
        registered=400_000,
        ballots=250_000,
        invalid=8_000,
        votes=(("A", 150_000), ("B", 40_000), ("C", 27_000 - against_all + 25_000)),
        against_all=against_all,
    )
    spec = SynthSpec(
        totals=totals,
        stations=stations,
        territorials=17,
        seed=seed,
        irregularities=Irregularities(
            stuffing_share=stuffing,
            switching_share=switching,
            rounding_share=rounding,
            rounding_step=step,
            rounding_result=result,
        ),
        totals_match=match,
    )
    e = synthesize(spec)
    o = e.official if match == "official" else e.truth
    assert int(o.line("found").sum()) == totals.ballots
    assert int(o.counts["voters"].sum()) == totals.registered
    assert int(o.counts["invalid"].sum()) == totals.invalid
    assert int(o.counts["against_all"].sum()) == against_all
    assert o.votes.sum(axis=0).tolist() == [v for _, v in totals.votes]
    added = sum(m.ballots_added for m in e.manipulations)
    assert int(e.official.line("found").sum() - e.truth.line("found").sum()) == added
    for table in (e.official, e.truth):
        counts = check_table(table).counts()
        assert not any(counts[r] for r in Rule if r.severity is Severity.ERROR)
