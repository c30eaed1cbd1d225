"""A seeded synthetic election whose protocols sum exactly to given totals.

The generator draws polling stations over regions, voters per station, turnout and party
shares with regional variation, then apportions every national total exactly over the
stations (random integer apportionment under caps), so every control relation holds and the
national sums equal the targets to the vote. Optionally it injects irregularities — ballot
stuffing, vote switching, turnout (and the leader's result) written to a round number — and
keeps the ground truth (which stations, how many votes). The targets are the *reported*
totals by default (the irregularities are hidden by compensating at honest stations, as a
count that must match a published result), or the *true* ones (the irregularities add to
them, as the detection benchmarks of the forensic methods need). It can also produce the
two data entries (with a few realistic typing differences) and observer copies (the true
figures at manipulated stations, plus a few misread copies).

Known deviations: station sizes, turnouts and leanings are illustrative distributions, not
estimates from data; "issued" equals "found" (no ballot is taken away).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError
from majlis.results import COUNT_LINES, IntArray, ProtocolTable, Source, StationSite
from majlis.synth._apportion import apportion_capped, split_by_weights
from majlis.synth._inject import KINDS, Manipulation, inject
from majlis.synth._noise import entry_typos, observer_copies
from majlis.synth._spec import SynthSpec

__all__ = ["SynthElection", "ground_truth", "synthesize"]


@dataclass(frozen=True, slots=True, eq=False)
class SynthElection:
    """The generated election: stations, official protocols, truth, entries and copies."""

    spec: SynthSpec
    stations: tuple[StationSite, ...]
    territorials: tuple[tuple[str, str], ...]
    official: ProtocolTable
    truth: ProtocolTable
    manipulations: tuple[Manipulation, ...]
    entries: tuple[ProtocolTable, ProtocolTable] | None
    observer: ProtocolTable | None

    def manipulated(self, kind: str | None = None) -> npt.NDArray[np.bool_]:
        """Which stations (in station order) were manipulated, of one ``kind`` or of any."""
        if kind is not None and kind not in KINDS:
            raise InputError.expected(
                what="the kind of irregularity", expected=f"one of {', '.join(KINDS)}", got=kind
            )
        codes = {m.station for m in self.manipulations if kind in (None, m.kind)}
        return np.array([s.code in codes for s in self.stations], dtype=np.bool_)


def _table(
    election: str,
    codes: tuple[str, ...],
    counts: dict[str, IntArray],
    names: tuple[str, ...],
    votes: IntArray,
    source: Source,
) -> ProtocolTable:
    n = len(codes)
    return ProtocolTable(
        election=(election,) * n,
        station=codes,
        source=(source,) * n,
        observer=(None,) * n,
        evidence_sha256=(None,) * n,
        counts=counts,
        list_names=names,
        votes=votes,
    )


def _hierarchy(
    spec: SynthSpec, rng: np.random.Generator
) -> tuple[list[StationSite], list[tuple[str, str]], IntArray, IntArray]:
    weights = [r.weight for r in spec.regions]
    per_region = split_by_weights(spec.stations, weights, minimum=1)
    terr_per_region = np.minimum(
        split_by_weights(spec.territorials, weights, minimum=1), per_region
    )
    # voters: a floor of 30 per station plus a lognormal size draw (cities: larger stations)
    region_of = np.repeat(np.arange(len(spec.regions)), per_region)
    urban = np.array([r.urban for r in spec.regions])[region_of]
    size = rng.lognormal(mean=np.where(urban, 0.4, 0.0), sigma=spec.size_spread)
    regional = np.array(weights, dtype=np.float64)[region_of] / per_region[region_of]
    size *= regional / regional.mean()
    floor = 30 * spec.stations
    voters = 30 + rng.multinomial(spec.totals.registered - floor, size / size.sum()).astype(
        np.int64
    )
    stations: list[StationSite] = []
    territorials: list[tuple[str, str]] = []
    for r, profile in enumerate(spec.regions):
        k = int(terr_per_region[r])
        codes = [f"T{r + 1:02d}{j + 1:02d}" for j in range(k)]
        territorials.extend((c, profile.name) for c in codes)
        labels = np.arange(int(per_region[r])) % k
        rng.shuffle(labels)
        for j, t in enumerate(labels.tolist()):
            code = f"{r + 1:02d}{j + 1:04d}"
            stations.append(
                StationSite(code, codes[t], profile.name, f"School No. {j + 1}, {profile.name}", 0)
            )
    stations = [
        StationSite(s.code, s.territorial, s.region, s.address, int(v))
        for s, v in zip(stations, voters.tolist(), strict=True)
    ]
    return stations, territorials, region_of, voters


def _toward_leader(
    spec: SynthSpec, leader: int, n: int, rng: np.random.Generator
) -> npt.NDArray[np.float64] | float:
    """Each station's weight on the columns other than the leader's, for ``leader_spread``.

    A station's expected share of the leader among its ballots is shifted by a normal draw
    (kept inside 2-98 %), taken from or given to every other column in proportion.
    """
    if spec.leader_spread == 0:
        return 1.0  # no draw: the elections drawn without this setting stay as they were
    share = spec.totals.votes[leader][1] / spec.totals.ballots
    shift = np.clip(rng.normal(0.0, spec.leader_spread, n), 0.02 - share, 0.98 - share)
    toward: npt.NDArray[np.float64] = 1.0 - shift / (1.0 - share)
    return toward


def _ballots(
    spec: SynthSpec, region_of: IntArray, voters: IntArray, rng: np.random.Generator
) -> tuple[IntArray, IntArray]:
    """Ballots per station and the ballot matrix [invalid, against all, lists...]."""
    base = np.array([r.turnout for r in spec.regions])[region_of]
    propensity = np.clip(base + rng.normal(0.0, spec.turnout_spread, len(voters)), 0.15, 0.97)
    found = apportion_capped(spec.totals.ballots, propensity * voters, voters, rng)
    names = spec.totals.list_names
    leader = int(np.argmax([v for _, v in spec.totals.votes]))
    columns: list[tuple[int, int]] = [(0, spec.totals.invalid), (1, spec.totals.against_all)]
    columns += [(2 + j, v) for j, (_, v) in enumerate(spec.totals.votes) if j != leader]
    matrix = np.zeros((len(voters), 2 + len(names)), dtype=np.int64)
    room = found.copy()
    lean = [dict(r.lean) for r in spec.regions]
    toward = _toward_leader(spec, leader, len(voters), rng)
    for col, total in columns:
        if total == 0:
            continue
        name = names[col - 2] if col >= 2 else ""
        factor = np.array([lean_r.get(name, 1.0) for lean_r in lean])[region_of] * toward
        w = found * factor * rng.lognormal(0.0, spec.lean_spread, len(voters))
        matrix[:, col] = apportion_capped(total, w, room, rng)
        room -= matrix[:, col]
    matrix[:, 2 + leader] = room  # the leader takes what is left: its total is then exact
    return found, matrix


def _counts(
    voters: IntArray, matrix: IntArray, mobile_rate: IntArray, additional: IntArray
) -> dict[str, IntArray]:
    found = matrix.sum(axis=1)
    mobile = np.minimum((found * mobile_rate) // 1000, found)
    received = -(-voters // 50) * 50  # ballots are delivered in packs of 50
    counts = {
        "voters": voters,
        "additional_voters": additional,
        "received": received,
        "issued_station": found - mobile,
        "issued_mobile": mobile,
        "cancelled": received - found,
        "found_stationary": found - mobile,
        "found_mobile": mobile,
        "invalid": matrix[:, 0],
        "valid": found - matrix[:, 0],
        "against_all": matrix[:, 1],
    }
    return {k: counts[k].astype(np.int64) for k in COUNT_LINES}


def synthesize(spec: SynthSpec | None = None) -> SynthElection:
    """Generate a synthetic election (deterministic for a given spec and seed)."""
    spec = spec or SynthSpec()
    rng = np.random.default_rng(spec.seed)
    stations, territorials, region_of, voters = _hierarchy(spec, rng)
    _, clean = _ballots(spec, region_of, voters, rng)
    codes = tuple(s.code for s in stations)
    reported, manipulations, truth_matrix = inject(
        spec.totals,
        spec.irregularities,
        voters,
        clean,
        codes,
        rng,
        compensate=spec.totals_match == "official",
    )
    mobile_rate = rng.integers(5, 60, len(voters))  # per mille of ballots in the mobile box
    additional = rng.binomial(voters, 0.02).astype(np.int64)
    names = spec.totals.list_names
    el = spec.totals.election
    official = _table(
        el,
        codes,
        _counts(voters, reported, mobile_rate, additional),
        names,
        reported[:, 2:].copy(),
        Source.OFFICIAL,
    )
    truth = _table(
        el,
        codes,
        _counts(voters, truth_matrix, mobile_rate, additional),
        names,
        truth_matrix[:, 2:].copy(),
        Source.OFFICIAL,
    )
    entries = entry_typos(official, spec.entry_differences, rng) if spec.double_entry else None
    copies = None
    if spec.observer_share > 0:
        evidence = hashlib.sha256(f"synth:{spec.seed}".encode()).hexdigest()
        copies = observer_copies(truth, spec.observer_share, spec.observer_misreads, evidence, rng)
    return SynthElection(
        spec,
        tuple(stations),
        tuple(territorials),
        official,
        truth,
        tuple(manipulations),
        entries,
        copies,
    )


def ground_truth(election: SynthElection) -> dict[str, Any]:
    """The ground truth of a synthetic election as JSON-ready data (``ground-truth.json``).

    The spec (election, seed, stations, irregularities, which protocols match the totals),
    every manipulation (station, kind, the leader's votes added, ballots added, votes removed
    from other lists) and the true national totals per list.
    """
    return {
        "spec": {
            "election": election.spec.totals.election,
            "seed": election.spec.seed,
            "stations": election.spec.stations,
            "irregularities": asdict(election.spec.irregularities),
            "totals_match": election.spec.totals_match,
        },
        "manipulations": [asdict(m) for m in election.manipulations],
        "true_totals": dict(
            zip(election.truth.list_names, election.truth.votes.sum(axis=0).tolist(), strict=True)
        ),
    }
