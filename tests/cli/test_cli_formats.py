"""CLI conventions: --format json|csv on the data commands, TSV when piped, plurals, help."""

from __future__ import annotations

import csv
import importlib
import io
import json

import pytest
import typer.main
from typer.core import TyperGroup
from typer.testing import CliRunner

from majlis.cli import app
from majlis.cli._app import COMMANDS
from majlis.cli._output import plural

E = "kz-majlis-2021"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The demo election (200 stations) in SQLite, as the environment that points at it."""
    folder = tmp_path_factory.mktemp("formats") / "demo"
    result = CliRunner().invoke(app, ["demo", "--stations", "200", "--folder", str(folder)])
    assert result.exit_code == 0, result.output
    return {"MAJLIS_DATABASE_URL": f"sqlite:///{folder / 'majlis-demo.sqlite3'}"}


def _run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_tabulate_json_carries_the_tally_status_and_seats(env: dict[str, str]) -> None:
    data = json.loads(_run(env, "tabulate", "-e", E, "--level", "national", "--format", "json"))
    (national,) = data["tallies"]
    assert national["Nur Otan"] == 5_148_074
    assert national["stations"] == 200
    assert data["status"]["final"] is True
    seats = {row["list"]: row["seats"] for row in data["seats"]["lists"]}
    assert seats == {
        "Nur Otan": 76,
        "Ak Zhol": 12,
        "People's Party of Kazakhstan": 10,
        "Auyl": 0,
        "Adal": 0,
    }


def test_tabulate_csv_has_one_row_per_region_and_the_nation(env: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(_run(env, "tabulate", "-e", E, "--format", "csv"))))
    assert rows[-1]["level"] == "national"
    assert sum(int(r["Ak Zhol"]) for r in rows[:-1]) == int(rows[-1]["Ak Zhol"]) == 792_828


def test_discrepancies_json_and_plural(env: dict[str, str]) -> None:
    rows = json.loads(_run(env, "discrepancies", "-e", E, "--format", "json"))
    assert rows
    assert set(rows[0]) == {"unit", "against", "line", "official", "other", "difference"}
    assert all(r["difference"] == r["official"] - r["other"] for r in rows)
    text = _run(env, "discrepancies", "-e", E)
    assert "(ies)" not in text
    assert "(s)" not in text
    assert "observer cop" in text


def test_composition_and_member_stats_as_json(env: dict[str, str]) -> None:
    rows = json.loads(
        _run(env, "parliament", "composition", "--date", "2021-01-15", "--format", "json")
    )
    groups = {r["group"]: r["seats"] for r in rows if r["kind"] == "group"}
    assert groups["Nur Otan"] == 76
    assert sum(r["seats"] for r in rows if r["kind"] == "seat type") == 107
    members = json.loads(_run(env, "members", "stats", "--format", "json"))
    assert members
    assert all(isinstance(r["members"], int) for r in members)


def test_incidents_list_takes_dash_e(env: dict[str, str]) -> None:
    _run(env, "incidents", "list", "-e", E)


def test_laws_piped_is_whole_tab_separated_lines() -> None:
    """Piped (CliRunner's stdout is no terminal), no cell is cut to fit 80 columns."""
    result = CliRunner().invoke(app, ["laws"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split("\t")[:3] == ["id", "country", "body"]
    assert "…" not in result.output
    assert all(len(line.split("\t")) == 8 for line in lines)
    assert any(line.startswith("kz-majlis-") for line in lines)


def test_seats_options_have_help() -> None:
    result = CliRunner().invoke(app, ["seats", "--help"], env={"COLUMNS": "200"})
    assert "ballots cast, valid and invalid" in result.output
    assert "voters on the lists" in result.output


def test_plural() -> None:
    assert plural(1, "observer copy", "observer copies") == "1 observer copy"
    assert plural(11, "observer copy", "observer copies") == "11 observer copies"
    assert plural(0, "published total") == "0 published totals"
    assert plural(1_200, "station") == "1,200 stations"


def test_an_unknown_format_is_refused() -> None:
    """An unknown --format is refused with exit 2 before anything runs."""
    result = CliRunner().invoke(app, ["tabulate", "-e", E, "--format", "xml"])
    assert result.exit_code == 2


def _paths(command: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group under ``command``, as the arguments that reach it."""
    found = [path]
    if isinstance(command, TyperGroup):
        for name, sub in sorted(command.commands.items()):
            found += _paths(sub, (*path, name))
    return found


def test_no_flag_shows_a_type_in_the_help() -> None:
    """A flag takes no value: no ``<bool>`` beside --help, --dry-run or --serial anywhere."""
    for module in {m for entry in COMMANDS.values() for m in entry.modules}:
        importlib.import_module(module)
    runner = CliRunner()
    paths = _paths(typer.main.get_group(app))
    assert len(paths) > 80
    shown = []
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, (path, result.output)
        assert "<bool>" not in result.output, path
        shown.append(result.output)
    assert any("--dry-run" in text for text in shown)
    assert all("--help" in text for text in shown)


def test_tables_piped_are_tab_separated_and_forced_as_asked(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``auto``: TSV when piped, a table on a terminal; ``table`` and ``tsv`` force either."""
    piped = _run(env, "tabulate", "-e", E, "--level", "national").splitlines()
    assert piped[0].split("\t")[:5] == ["national", "stations", "voters", "turnout", "Nur Otan"]
    assert piped[1].split("\t")[:2] == ["national", "200"]
    assert ["Nur Otan", "5,148,074", "76"] in [line.split("\t") for line in piped]
    assert "│" not in "\n".join(piped)
    forced = _run(env, "tabulate", "-e", E, "--level", "national", "--format", "table")
    assert "│ Nur Otan" in forced
    header = _run(env, "discrepancies", "-e", E).splitlines()[0]
    assert header.split("\t") == ["unit", "against", "line", "official", "other", "difference"]
    groups = _run(env, "parliament", "composition", "--date", "2021-01-15").splitlines()
    assert groups[0].split("\t") == ["group", "seats"]
    monkeypatch.setattr("majlis.cli._output.to_terminal", lambda: True)
    assert "│ Nur Otan" in _run(env, "tabulate", "-e", E, "--level", "national")
    tsv = _run(env, "tabulate", "-e", E, "--level", "national", "--format", "tsv")
    assert tsv.splitlines()[0].startswith("national\tstations\t")
