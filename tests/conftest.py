"""Fixtures shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only folder of real election data beside the clone (../shared/data).

    A missing folder is an error, never a skip: the golden tests are the point.
    """
    if not SHARED_DATA.is_dir():
        raise FileNotFoundError(
            f"real election data expected at {SHARED_DATA} (../shared/data beside the clone)"
        )
    return SHARED_DATA
