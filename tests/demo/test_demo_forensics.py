"""The demo's forensics section: an audit of the stored protocols, checked against the truth."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np

from majlis import store
from majlis.report import AUDIT_DEFAULTS, audit_table, stored_station_table
from majlis.results import station_results
from majlis.synth import KZ_2021


def _section(folder: Path) -> str:
    page = (folder / "majlis-demo-report.html").read_text(encoding="utf-8")
    start = page.index('id="forensics"')
    return html.unescape(page[start : page.index('id="notes"', start)])


def _cells(section: str, title: str) -> list[list[str]]:
    body = section[section.index(title) :]
    body = body[body.index("<tbody>") : body.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [re.findall(r"<td[^>]*>(.*?)</td>", r, flags=re.S) for r in rows]


def test_demo_forensics_section_and_its_files(demo_run: tuple[Path, str]) -> None:
    """The report has a forensics section linking the audit report; the CLI prints its path."""
    folder, output = demo_run
    section = _section(folder)
    assert '<a href="majlis-demo-audit.html">' in section
    assert (folder / "majlis-demo-audit.html").is_file()
    assert (folder / "majlis-demo-ground-truth.json").is_file()
    assert str(folder / "majlis-demo-audit.html") in output.replace("\n", "")
    methods = _cells(section, "Forensic audit of the 500 stored final protocols")
    assert [m[0] for m in methods] == [
        "Turnout × leader-share fingerprint",
        "Incremental and extreme fraud mixture",
        "Integer-percentage spikes",
        "Shpilkin's excess-vote estimate",
        "Digit and distribution tests",
        "Resampled kernel density spikes",
    ]
    assert all(m[1].startswith(("signal", "no signal", "not judged")) for m in methods)


def test_demo_forensics_numbers_come_from_the_stored_protocols(demo_run: tuple[Path, str]) -> None:
    """Re-auditing the demo database with the defaults gives the section's numbers and flags."""
    folder, _ = demo_run
    engine = store.make_engine(f"sqlite:///{folder / 'majlis-demo.sqlite3'}")
    try:
        with store.session_factory(engine)() as session:
            results = station_results(session, KZ_2021.election)
    finally:
        engine.dispose()
    assert results.leader == "Nur Otan"
    audit = audit_table(stored_station_table(results), options=AUDIT_DEFAULTS)
    section = _section(folder)
    methods = _cells(section, "Forensic audit of the 500 stored final protocols")
    assert [m[2] for m in methods] == [m.headline for m in audit.methods]
    truth = json.loads((folder / "majlis-demo-ground-truth.json").read_text(encoding="utf-8"))
    kinds = Counter(m["kind"] for m in truth["manipulations"])
    manipulated = {m["station"]: m["kind"] for m in truth["manipulations"]}
    flagged = {s for s, n in zip(results.station, audit.flags.score.tolist(), strict=True) if n}
    rows = _cells(section, "Station flags against the ground truth")
    expected = {
        kind: (str(n), str(sum(1 for s, k in manipulated.items() if k == kind and s in flagged)))
        for kind, n in kinds.items()
    }
    honest = [s for s in results.station if s not in manipulated]
    got = {r[0]: (r[1], r[2]) for r in rows}
    assert got.pop("none (honest stations)") == (
        str(len(honest)),
        str(sum(1 for s in honest if s in flagged)),
    )
    labels = {
        "ballot stuffing for the leader": "stuffing",
        "votes switched to the leader": "switching",
        "turnout written up to a round number": "rounding",
    }
    assert {labels[k]: v for k, v in got.items()} == expected
    assert sum(kinds.values()) > 0  # the demo injects irregularities, so there is truth to show


def test_demo_ground_truth_matches_the_stored_protocols(demo_run: tuple[Path, str]) -> None:
    """The saved truth names stored stations; stuffed ones hold the leader's added votes."""
    folder, _ = demo_run
    truth = json.loads((folder / "majlis-demo-ground-truth.json").read_text(encoding="utf-8"))
    engine = store.make_engine(f"sqlite:///{folder / 'majlis-demo.sqlite3'}")
    try:
        with store.session_factory(engine)() as session:
            results = station_results(session, KZ_2021.election)
    finally:
        engine.dispose()
    row = {code: i for i, code in enumerate(results.station)}
    stuffed = [m for m in truth["manipulations"] if m["kind"] == "stuffing"]
    assert stuffed
    for m in stuffed:
        i = row[m["station"]]
        assert results.list_votes("Nur Otan")[i] >= m["leader_votes_added"] > 0
        assert results.ballots_cast[i] <= results.registered[i]
    assert int(np.sum(results.list_votes("Nur Otan"))) == dict(KZ_2021.votes)["Nur Otan"]
