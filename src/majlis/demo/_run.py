"""``majlis demo``: the whole count of the 2021 Majlis election, end to end, in one folder."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from majlis import store
from majlis.demo._campaign import stage_campaign
from majlis.demo._chamber import CONVOCATION, stage_chamber
from majlis.demo._count import run_count
from majlis.demo._facts import PARTIES
from majlis.demo._report import build_report
from majlis.errors import ConflictError
from majlis.report import write_election_report

__all__ = ["DEFAULT_STATIONS", "STEPS", "DemoResult", "run_demo"]

DEFAULT_STATIONS = 10_061
DATABASE = "majlis-demo.sqlite3"
REPORT = "majlis-demo-report.html"

#: The steps the demo reports through its ``step`` callback, in order.
STEPS = (
    "database",
    "campaign",
    "count",
    "protocols",
    "chamber",
    "report",
)


@dataclass(frozen=True, slots=True)
class DemoResult:
    """Where the demo wrote its database and report, and the headline numbers."""

    folder: Path
    database: Path
    report: Path
    convocation: str
    seats: dict[str, int]
    seconds: float


def run_demo(
    *,
    folder: Path | None = None,
    stations: int = DEFAULT_STATIONS,
    seed: int = 2021,
    step: Callable[[str, str], None] | None = None,
) -> DemoResult:
    """Build the demo database and report in ``folder`` (default: a new temporary folder).

    Args:
        folder: where to write; it must not already hold a demo database.
        stations: how many polling stations to synthesise (the real count is 10,061).
        seed: the seed of every random choice (people, protocols, the ballot draw).
        step: called with (step name from :data:`STEPS`, a sentence) as the work proceeds.
    """
    say = step or (lambda _name, _text: None)
    started = time.perf_counter()
    folder = folder or Path(tempfile.mkdtemp(prefix="majlis-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / DATABASE
    if database.exists():
        raise ConflictError(f"{database} already exists: choose an empty folder for the demo.")
    say("database", f"creating {database}")
    engine = store.make_engine(f"sqlite:///{database}")
    try:
        store.upgrade(engine)
        with store.session_factory(engine)() as session:
            with session.begin():
                campaign = stage_campaign(session, seed=seed, step=lambda t: say("campaign", t))
            say("count", f"synthesising {stations:,} polling stations (majlis synth)")
            with session.begin():
                count = run_count(
                    session,
                    stations=stations,
                    seed=seed,
                    progress=lambda what, done, total: say(
                        "protocols", f"storing {what}: {done:,}/{total:,}"
                    ),
                )
            slug_of = {f.name: f.slug for f in PARTIES}
            votes = {slug_of[name]: v for name, v in count.national_votes.items()}
            with session.begin():
                say("chamber", "allocating the seats, seating the chamber, replaying an expulsion")
                chamber = stage_chamber(session, campaign=campaign, votes=votes)
            say("report", "writing the report")
            report = build_report(
                session, count=count, campaign=campaign, chamber=chamber, stations=stations
            )
    finally:
        engine.dispose()
    path = write_election_report(report, folder / REPORT)
    names = {f.slug: f.name for f in PARTIES}
    return DemoResult(
        folder=folder,
        database=database,
        report=path,
        convocation=CONVOCATION,
        seats={names[k]: v for k, v in chamber.allocation.seats.items() if v},
        seconds=time.perf_counter() - started,
    )
