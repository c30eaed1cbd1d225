"""Names a package exports but imports only on first use, so that start-up stays light.

A package lists such names with the module that defines them and sets its module-level
``__getattr__`` (PEP 562) from :func:`lazy_exports`; type checkers see the names through an
``if TYPE_CHECKING:`` import beside the table. Used where a name's module loads a heavy
library (NumPy kernels, Polars readers and writers) that a one-shot command or a server
worker's start-up does not need.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module

__all__ = ["lazy_exports"]


def lazy_exports(package: str, table: Mapping[str, str]) -> Callable[[str], object]:
    """The ``__getattr__`` of ``package``: each name in ``table`` imported from its module once."""

    def __getattr__(name: str) -> object:  # noqa: N807 (the module hook's name, PEP 562)
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        vars(sys.modules[package])[name] = value  # later look-ups skip this hook
        return value

    return __getattr__
