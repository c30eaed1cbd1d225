"""majlis.synth — seeded synthetic elections with a known truth.

One generator serves ``majlis synth``, the demo, the quick-count experiments and the
forensics detection benchmarks. The generator is pure (NumPy, no I/O): :func:`synthesize`
draws polling stations over regions (:class:`RegionProfile`), turnout and votes that sum
exactly to given national totals (:class:`NationalTotals`; by default :data:`KZ_2021`, or
a homogeneous election from :func:`homogeneous_spec`), injects irregularities of known size
(:class:`Irregularities`: stuffing, switching, round or integer-percentage figures) and
keeps their ground truth (:class:`Manipulation`, :meth:`SynthElection.manipulated`,
:func:`ground_truth`), with optional double-entry slips and observer copies;
:func:`apportion_capped` is its exact integer apportionment and :func:`forensic_stations`
hands the protocols to :mod:`majlis.forensics`. Putting an election to use sits on top:
:func:`store_synthetic` stores it through the elections and results services,
:func:`write_synthetic` writes its protocols and truth to files.
"""

from typing import TYPE_CHECKING

from majlis._lazy import lazy_exports
from majlis.synth._apportion import apportion_capped
from majlis.synth._generate import SynthElection, ground_truth, synthesize
from majlis.synth._homogeneous import homogeneous_spec
from majlis.synth._inject import Irregularities, Manipulation
from majlis.synth._kazakhstan import KZ_2021, KZ_REGIONS_2021, NationalTotals, RegionProfile
from majlis.synth._spec import SynthSpec
from majlis.synth._store import SynthStored, load_synthetic_hierarchy, store_synthetic

if TYPE_CHECKING:
    from majlis.synth._files import table_frame, write_synthetic
    from majlis.synth._forensic import forensic_stations

#: Names whose modules load Polars (the file writers) or SciPy (the forensic methods):
#: imported on first access.
_LAZY = {
    **dict.fromkeys(("table_frame", "write_synthetic"), "majlis.synth._files"),
    "forensic_stations": "majlis.synth._forensic",
}

__getattr__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "KZ_2021",
    "KZ_REGIONS_2021",
    "Irregularities",
    "Manipulation",
    "NationalTotals",
    "RegionProfile",
    "SynthElection",
    "SynthSpec",
    "SynthStored",
    "apportion_capped",
    "forensic_stations",
    "ground_truth",
    "homogeneous_spec",
    "load_synthetic_hierarchy",
    "store_synthetic",
    "synthesize",
    "table_frame",
    "write_synthetic",
]
