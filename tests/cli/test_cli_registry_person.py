"""``majlis person ...``, ``party end-suspension`` and ``party reorganise`` on both databases.

A person is registered, barred, unbarred and moved without the API; a party's suspension
ends and the party is reorganised; after each move and the reorganisation the counts per
region are those of the roll and ``majlis registry verify`` passes. Bad input is one line
and exit 2; a refusal exit 3.
"""

from __future__ import annotations

import json
from typing import Any

import click
import pytest
import typer.main
from typer.testing import CliRunner

from majlis.cli import app
from majlis.cli._registry_member import member_app
from majlis.cli._registry_party import party_app
from majlis.cli._registry_person import person_app

ARMAN, BOLAT = "850314300013", "900702400020"


@pytest.fixture
def run(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Invoke ``majlis`` against a fresh migrated database; returns (exit code, output)."""
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, list(args))
        return result.exit_code, result.output

    return invoke


def _ok(run: Any, *args: str) -> str:
    code, out = run(*args)
    assert code == 0, out
    return str(out)


def _regions(run: Any, party: str) -> dict[str, int]:
    rows = json.loads(_ok(run, "members", "stats", "--party", party, "--format", "json"))
    return {r["region"]: r["members"] for r in rows}


def _verify(run: Any, active: int) -> None:
    out = _ok(run, "registry", "verify")
    members = "1 active member" if active == 1 else f"{active:,} active members"
    assert f"; the replay confirms {members}" in out


def _one_line_error(run: Any, code: int, *args: str) -> str:
    got, out = run(*args)
    assert got == code, out
    assert out.startswith("error: ")
    assert len(out.strip().splitlines()) == 1, out
    return str(out)


def _party(run: Any, slug: str) -> None:
    _ok(run, "party", "create", slug, "--name", slug.title(), "--on", "2022-09-01")
    _ok(run, "party", "record-registration", slug, "--on", "2022-10-01", "--authority", "MoJ",
        "--reference", f"No. {slug}")  # fmt: skip


def test_a_person_registered_barred_unbarred_and_moved(run: Any) -> None:
    """Registered alone, a barred person is refused; unbarred, admitted; moved, recounted."""
    _party(run, "amanat")
    unknown = _one_line_error(run, 2, "member", "join", ARMAN, "--party", "amanat")
    assert "or run 'majlis person register' first" in unknown
    out = _ok(run, "person", "register", ARMAN, "--family-name", "Abaev", "--given-name",
              "Arman", "--region", "KZ-71")  # fmt: skip
    assert out.strip() == f"registered {ARMAN}: Abaev Arman, born 1985-03-14 (M), KZ, region KZ-71"
    assert "barred: judge" in _ok(run, "person", "bar", ARMAN, "--category", "judge")
    refused = _one_line_error(run, 3, "member", "join", ARMAN, "--party", "amanat")
    assert "judge" in refused
    _ok(run, "person", "unbar", ARMAN)
    _ok(run, "member", "join", ARMAN, "--party", "amanat", "--on", "2023-01-05")
    assert _regions(run, "amanat") == {"KZ-71": 1}
    out = _ok(run, "person", "move", ARMAN, "--region", "KZ-75")
    assert out.strip().endswith("region KZ-75")
    _ok(run, "person", "move", ARMAN, "--region", "KZ-75")
    assert _regions(run, "amanat") == {"KZ-75": 1}
    _verify(run, 1)
    out = _ok(run, "person", "bar", ARMAN, "--category", "serviceman")
    assert "still an active member of amanat since 2023-01-05" in out
    assert "serviceman" in _ok(run, "member", "show", ARMAN)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("person", "register", "850314300014", "--family-name", "A", "--given-name", "B"),
         "check digit"),
        (("person", "register", ARMAN, "--family-name", " ", "--given-name", "B"),
         "family_name"),
        (("person", "register", ARMAN, "--family-name", "A", "--given-name", "B", "--region",
          "KZ-99"), "region must be one of"),
        (("person", "register", ARMAN, "--family-name", "A", "--given-name", "B", "--barred",
          "jedi"), "barred category must be one of"),
        (("person", "bar", ARMAN, "--category", "jedi"), "barred category must be one of"),
        (("person", "bar", ARMAN, "--category", ""), "--category must be one of"),
        (("person", "bar", BOLAT, "--category", "judge"), f"no person with IIN '{BOLAT}'"),
        (("person", "unbar", BOLAT), f"no person with IIN '{BOLAT}'"),
        (("person", "move", BOLAT, "--region", "KZ-75"), f"no person with IIN '{BOLAT}'"),
        (("person", "move", ARMAN, "--region", "KZ-99"), "region must be one of"),
    ],
)  # fmt: skip
def test_bad_person_input_is_one_line(run: Any, args: tuple[str, ...], message: str) -> None:
    """An invalid IIN, name, region or category, or an unknown person: one line, exit 2."""
    if args[1] != "register":
        _ok(run, "person", "register", ARMAN, "--family-name", "A", "--given-name", "B")
    assert message in _one_line_error(run, 2, *args)


def test_a_person_registered_twice_is_refused(run: Any) -> None:
    """The second registration of one IIN is a conflict: one line, exit 3."""
    args = ("person", "register", ARMAN, "--family-name", "A", "--given-name", "B")
    _ok(run, *args)
    assert "already registered" in _one_line_error(run, 3, *args)


def test_suspension_ends_and_the_party_is_reorganised(run: Any) -> None:
    """A court's suspension ends; a merger ends the roll; the ledger verifies after it."""
    for slug in ("amanat", "united"):
        _party(run, slug)
    for iin, region in ((ARMAN, "KZ-71"), (BOLAT, "KZ-75")):
        _ok(run, "person", "register", iin, "--family-name", "F", "--given-name", "G",
            "--region", region)  # fmt: skip
        _ok(run, "member", "join", iin, "--party", "amanat", "--on", "2023-01-05")
    _ok(run, "party", "suspend", "amanat", "--court", "Astana court", "--on", "2023-02-01")
    early = _one_line_error(run, 2, "party", "end-suspension", "amanat", "--on", "2023-01-31")
    assert "on or after its start, 2023-02-01" in early
    out = _ok(run, "party", "end-suspension", "amanat", "--on", "2023-03-01", "--by", "cec")
    assert out.strip() == "amanat: suspension ended on 2023-03-01; registered again"
    again = _one_line_error(run, 3, "party", "end-suspension", "amanat", "--on", "2023-03-02")
    assert "it cannot become registered" in again
    assert _regions(run, "amanat") == {"KZ-71": 1, "KZ-75": 1}
    assert "a split has at least 2 successors; got 1" in _one_line_error(
        run, 2, "party", "reorganise", "amanat", "--mode", "split", "--into", "united"
    )
    assert "no party 'nobody'; known parties: amanat, united" in _one_line_error(
        run, 2, "party", "reorganise", "amanat", "--mode", "merger", "--into", "nobody"
    )
    out = _ok(run, "party", "reorganise", "amanat", "--mode", "merger", "--into", "united",
              "--on", "2023-06-01")  # fmt: skip
    assert (
        out.strip() == "amanat: reorganised on 2023-06-01 (merger into united); 2 memberships ended"
    )
    assert _regions(run, "amanat") == {}
    _verify(run, 0)
    assert "reorganised" in _one_line_error(
        run, 3, "party", "reorganise", "amanat", "--mode", "merger", "--into", "united"
    )
    history = _ok(run, "member", "history", ARMAN)
    assert "dissolved" in history


def test_an_unknown_mode_exits_2(run: Any) -> None:
    """A mode outside merger, split and transformation is a usage error (exit 2)."""
    code, out = run("party", "reorganise", "amanat", "--mode", "fusion", "--into", "united")
    assert code == 2
    assert "'fusion' is not one of 'merger', 'split', 'transformation'" in out


@pytest.mark.parametrize(
    "group", [person_app, party_app, member_app], ids=["person", "party", "member"]
)
def test_every_argument_and_option_has_help(group: typer.Typer) -> None:
    """Each parameter of the person, party and member commands says what it takes."""
    commands = typer.main.get_group(group).commands
    for name, command in commands.items():
        for param in command.params:
            if isinstance(param, click.Option | click.Argument) and param.name != "help":
                assert getattr(param, "help", None), f"{name} {param.name}"


def test_party_laws_and_regions_are_listed(run: Any) -> None:
    """``party laws`` and ``person regions`` show the reference data, as JSON too."""
    laws = json.loads(_ok(run, "party", "laws", "--format", "json"))
    assert [law["id"] for law in laws] == [
        "kz-party-law-2009",
        "kz-party-law-2020",
        "kz-party-law-2022",
    ]
    assert (laws[-1]["members"], laws[-1]["founders_regions"]) == (5000, "2/3")
    before = json.loads(_ok(run, "person", "regions", "--on", "2018-06-18", "--format", "json"))
    after = json.loads(_ok(run, "person", "regions", "--on", "2022-06-08", "--format", "json"))
    assert (len(before), len(after)) == (16, 20)
    assert _ok(run, "person", "regions", "--format", "csv").startswith("code,name,kind,")
    assert "--on must be a date" in _one_line_error(run, 2, "person", "regions", "--on", "June")
