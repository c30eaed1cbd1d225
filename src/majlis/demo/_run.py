"""``majlis demo``: the whole count of the 2021 Majlis election, end to end, in one folder."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from majlis import store
from majlis.demo._campaign import stage_campaign
from majlis.demo._chamber import CONVOCATION, stage_chamber
from majlis.demo._count import run_count
from majlis.demo._forensics import run_forensics
from majlis.demo._report import build_report
from majlis.demo._steps import step_text
from majlis.errors import ConflictError
from majlis.report import write_election_report, write_report
from majlis.synth import ground_truth

__all__ = ["DEFAULT_STATIONS", "STEPS", "DemoResult", "run_demo"]

DEFAULT_STATIONS = 10_061
DATABASE = "majlis-demo.sqlite3"
REPORT = "majlis-demo-report.html"
AUDIT_REPORT = "majlis-demo-audit.html"
GROUND_TRUTH = "majlis-demo-ground-truth.json"

#: The steps the demo reports through its ``step`` callback, in order.
STEPS = (
    "database",
    "campaign",
    "count",
    "protocols",
    "chamber",
    "forensics",
    "report",
)


@dataclass(frozen=True, slots=True)
class DemoResult:
    """Where the demo wrote its database and report, and the headline numbers."""

    folder: Path
    database: Path
    report: Path
    audit_report: Path
    ground_truth: Path
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
    say("database", step_text("demo.database", path=str(database)))
    engine = store.make_engine(f"sqlite:///{database}")
    try:
        store.upgrade(engine)
        with store.session_factory(engine)() as session:
            with session.begin():
                campaign = stage_campaign(session, seed=seed, step=lambda t: say("campaign", t))
            say("count", step_text("demo.count", num=stations))
            with session.begin():
                count = run_count(
                    session,
                    stations=stations,
                    seed=seed,
                    progress=lambda _what, done, total: say(
                        "protocols", step_text("demo.storing", done=done, total=total)
                    ),
                )
            with session.begin():
                say("chamber", step_text("demo.chamber"))
                chamber = stage_chamber(session, campaign=campaign)
            say("forensics", step_text("demo.audit"))
            with session.begin():
                forensics = run_forensics(
                    session,
                    count=count,
                    on_step=lambda name: say(
                        "forensics", step_text("demo.audit_method", method=name)
                    ),
                )
            say("report", step_text("demo.report"))
            report = build_report(
                session,
                count=count,
                campaign=campaign,
                chamber=chamber,
                stations=stations,
                forensics=forensics,
                audit_report=AUDIT_REPORT,
                ground_truth=GROUND_TRUTH,
            )
    finally:
        engine.dispose()
    audit_path = write_report(forensics.stored.record, folder / AUDIT_REPORT, banner=report.banner)
    truth_path = folder / GROUND_TRUTH
    truth_path.write_text(
        json.dumps(ground_truth(count.synth), indent=1, ensure_ascii=False), encoding="utf-8"
    )
    path = write_election_report(report, folder / REPORT)
    return DemoResult(
        folder=folder,
        database=database,
        report=path,
        audit_report=audit_path,
        ground_truth=truth_path,
        convocation=CONVOCATION,
        seats={r.name: r.seats for r in chamber.seats.rows if r.seats},
        seconds=time.perf_counter() - started,
    )
