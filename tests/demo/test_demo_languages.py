"""``majlis --lang ru|kk demo`` says what it does and where it wrote in the chosen language."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from majlis.cli import app
from majlis.demo import STEP_TEXTS
from majlis.i18n import using
from majlis.note_text import note_text
from majlis.notes import Note

_PARAMS = {"path": "/tmp/x", "num": 10061, "done": 500, "total": 10061, "method": "klimek"}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ru", ["мандаты: Nur Otan 76, Ak Zhol 12", "Ассамблеей", "база данных: ", "папка: "]),
        ("kk", ["мандаттар: Nur Otan 76, Ak Zhol 12", "Ассамблеясы", "дерекқор: ", "бума: "]),
    ],
)
def test_demo_in_each_language(tmp_path: Path, lang: str, expected: list[str]) -> None:
    """The closing lines are worded; parties and paths as they are."""
    folder = tmp_path / "demo"
    args = ["--lang", lang, "demo", "--stations", "100", "--folder", str(folder)]
    done = CliRunner().invoke(app, args, env={"COLUMNS": "300"})
    assert done.exit_code == 0, done.output
    for text in expected:
        assert text in done.output
    assert str(folder / "majlis-demo.sqlite3") in done.output
    for english in ("seats:", "appointed by", "database:", "report:", "folder:", " done "):
        assert english not in done.output


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("key", sorted(STEP_TEXTS))
def test_every_demo_step_in_each_language(key: str, lang: str) -> None:
    """Each step the demo reports is worded, with counts the language's way."""
    english = Note(key, STEP_TEXTS[key], **_PARAMS)
    with using(lang):
        text = note_text(english).replace("\xa0", " ")
    assert text != english
    for word in ("creating", "founding", "registering", "storing", "auditing", "writing"):
        assert word not in text
    if "%(num)s" in STEP_TEXTS[key]:
        assert "10 061" in text
    if "%(method)s" in STEP_TEXTS[key]:
        assert "klimek" in text
