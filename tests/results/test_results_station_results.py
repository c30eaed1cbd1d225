"""``station_results``: the final protocols of a stored election as per-station arrays."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy.orm import Session

from majlis.errors import NotFoundError
from majlis.results import station_results, tabulate_election
from majlis.synth import NationalTotals, SynthSpec, store_synthetic, synthesize

TOTALS = NationalTotals(
    election="audit-small",
    registered=300_000,
    ballots=180_000,
    invalid=5_000,
    votes=(("Blue", 40_000), ("Green", 100_000), ("Red", 35_000)),
)


def test_station_results_are_the_stored_final_protocols(session: Session) -> None:
    """Every station's figures equal the stored official protocol; sums equal the tabulation."""
    synth = synthesize(SynthSpec(totals=TOTALS, stations=250, territorials=30, seed=7))
    with session.begin():
        store_synthetic(session, synth)
    with session.begin():
        got = station_results(session, TOTALS.election)
        national = tabulate_election(session, TOTALS.election).national
    assert len(got) == 250
    assert got.leader == "Green"
    row = {code: i for i, code in enumerate(synth.official.station)}
    order = np.array([row[code] for code in got.station])
    official = synth.official
    assert np.array_equal(got.registered, official.counts["voters"][order])
    assert np.array_equal(got.ballots_issued, official.line("issued")[order])
    assert np.array_equal(got.ballots_cast, official.line("found")[order])
    assert np.array_equal(got.valid, official.counts["valid"][order])
    assert np.array_equal(got.list_votes("Green"), official.votes[order, 1])
    place = {s.code: (s.region, s.territorial) for s in synth.stations}
    assert [(r, t) for r, t in zip(got.region, got.territorial, strict=True)] == [
        place[code] for code in got.station
    ]
    assert dict(zip(got.list_names, got.votes.sum(axis=0).tolist(), strict=True)) == dict(
        national.votes
    )
    assert int(got.registered.sum()) == national.lines["voters"] == TOTALS.registered


def test_station_results_of_an_unknown_election(session: Session) -> None:
    """An election without final protocols is reported as not found."""
    with session.begin(), pytest.raises(NotFoundError, match="no-such-election"):
        station_results(session, "no-such-election")
