"""Districted rulesets from a few settings, shared by the law and simulate tests."""

from __future__ import annotations

from majlis.law import Ruleset, parse_ruleset


def districted_law(
    method: str,
    seats: int,
    *,
    national: int = 0,
    local: int = 0,
    national_base: str = "list_votes",
    local_base: str = "valid_votes",
    combine: str = "and",
    first: str = "",
    tie_break: str = "votes",
    national_method: str | None = None,
    extra: str = "",
) -> Ruleset:
    """A law of ``seats`` seats counted by ``method`` in every constituency.

    ``national`` and ``local`` are the national and per-constituency thresholds in whole
    per cent, over ``national_base`` and ``local_base``; ``combine`` joins them; ``first``
    is the constituencies' first divisor (none when empty); ``national_method`` the
    [allocation] method (``method`` when None); ``extra`` more [constituencies] lines. The
    defaults are the parser's.
    """
    first_line = f'first_divisor = "{first}"' if first else ""
    text = f"""
id = "xx-districted-2020"
title = "t"
jurisdiction = "XX"
body = "b"
effective_from = 2020-01-01
citation = "a statute of at least twenty characters"
sources = ["none"]
[seats]
total = {seats}
list = {seats}
[allocation]
method = "{national_method or method}"
tie_break = "{tie_break}"
[threshold]
value = "{national}%"
base = "{national_base}"
[constituencies]
method = "{method}"
threshold = "{local}%"
threshold_base = "{local_base}"
combine = "{combine}"
{first_line}
{extra}
"""
    return parse_ruleset(text, source="districted.toml")
