"""Start-up: the root loads a command's module only when it runs; the static table cannot drift."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any, ClassVar

import pytest
import typer
import typer.main
from typer.testing import CliRunner, Result

from majlis import __version__
from majlis.cli import app
from majlis.cli._app import COMMANDS
from majlis.cli._lazy import LazyCommand, LazyGroup

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("matplotlib", "scipy", "fastapi", "sqlalchemy", "polars", "dask", "pydantic")
#: Typer's Rich help and traceback machinery: loaded for a help page, not to run a command.
HELP_ONLY = ("typer.rich_utils", "rich.markdown", "rich.traceback")
#: the wording of every refusal: loaded when one is to be worded, not to run a command
ERRORS_ONLY = ("majlis.error_text",)

#: Runs the CLI in a fresh interpreter and prints which top-level packages it loaded.
_PROBE = """
import json, sys
argv = sys.argv[1:]
import majlis.cli
code = 0
if argv:
    sys.argv = ["majlis", *argv]
    try:
        majlis.cli.main()
    except SystemExit as exc:
        code = exc.code or 0
loaded = sorted({name.split(".")[0] for name in sys.modules} | set(sys.modules))
print(json.dumps({"code": code, "loaded": loaded}))
"""


def _probe(*argv: str) -> tuple[str, int, set[str]]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    out, _, last = proc.stdout.rstrip().rpartition("\n")
    report = json.loads(last)
    return out, report["code"], set(report["loaded"])


def test_importing_the_cli_loads_no_heavy_library() -> None:
    """``import majlis.cli`` loads none of the heavy libraries, nor any area module."""
    _, _, loaded = _probe()
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert {m for entry in COMMANDS.values() for m in entry.modules}.isdisjoint(loaded)


def test_seats_loads_no_heavy_library() -> None:
    """``majlis seats`` on the 2021 votes computes the official seats without heavy libraries.

    Nor Pydantic (its values are coerced by :mod:`majlis.cli._coerce`), nor Typer's help pages.
    """
    out, code, loaded = _probe("seats", "--law", "kz-majlis-2009", "examples/kz-2021.csv")
    assert code == 0
    assert "Nur Otan" in out
    assert " 76 " in out
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert loaded.isdisjoint(HELP_ONLY), sorted(loaded & set(HELP_ONLY))
    assert loaded.isdisjoint(ERRORS_ONLY), sorted(loaded & set(ERRORS_ONLY))
    assert "majlis.cli.law" in loaded
    assert "majlis.cli.demo" not in loaded


def test_seats_of_a_national_law_loads_no_districted_count() -> None:
    """A national ruleset's ``majlis seats`` loads neither the districted nor the coverage law.

    Nor Rich's emoji table: the trace is printed as plain text.
    """
    _, code, loaded = _probe("seats", "--law", "kz-majlis-2009", "examples/kz-2021.csv")
    assert code == 0
    unused = {
        "majlis.law.districts",
        "majlis.law.coverage",
        "majlis.law._district_types",
        "majlis.cli._district_render",
        "majlis.cli._constituencies_csv",
        "rich._emoji_codes",
    }
    assert unused.isdisjoint(loaded), sorted(unused & loaded)


def test_the_console_script_ends_without_a_last_collection() -> None:
    """``main`` runs the command, then freezes the heap at exit (the collector skips it)."""
    probe = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
        "import majlis.cli\n"
        "print('frozen before:', gc.get_freeze_count() > 0)\n"
        "sys.argv = ['majlis', 'version']\n"
        "majlis.cli.main()\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["frozen before: False", __version__, "frozen at exit: True"]


def test_help_lists_every_command_without_importing_them() -> None:
    """``majlis --help`` reads the table: every command listed, no area module imported."""
    out, code, loaded = _probe("--help")
    assert code == 0
    for name in COMMANDS:
        assert f" {name} " in out, name
    assert {m for entry in COMMANDS.values() for m in entry.modules}.isdisjoint(loaded)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_table_entry_matches_its_module(name: str) -> None:
    """Each table entry's module registers that command, with the help the table shows."""
    entry = COMMANDS[name]
    for module in entry.modules:
        importlib.import_module(module)
    command = typer.main.get_group(app).commands[name]
    assert type(command).__name__ != "_Placeholder", f"{entry.module} does not register {name}"
    text = command.short_help or command.help or ""
    first_paragraph = " ".join(text.split("\n\n")[0].split())
    assert first_paragraph == entry.help


def _shape(command: Any) -> object:
    """A built command's name, help, parameters and, for a group, its subcommands' shapes."""
    subcommands = getattr(command, "commands", {})
    return (
        command.name,
        command.help,
        [(p.name, p.opts, p.required, p.default) for p in command.params],
        {name: _shape(sub) for name, sub in sorted(subcommands.items())},
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_lazily_built_command_is_the_eagerly_built_one(name: str) -> None:
    """``load`` builds one command (or group) alone, exactly as the whole root builds it."""
    root = typer.main.get_group(app)
    assert isinstance(root, LazyGroup)
    lazy = root.load(name)
    eager = typer.main.get_group(app).commands[name]
    assert lazy is not eager
    assert _shape(lazy) == _shape(eager)


def test_every_registered_command_is_in_the_table() -> None:
    """A module registering a root command not in the table fails here (it would be unseen)."""
    for module in {m for entry in COMMANDS.values() for m in entry.modules}:
        importlib.import_module(module)
    registered = set(typer.main.get_group(app).commands) - {"version"}
    assert registered == set(COMMANDS)


def test_version_option_and_command() -> None:
    """``--version`` and ``version`` both print the installed version."""
    runner = CliRunner()
    for args in (["--version"], ["version"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert result.stdout.strip() == __version__


def test_a_lazily_loaded_command_runs_and_typos_are_suggested() -> None:
    """A command of the table runs through the root; a typo names the close table entries."""
    result = CliRunner().invoke(app, ["laws", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert any(r["id"] == "kz-majlis-2009" for r in json.loads(result.stdout))
    result = CliRunner().invoke(app, ["lwas"])
    assert result.exit_code == 2
    assert "laws" in result.output


def test_a_group_extended_by_another_module_gets_its_subcommands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``also`` loads a module that adds a subcommand to a group another module registers."""
    root = typer.Typer(callback=lambda: None)
    holder = types.ModuleType("lazy_root_x")
    holder.root = root  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lazy_root_x", holder)
    (tmp_path / "lazy_base_x.py").write_text(
        "import typer\n"
        "from lazy_root_x import root\n"
        "export_app = typer.Typer(help='Exports.')\n"
        "root.add_typer(export_app, name='export')\n"
        "@export_app.command('stations')\n"
        "def stations() -> None:\n    print('stations')\n"
    )
    (tmp_path / "lazy_extra_x.py").write_text(
        "from lazy_base_x import export_app\n"
        "@export_app.command('record')\n"
        "def record() -> None:\n    print('record')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("lazy_base_x", "lazy_extra_x"):
        monkeypatch.delitem(sys.modules, name, raising=False)

    def invoke(entry: LazyCommand) -> Result:
        class Root(LazyGroup):
            commands_table: ClassVar[dict[str, LazyCommand]] = {"export": entry}
            typer_app = root

        root.info.cls = Root
        return CliRunner().invoke(root, ["export", "record"])

    without = invoke(LazyCommand("lazy_base_x", "Exports."))
    assert without.exit_code == 2
    assert "No such command 'record'" in without.output
    with_also = invoke(LazyCommand("lazy_base_x", "Exports.", also=("lazy_extra_x",)))
    assert with_also.exit_code == 0, with_also.output
    assert with_also.stdout.strip() == "record"
