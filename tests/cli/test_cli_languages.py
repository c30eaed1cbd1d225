"""``majlis verify`` and ``majlis export record`` speak the language of MAJLIS_LANG or LANG;
the digest, the line scripts read, is the same in every language."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from majlis.cli import app


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"MAJLIS_LANG": "ru"}, "запись проверена: "),
        ({"LANG": "kk_KZ.UTF-8"}, "жазба тексерілді: "),
        ({"LANG": "C.UTF-8"}, "record verified: "),
    ],
)
def test_verify_in_the_users_language(
    database_url: str, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], expected: str
) -> None:
    """The messages follow the environment; the last line is the digest whatever the language."""
    for name in ("MAJLIS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "250")
    english = CliRunner().invoke(app, ["verify"])
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    out = CliRunner().invoke(app, ["verify"])
    assert out.exit_code == 0, out.output
    assert expected in out.output
    assert out.output.strip().splitlines()[-1] == english.output.strip().splitlines()[-1]
    assert len(out.output.strip().splitlines()[-1]) == 64


def test_a_failed_verification_says_so_in_kazakh(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected digest exits 1 with the failure worded in the chosen language."""
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("MAJLIS_LANG", "kk")
    out = CliRunner().invoke(app, ["verify", "--expect", "0" * 64])
    assert out.exit_code == 1
    assert "тексеруден өтпеді: " in out.output
