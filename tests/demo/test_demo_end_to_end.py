"""``majlis demo`` end to end: the database and the report carry the official 2021 numbers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from majlis import elections, parliament, registry, store
from majlis.cli import app
from majlis.demo import DemoResult, run_demo
from majlis.parliament import TerminationReason
from majlis.results import count_versions, final_table, tabulate_election
from majlis.store.registry_rows import PersonRow
from majlis.store.results_rows import ProtocolFinalRow
from majlis.synth import KZ_2021

ASSEMBLY = "Assembly of the People of Kazakhstan"
OFFICIAL_SEATS = {
    "Nur Otan": 76,
    "Ak Zhol": 12,
    "People's Party of Kazakhstan": 10,
    ASSEMBLY: 9,
}


@contextmanager
def _session(folder: Path) -> Iterator[Session]:
    engine = store.make_engine(f"sqlite:///{folder / 'majlis-demo.sqlite3'}")
    try:
        with store.session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


def test_demo_prints_where_it_is(demo_run: tuple[Path, str]) -> None:
    """The command prints the database and report paths, which exist."""
    folder, output = demo_run
    assert str(folder / "majlis-demo.sqlite3") in output.replace("\n", "")
    assert (folder / "majlis-demo.sqlite3").is_file()
    assert (folder / "majlis-demo-report.html").is_file()


def test_demo_counts_to_the_official_totals(demo_run: tuple[Path, str]) -> None:
    """Every station has a final protocol; they sum exactly to the CEC's national totals."""
    with _session(demo_run[0]) as session:
        table, _ = final_table(session, KZ_2021.election)
        nat = tabulate_election(session, KZ_2021.election).national
        versions = count_versions(session, KZ_2021.election)
        resolved = session.scalars(
            select(ProtocolFinalRow).where(ProtocolFinalRow.method == "resolution")
        ).all()
    assert len(table) == 500
    assert dict(nat.votes) == dict(KZ_2021.votes)
    assert nat.lines["voters"] == 11_919_241
    assert nat.lines["found"] == 7_539_280
    assert nat.lines["invalid"] == 297_718
    assert versions > 3 * 500  # two entries, the agreed protocol, observer copies
    assert resolved  # the differing entries were resolved by a person, and it is recorded
    assert all(r.decided_by == "data-entry supervisor (synthetic)" for r in resolved)


def test_demo_campaign(demo_run: tuple[Path, str]) -> None:
    """Five registered lists in a drawn order; the movement refused; OSDP's boycott recorded."""
    with _session(demo_run[0]) as session:
        lists = elections.party_lists(session, election=KZ_2021.election)
        history = elections.election_history(session, election=KZ_2021.election)
        seed = elections.get_election(session, KZ_2021.election).ballot_seed
    assert sorted(pl.party_slug for pl in lists) == [
        "adal",
        "ak-zhol",
        "auyl",
        "nur-otan",
        "peoples-party",
    ]
    assert {pl.party_slug: len(pl.candidates) for pl in lists}["nur-otan"] == 126
    assert [pl.party_slug for pl in lists] == list(
        elections.draw_ballot_order([pl.party_slug for pl in lists], seed=seed or 0)
    )
    kinds = {e.kind: e.detail for e in history}
    assert "unregistered movement" in kinds["nomination-refused"]
    assert "OSDP" in kinds["boycott"]


def test_demo_chamber_and_the_expulsion_chain(demo_run: tuple[Path, str]) -> None:
    """76/12/10 + 9 before and after the expulsion; the ledger event is linked to the mandate."""
    with _session(demo_run[0]) as session:
        opened = parliament.composition(session, on=date(2021, 1, 15))
        later = parliament.composition(session, on=date(2021, 6, 9))
        ended = [m for m in parliament.mandates(session, convocation="kz-majlis-viii") if m.end]
        history = parliament.chamber_history(session, convocation="kz-majlis-viii")
        expelled_iin = session.scalars(
            select(PersonRow.national_id).where(PersonRow.id == ended[0].person_id)
        ).one()
        _, events = registry.history(session, expelled_iin)
    assert opened.by_group == OFFICIAL_SEATS
    assert later.by_group == OFFICIAL_SEATS
    assert opened.total_posts == 107
    assert len(ended) == 1
    assert ended[0].end_reason is TerminationReason.EXPELLED
    expulsion = next(e for e in events if e.kind == registry.EventKind.EXPELLED)
    assert ended[0].ledger_seq == expulsion.seq
    chain = [e.kind for e in history if e.occurred_on >= date(2021, 6, 1)]
    assert chain == ["party-notice", "terminated", "succeeded"]


def test_demo_report_shows_every_section(demo_run: tuple[Path, str]) -> None:
    """The report names the official votes, the seats, both compositions and the findings."""
    html = (demo_run[0] / "majlis-demo-report.html").read_text(encoding="utf-8")
    for text in (
        "5,148,074",
        "792,828",
        "Composition on 2021-01-15",
        "Composition on 2021-06-09",
        'id="protocol-findings"',
        'id="discrepancies"',
        "Double entry",
        "resolved to",
        "unregistered movement",
        "boycotts the election",
    ):
        assert text in html
    assert '<td class="n">76</td>' in html


def test_demo_report_says_what_is_real_first_and_explains_its_letters(
    demo_run: tuple[Path, str],
) -> None:
    """Before any figure the report says which figures are official and which synthetic; it
    draws the chamber (98 list seats + 9 appointed) and the turnout as inline SVG and spells
    out every check."""
    html = (demo_run[0] / "majlis-demo-report.html").read_text(encoding="utf-8")
    provenance = html.index('data-testid="provenance"')
    assert provenance < html.index('class="summary"')
    assert "<b>Real:</b>" in html
    assert "<b>Synthetic:</b>" in html
    assert '<meta name="viewport"' in html
    chamber = html[html.index('data-testid="hemicycle"') :]
    assert chamber[: chamber.index("</figure>")].count("<circle") == 107
    assert 'data-testid="turnout-chart"' in html
    assert "ballots received (R) = ballots issued (I) + unused ballots cancelled (C)" in html
    assert "valid ballots (Vd) = votes for the lists + against all (A)" in html
    assert "Forensic signals" not in html


def test_demo_refuses_a_used_folder(demo_run: tuple[Path, str]) -> None:
    """Running again into the same folder is refused, never overwriting the database."""
    result = CliRunner().invoke(app, ["demo", "--stations", "500", "--folder", str(demo_run[0])])
    assert result.exit_code == 3
    assert "already exists" in result.output


@pytest.mark.slow
def test_demo_default_size(tmp_path: Path) -> None:
    """The default demo (10,061 stations) sums exactly (its time: benchmarks/bench_demo.py)."""
    result: DemoResult = run_demo(folder=tmp_path / "full")
    with _session(result.folder) as session:
        table, _ = final_table(session, KZ_2021.election)
        nat = tabulate_election(session, KZ_2021.election).national
    assert len(table) == 10_061
    assert dict(nat.votes) == dict(KZ_2021.votes)
    assert result.seats == {"Nur Otan": 76, "Ak Zhol": 12, "People's Party of Kazakhstan": 10}
