"""``majlis demo``: the Majlis election of 10 January 2021, end to end, on a fresh machine.

Registry → campaign → synthetic protocols (``majlis synth``) → checks, double entry, observer
copies → tabulation → seats → the chamber with its nine appointed members → an expulsion and
its replacement from the list → a forensic audit of the stored protocols (``majlis audit``)
→ an HTML report with a forensics section, and the audit's own report.
"""

from majlis.demo._facts import CALENDAR
from majlis.demo._run import DEFAULT_STATIONS, STEPS, DemoResult, run_demo
from majlis.demo._staged import ELECTION_SLUG, stage_counted_election
from majlis.demo._steps import STEP_TEXTS
from majlis.demo._world import (
    Member,
    stage_election,
    stage_members,
    stage_party,
)

__all__ = [
    "CALENDAR",
    "DEFAULT_STATIONS",
    "ELECTION_SLUG",
    "STEPS",
    "STEP_TEXTS",
    "DemoResult",
    "Member",
    "run_demo",
    "stage_counted_election",
    "stage_election",
    "stage_members",
    "stage_party",
]
