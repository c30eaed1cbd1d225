"""The demo's data without its narration: for load runs and benchmarks of the adapters."""

from __future__ import annotations

from sqlalchemy.orm import Session

from majlis.demo._campaign import stage_campaign
from majlis.demo._chamber import stage_chamber
from majlis.demo._count import run_count
from majlis.demo._facts import ELECTION_SLUG

__all__ = ["ELECTION_SLUG", "stage_counted_election"]


def stage_counted_election(session: Session, *, stations: int, seed: int = 2021) -> None:
    """Stage the 2021 election as ``majlis demo`` does: campaign, counted protocols, chamber.

    Three transactions (each committed): the registry and the campaign, the synthetic
    protocols of ``stations`` polling stations, and the chamber elected from their totals.
    The session must have no transaction open.
    """
    with session.begin():
        campaign = stage_campaign(session, seed=seed)
    with session.begin():
        run_count(session, stations=stations, seed=seed)
    with session.begin():
        stage_chamber(session, campaign=campaign)
