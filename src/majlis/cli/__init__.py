"""The ``majlis`` command line: parse, call a service, render with Rich — nothing else.

Every area has its own command module that registers on :data:`app` when imported. The root
imports none of them up front: :data:`majlis.cli._app.COMMANDS` names the module of each
command, imported when that command runs, so heavy libraries load only where used. Errors are
translated in :mod:`majlis.cli._errors` only.
"""

from __future__ import annotations

from majlis.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``majlis`` console script."""
    app()
