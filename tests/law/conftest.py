"""Helpers for the law tests: build rulesets from TOML text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from majlis.law import Ruleset, parse_ruleset

BASE = """
id = "test-law"
title = "Test law"
jurisdiction = "XX"
body = "Assembly"
effective_from = 2000-01-01
citation = "Test statute, Art. 1"
sources = ["https://example.org/statute"]
"""


def make_toml(
    seats: int = 10,
    method: str = "hare",
    threshold: str = "5%",
    base: str = "list_votes",
    allocation: str = "",
    rules: str = "",
    tail: str = "",
) -> str:
    """A complete ruleset: ``allocation``/``rules`` add lines to [allocation]/[threshold]."""
    return (
        BASE
        + f"""
[seats]
total = {seats}
list = {seats}

[allocation]
method = "{method}"
{allocation}

[threshold]
value = "{threshold}"
base = "{base}"
{rules}
"""
        + tail
    )


@pytest.fixture
def ruleset() -> Callable[..., Ruleset]:
    """Build a Ruleset from keyword settings (see make_toml)."""

    def build(**kwargs: str | int) -> Ruleset:
        return parse_ruleset(make_toml(**kwargs), source="test.toml")  # type: ignore[arg-type]

    return build


@pytest.fixture
def ruleset_text() -> Callable[..., str]:
    """The make_toml builder, for tests that edit the text before parsing."""
    return make_toml
