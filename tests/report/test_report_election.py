"""The election HTML report renders its sections, numbers and escapes its text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from majlis.report import ElectionReport, ReportTable, SeatBar, write_election_report


def test_report_renders_sections_and_escapes(tmp_path: Path) -> None:
    """Tables appear under their sections, integers get thousands separators, HTML is escaped."""
    report = ElectionReport(
        title="Majlis <2021>",
        polling_day=date(2021, 1, 10),
        summary={"Turnout": "63.25 %"},
        seat_bar=(SeatBar("Nur Otan", 76, "#1f77b4"), SeatBar("Ak Zhol", 12, "#ff7f0e")),
        results=(ReportTable("National", ("list", "votes"), (("Nur Otan", 5148074),)),),
        discrepancies=(ReportTable("Observer copies", ("station", "line"), ()),),
    )
    html = write_election_report(report, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Majlis &lt;2021&gt;" in html
    assert '<td class="n">5,148,074</td>' in html
    assert 'id="results"' in html
    assert 'id="discrepancies"' in html
    assert 'id="composition"' not in html
    assert "width: 86.364%" in html  # 76 of 88 seats in the bar


def test_report_forensics_section_and_link(tmp_path: Path) -> None:
    """The forensics section shows its tables and links the audit report; absent, neither shows."""
    base = {"title": "E", "polling_day": date(2021, 1, 10), "summary": {}}
    table = ReportTable("Audit", ("method", "verdict"), (("Integer-percentage spikes", "no"),))
    page = write_election_report(
        ElectionReport(**base, forensics=(table,), forensics_link="audit <1>.html"),
        tmp_path / "with.html",
    ).read_text(encoding="utf-8")
    assert 'id="forensics"' in page
    assert '<a href="audit &lt;1&gt;.html">' in page
    assert "Integer-percentage spikes" in page
    bare = write_election_report(ElectionReport(**base), tmp_path / "bare.html")
    assert 'id="forensics"' not in bare.read_text(encoding="utf-8")
