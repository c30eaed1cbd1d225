"""``majlis incidents add|list`` on both databases: logging, listing, refusals."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from typer.testing import CliRunner

from majlis import results, store
from majlis.cli import app

E = "kz-majlis-2021"


@pytest.fixture
def run(
    database_url: str, monkeypatch: pytest.MonkeyPatch, count_election: Any, count_station: Any
) -> CliRunner:
    """A CLI runner on a fresh database holding one polling station, '7001'."""
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        results.add_commission(
            session, code="CEC", name="CEC", level=results.CommissionLevel.CENTRAL
        )
        count_election(session, E, ("Nur Otan", "Ak Zhol", "People's Party of Kazakhstan"))
        count_station(
            session,
            "7001",
            territorial="T7",
            region="Aktobe",
            address="School 7",
            voters=900,
        )
    engine.dispose()
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "250")
    return CliRunner()


def test_add_then_list(run: CliRunner, database_url: str) -> None:
    """An added incident is stored once and listed with its category, observer and evidence."""
    evidence = hashlib.sha256(b"video").hexdigest()
    added = run.invoke(
        app,
        [
            "incidents",
            "add",
            "7001",
            "--election",
            E,
            "--observer",
            "Erkin",
            "--category",
            "pressure",
            "--description",
            "Teachers told to vote and to photograph their ballots.",
            "--at",
            "2021-01-10T09:15:00",
            "--evidence-sha256",
            evidence,
        ],
    )
    assert added.exit_code == 0, added.output
    assert "pressure seen by Erkin at 2021-01-10 09:15 UTC" in added.output
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session:
        stored = results.list_incidents(session, E, station="7001")
    engine.dispose()
    assert [(i.observer, i.evidence_sha256) for i in stored] == [("Erkin", evidence)]
    listed = run.invoke(app, ["incidents", "list", "-e", E, "--station", "7001"])
    assert listed.exit_code == 0, listed.output
    assert "pressure" in listed.output
    assert evidence[:12] in listed.output
    none = run.invoke(app, ["incidents", "list", "--election", E, "--category", "ballot-stuffing"])
    assert "no incidents logged" in none.output


def test_refusals_exit_non_zero(run: CliRunner) -> None:
    """A bad evidence hash and an unknown station are refused with a message, no traceback."""
    base = ["incidents", "add", "--election", E, "--observer", "Erkin", "--category", "other"]
    bad_hash = run.invoke(app, [*base, "--description", "x", "--evidence-sha256", "abc", "7001"])
    assert bad_hash.exit_code != 0
    assert "SHA-256" in bad_hash.output
    assert "Traceback" not in bad_hash.output
    unknown = run.invoke(app, [*base, "--description", "x", "9999"])
    assert unknown.exit_code != 0
    assert "no polling station '9999'" in unknown.output


@pytest.mark.parametrize(
    ("lang", "added", "heading", "none"),
    [
        (
            "ru",
            "инцидент № 1 на участке 7001: давление на избирателей",
            "Инциденты · kz-majlis-2021",
            "на участке 7002 инцидентов не зафиксировано",
        ),
        (
            "kk",
            "№ 1 оқиға, 7001 учаскесі",
            "Оқиғалар · kz-majlis-2021",
            "7002 учаскесінде оқиға тіркелмеген",
        ),
    ],
)
def test_incidents_in_each_language(
    run: CliRunner, lang: str, added: str, heading: str, none: str
) -> None:
    """The confirmation, the table and the empty answer are worded; codes stay in English."""
    add = ["incidents", "add", "7001", "--election", E, "--observer", "Erkin"]
    add += ["--category", "pressure", "--description", "Told how to vote."]
    done = run.invoke(app, ["--lang", lang, *add, "--at", "2021-01-10T09:15:00"])
    assert done.exit_code == 0, done.output
    assert added in done.output
    listed = run.invoke(app, ["--lang", lang, "incidents", "list", "--election", E])
    assert listed.exit_code == 0, listed.output
    assert heading in listed.output
    assert "Erkin" in listed.output
    empty = ["incidents", "list", "--election", E, "--station", "7002"]
    assert none in run.invoke(app, ["--lang", lang, *empty]).output
