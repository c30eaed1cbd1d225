"""A worker of ``majlis serve`` imports what serving needs, so it starts inside the health check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Loaded on the first forensics page or export, never by a worker's start-up.
NOT_AT_START = ("matplotlib", "scipy", "polars", "dask", "majlis.report", "majlis.forensics")

_PROBE = """
import json, sys
import majlis.api.app
print(json.dumps(sorted(sys.modules)))
"""


def test_the_served_app_module_loads_no_forensics_stack() -> None:
    """``import majlis.api.app`` (what uvicorn's workers do) leaves the audit stack unloaded."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(proc.stdout))
    assert not loaded & set(NOT_AT_START), sorted(loaded & set(NOT_AT_START))
    assert "fastapi" in loaded
