"""The seats of a stored election: one service, the same seats in the CLI, the API and the
dashboard, a tie broken by registration order, and a provisional count said everywhere."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from majlis import elections, parliament, results, store
from majlis.api import Settings, create_app
from majlis.cli import app as cli
from majlis.demo import stage_election
from majlis.errors import VotesError
from majlis.results import CommissionLevel, Lines, Protocol, Source

SLUG = "kz-tie"
CALENDAR = elections.ElectionCalendar(
    called_on=date(2020, 10, 20),
    nomination_deadline=date(2020, 11, 20),
    registration_deadline=date(2020, 12, 10),
    candidate_withdrawal_deadline=date(2020, 12, 30),
    list_withdrawal_deadline=date(2020, 12, 30),
    polling_day=date(2021, 1, 10),
)
# Registration order: Alpha, Gamma, Beta. The protocols name the lists Alpha, Beta, Gamma.
# Beta and Gamma have equal votes; under the 2009 law (98 seats, Hare quota, largest
# remainders) Alpha takes 49 and each of the others 24 with equal remainders of 1/2: the last
# seat is tied and goes to the list registered earlier, Gamma.
LISTS = [("alpha", "Alpha", 3), ("gamma", "Gamma", 3), ("beta", "Beta", 3)]
VOTES = {"Alpha": 250, "Beta": 125, "Gamma": 125}
EXPECTED = {"Alpha": 49, "Beta": 24, "Gamma": 25}


def _lines(votes: dict[str, int]) -> Lines:
    valid = sum(votes.values())
    return Lines.of(
        votes=votes,
        voters=1000,
        received=1000,
        issued_station=valid + 10,
        issued_mobile=0,
        cancelled=1000 - valid - 10,
        found_stationary=valid + 10,
        found_mobile=0,
        invalid=10,
        valid=valid,
        against_all=0,
        additional_voters=0,
    )


def _stage(session: Session, *, stations: int, final: int) -> None:
    """The election, ``stations`` stations, ``final`` of them with agreeing double entries and
    one more with a first entry only (awaiting its second)."""
    stage_election(session, slug=SLUG, calendar=CALENDAR, lists=LISTS)
    results.add_commission(session, code="C", name="CEC", level=CommissionLevel.CENTRAL)
    results.add_commission(
        session,
        code="T",
        name="Territory",
        level=CommissionLevel.TERRITORIAL,
        parent="C",
        region="R",
    )
    results.add_commission(
        session, code="P", name="Precinct", level=CommissionLevel.PRECINCT, parent="T"
    )
    results.link_election(session, election=SLUG, commission="C")
    for i in range(stations):
        results.add_station(
            session, code=f"S{i}", commission="P", region="R", address="-", registered_voters=1000
        )
    share = {name: v // final for name, v in VOTES.items()}
    for i in range(final + 1):
        for source in (Source.ENTRY_1, Source.ENTRY_2)[: 1 if i == final else 2]:
            results.record_protocol(
                session, Protocol(SLUG, f"S{i}", _lines(share), source=source), entered_by="clerk"
            )
        if i < final:
            results.finalise_station(session, SLUG, f"S{i}", decided_by="chair")


@pytest.fixture
def staged(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A stored election with a registration-order tie: 5 stations, 1 final, 1 awaiting."""
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        _stage(session, stations=5, final=1)
    engine.dispose()
    monkeypatch.setenv(store.DATABASE_URL_VARIABLE, database_url)
    return database_url


def test_tie_broken_by_registration_order_everywhere(staged: str) -> None:
    """CLI, API and dashboard show the same seats: Gamma, registered before Beta, wins the tie."""
    engine = store.make_engine(staged)
    with store.session_factory(engine)() as session:
        seats = parliament.election_seats(session, SLUG)
    engine.dispose()
    assert seats is not None
    assert {r.name: r.seats for r in seats.rows} == EXPECTED
    assert seats.by_party() == {"alpha": 49, "beta": 24, "gamma": 25}
    assert [r.name for r in seats.rows] == ["Alpha", "Beta", "Gamma"]  # ballot (tally) order

    out = CliRunner().invoke(cli, ["tabulate", "-e", SLUG, "--level", "national"])
    assert out.exit_code == 0, out.output
    shown = {  # piped: the seats table is (list, votes, seats) tab-separated
        cells[0]: int(cells[2])
        for line in out.output.splitlines()
        if (cells := line.split("\t")) and len(cells) == 3 and cells[2].isdigit()
    }
    assert shown == EXPECTED

    app = create_app(Settings(database_url=staged, access_log=False))
    with TestClient(app) as client:
        body = client.get(f"/api/v1/elections/{SLUG}/results").json()
        page = client.get("/results", params={"election": SLUG}).text
    app.state.engine.dispose()
    assert {r["name"]: r["seats"] for r in body["seats"]["rows"]} == EXPECTED
    rows = re.findall(r'<tr data-party="([^"]+)">(.*?)</tr>', page, flags=re.S)
    cells = {name: re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row) for name, row in rows}
    assert {name: int(c[-1]) for name, c in cells.items()} == EXPECTED


def test_provisional_is_said_everywhere(staged: str) -> None:
    """One station awaits its second entry and three are missing: CLI, API and page say so."""
    out = CliRunner().invoke(cli, ["tabulate", "-e", SLUG, "--format", "table"])
    assert out.exit_code == 0, out.output
    assert "PROVISIONAL: 1 of 5 stations final; 1 await resolution, 3 missing." in out.output
    assert "awaiting resolution: S1" in out.output
    assert "Seats under kz-majlis-2009 (PROVISIONAL)" in " ".join(out.output.split())

    app = create_app(Settings(database_url=staged, access_log=False))
    with TestClient(app) as client:
        body = client.get(f"/api/v1/elections/{SLUG}/results").json()
        page = client.get("/results", params={"election": SLUG}).text
    app.state.engine.dispose()
    pending = {"stations": 5, "final": 1, "awaiting": 1, "missing": 3, "awaiting_stations": ["S1"]}
    assert body["provisional"] is True
    assert body["pending"] == pending
    assert body["seats"]["provisional"] is True
    assert body["seats"]["pending"] == pending
    assert 'data-testid="provisional"' in page
    assert "PROVISIONAL: 1 of 5 stations final" in page


def test_a_final_count_is_not_provisional(database_url: str) -> None:
    """With every station final, the status says so and nothing is marked provisional."""
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        _stage(session, stations=2, final=1)
        results.record_protocol(
            session,
            Protocol(SLUG, "S1", _lines(VOTES), source=Source.ENTRY_2),
            entered_by="clerk",
        )
        results.finalise_station(session, SLUG, "S1", decided_by="chair")
        status = results.count_status(session, SLUG)
        seats = parliament.election_seats(session, SLUG)
    engine.dispose()
    assert (status.final, status.awaiting, status.missing, status.provisional) == (2, (), 0, False)
    assert seats is not None
    assert not seats.provisional


def test_digest_changes_with_a_new_final_protocol(database_url: str) -> None:
    """The digest of the standing final protocols moves when a station becomes final."""
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        _stage(session, stations=2, final=1)
        before = results.final_protocols_digest(session, SLUG)
        assert before == results.final_protocols_digest(session, SLUG)
        results.record_protocol(
            session,
            Protocol(SLUG, "S1", _lines(VOTES), source=Source.ENTRY_2),
            entered_by="clerk",
        )
        assert results.final_protocols_digest(session, SLUG) == before  # an entry: no change
        results.finalise_station(session, SLUG, "S1", decided_by="chair")
        assert results.final_protocols_digest(session, SLUG) != before
    engine.dispose()


def test_votes_by_slug_or_name_give_the_same_seats(database_url: str) -> None:
    """Votes given by party slug (a file of totals) or by list name resolve the same lists;
    a list that is not registered in the election is refused by name."""
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        _stage(session, stations=2, final=1)
        by_slug = parliament.allocate_votes(
            session, election=SLUG, votes={"beta": 125, "alpha": 250, "gamma": 125}
        )
        by_name = parliament.allocate_votes(session, election=SLUG, votes=VOTES)
        with pytest.raises(VotesError, match="Delta"):
            parliament.allocate_votes(session, election=SLUG, votes={**VOTES, "Delta": 1})
    engine.dispose()
    assert by_slug.by_party() == by_name.by_party() == {"alpha": 49, "beta": 24, "gamma": 25}
    assert by_slug.status is None


def test_a_withdrawn_list_counts_only_with_no_votes(database_url: str) -> None:
    """A withdrawn list with 0 votes is left out of the allocation; with votes it is refused."""
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        stage_election(session, slug=SLUG, calendar=CALENDAR, lists=[*LISTS, ("delta", "Delta", 3)])
        elections.withdraw_list(
            session, election=SLUG, party="delta", on=date(2020, 12, 20), reason="boycott"
        )
        seats = parliament.allocate_votes(session, election=SLUG, votes={**VOTES, "Delta": 0})
        with pytest.raises(VotesError, match="Delta"):
            parliament.allocate_votes(session, election=SLUG, votes={**VOTES, "Delta": 5})
    engine.dispose()
    assert {r.name: r.seats for r in seats.rows} == EXPECTED
