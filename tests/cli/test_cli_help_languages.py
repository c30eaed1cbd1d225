"""Help pages speak the language of the messages: every command's, option's and argument's help
text has a Russian and a Kazakh translation, shown by ``--help`` under ``--lang``, MAJLIS_LANG
or LANG, with the words Typer prints around them; English pages are Typer's, untouched."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from majlis import i18n
from majlis.cli import app
from majlis.cli._app import COMMANDS
from majlis.cli._help import help_texts, msgid_of, translate

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "majlis" / "web" / "locale"
CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі")


def _root() -> Any:
    """The whole command tree, every area module imported and every command built."""
    for module in {m for entry in COMMANDS.values() for m in entry.modules}:
        importlib.import_module(module)
    return typer.main.get_group(app)


def _pages(command: Any, parent: Any = None, name: str = "majlis") -> Iterator[tuple[str, Any]]:
    """Each help page of the tree: its command path and a context to render it in."""
    ctx = typer.Context(command, info_name=name, parent=parent)
    yield ctx.command_path, ctx
    for sub_name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _pages(sub, ctx, sub_name)


def _english(text: str) -> bool:
    return not CYRILLIC & set(text.lower())


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_every_help_text_of_every_page_is_translated(locale: str) -> None:
    """Each help text a page shows (a command's, its options', its subcommands') is in the
    catalogue and reads in the language; a new option without a translation fails here."""
    with (LOCALE / locale / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po, locale=locale)
    problems: list[str] = []
    pages = list(_pages(_root()))
    assert len(pages) > 90
    for path, ctx in pages:
        for obj, attribute, text in help_texts(ctx.command, ctx):
            entry = catalogue.get(msgid_of(text))
            if entry is None or entry.fuzzy or not entry.string:
                problems.append(f"{path}: {getattr(obj, 'name', obj)}.{attribute} {text!r}")
                continue
            with i18n.using(locale):
                if _english(translate(text)):
                    problems.append(f"{path}: {text!r} reads in English")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_the_root_listing_says_what_the_command_says(locale: str) -> None:
    """``majlis --help`` lists each command by its table entry; in each language that entry
    reads as the first paragraph of the command's own help page."""
    root = _root()
    with i18n.using(locale):
        for name, entry in COMMANDS.items():
            own = translate(root.commands[name].help or "").split("\n\n")[0]
            assert translate(entry.help) == " ".join(own.split()), name


@pytest.mark.parametrize(
    ("args", "environ", "expected"),
    [
        (["--lang", "kk", "seats", "--help"], {}, ["Қолданылуы:", "Параметрлер", "[міндетті]"]),
        (["seats", "--help"], {"MAJLIS_LANG": "ru"}, ["Использование:", "Аргументы"]),
        (["--help"], {"LANG": "kk_KZ.UTF-8"}, ["Командалар", "Жеткізілетін сайлау заңдарын"]),
        (["--help", "--lang", "ru"], {"LANG": "kk_KZ.UTF-8"}, ["Команды", "Показать это"]),
        (["--lang=ru", "party", "reorganise", "--help"], {}, ["Члены сами вступают"]),
        (["--lang", "kk", "audit", "--help"], {}, ["Бутстреп", "Кіріс деректерінің пішімі: "]),
    ],
)
def test_help_pages_in_russian_and_kazakh(
    monkeypatch: pytest.MonkeyPatch, args: list[str], environ: dict[str, str], expected: list[str]
) -> None:
    """``--lang`` (before or after ``--help``), MAJLIS_LANG and LANG word the help page."""
    for name in ("MAJLIS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    for words in expected:
        assert words in result.output, words
    assert "Show this message" not in result.output


def test_an_english_page_after_a_translated_one_is_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """A translated page puts the English texts back: the same page in English is unchanged."""
    for name in ("MAJLIS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    before = CliRunner().invoke(app, ["seats", "--help"]).output
    kazakh = CliRunner().invoke(app, ["--lang", "kk", "seats", "--help"]).output
    after = CliRunner().invoke(app, ["seats", "--help"]).output
    assert before == after != kazakh
    assert _english(after)
    assert "Usage: " in after
    assert "Allocate a ruleset's seats from a votes CSV" in after


def test_english_help_loads_no_catalogue() -> None:
    """``majlis --help`` in English reads no catalogue; in Kazakh one, and neither imports
    Babel (a compiled catalogue is read by the standard library's gettext)."""
    probe = (
        "import sys, majlis.cli, majlis.i18n as i18n\n"
        "compiled = []\n"
        "read = i18n.read_catalogue\n"
        "i18n.read_catalogue = lambda locale: compiled.append(1) or read(locale)\n"
        "sys.argv = ['majlis', *sys.argv[1:]]\n"
        "try:\n    majlis.cli.main()\n"
        "except SystemExit:\n    pass\n"
        "print('catalogues:', len(compiled), 'babel loaded:', 'babel' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    for name in ("MAJLIS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        env.pop(name, None)

    def run(*args: str) -> str:
        out = subprocess.run(
            [sys.executable, "-c", probe, *args], env=env, capture_output=True, text=True
        )
        return out.stdout.strip().splitlines()[-1]

    assert run("--help") == "catalogues: 0 babel loaded: False"
    assert run("--lang", "kk", "--help") == "catalogues: 1 babel loaded: False"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--lang", "ru", "seats", "--law", "kz-majlis-2009"],
            ["Не указан аргумент 'VOTES.CSV'.", "Использование: ", "Справка: "],
        ),
        (["--lang", "kk", "seats", "x.csv"], ["'--law' параметрі көрсетілмеген.", "Қате"]),
        (
            ["--lang", "ru", "seats", "--lwa", "x"],
            ["Нет такого параметра: --lwa (возможно, имелось в виду: --law)", "Ошибка"],
        ),
        (
            ["--lang", "kk", "seats", "--law", "kz-majlis-2009", "--seed", "x", "v.csv"],
            ["'--seed' мәні жарамсыз: бүтін сан қажет", "Анықтама: "],
        ),
        (["--lang", "ru", "seatz"], ["Нет такой команды: 'seatz'. Возможно, имелось в виду"]),
        (
            ["--lang", "ru", "seats", "--law"],
            ["Параметру '--law' нужно значение."],
        ),
    ],
)
def test_a_command_line_typer_cannot_parse_is_refused_in_the_language(
    monkeypatch: pytest.MonkeyPatch, args: list[str], expected: list[str]
) -> None:
    """Typer's own refusals (missing, unknown, mistyped) are worded; exit 2 as before."""
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    for words in expected:
        assert words in result.output, result.output


def test_an_unknown_language_is_refused_in_the_environments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--lang xx`` is refused in MAJLIS_LANG's language, and Typer's words are English after."""
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("MAJLIS_LANG", "kk")
    kazakh = CliRunner().invoke(app, ["--lang", "xx", "laws"])
    assert kazakh.exit_code == 2
    assert "'--lang' мәні жарамсыз: 'xx' рұқсат етілген мәндердің қатарында жоқ" in kazakh.output
    monkeypatch.delenv("MAJLIS_LANG")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    english = CliRunner().invoke(app, ["seats", "--law", "kz-majlis-2009"])
    assert english.exit_code == 2
    assert "Missing argument 'VOTES.CSV'." in english.output
    assert "Error" in english.output
    assert "Try " in english.output
