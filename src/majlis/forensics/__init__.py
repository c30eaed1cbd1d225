"""Statistical evidence of ballot stuffing and rigging from polling-station data.

Pure NumPy/SciPy: arrays in, frozen result objects out; no I/O, no plotting.
"""

from __future__ import annotations

from majlis.forensics._stations import Counts, Stations

__all__ = ["Counts", "Stations"]
