"""The election and audit reports read on a phone: 390 px wide, no sideways scroll, no errors.

The reports are opened as files in Debian's headless Chromium (``/usr/bin/chromium``) driven
by Playwright, as the dashboard's browser tests do.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from majlis.report import (
    AuditOptions,
    ElectionReport,
    ReportTable,
    SeatBar,
    audit_table,
    load_station_table,
    write_election_report,
    write_report,
)

pytestmark = pytest.mark.browser


def _report() -> ElectionReport:
    """A report with every part a phone could choke on: long tables, long words, both charts."""
    names = ("Nur Otan", "Ak Zhol", "People's Party of Kazakhstan", "Auyl", "Adal", "OSDP")
    wide = ReportTable(
        "By region",
        ("region", "stations", "voters", "turnout", *names),
        [(f"Region {i}", 500, 1_200_000, "63.25 %", *("12.34 %",) * len(names)) for i in range(17)],
    )
    return ElectionReport(
        title="Majlis election of 10 January 2021 — majlis demo",
        polling_day=date(2021, 1, 10),
        summary={"Polling stations": "10,061", "Record digest": "0123456789abcdef…"},
        seat_bar=(
            SeatBar("Nur Otan", 76, "#1565c0"),
            SeatBar("Ak Zhol", 12, "#f9a825"),
            SeatBar("People's Party of Kazakhstan", 10, "#c62828"),
        ),
        results=(wide,),
        findings=(
            ReportTable(
                "Checks",
                ("check", "what it checks"),
                (("R=I+C", "ballots received (R) = ballots issued (I) + cancelled (C)"),),
            ),
        ),
        notes=("Record digest: " + "ab" * 32,),
        provenance=(("Real", "the national totals and the seats"), ("Synthetic", "the stations")),
        turnout=[(f"{5 * i}–{5 * i + 5}", i * i) for i in range(20)],
    )


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A 390 px wide page in the session's Chromium."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def _open(phone: Page, path: Path) -> list[str]:
    """Open ``path``; return the console errors it logs, and check it fits the window."""
    problems: list[str] = []
    phone.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    phone.on("pageerror", lambda e: problems.append(str(e)))
    phone.goto(path.as_uri())
    assert phone.locator('meta[name="viewport"]').count() == 1
    scroll, client = phone.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{path.name} is {scroll} px wide in a {client} px window"
    return problems


def test_election_report_fits_390_px_without_console_errors(phone: Page, tmp_path: Path) -> None:
    """The page has a viewport, both inline charts, the provenance first, and no sideways scroll."""
    problems = _open(phone, write_election_report(_report(), tmp_path / "report.html"))
    assert phone.locator('[data-testid="hemicycle"] svg circle').count() == 98
    assert phone.locator('[data-testid="turnout-chart"] svg rect').count() >= 20
    first = phone.locator("body > *").nth(1)  # right under the title
    assert first.get_attribute("data-testid") == "provenance"
    assert problems == []


def test_audit_report_fits_390_px_without_console_errors(
    phone: Page, tmp_path: Path, shared_data: Path
) -> None:
    """The forensic audit of Albania 2013 (its wide station table, its figures) fits a phone."""
    table = load_station_table(shared_data / "albania-2013-eftoolkit" / "Albania2013.csv")
    audit = audit_table(table, options=AuditOptions(seed=3, resamples=50, spike_resamples=20))
    problems = _open(phone, write_report(audit, tmp_path / "audit.html", top=20))
    assert phone.locator("text=Stations with the most flags").count() == 1
    assert problems == []
