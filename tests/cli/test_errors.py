"""The CLI's one place of error translation."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from majlis import errors
from majlis.cli._errors import MajlisGroup, exit_code_for


def test_input_errors_exit_with_2() -> None:
    """Bad input of any kind exits with code 2, as the CLI contract says."""
    assert exit_code_for(errors.VotesError("bad")) == 2
    assert exit_code_for(errors.RulesetError("bad")) == 2


def test_most_specific_class_wins() -> None:
    """A subclass listed under its parent takes the parent's code unless listed itself."""
    assert exit_code_for(errors.DuplicateMembership("x")) == 3
    assert exit_code_for(errors.MajlisError("x")) == 1


def test_message_names_location() -> None:
    """An error with a location puts file, row and field before the message."""
    exc = errors.InputError.expected(
        what="votes",
        expected="a non-negative integer",
        got="-5",
        location=errors.Location("votes.csv", 3, "votes"),
    )
    assert str(exc) == (
        "votes.csv, row 3, field 'votes': votes must be a non-negative integer. Got '-5' instead."
    )


def test_cli_prints_one_line_and_exits() -> None:
    """A MajlisError raised by a command becomes one stderr line and its exit code."""
    app = typer.Typer(cls=MajlisGroup)

    @app.command()
    def boom() -> None:
        raise errors.VotesError("votes must be non-negative", location=errors.Location("v.csv", 2))

    @app.command()
    def ok() -> None:
        typer.echo("fine")

    result = CliRunner().invoke(app, ["boom"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: v.csv, row 2: votes must be non-negative"
    assert "Traceback" not in result.output
