"""Public polling-station data sets with a download-and-cache loader (scikit-learn style).

Every ``fetch_*`` function reads the file from a local folder when it is there
(``data_home=`` or ``$MAJLIS_DATA_DIR``, laid out as ``<folder>/<filename>``), otherwise
downloads it once with pooch and checks its SHA-256. It returns a :class:`StationTable`:
a plain per-station polars table with standard columns plus the source's citation and
licence; :meth:`StationTable.to_stations` gives the arrays :mod:`majlis.forensics` takes.
The data files themselves are never part of this repository.
"""

from __future__ import annotations

from majlis.datasets._fetch import DATA_DIR_ENV, data_home, fetch_file
from majlis.datasets._other import (
    fetch_albania_2013,
    fetch_canada_2011,
    fetch_spikes_reference,
    fetch_spikes_russia_2011,
)
from majlis.datasets._poland import fetch_poland_2020
from majlis.datasets._russia import RUSSIA_YEARS, fetch_russia
from majlis.datasets._sources import SOURCES, Source
from majlis.datasets._table import STANDARD_COLUMNS, StationTable, to_stations

__all__ = [
    "DATA_DIR_ENV",
    "RUSSIA_YEARS",
    "SOURCES",
    "STANDARD_COLUMNS",
    "Source",
    "StationTable",
    "data_home",
    "fetch_albania_2013",
    "fetch_canada_2011",
    "fetch_file",
    "fetch_poland_2020",
    "fetch_russia",
    "fetch_spikes_reference",
    "fetch_spikes_russia_2011",
    "to_stations",
]
