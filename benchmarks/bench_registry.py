"""Benchmark of the registry: bulk import, members-per-region query, the admission race.

    PYTHONPATH=src python benchmarks/bench_registry.py --rows 1000000

On SQLite (a temporary file) and PostgreSQL (a fresh database on MAJLIS_TEST_POSTGRES_URL's
server, dropped afterwards):

1. import 1,000,000 synthetic members (valid IINs, 20 regions, 6 parties: one CSV per party)
   with ``majlis.registry.bulk.import_members``; print rows/s and the process's peak memory;
   the peer is the one-by-one service path (``register_person`` + ``join``) measured on a
   sample in the same run, and the ratio is printed;
2. time the members-per-region query for one party (median of 21 runs, after ANALYZE);
3. race two transactions admitting the same person to two parties, 100 times, and count
   the runs in which exactly one won and the other got DuplicateMembership (on PostgreSQL
   the loser fails on the current roll's primary key; SQLite serialises the writers).

Targets (issue 3): >= 50,000 rows/s on both, peak memory < 1 GB, query < 50 ms, race 100/100.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import tempfile
import threading
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from majlis import registry, store
from majlis.errors import DuplicateMembership
from majlis.registry import stats
from majlis.registry.bulk import import_members

PARTIES = ["amanat", "auyl", "respublica", "ak-zhol", "peoples-party", "osdp"]
REGIONS = [r.code for r in registry.regions_on(date(2023, 1, 1))]
PG_URL = os.environ.get("MAJLIS_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")


def synthetic_iins(count: int, *, offset: int = 0):  # type: ignore[no-untyped-def]
    """Yield ``count`` distinct valid IINs (people born 1950-2005, serials 0..9999)."""
    made, i = 0, offset
    base = date(1950, 1, 1).toordinal()
    while made < count:
        day, serial = i % 20_000, (i // 20_000) % 10_000
        iin = registry.make_iin(date.fromordinal(base + day), "M" if i % 2 else "F", serial)
        i += 1
        if iin is not None:
            made += 1
            yield iin


def write_rolls(folder: Path, rows: int) -> list[Path]:
    """Write one roll CSV per party, ``rows`` members in total, streamed to disk."""
    per_party = rows // len(PARTIES)
    iins = synthetic_iins(per_party * len(PARTIES))
    paths = []
    for n, party in enumerate(PARTIES):
        path = folder / f"{party}.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["iin", "family_name", "given_name", "region", "joined_on"])
            for k in range(per_party):
                joined = date(2023, 1 + (k % 12), 1 + (k % 28)).isoformat()
                writer.writerow([next(iins), f"Family{n}", f"Given{k}", REGIONS[k % 20], joined])
        paths.append(path)
    return paths


def peak_mb() -> float:
    """The process's peak resident memory so far, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(url: str) -> None:
    """Migrate and create the six parties (those the database does not hold yet)."""
    engine = store.make_engine(url)
    store.upgrade(engine)
    with store.session_factory(engine)() as s:
        held = {party.slug for party, _ in registry.list_parties(s)}
        for slug in sorted(set(PARTIES) - held):
            registry.create_party(
                s, slug=slug, name=slug, initiated_on=date(2022, 9, 1), entered_by="bench"
            )
        s.commit()
    engine.dispose()


def bench_import(url: str, paths: list[Path]) -> tuple[int, float]:
    """Import every roll, one transaction per file; return (rows, seconds)."""
    engine = store.make_engine(url)
    total, started, cpu = 0, time.perf_counter(), time.process_time()
    for path, party in zip(paths, PARTIES, strict=True):
        with store.session_factory(engine)() as s:
            report = import_members(
                s, source=path, party=party, on=date(2024, 1, 1), entered_by="bench"
            )
            s.commit()
        total += report.imported
    seconds = time.perf_counter() - started
    print(
        f"  client CPU {time.process_time() - cpu:.1f} s for {total:,} rows; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE")
            )
        else:
            connection.execute(text("ANALYZE"))
            connection.commit()
    engine.dispose()
    return total, seconds


def bench_peer(url: str, count: int) -> float:
    """The one-by-one service path: register a person and join, commit per member; rows/s."""
    engine = store.make_engine(url)
    iins = list(synthetic_iins(count, offset=50_000_000))
    started = time.perf_counter()
    with store.session_factory(engine)() as s:
        for k, iin in enumerate(iins):
            registry.register_person(
                s, national_id=iin, family_name="P", given_name=str(k), region_code=REGIONS[k % 20]
            )
            registry.join(s, national_id=iin, party="osdp", on=date(2024, 1, 2), entered_by="peer")
        s.commit()
    engine.dispose()
    return count / (time.perf_counter() - started)


def bench_query(url: str) -> float:
    """Median seconds of the members-per-region query for one party."""
    engine = store.make_engine(url)
    times = []
    with store.session_factory(engine)() as s:
        for _ in range(21):
            started = time.perf_counter()
            rows = stats.members_by_region(s, party="amanat")
            times.append(time.perf_counter() - started)
        assert len(rows) == 20
    engine.dispose()
    return statistics.median(times)


def bench_race(url: str, runs: int) -> int:
    """Race two admissions of one person to two parties ``runs`` times; count clean outcomes."""
    engine = store.make_engine(url)
    factory = store.session_factory(engine)
    iins = list(synthetic_iins(runs, offset=80_000_000))
    with factory() as s:
        for k, iin in enumerate(iins):
            registry.register_person(
                s, national_id=iin, family_name="R", given_name=str(k), region_code="KZ-71"
            )
        s.commit()
    clean = 0
    for iin in iins:
        barrier = threading.Barrier(2)
        outcome: dict[str, str] = {}

        def attempt(
            party: str,
            iin: str = iin,
            barrier: threading.Barrier = barrier,
            outcome: dict[str, str] = outcome,
        ) -> None:
            with factory() as s:
                barrier.wait()
                try:
                    registry.join(
                        s, national_id=iin, party=party, on=date(2024, 2, 1), entered_by=party
                    )
                    s.commit()
                    outcome[party] = "won"
                except DuplicateMembership:
                    s.rollback()
                    outcome[party] = "duplicate"

        threads = [threading.Thread(target=attempt, args=(p,)) for p in ("auyl", "respublica")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        clean += sorted(outcome.values()) == ["duplicate", "won"]
    engine.dispose()
    return clean


def bench_verify(url: str) -> tuple[int, float]:
    """Verify the whole ledger (hash chain, roll against replay, counts); (events, seconds)."""
    engine = store.make_engine(url)
    started = time.perf_counter()
    with store.session_factory(engine)() as s:
        report = registry.verify_ledger(s)
    engine.dispose()
    return report.events, time.perf_counter() - started


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--peer-rows", type=int, default=2_000)
    parser.add_argument("--race", type=int, default=100)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        paths = write_rolls(folder, args.rows)
        print(
            f"wrote {args.rows:,} synthetic members in {len(paths)} rolls "
            f"({sum(p.stat().st_size for p in paths) / 2**20:.0f} MiB) in "
            f"{time.perf_counter() - started:.1f} s; peak memory {peak_mb():.0f} MiB"
        )
        for backend in args.backends.split(","):
            name = None
            if backend == "sqlite":
                url = f"sqlite:///{folder / 'bench.sqlite3'}"
            else:
                name = f"majlis_bench_{uuid.uuid4().hex[:8]}"
                admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
                with admin.connect() as c:
                    c.execute(text(f'CREATE DATABASE "{name}"'))
                url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
            try:
                prepare(url)
                rows, seconds = bench_import(url, paths)
                rate = rows / seconds
                query = bench_query(url)
                peer = bench_peer(url, args.peer_rows)
                print(
                    f"\n[{backend}] import: {rows:,} rows in {seconds:.1f} s = {rate:,.0f} rows/s "
                    f"(target >= 50,000) | peer one-by-one service path: {peer:,.0f} rows/s "
                    f"-> bulk is {rate / peer:.0f}x the peer"
                )
                print(
                    f"[{backend}] peak memory (process so far): {peak_mb():.0f} MiB (target < 1024)"
                )
                print(
                    f"[{backend}] members per region, one party: {query * 1000:.1f} ms median "
                    f"(target < 50 ms)"
                )
                if args.race:
                    clean = bench_race(url, args.race)
                    print(f"[{backend}] admission race: exactly one winner in {clean}/{args.race}")
                events, seconds = bench_verify(url)
                print(
                    f"[{backend}] registry verify: {events:,} events in {seconds:.1f} s; "
                    f"peak memory now {peak_mb():.0f} MiB"
                )
            finally:
                if name is not None:
                    with admin.connect() as c:
                        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    admin.dispose()


if __name__ == "__main__":
    main()
