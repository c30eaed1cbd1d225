"""A synthetic election as the forensic methods read it (loaded on first use: it pulls SciPy)."""

from __future__ import annotations

import numpy as np

from majlis.forensics import Stations
from majlis.synth._generate import SynthElection

__all__ = ["forensic_stations"]


def forensic_stations(election: SynthElection, *, truth: bool = False) -> Stations:
    """The official (or true) protocols as :class:`majlis.forensics.Stations`.

    The leader is the list with the most votes in the election's national totals (the list
    the irregularities favour); every list's votes come along in ballot order.
    """
    table = election.truth if truth else election.official
    leader = int(np.argmax([v for _, v in election.spec.totals.votes]))
    return Stations(
        registered=table.counts["voters"],
        leader=table.votes[:, leader],
        ballots_issued=table.line("issued"),
        ballots_cast=table.line("found"),
        valid=table.counts["valid"],
        lists=table.votes,
        list_names=table.list_names,
    )
