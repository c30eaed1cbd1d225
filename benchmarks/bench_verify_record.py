"""Verify the protocol-version chain of ~100,000 stored versions (SQLite, and PostgreSQL).

Run from the repository root:

    PYTHONPATH=src python benchmarks/bench_verify_record.py [--stations 33334] [--no-postgres]

A synthetic election with double entry is stored (two entries plus the agreed official
protocol per station: three versions each, ~100,000 for the default 33,334 stations), then
its chain is walked twice in the same run (wall and CPU time are printed: on a shared
machine the CPU time is the fairer figure):

- ``majlis verify``'s path (:func:`majlis.record._walk.walk_versions`): the columns fetched
  with Core, content hashes recomputed in bulk from a template, the chain hashed in a loop;
- the peer: the obvious implementation, one ORM object per version mapped to a
  :class:`~majlis.results.Protocol` whose ``content_hash`` is computed per record, the chain
  hashed in the same loop. It is the honest peer because it is what the domain objects
  offer without a bulk path; both must reach the same head.

Target (issue 13): 100,000 protocol versions in well under 2 s.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from majlis import store
from majlis.record._walk import walk_versions
from majlis.results import GENESIS, chain_hashes, version_fields
from majlis.results._rows import protocol_from_row
from majlis.store.results_rows import PollingStationRow, ProtocolVersionRow
from majlis.synth import SynthSpec, store_synthetic, synthesize


def _peer(session: Session, election: str) -> tuple[int, str]:
    codes = dict(session.execute(select(PollingStationRow.id, PollingStationRow.code)).all())
    rows = session.scalars(
        select(ProtocolVersionRow)
        .where(ProtocolVersionRow.election == election)
        .order_by(ProtocolVersionRow.seq)
    )
    fields = [
        version_fields(
            protocol_from_row(r, codes[r.station_id]).content_hash,
            r.version,
            r.reason,
            r.entered_by,
            r.entered_at,
        )
        for r in rows
    ]
    hashes = chain_hashes(GENESIS, 1, fields)
    return len(hashes), hashes[-1]


def _run(url: str, stations: int) -> None:
    engine = store.make_engine(url)
    store.upgrade(engine)
    synth = synthesize(SynthSpec(stations=stations, seed=1, observer_share=0.0, double_entry=True))
    election = synth.spec.totals.election
    with store.session_factory(engine)() as session, session.begin():
        store_synthetic(session, synth)
    with store.session_factory(engine)() as session:
        started, cpu = time.perf_counter(), time.process_time()
        walked = walk_versions(session, election)
        ours, ours_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        peer = _peer(session, election)
        theirs, theirs_cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    assert (walked.length, walked.head) == peer, "the two walks disagree"
    print(
        f"{engine.dialect.name}: {walked.length:,} versions: verify {ours:.2f} s wall, "
        f"{ours_cpu:.2f} s CPU ({walked.length / ours:,.0f}/s); ORM peer {theirs:.2f} s wall, "
        f"{theirs_cpu:.2f} s CPU; ×{theirs / ours:.1f}"
    )


def main() -> None:
    """Store the synthetic election and time both walks, on SQLite and PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=33_334)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _run(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", args.stations)
    if args.no_postgres:
        return
    base = os.environ.get(
        "MAJLIS_BENCH_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"
    )
    name = f"majlis_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _run(make_url(base).set(database=name).render_as_string(hide_password=False), args.stations)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
