"""Where each public data set comes from: address, checksum, citation and licence.

The checksums are SHA-256 digests computed from the files as published (Kobak's and
the PKW archives byte for byte; the ``spikes`` tables as converted once from the R
package's ``.rda`` files, which have no public CSV address of their own).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["SOURCES", "Source"]

_KOBAK = "https://github.com/dkobak/elections/raw/8003707/data/"
_KOBAK_CITATION = (
    "Kobak, D., Shpilkin, S. & Pshenichnikov, M. S. (2016). Integer percentages as "
    "electoral falsification fingerprints. The Annals of Applied Statistics 10(1), 54-73. "
    "Data scraped from izbirkom.ru by S. Shpilkin (2000-2021) and I. Shukshin (2024), "
    "published in github.com/dkobak/elections."
)
_KOBAK_LICENCE = (
    "No licence stated in the repository; official results of the Central Election "
    "Commission of the Russian Federation (public government data)."
)
_PKW = "https://github.com/ip413/presidential-election-poland-2020-research/raw/master/"
_PKW_CITATION = (
    "Państwowa Komisja Wyborcza, Wybory Prezydenta Rzeczypospolitej Polskiej 2020, "
    "results by polling district (prezydent20200628.pkw.gov.pl), as mirrored in "
    "github.com/ip413/presidential-election-poland-2020-research."
)
_SPIKES_CITATION = (
    "Rozenas, A. (2017). Detecting election fraud from irregularities in vote-share "
    "distributions. Political Analysis 25(1), 41-56; R package spikes 1.1 (CRAN)."
)


@dataclass(frozen=True, slots=True)
class Source:
    """One published file: where it lives, its digest, how to cite it, its licence."""

    key: str
    folder: str
    filename: str
    url: str | None
    sha256: str
    citation: str
    licence: str
    description: str


def _kobak(year: str, digest: str, what: str) -> Source:
    return Source(
        key=f"russia-{year}",
        folder="russia-kobak",
        filename=f"{year}.csv.zip" if "electronic" not in year else f"{year}.csv",
        url=_KOBAK + (f"{year}.csv.zip" if "electronic" not in year else f"{year}.csv"),
        sha256=digest,
        citation=_KOBAK_CITATION,
        licence=_KOBAK_LICENCE,
        description=what,
    )


_ALL = (
    _kobak(
        "2004",
        "dc28d05966d4e8845d8db5f470d8a2a123a5373d3668111265b5c282352f5298",
        "Russia, presidential election 2004, every polling station",
    ),
    _kobak(
        "2007",
        "11fe1fc48857a274959843aeb731b7f0e622c6120530e9488f7326c2c1258e2b",
        "Russia, State Duma election 2007, every polling station",
    ),
    _kobak(
        "2008",
        "3177252f9c3391d739fa6f495c7669570475f848433a2bcea1b7a51c86e078ea",
        "Russia, presidential election 2008, every polling station",
    ),
    _kobak(
        "2011",
        "fd8aeceeebe92664872cf6fcaa43a11c2bf3f4914d9667bbd9bf2df6972cbd8f",
        "Russia, State Duma election 2011, every polling station",
    ),
    _kobak(
        "2012",
        "01e1a3296ecbaef2aafcbfda72dfdd7dcde86442a5a8715b1f7b978a99331590",
        "Russia, presidential election 2012, every polling station",
    ),
    _kobak(
        "2016",
        "f07c07126f3c5bfc8958a1efad9532df44d1a94e13013ca2c2574827e28e13b2",
        "Russia, State Duma election 2016, every polling station",
    ),
    _kobak(
        "2018",
        "0ecfa337c877a2db52c99460307ea153b9e3a33810811685a1e92e8154287176",
        "Russia, presidential election 2018, every polling station",
    ),
    _kobak(
        "2020",
        "1ec41f7065133142792bd96589991c90aa465b7d5b89c9496c05b8b97131011e",
        "Russia, constitutional 'all-Russian vote' 2020, every polling station",
    ),
    _kobak(
        "2021",
        "b65fac633d642d496f52dc046fc4c1063b70b331cece7edcdfa8d76e63305a5d",
        "Russia, State Duma election 2021, every polling station and e-voting tallies",
    ),
    _kobak(
        "2024",
        "d4a18472d021efac9c269819a5b0e801daca1e486a7f48fc3981b4b241907313",
        "Russia, presidential election 2024, every polling station",
    ),
    _kobak(
        "2024-electronic-voting",
        "330834edc558df924a0d0421b4f34c448ab9737d4b0ef822a3cd723337501b8c",
        "Russia, presidential election 2024, remote e-voting per region",
    ),
    Source(
        key="poland-2020-round1",
        folder="poland-2020-pkw",
        filename="round1_wyniki_gl_na_kand_po_obwodach_csv.zip",
        url=_PKW + "data-round-1-official/wyniki_gl_na_kand_po_obwodach_csv.zip",
        sha256="c51f5f6c4ad0ea973fbf6f1b8379755fbf149f0b87ce274c92d0f85a3e759c1c",
        citation=_PKW_CITATION,
        licence="Official PKW results (public data); mirror repository CC BY-SA 4.0.",
        description="Poland, presidential election 2020, round 1, every polling district",
    ),
    Source(
        key="poland-2020-round2",
        folder="poland-2020-pkw",
        filename="round2_wyniki_gl_na_kand_po_obwodach_csv.zip",
        url=_PKW + "data-round-2-official/wyniki_gl_na_kand_po_obwodach_csv.zip",
        sha256="77958f67300b6f1cc790e9f172c3602062fdd015d09b525431d9e581bedae5e8",
        citation=_PKW_CITATION,
        licence="Official PKW results (public data); mirror repository CC BY-SA 4.0.",
        description="Poland, presidential election 2020, round 2, every polling district",
    ),
    Source(
        key="canada-2011",
        folder="canada-2011-spikes",
        filename="canada2011_conservative_N_t_v.csv.gz",
        url=None,
        sha256="e69e8399e669caf34affe8136efeec630e55a4de3d49ad0452441bb3ba00247b",
        citation=_SPIKES_CITATION,
        licence="GPL (>= 2), as the R package spikes.",
        description=(
            "Canada 2011 polls (N registered, t turned out, v Conservative), the input of "
            "the stored example run of spikes(); converted from data/output.rda of "
            "https://cran.r-project.org/package=spikes"
        ),
    ),
    Source(
        key="canada-2011-spikes-output",
        folder="canada-2011-spikes",
        filename="spikes_output_reference_canada2011.csv",
        url=None,
        sha256="7f96d60599df38878a8de82492d8a79ea13cd064db8796ddd1c26c1de01a8798",
        citation=_SPIKES_CITATION,
        licence="GPL (>= 2), as the R package spikes.",
        description="The stored output of spikes() on Canada 2011 (x, ymax, w)",
    ),
    Source(
        key="spikes-russia-2011",
        folder="canada-2011-spikes",
        filename="spikes_pkg_data_russia2011_unitedrussia.csv.gz",
        url=None,
        sha256="42cdf819baa358c307720e3bc02338499a7f96826eb1da955f23d99f2f26b913",
        citation=_SPIKES_CITATION,
        licence="GPL (>= 2), as the R package spikes.",
        description=(
            "The example input of spikes() (N registered, t valid, v United Russia): the "
            "Russian Duma election of 2011; converted from data/data.rda of the package"
        ),
    ),
    Source(
        key="albania-2013",
        folder="albania-2013-eftoolkit",
        filename="Albania2013.csv",
        url="https://raw.githubusercontent.com/kkalininMI/EFToolkit/master/inst/extdata/Albania2013.csv",
        sha256="b6ea98b01e32b0da286393c87f33dd5cda7a276d162c34202ef4abed27c16b7b",
        citation=(
            "Kalinin, K. & Mebane, W. R. Election Forensics Toolkit (R package EFToolkit "
            "2.0.0), github.com/kkalininMI/EFToolkit, inst/extdata/Albania2013.csv."
        ),
        licence="GPL-3 (package DESCRIPTION).",
        description="Albania, parliamentary election 2013, every polling station, 66 lists",
    ),
)

SOURCES: MappingProxyType[str, Source] = MappingProxyType({s.key: s for s in _ALL})
"""Every data set majlis knows, by key."""
