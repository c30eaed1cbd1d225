"""The ``majlis`` command line: parse, call a service, render with Rich — nothing else.

Every area has its own command module that registers on :data:`app` when imported
(the list below); errors are translated in :mod:`majlis.cli._errors` only.
"""

from __future__ import annotations

# Area command modules, one import each; importing registers their commands.
from majlis.cli import db as _db  # noqa: F401
from majlis.cli import demo as _demo  # noqa: F401
from majlis.cli import elections as _elections  # noqa: F401
from majlis.cli import forensics as _forensics  # noqa: F401  (registers `audit`)
from majlis.cli import incidents as _incidents  # noqa: F401

# Area command modules, one import each; importing registers their commands.
from majlis.cli import law as _law  # noqa: F401
from majlis.cli import parliament as _parliament  # noqa: F401
from majlis.cli import pvt as _pvt  # noqa: F401  (registers `pvt`)
from majlis.cli import record as _record  # noqa: F401  (registers `verify`, `export record`)
from majlis.cli import registry as _registry  # noqa: F401
from majlis.cli import results as _results  # noqa: F401
from majlis.cli import scenarios as _scenarios  # noqa: F401
from majlis.cli import serve as _serve  # noqa: F401
from majlis.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``majlis`` console script."""
    app()
