"""The election, list, parliament and mandate commands, on a copy of the small demo database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from majlis import elections, store
from majlis.cli import app
from majlis.store.parliament_rows import MandateRow, PostRow
from majlis.store.registry_rows import PartyRow, PersonRow


@pytest.fixture
def env(demo_run: tuple[Path, str], tmp_path: Path) -> dict[str, str]:
    """An environment pointing the CLI at a private copy of the small demo's database."""
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(demo_run[0] / "majlis-demo.sqlite3", copy)
    return {"MAJLIS_DATABASE_URL": f"sqlite:///{copy}"}


def _run(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


def _seated_iins(env: dict[str, str], party: str) -> list[str]:
    engine = store.make_engine(env["MAJLIS_DATABASE_URL"])
    with store.session_factory(engine)() as session:
        found = list(
            session.scalars(
                select(PersonRow.national_id)
                .join(MandateRow, MandateRow.person_id == PersonRow.id)
                .join(PostRow, PostRow.id == MandateRow.post_id)
                .join(PartyRow, PartyRow.id == PostRow.party_id)
                .where(PartyRow.slug == party, MandateRow.end.is_(None))
            )
        )
    engine.dispose()
    return found


def _list_iins(env: dict[str, str], party: str) -> list[str]:
    engine = store.make_engine(env["MAJLIS_DATABASE_URL"])
    with store.session_factory(engine)() as session:
        plist = elections.get_list(session, election="kz-majlis-2021", party=party)
        iin = dict(session.execute(select(PersonRow.id, PersonRow.national_id)).all())
        found = [iin[c.person_id] for c in plist.candidates]
    engine.dispose()
    return found


def test_composition_command(env: dict[str, str]) -> None:
    """`parliament composition --date` prints the seats by party and by seat type."""
    code, out = _run(env, "parliament", "composition", "--date", "2021-06-10")
    assert code == 0, out
    assert "People's Party of Kazakhstan" in out
    assert "Nur Otan\t76\n" in out  # piped: one (group, seats) a line
    assert "appointed" in out


def test_election_and_list_show(env: dict[str, str]) -> None:
    """`election show` lists the calendar, lists and history; `list show` the candidates."""
    code, out = _run(env, "election", "show", "kz-majlis-2021")
    assert code == 0, out
    assert "boycott" in out
    assert "nomination-refused" in out
    code, out = _run(env, "list", "show", "kz-majlis-2021", "ak-zhol")
    assert code == 0, out
    assert "withdrawn" in out


def test_history_shows_the_ledger_link(env: dict[str, str]) -> None:
    """`parliament history` shows the party's notice and the linked ledger event."""
    code, out = _run(env, "parliament", "history", "kz-majlis-viii")
    assert code == 0, out
    assert "party-notice" in out
    assert "[ledger #" in out


def test_list_withdrawal_after_deadline_refused(env: dict[str, str]) -> None:
    """A withdrawal after the deadline exits 3 naming the deadline."""
    code, out = _run(env, "list", "withdraw", "kz-majlis-2021", "auyl", "--on", "2021-01-05")
    assert code == 3
    assert "list withdrawal deadline was 2020-12-30" in out


def test_movement_nomination_refused(env: dict[str, str], tmp_path: Path) -> None:
    """`list nominate` for the unregistered movement exits 3 with the registry's reason."""
    engine = store.make_engine(env["MAJLIS_DATABASE_URL"])
    with store.session_factory(engine)() as session:
        iins = list(session.scalars(select(PersonRow.national_id).limit(2)))
    engine.dispose()
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join(iins) + "\n", encoding="utf-8")
    code, out = _run(
        env, "list", "nominate", "kz-majlis-2021", "dvk", str(ids), "--on", "2020-11-15"
    )
    assert code == 3
    assert "movement" in out


def test_mandate_terminate_by_resignation(env: dict[str, str]) -> None:
    """`mandate terminate` ends an Ak Zhol mandate and seats the next member of the list."""
    deputy = _seated_iins(env, "ak-zhol")[0]
    code, out = _run(
        env,
        "mandate",
        "terminate",
        "kz-majlis-viii",
        "--on",
        "2021-09-01",
        "--national-id",
        deputy,
        "--reason",
        "resigned",
    )
    assert code == 0, out
    assert "successor:" in out
    code, out = _run(env, "parliament", "composition", "--date", "2021-09-01")
    assert "Ak Zhol\t12\n" in out


def test_new_election_through_the_cli(env: dict[str, str], tmp_path: Path) -> None:
    """Create an election, nominate and register a list from a file of IINs, draw the ballot."""
    code, out = _run(
        env,
        "election",
        "create",
        "kz-by-2021",
        "--name",
        "Test",
        "--called",
        "2021-02-01",
        "--nomination-deadline",
        "2021-02-20",
        "--registration-deadline",
        "2021-03-01",
        "--withdrawal-deadline",
        "2021-03-20",
        "--polling-day",
        "2021-04-01",
    )
    assert code == 0, out
    assert "98 list seats under kz-majlis-2009" in out
    ids = tmp_path / "auyl.txt"
    ids.write_text(
        "# Auyl, rank order\n" + "\n".join(_list_iins(env, "auyl")[:3]), encoding="utf-8"
    )
    code, out = _run(env, "list", "nominate", "kz-by-2021", "auyl", str(ids), "--on", "2021-02-10")
    assert code == 0, out
    assert "nominated list" in out
    code, out = _run(env, "list", "register", "kz-by-2021", "auyl", "--on", "2021-02-25")
    assert code == 0, out
    code, out = _run(env, "election", "draw", "kz-by-2021", "--seed", "5", "--on", "2021-03-02")
    assert code == 0, out
    assert "1. Auyl" in out
