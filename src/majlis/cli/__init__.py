"""The ``majlis`` command line: parse, call a service, render with Rich — nothing else.

Every area has its own command module that registers on :data:`app` when imported. The root
imports none of them up front: :data:`majlis.cli._app.COMMANDS` names the module of each
command, imported when that command runs, so heavy libraries load only where used. Errors are
translated in :mod:`majlis.cli._errors` only.
"""

from __future__ import annotations

import atexit
import gc

from majlis.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``majlis`` console script.

    The process ends without a last garbage collection: at exit every object still alive
    (the modules, classes and functions of Typer, Pydantic, Rich and the law: some 36,000
    after ``majlis seats``) is moved out of the collector's reach (:func:`gc.freeze`) before
    the interpreter tears the modules down, so it no longer traverses and frees the whole
    heap a moment before the operating system reclaims it. Exit handlers registered while
    the command ran (a database engine, a process pool) run first, with the collector as
    usual (docs/performance.md, "Start-up of the command line").
    """
    atexit.register(gc.freeze)
    app()
