"""Every setting of ``majlis serve`` is in the table of docs/api.md."""

from __future__ import annotations

from pathlib import Path

from majlis.api import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_every_setting_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [
        f"MAJLIS_{name.upper()}"
        for name in Settings.model_fields
        if f"`MAJLIS_{name.upper()}`" not in text
    ]
    assert missing == []
