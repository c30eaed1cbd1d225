"""``majlis token create|list|revoke`` on a SQLite file."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from majlis.cli import app


def test_token_cli_round_trip(tmp_path: Path) -> None:
    """A created token is listed active, then revoked, and a bad party scope is refused."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    made = runner.invoke(
        app, ["token", "create", "ann", "--role", "observer", "--database-url", url]
    )
    assert made.exit_code == 0, made.output
    assert "mjl_" in made.output
    listed = runner.invoke(app, ["token", "list", "--database-url", url])
    assert "ann" in listed.output
    assert "active" in listed.output
    revoked = runner.invoke(app, ["token", "revoke", "1", "--database-url", url])
    assert revoked.exit_code == 0
    assert "revoked" in revoked.output
    assert (
        "ann" not in runner.invoke(app, ["token", "list", "--active", "--database-url", url]).output
    )
    bad = runner.invoke(
        app, ["token", "create", "bob", "--role", "party-officer", "--database-url", url]
    )
    assert bad.exit_code == 2
    assert "party_id" in bad.output
    missing = runner.invoke(app, ["token", "revoke", "99", "--database-url", url])
    assert missing.exit_code == 2


def test_a_party_officers_token_names_the_party_by_slug(tmp_path: Path) -> None:
    """``--party`` takes the slug ``majlis party list`` shows; the list shows it back."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    env = {"MAJLIS_DATABASE_URL": url}
    made = runner.invoke(app, ["party", "create", "ak-zhol", "--name", "Ak Zhol"], env=env)
    assert made.exit_code == 0, made.output
    token = runner.invoke(
        app,
        ["token", "create", "sec", "--role", "party-officer", "--party", "ak-zhol"],
        env=env,
    )
    assert token.exit_code == 0, token.output
    listed = runner.invoke(app, ["token", "list"], env=env).output.splitlines()
    assert listed[0].split("\t")[:4] == ["id", "name", "role", "party"]
    assert listed[1].split("\t")[1:4] == ["sec", "party-officer", "ak-zhol"]
    unknown = runner.invoke(
        app, ["token", "create", "x", "--role", "party-officer", "--party", "nope"], env=env
    )
    assert unknown.exit_code == 2
    assert "nope" in unknown.output


def test_serve_refuses_several_workers_on_sqlite(tmp_path: Path) -> None:
    """SQLite serves one worker: asking for more is a configuration error (exit 5)."""
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--database-url", url])
    assert result.exit_code == 5
    assert "PostgreSQL" in result.output
