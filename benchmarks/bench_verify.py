"""Benchmark of ledger verification: ``verify_ledger`` against the row-by-row version it replaced.

    PYTHONPATH=src python benchmarks/bench_verify.py --rows 1000000

On SQLite (a temporary file) and PostgreSQL (a fresh database on MAJLIS_TEST_POSTGRES_URL's
server, dropped afterwards): build a ledger of ``--rows`` membership events with the bulk
import (the synthetic rolls of ``bench_registry.py``: six parties, 20 regions), then time

1. the peer, :func:`verify_ledger_before` (below), and
2. :func:`majlis.registry.verify_ledger`,

each in a fresh session, alternately, ``--repeat`` times; print the median of each, their
ratio (target: 20x or more), both reports (they must agree), and the process's peak memory
(target: < 1 GB; the peer's dictionaries of dataclasses count towards it, so the figure is
an upper bound for the new path). The machine is shared: the ratio, measured in the same run
on the same ledger, is the figure; the seconds depend on the load. The CPU time is this
process's: on PostgreSQL the server's part (reading the ledger for the new path, which hashes
in this process) is not in it, so there the wall ratio is the one to quote. Beside it, when
the server runs on this machine, the CPU of all its processes (from ``/proc``, the exited
ones included) is added to each side's: a ratio of CPU that another job's load on the
machine moves less than the wall time, though it counts whatever else the server did.

With ``--protocols STATIONS`` (issue 13's figure: 1,000,000 events plus 100,000 protocol
versions, ``--protocols 33334``), a synthetic election with double entry (three protocol
versions per station, its final decisions and tally) is stored beside the ledger, and the
whole of ``majlis verify`` (:func:`majlis.record.verify_record`: the ledger, every election's
chains and every head) is timed too, in the same alternation; its ratio to the peer, which
verifies the ledger alone, is the issue's figure.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

# run as a script, this folder is on the path: the rolls and the import are bench_registry's
from bench_registry import PG_URL, bench_import, prepare, write_rolls
from majlis import record, registry, store
from majlis.errors import IntegrityError
from majlis.registry.ledger import event_hash, replay
from majlis.registry.model import ActiveMembership
from majlis.registry.verify import LedgerReport
from majlis.store.registry_rows import (
    GENESIS_HASH,
    CurrentMembershipRow,
    LedgerHeadRow,
    MembershipEventRow,
    RollCountRow,
)
from majlis.store.results_rows import ProtocolVersionRow
from majlis.synth import SynthSpec, store_synthetic, synthesize


def replayed_roll_before(session: Session) -> dict[int, ActiveMembership]:
    """Replay the whole ledger (seq order) into the roll, keyed by person id."""
    with session.execute(
        select(
            MembershipEventRow.seq,
            MembershipEventRow.person_id,
            MembershipEventRow.party_id,
            MembershipEventRow.kind,
            MembershipEventRow.occurred_on,
        )
        .order_by(MembershipEventRow.seq)
        .execution_options(yield_per=50_000)
    ) as rows:
        return replay(rows)


def _check_before(row: MembershipEventRow, count: int, prev_hash: str) -> str:
    """Check one event's place and hash in the chain after ``prev_hash``; return its hash."""
    where = f"ledger event #{row.seq} ({row.kind}, person {row.person_id}, party {row.party_id})"
    if row.seq != count:
        raise IntegrityError(f"{where}: sequence number expected {count}")
    digest = event_hash(
        prev_hash=prev_hash,
        seq=row.seq,
        person_id=row.person_id,
        party_id=row.party_id,
        kind=row.kind,
        occurred_on=row.occurred_on,
        reason=row.reason,
        deciding_body=row.deciding_body,
        founder=row.founder,
        entered_by=row.entered_by,
        entered_at=row.entered_at,
    )
    if digest != row.hash:
        raise IntegrityError(
            f"{where}: stored content does not match its hash (the row was edited after "
            f"it was entered by {row.entered_by!r})"
        )
    return row.hash


def verify_ledger_before(
    session: Session, *, progress: Callable[[int], None] | None = None
) -> LedgerReport:
    """The honest peer: ``verify_ledger`` as it was before the fast path, verbatim.

    It is what a user runs today (``majlis registry verify``): every event as an ORM object,
    its hash recomputed by :func:`~majlis.registry.ledger.event_hash`, then a second pass
    replaying the ledger into a dictionary of dataclasses compared with the stored roll
    person by person, and the counts grouped by the database. It checks what the new path
    checks, on the same database, so the ratio is the speed-up a user sees.

    Its own docstring, as it was: recompute every event's hash in order and compare the
    stored roll with a replay.

    Each event's hash is recomputed over its content and the stored hash of the event
    before it, so an edited event fails its own check, and an edited event whose hash was
    recomputed too fails the next one's.

    Raises:
        IntegrityError: naming the first event whose stored hash or sequence number
            is wrong, or the first person whose stored membership differs from the replay.
    """
    expected_prev = GENESIS_HASH
    count = 0
    with session.scalars(
        select(MembershipEventRow)
        .order_by(MembershipEventRow.seq)
        .execution_options(yield_per=20_000)
    ) as events:
        for row in events:
            expected_prev = _check_before(row, count := count + 1, expected_prev)
            if progress is not None and count % 10_000 == 0:
                progress(count)
    head = session.get(LedgerHeadRow, 1)
    if head is None or head.seq != count or head.hash != expected_prev:
        raise IntegrityError(
            f"the ledger head (seq {head.seq if head else '?'}) does not match the last event "
            f"(#{count}): events were removed or appended outside majlis"
        )
    replayed = replayed_roll_before(session)
    active = 0
    stmt = (
        select(
            CurrentMembershipRow.person_id,
            CurrentMembershipRow.party_id,
            CurrentMembershipRow.since,
            CurrentMembershipRow.event_seq,
        )
        .order_by(CurrentMembershipRow.person_id)
        .execution_options(yield_per=50_000)
    )
    with session.execute(stmt) as stored_rows:
        for person_id, party_id, since, seq in stored_rows:
            stored = ActiveMembership(person_id, party_id, since, seq)
            expected = replayed.pop(person_id, None)
            if expected != stored:
                raise IntegrityError(
                    f"the current roll differs from the ledger for person {person_id}: stored "
                    f"{stored}, replayed {expected}"
                )
            active += 1
    if replayed:
        person_id = min(replayed)
        raise IntegrityError(
            f"the current roll differs from the ledger for person {person_id}: stored None, "
            f"replayed {replayed[person_id]}"
        )
    counted = {
        (party, region): members
        for party, region, members in session.execute(
            select(RollCountRow.party_id, RollCountRow.region_code, RollCountRow.members).where(
                RollCountRow.members != 0
            )
        )
    }
    rolled = {
        (party, region or ""): int(members)
        for party, region, members in session.execute(
            select(
                CurrentMembershipRow.party_id, CurrentMembershipRow.region_code, func.count()
            ).group_by(CurrentMembershipRow.party_id, CurrentMembershipRow.region_code)
        )
    }
    if counted != rolled:
        wrong = sorted(set(counted.items()) ^ set(rolled.items()))[:3]
        raise IntegrityError(
            f"the member counts per party and region differ from the roll: {wrong}"
        )
    return LedgerReport(events=count, head_hash=expected_prev, active_members=active)


#: on PostgreSQL the server reads the ledger as text for the new path, which this process's
#: CPU time does not count: there the wall ratio is the figure
SERVER_NOTE = " (the server's part not counted: the wall ratio is the figure)"


def server_cpu() -> float:
    """CPU seconds spent so far by every PostgreSQL process on this machine, the exited ones
    included (counted in their parent's children's time); NaN when none runs here."""
    ticks, found = 0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            line = stat.read_text()
        except OSError:  # (the process ended)
            continue
        if not line[line.index("(") + 1 : line.rindex(")")].startswith("postgres"):
            continue
        found = True
        fields = line[line.rindex(")") + 2 :].split()
        ticks += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK") if found else float("nan")


def peak_mb() -> float:
    """The process's peak resident memory so far, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(
    url: str, verify: Callable[..., LedgerReport]
) -> tuple[LedgerReport, float, float, float]:
    """One verification in a fresh session: (report, wall seconds, CPU seconds of this
    process, CPU seconds of the PostgreSQL server's processes on this machine)."""
    engine = store.make_engine(url)
    gc.collect()  # neither side pays for the garbage of the run before it
    with store.session_factory(engine)() as s:
        server = server_cpu()
        started, cpu = time.perf_counter(), time.process_time()
        report = verify(s)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        server = server_cpu() - server
    engine.dispose()
    return report, seconds, cpu, server


def store_protocols(url: str, stations: int) -> int:
    """Store a synthetic election with double entry; return its protocol versions."""
    engine = store.make_engine(url)
    synth = synthesize(SynthSpec(stations=stations, seed=1, observer_share=0.0, double_entry=True))
    with store.session_factory(engine)() as session, session.begin():
        store_synthetic(session, synth)
    with store.session_factory(engine)() as session:
        versions = session.scalar(select(func.count()).select_from(ProtocolVersionRow)) or 0
    engine.dispose()
    return int(versions)


def _whole_record(session: Session) -> LedgerReport:
    """``majlis verify`` as the CLI runs it (the ledger beside the elections' chains): every
    chain; its ledger part as a report to compare."""
    report = record.verify_record(session, sibling=store.sibling_sessions(session))
    ledger = next(h for h in report.heads if h.chain == "membership_event")
    return LedgerReport(ledger.length, ledger.hash, report.active_members)


def bench(backend: str, url: str, repeat: int, *, whole: bool = False) -> None:
    """Time the peer and the new path alternately on one ledger and print the figures."""
    # (wall, this process's CPU, the server's CPU) of each run
    before: list[list[float]] = []
    after: list[list[float]] = []
    entire: list[list[float]] = []
    for _ in range(repeat):
        old, *figures = timed(url, verify_ledger_before)
        before.append(figures)
        new, *figures = timed(url, registry.verify_ledger)
        after.append(figures)
        if new != old:
            raise SystemExit(f"[{backend}] the reports differ: {old} vs {new}")
        if whole:
            every, *figures = timed(url, _whole_record)
            entire.append(figures)
            if every != old:
                raise SystemExit(f"[{backend}] the reports differ: {old} vs {every}")
    wall_old, cpu_old, server_old = (statistics.median(f[i] for f in before) for i in range(3))
    wall_new, cpu_new, server_new = (statistics.median(f[i] for f in after) for i in range(3))
    postgres = backend == "postgresql"
    print(
        f"[{backend}] {new.events:,} events, {new.active_members:,} members, head "
        f"{new.head_hash[:16]}... (both agree)\n"
        f"[{backend}] peer verify_ledger_before: {wall_old:.2f} s wall ({cpu_old:.2f} s CPU) | "
        f"verify_ledger: {wall_new:.2f} s wall ({cpu_new:.2f} s CPU) -> "
        f"{wall_old / wall_new:.1f}x faster (target >= 20x), {cpu_old / cpu_new:.1f}x less CPU "
        f"in this process{SERVER_NOTE if postgres else ''}; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    if postgres:
        print(_server_line(backend, "verify_ledger", (cpu_old, server_old), (cpu_new, server_new)))
    print(f"[{backend}] peak memory (process so far): {peak_mb():.0f} MiB (target < 1024)")
    if entire:
        wall_all, cpu_all, server_all = (statistics.median(f[i] for f in entire) for i in range(3))
        print(
            f"[{backend}] majlis verify (ledger + protocol chains + heads): {wall_all:.2f} s wall "
            f"({cpu_all:.2f} s CPU) -> {wall_old / wall_all:.1f}x faster than the peer's "
            f"ledger alone (target >= 20x)"
        )
        if postgres:
            print(
                _server_line(backend, "majlis verify", (cpu_old, server_old), (cpu_all, server_all))
            )


def _server_line(
    backend: str, name: str, peer: tuple[float, float], ours: tuple[float, float]
) -> str:
    """The CPU of this process and of the server's processes, each side, and their ratio: a
    figure that a machine's other load moves less than the wall time (the server's CPU is
    NaN when it runs on another machine)."""
    return (
        f"[{backend}]   CPU with the server's (all PostgreSQL processes on this machine): peer "
        f"{peer[0]:.2f} + {peer[1]:.2f} s | {name} {ours[0]:.2f} + {ours[1]:.2f} s -> "
        f"{sum(peer) / sum(ours):.1f}x less"
    )


def main() -> None:
    """Build the ledgers and run the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--protocols", type=int, default=0, help="stations of a stored election (3 versions each)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_rolls(folder, args.rows)
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
                if args.protocols:  # first: it registers the parties the rolls join
                    store.upgrade(store.make_engine(url))
                    versions = store_protocols(url, args.protocols)
                    print(f"[{backend}] an election of {versions:,} protocol versions stored")
                prepare(url)
                rows, seconds = bench_import(url, paths)
                print(f"[{backend}] ledger of {rows:,} events built in {seconds:.1f} s")
                bench(backend, url, args.repeat, whole=bool(args.protocols))
            finally:
                if name is not None:
                    with admin.connect() as c:
                        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    admin.dispose()


if __name__ == "__main__":
    main()
