"""Shared pieces of the results commands: progress bars, field assignments, percentages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from majlis.errors import InputError

__all__ = ["parse_assignments", "progress_bar"]


@contextmanager
def progress_bar(console: Console) -> Iterator[Callable[[str, int, int], None]]:
    """A Rich progress bar, handed to services as a (phase, done, total) callback."""
    columns = (
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("starting", total=None)

        def update(phase: str, done: int, total: int) -> None:
            bar.update(task, description=phase, completed=done, total=total)

        yield update


def parse_assignments(items: list[str]) -> dict[str, int]:
    """``field=value`` pairs (``votes.Nur Otan=500``) as a mapping of ints."""
    out: dict[str, int] = {}
    for item in items:
        field, sep, value = item.partition("=")
        if not sep or not field.strip() or not value.strip().isdigit():
            raise InputError.expected(
                what="--set",
                expected="FIELD=non-negative integer (e.g. 'votes.Ak Zhol=120')",
                got=item,
                code="input.set",
                params={"got": item},
            )
        out[field.strip()] = int(value)
    return out
