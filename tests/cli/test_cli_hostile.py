"""Hostile files and paths on the command line: one line on stderr, exit 2, nothing written."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from majlis import store
from majlis.cli import app

GOOD_VOTES = "party,votes\nA,700\nB,300\n"


def _hostile(folder: Path) -> dict[str, Path]:
    """One file (or folder) of each hostile kind."""
    files = {
        "not-utf8": folder / "latin1.csv",
        "huge-field": folder / "huge.csv",
        "binary": folder / "binary.toml",
        "folder": folder / "a-folder",
    }
    files["not-utf8"].write_bytes("party,votes\nÄkim,10\nB,5\n".encode("latin-1"))
    files["huge-field"].write_text('party,votes\n"' + "A" * 200_000 + '",10\nB,5\n')
    files["binary"].write_bytes(b"\x00\x01" + bytes(range(256)) * 4)
    files["folder"].mkdir()
    return files


#: Commands reading one file the user names, with the file's place shown as {file}.
READERS: dict[str, list[str]] = {
    "seats": ["seats", "{file}", "--law", "kz-majlis-2009"],
    "ruleset": ["seats", "{good}", "--law", "{file}"],
    "law show": ["law", "show", "{file}"],
    "project": ["project", "{file}", "--law", "kz-majlis-2009"],
    "redistribution": [
        "whatif", "{good}", "--law", "kz-majlis-2009", "--remove", "B", "--redistribute", "{file}"
    ],
    "parliament votes": ["parliament", "seat", "x", "{file}", "--on", "2024-01-01"],
    "founders": ["party", "congress", "x", "--founders", "{file}"],
    "popolo": ["members", "import", "{file}"],
}  # fmt: skip


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[int, str]]:
    """Invoke ``majlis`` on a fresh SQLite file; returns (exit code, stderr)."""
    monkeypatch.setenv("MAJLIS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("COLUMNS", "250")
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, list(args))
        assert "Traceback" not in result.output + result.stderr
        return result.exit_code, result.stderr

    return invoke


CASES = [
    (reader, kind)
    for reader in READERS
    for kind in ("not-utf8", "huge-field", "binary", "folder")
    if (reader, kind) != ("founders", "huge-field")  # a list of ids: lines, no CSV field limit
]


@pytest.mark.parametrize(("reader", "kind"), CASES)
def test_every_reader_refuses_a_hostile_file_in_one_line(
    run: Callable[..., tuple[int, str]], tmp_path: Path, reader: str, kind: str
) -> None:
    """Not UTF-8, a 200 KB field, a binary file or a folder: exit 2, one line naming the file."""
    hostile = _hostile(tmp_path)[kind]
    if reader == "popolo":
        hostile = hostile.rename(hostile.with_suffix(".json")) if kind != "folder" else hostile
    good = tmp_path / "good.csv"
    good.write_text(GOOD_VOTES)
    args = [a.format(file=hostile, good=good) for a in READERS[reader]]
    code, err = run(*args)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("error: ")
    assert hostile.name in err


def test_a_huge_field_is_refused_with_its_line(
    run: Callable[..., tuple[int, str]], tmp_path: Path
) -> None:
    """The message says the CSV limit was passed and where."""
    code, err = run("seats", str(_hostile(tmp_path)["huge-field"]), "--law", "kz-majlis-2009")
    assert code == 2
    assert "field larger than field limit" in err
    assert "line 2" in err or "line 1" in err


def test_a_roll_not_in_utf8_is_refused_whole(
    run: Callable[..., tuple[int, str]], tmp_path: Path
) -> None:
    """A roll whose third row is Latin-1 imports nobody and exits 2 in one line."""
    assert run("party", "create", "auyl", "--name", "Auyl", "--on", "2022-09-01")[0] == 0
    roll = tmp_path / "roll.csv"
    roll.write_bytes(
        b"iin,family_name,given_name,region\n000101500001,A,B,KZ-71\n"
        + "000101500011,Äbeuov,C,KZ-71\n".encode("latin-1")
    )
    code, err = run("members", "import", str(roll), "--party", "auyl", "--on", "2023-01-01")
    assert code == 2, err
    assert "roll.csv" in err
    assert len(err.strip().splitlines()) == 1, err
    with sqlite3.connect(tmp_path / "cli.sqlite3") as connection:
        (stored,) = connection.execute("SELECT count(*) FROM membership_event").fetchone()
    assert stored == 0


@pytest.mark.parametrize(
    "command",
    [
        ["members", "import", "{good}", "--party", "auyl", "--rejects", "{folder}"],
        ["members", "import", "{good}", "--party", "auyl", "--rejects", "{file}/r.csv"],
        ["protocols", "import", "{good}", "-e", "e", "--rejects", "{folder}"],
        ["members", "export", "--out", "{folder}"],
        ["members", "export", "--out", "{file}/p.json"],
        ["export", "stations", "{file}", "-e", "e"],
        ["synth", "{file}/synth", "--stations", "20"],
        ["audit", "{good}", "--out", "{file}"],
    ],
)
def test_an_unwritable_output_is_refused_before_any_work(
    run: Callable[..., tuple[int, str]], tmp_path: Path, command: list[str]
) -> None:
    """A folder where a file goes, a file where a folder goes: exit 2, one line, nothing made."""
    folder = tmp_path / "out-folder"
    folder.mkdir()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    good = tmp_path / "good.csv"
    good.write_text("iin,family_name,given_name,region\n000101500001,A,B,KZ-71\n")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    args = [a.format(good=good, folder=folder, file=blocker) for a in command]
    code, err = run(*args)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert sorted(p.name for p in tmp_path.rglob("*") if p.name != "cli.sqlite3") == [
        n for n in before if n != "cli.sqlite3"
    ]


def test_an_unexpected_error_is_one_line_with_a_hint(
    run: Callable[..., tuple[int, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug is one line naming --debug; with --debug the traceback is shown."""

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr("majlis.cli.law.read_votes_csv", broken)
    good = tmp_path / "good.csv"
    good.write_text(GOOD_VOTES)
    code, err = run("seats", str(good), "--law", "kz-majlis-2009")
    assert code == 1
    assert err.strip() == (
        "error: unexpected RuntimeError: a bug over two lines "
        "(rerun with 'majlis --debug ...' for the traceback)"
    )
    debug = CliRunner().invoke(app, ["--debug", "seats", str(good), "--law", "kz-majlis-2009"])
    assert isinstance(debug.exception, RuntimeError)  # raised through, traceback and all


@pytest.mark.parametrize("name", ["x" * 201, "a\x1b[31mb", "   "])
def test_a_token_name_the_column_cannot_hold_is_refused(
    run: Callable[..., tuple[int, str]], name: str
) -> None:
    """Too long for its column, or carrying control characters: exit 2, one line."""
    assert run("db", "upgrade")[0] == 0
    code, err = run("token", "create", name, "--role", "observer")
    assert code == 2, err
    assert "token's name must be 1 to 200 printable characters" in err


def test_token_commands_leave_no_connection_open(
    private_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A token refused, issued or listed disposes its engine: the server holds no idle
    connection of the command afterwards (a long-lived process calling the CLI leaks none)."""
    if not private_database_url.startswith("postgresql"):
        pytest.skip("connections are counted on PostgreSQL")
    monkeypatch.setenv("MAJLIS_DATABASE_URL", private_database_url)
    database = make_url(private_database_url).database
    count = text("SELECT count(*) FROM pg_stat_activity WHERE datname = :db")
    admin = store.make_engine(private_database_url)
    runner = CliRunner()
    try:
        with admin.connect() as connection:
            before = connection.execute(count, {"db": database}).scalar_one()
        assert runner.invoke(app, ["token", "create", "x" * 201, "--role", "observer"]).exit_code
        assert runner.invoke(app, ["token", "create", "ok", "--role", "observer"]).exit_code == 0
        assert runner.invoke(app, ["token", "list"]).exit_code == 0
        with admin.connect() as connection:
            after = connection.execute(count, {"db": database}).scalar_one()
    finally:
        admin.dispose()
    assert after == before
