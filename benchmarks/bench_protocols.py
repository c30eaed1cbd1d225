"""Import + check + store + tabulate 100,000 protocols (10 lists) on SQLite and PostgreSQL.

Run from the repository root:

    PYTHONPATH=src python benchmarks/bench_protocols.py [--protocols 100000] [--no-postgres]

PostgreSQL: MAJLIS_BENCH_POSTGRES_URL (default postgresql+psycopg://root@127.0.0.1:5432/test);
a uniquely named database is created for the run and dropped afterwards.
Peer: the per-protocol check path (``check_protocol`` in a Python loop) measured on the same
protocols in the same run; the vectorised path must beat it and agree with it.
Targets (issue 4): ≥ 20,000 protocols/s check + tabulate in memory; ≥ 5,000/s including storage.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from majlis import store
from majlis.results import (
    check_protocol,
    check_table,
    import_protocols,
    invalid_fences,
    parse_protocol_file,
    tabulate,
    tabulate_election,
)
from majlis.synth import (
    NationalTotals,
    SynthSpec,
    load_synthetic_hierarchy,
    synthesize,
    table_frame,
)

TEN_LISTS = NationalTotals(
    election="bench-10-lists",
    registered=110_000_000,
    ballots=70_000_000,
    invalid=2_000_000,
    votes=tuple(
        (f"List {i + 1}", v)
        for i, v in enumerate(
            [
                30_000_000,
                12_000_000,
                8_000_000,
                6_000_000,
                4_000_000,
                3_000_000,
                2_000_000,
                1_500_000,
                1_000_000,
                500_000,
            ]
        )
    ),
)


def peak_mib() -> float:
    """Peak resident memory of this process so far (MiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rate(n: int, seconds: float) -> str:
    """Protocols per second, formatted."""
    return f"{n / seconds:>10,.0f} protocols/s ({seconds:6.2f} s)"


def in_memory(election: object, path: Path, n: int) -> None:
    """Parse, check (vectorised and the per-protocol peer) and tabulate in memory."""
    t0 = time.perf_counter()
    parsed = parse_protocol_file(path)
    t_parse = time.perf_counter() - t0
    table = parsed.table
    stations = {s.code: s for s in election.stations}  # type: ignore[attr-defined]
    regions = [stations[c].region for c in table.station]
    t0 = time.perf_counter()
    result = check_table(table, regions=regions)
    findings = result.findings()
    t_check = time.perf_counter() - t0
    t0 = time.perf_counter()
    tab = tabulate(
        table,
        territorial={c: s.territorial for c, s in stations.items()},
        region={s.territorial: s.region for s in stations.values()},
    )
    t_tab = time.perf_counter() - t0
    fences = invalid_fences(regions, table.counts["invalid"], table.line("found"))
    protocols = table.protocols()
    t0 = time.perf_counter()
    slow = [
        f
        for p, r in zip(protocols, regions, strict=True)
        for f in check_protocol(p, invalid_fence=fences.get(r))
    ]
    t_slow = time.perf_counter() - t0
    assert slow == findings, "vectorised and per-protocol checks disagree"
    assert tab.national.lines["found"] == TEN_LISTS.ballots
    print(f"parse {path.suffix:<8}            {rate(n, t_parse)}")
    print(f"check (vectorised, findings)   {rate(n, t_check)}")
    print(f"tabulate 4 levels              {rate(n, t_tab)}")
    print(f"check + tabulate in memory     {rate(n, t_check + t_tab)}   target ≥ 20,000/s")
    print(
        f"peer: check_protocol loop      {rate(n, t_slow)}   vectorised check is "
        f"{t_slow / t_check:,.1f}× faster, same {len(findings):,} findings"
    )
    print(f"peak memory so far: {peak_mib():,.0f} MiB")


def on_database(name: str, url: str, election: object, path: Path, n: int) -> None:
    """Hierarchy (untimed), then import + check + store in one transaction, then tabulate."""
    engine = store.make_engine(url)
    store.upgrade(engine)
    factory = store.session_factory(engine)
    with factory() as session, session.begin():
        load_synthetic_hierarchy(session, election)  # type: ignore[arg-type]
    t0 = time.perf_counter()
    with factory() as session, session.begin():
        report = import_protocols(session, path)
    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    with factory() as session:
        tab = tabulate_election(session, TEN_LISTS.election)
    t_tab = time.perf_counter() - t0
    assert report.final == n
    assert tab.national.lines["found"] == TEN_LISTS.ballots
    engine.dispose()
    print(f"{name:<10} import+check+store      {rate(n, t_import)}")
    print(f"{name:<10} tabulate from storage   {rate(n, t_tab)}")
    print(f"{name:<10} all four                {rate(n, t_import + t_tab)}   target ≥ 5,000/s")
    print(f"peak memory so far: {peak_mib():,.0f} MiB")


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protocols", type=int, default=100_000)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    n = args.protocols
    t0 = time.perf_counter()
    election = synthesize(
        SynthSpec(totals=TEN_LISTS, stations=n, territorials=max(17, n // 50), seed=1)
    )
    print(f"synthesize {n:,} stations, 10 lists: {time.perf_counter() - t0:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        frame = table_frame(election.official)
        for suffix in (".parquet", ".csv"):
            path = folder / f"protocols{suffix}"
            frame.write_parquet(path) if suffix == ".parquet" else frame.write_csv(path)
        in_memory(election, folder / "protocols.csv", n)
        in_memory(election, folder / "protocols.parquet", n)
        on_database(
            "sqlite",
            f"sqlite:///{folder / 'bench.sqlite3'}",
            election,
            folder / "protocols.parquet",
            n,
        )
        if not args.no_postgres:
            admin_url = os.environ.get(
                "MAJLIS_BENCH_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"
            )
            db = f"majlis_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as c:
                c.execute(text(f'CREATE DATABASE "{db}"'))
            try:
                url = make_url(admin_url).set(database=db).render_as_string(hide_password=False)
                on_database("postgresql", url, election, folder / "protocols.parquet", n)
            finally:
                with admin.connect() as c:
                    c.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    main()
