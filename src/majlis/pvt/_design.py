"""Designing a stored election's quick count: from its register to a chained sample.

:func:`plan_sample` computes the size, the allocation and the draw from the stations under
the election's central commission (nothing is stored: what ``--dry-run`` shows);
:func:`store_sample` appends the design, its stations and its SHA-256 to the election's
``pvt_sample`` chain; :func:`current_sample` reads the design in force (the latest).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import InputError, NotFoundError
from majlis.pvt.core import (
    Allocation,
    SampleSize,
    allocate_strata,
    draw_sample,
    expected_margin,
    sample_size,
    seed_from_text,
)
from majlis.results import election_scope, extend_chain, sample_fields, scope_stations
from majlis.results import station_places as _places
from majlis.store.pvt_rows import PvtSampleRow

__all__ = [
    "STRATIFY",
    "SampleDesign",
    "append_design",
    "current_sample",
    "plan_sample",
    "store_sample",
]

#: Station attributes a design may stratify by.
STRATIFY = ("region", "territorial", "none")


@dataclass(frozen=True, slots=True)
class SampleDesign:
    """A drawn sample and everything needed to repeat the draw."""

    election: str
    margin: float
    confidence: float
    turnout: float
    stratify: str
    seed: int
    seed_text: str | None
    size: SampleSize
    allocation: Allocation
    expected_margin: float
    stations: tuple[str, ...]
    station_stratum: dict[str, str]

    def document(self) -> dict[str, Any]:
        """The design as stored (canonical JSON): parameters, strata, the drawn stations."""
        return {
            "election": self.election,
            "method": "Estok, Nevitte & Cowan 2002; stratified by voters; PCG64",
            "margin": self.margin,
            "confidence": self.confidence,
            "turnout": self.turnout,
            "stratify": self.stratify,
            "seed": str(self.seed),
            "seed_text": self.seed_text,
            "voters": self.size.voters,
            "strata": [
                {"name": s, "stations": int(n), "voters": int(v), "sample": int(k)}
                for s, n, v, k in zip(
                    self.allocation.strata,
                    self.allocation.stations,
                    self.allocation.voters,
                    self.allocation.sample,
                    strict=True,
                )
            ],
            "stations": list(self.stations),
        }

    def canonical(self) -> str:
        return json.dumps(
            self.document(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )

    @property
    def sha256(self) -> str:
        """SHA-256 of the canonical design: the digest to publish before polling day."""
        return hashlib.sha256(self.canonical().encode()).hexdigest()


def _frame(
    session: Session, election: str, stratify: str
) -> tuple[list[str], list[str], list[int]]:
    if stratify not in STRATIFY:
        raise InputError.expected(
            what="the stratification",
            expected=" or ".join(STRATIFY),
            got=stratify,
            code="pvt.stratify",
        )
    scope = election_scope(session, election)
    codes = sorted(scope_stations(session, scope))
    if not codes:
        raise NotFoundError(
            f"the election '{election}' has no polling stations to sample",
            code="pvt.no_stations",
            params={"election": election},
        )
    places = _places(session, codes)
    strata = ["all" if stratify == "none" else str(getattr(places[c], stratify)) for c in codes]
    return codes, strata, [places[c].registered_voters for c in codes]


def plan_sample(
    session: Session,
    election: str,
    *,
    margin: float,
    confidence: float,
    seed: int | None = None,
    seed_text: str | None = None,
    stratify: str = "region",
    turnout: float = 1.0,
    stations: int | None = None,
) -> SampleDesign:
    """Size (the handbook's formula, or ``stations`` if given), allocate and draw a sample."""
    if (seed is None) == (seed_text is None):
        raise InputError.expected(
            what="the seed",
            expected="either a number or a public text",
            got=(seed, seed_text),
            code="pvt.seed",
        )
    codes, strata, registered = _frame(session, election, stratify)
    names = sorted(set(strata))
    index = {s: h for h, s in enumerate(names)}
    stratum = np.array([index[s] for s in strata], dtype=np.int64)
    voters = np.array(registered, dtype=np.int64)
    size = sample_size(
        margin,
        confidence,
        population_voters=int(voters.sum()),
        population_stations=len(codes),
        turnout=turnout,
    )
    total = size.stations if stations is None else stations
    alloc = allocate_strata(
        names,
        np.bincount(stratum, minlength=len(names)).astype(np.int64),
        np.bincount(stratum, voters, minlength=len(names)).astype(np.int64),
        total,
    )
    used_seed = seed if seed is not None else seed_from_text(str(seed_text))
    drawn = draw_sample(codes, stratum, alloc, used_seed)
    position = dict(zip(codes, strata, strict=True))
    margin_then = expected_margin(
        int(alloc.sample.sum()),
        confidence,
        mean_station_voters=size.mean_station_voters,
        population_voters=float(voters.sum()) * turnout,
    )
    return SampleDesign(
        election,
        margin,
        confidence,
        turnout,
        stratify,
        used_seed,
        seed_text,
        size,
        alloc,
        margin_then,
        drawn,
        {c: position[c] for c in drawn},
    )


def store_sample(
    session: Session, design: SampleDesign, *, designed_by: str, at: datetime | None = None
) -> str:
    """Append the design to the election's ``pvt_sample`` chain; return its record hash."""
    return append_design(
        session, design.election, design.canonical(), designed_by=designed_by, at=at
    )


def append_design(
    session: Session, election: str, text: str, *, designed_by: str, at: datetime | None = None
) -> str:
    """Append a design document (canonical JSON) to the chain; return its record hash."""
    moment = (at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    sha = hashlib.sha256(text.encode()).hexdigest()
    ((seq, record_hash),) = extend_chain(
        session, election, "pvt_sample", [sample_fields(sha, text, designed_by, moment)]
    )
    session.add(
        PvtSampleRow(
            election=election,
            design=text,
            sample_sha256=sha,
            designed_by=designed_by,
            designed_at=moment,
            seq=seq,
            record_hash=record_hash,
        )
    )
    session.flush()
    return record_hash


def current_sample(session: Session, election: str) -> dict[str, Any]:
    """The design in force (the latest stored) as its document, with its digest and place."""
    row = session.scalars(
        select(PvtSampleRow)
        .where(PvtSampleRow.election == election)
        .order_by(PvtSampleRow.seq.desc())
        .limit(1)
    ).first()
    if row is None:
        raise NotFoundError(
            f"the election '{election}' has no quick-count sample: run 'majlis pvt design'",
            code="pvt.no_sample",
            params={"election": election},
        )
    doc: dict[str, Any] = json.loads(row.design)
    doc["sha256"] = row.sample_sha256
    doc["seq"] = row.seq
    doc["designed_by"] = row.designed_by
    at = row.designed_at
    at = at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo is not None else at  # stored UTC
    doc["designed_at"] = at.isoformat(timespec="seconds") + "Z"
    return doc
