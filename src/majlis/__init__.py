"""majlis — an engine for party-list parliaments.

The pure core lives in :mod:`majlis.law` (seat allocation) and :mod:`majlis.forensics`
(statistical evidence from polling-station data); the domain packages
(:mod:`majlis.registry`, :mod:`majlis.elections`, :mod:`majlis.results`,
:mod:`majlis.parliament`) hold rules and services; :mod:`majlis.store` is the database;
:mod:`majlis.cli`, :mod:`majlis.api`, :mod:`majlis.web` and :mod:`majlis.report` are adapters.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
