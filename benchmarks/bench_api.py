"""Load run of the API and the dashboard on loopback against the demo data on PostgreSQL.

Builds the 2021 demo (campaign, synthetic protocols, chamber) in a fresh PostgreSQL database,
serves it with ``majlis serve --workers N``, then, bounded in time:

1. readers only: the published-results API and the public results page (cached);
2. observers alone, submitting protocol copies (one copy per station and observer);
3. mixed: readers paced at ``--read-rate`` requests/s in all (default 1,500, above the 1,000 of
   the target; half on the results API, half on the national results page) while observers
   submit as fast as they are answered — the load the targets name;
4. stress: readers as fast as the server answers them while observers submit (shows how the
   two share the machine when it is saturated; no target).

and prints requests/s and p50/p99 latency per phase. Afterwards it counts the submissions in
the database: every accepted submission must be stored exactly once (none lost, none twice);
the only stored rows not counted as accepted may be the requests still in flight when wrk's
time ran out (wrk stops without reading their answers: at most one per connection and phase).
Peer: the same server's liveness endpoint (``/api/v1/health``, no database, no domain code),
measured in the same run, as the ceiling of this machine and client.

    PYTHONPATH=src python benchmarks/bench_api.py --stations 10061 --seconds 10

Targets (issue 6), read in the mixed phase: >= 1,000 req/s on cached results with p99 < 100 ms
while >= 200 submissions/s are stored, none lost or duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing as mp
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from majlis import results, store
from majlis.demo import ELECTION_SLUG, stage_counted_election
from majlis.store.results_rows import ProtocolVersionRow
from majlis.store.tokens import Role, issue_token

SERVER_URL = os.environ.get(
    "MAJLIS_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"
)


@dataclass
class Phase:
    """What one client process measured."""

    name: str
    latencies: list[float]
    errors: int
    seconds: float


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def build_database(url: str, stations: int) -> None:
    """Stage the demo (campaign, protocols, chamber) in the database at ``url``."""
    engine = store.make_engine(url)
    store.upgrade(engine)
    with store.session_factory(engine)() as session:
        stage_counted_election(session, stations=stations, seed=2021)
    with engine.connect() as connection:  # planner statistics after the bulk load
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    engine.dispose()


async def _reader(client: httpx.AsyncClient, paths: list[str], until: float, out: Phase) -> None:
    i = 0
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            response = await client.get(paths[i % len(paths)])
            ok = response.status_code == 200
        except httpx.HTTPError:
            ok = False
        out.latencies.append(time.perf_counter() - started)
        out.errors += not ok
        i += 1


async def _writer(
    client: httpx.AsyncClient,
    jobs: list[tuple[str, dict[str, Any]]],
    until: float,
    out: Phase,
    accepted: list[str],
) -> None:
    for key, body in jobs:
        if time.perf_counter() >= until:
            break
        started = time.perf_counter()
        try:
            response = await client.post(f"/api/v1/elections/{ELECTION_SLUG}/protocols", json=body)
            status = response.status_code
        except httpx.HTTPError:
            status = 0  # unknown outcome: the count afterwards tells whether it was stored
        out.latencies.append(time.perf_counter() - started)
        if status == 201:
            accepted.append(key)
        else:
            out.errors += 1


def _client_process(
    base: str,
    kind: str,
    paths: list[str],
    seconds: float,
    concurrency: int,
    token: str,
    jobs: list[tuple[str, dict[str, Any]]],
    queue: Any,
) -> None:
    async def main() -> None:
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with httpx.AsyncClient(
            base_url=base, limits=limits, headers=headers, timeout=30
        ) as client:
            out = Phase(kind, [], 0, seconds)
            accepted: list[str] = []
            until = time.perf_counter() + seconds
            if kind == "read":
                await asyncio.gather(
                    *(_reader(client, paths, until, out) for _ in range(concurrency))
                )
            else:
                share = [jobs[i::concurrency] for i in range(concurrency)]
                await asyncio.gather(
                    *(_writer(client, part, until, out, accepted) for part in share)
                )
            queue.put((out.name, out.latencies, out.errors, accepted))

    asyncio.run(main())


def _observer_jobs(url: str, observers: int, writer_id: int) -> list[tuple[str, dict[str, Any]]]:
    """One observer copy per (station, observer): the official figures as the copy."""
    engine = store.make_engine(url)
    with store.session_factory(engine)() as session:
        table, _ = results.final_table(session, ELECTION_SLUG)
    engine.dispose()
    jobs = []
    for i in range(len(table)):
        p = table.protocol(i)
        lines = p.lines.as_dict()
        body = {
            "station": p.station,
            "source": "observer",
            "lines": lines,
            "evidence_sha256": hashlib.sha256(f"{p.station}/{writer_id}".encode()).hexdigest(),
        }
        jobs.append((f"{p.station}", body))
    del observers
    return jobs


def run_phase(
    base: str,
    *,
    seconds: float,
    readers: list[tuple[list[str], int]],
    writers: list[tuple[str, list[tuple[str, dict[str, Any]]], int]],
) -> dict[str, Any]:
    """Run reader and writer client processes together; gather their measurements."""
    queue: Any = mp.Queue()
    procs = [
        mp.Process(target=_client_process, args=(base, "read", paths, seconds, conc, "", [], queue))
        for paths, conc in readers
    ] + [
        mp.Process(
            target=_client_process, args=(base, "write", [], seconds, conc, token, jobs, queue)
        )
        for token, jobs, conc in writers
    ]
    for p in procs:
        p.start()
    gathered = [queue.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join()
    out: dict[str, Any] = {"read": ([], 0), "write": ([], 0), "accepted": []}
    for kind, lat, errors, accepted in gathered:
        prev_lat, prev_err = out[kind]
        out[kind] = (prev_lat + lat, prev_err + errors)
        out["accepted"] += accepted
    return out


def wrk(
    base: str, path: str, seconds: float, connections: int, *, rate: float = 0.0
) -> subprocess.Popen[str]:
    """Start Debian's ``wrk`` on one URL (two threads, ``connections`` open connections).

    With ``rate`` > 0 every connection pauses before each request (wrk's ``delay()`` hook, whole
    milliseconds), so that the readers together ask for at most about ``rate`` requests/s
    instead of as many as the server can answer; the measured rate is printed as usual.
    """
    command = ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency"]
    if rate > 0:
        pause = max(1, round(1000 * connections / rate))
        script = Path(tempfile.mkdtemp()) / "pace.lua"
        script.write_text(f"function delay()\n  return {pause}\nend\n")
        command += ["-s", str(script)]
    return subprocess.Popen(
        [*command, base + path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


_SUBMIT_LUA = """\
-- one POST per protocol copy, each body sent once; 201s counted across threads
local bodies = dofile("%(bodies)s")
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  thread:set("accepted", 0)
  table.insert(threads, thread)
end
function init(args)
  step = tonumber(args[1])
  next_body = id + 1
  accepted = 0
end
function request()
  local body = bodies[next_body]
  next_body = next_body + step
  if body == nil then
    return wrk.format("GET", "/api/v1/health")
  end
  return wrk.format("POST", "%(path)s", {
    ["Authorization"] = "Bearer %(token)s",
    ["Content-Type"] = "application/json",
  }, body)
end
function response(status, headers, body)
  if status == 201 then accepted = accepted + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("accepted") end
  io.write(string.format("accepted: %%d\\n", total))
end
"""


def wrk_submit(
    base: str, token: str, jobs: list[tuple[str, dict[str, Any]]], seconds: float, connections: int
) -> subprocess.Popen[str]:
    """Start ``wrk`` POSTing each protocol copy of ``jobs`` once, as the holder of ``token``."""
    folder = Path(tempfile.mkdtemp())
    bodies = folder / "bodies.lua"
    bodies.write_text(
        "return {\n" + "".join(f"[==[{json.dumps(body)}]==],\n" for _, body in jobs) + "}\n"
    )
    script = folder / "submit.lua"
    path = f"/api/v1/elections/{ELECTION_SLUG}/protocols"
    script.write_text(_SUBMIT_LUA % {"bodies": bodies, "path": path, "token": token})
    threads = 2
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{int(seconds)}s", "--latency"]
    return subprocess.Popen(
        [*command, "-s", str(script), base + "/", "--", str(threads)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _ms(text_value: str) -> float:
    number = float(text_value.rstrip("umsn"))
    unit = text_value[len(text_value.rstrip("umsn")) :]
    return number * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk_report(process: subprocess.Popen[str], label: str) -> tuple[float, str]:
    """Print a wrk run as req/s, p50, p99 and errors; return req/s and wrk's output."""
    out, _ = process.communicate(timeout=600)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    print(
        f"{label:<40} {rate:8.0f} req/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   n={total}  "
        f"non-2xx={bad.group(1) if bad else 0}{'  ' + errors.group(1) if errors else ''}"
    )
    return rate, out


def wrk_accepted(output: str) -> int:
    """The submissions a :func:`wrk_submit` run saw accepted (201), from its output."""
    found = re.search(r"accepted: (\d+)", output)
    if found is None:
        raise RuntimeError("wrk did not report its accepted submissions")
    return int(found.group(1))


def _stats(latencies: list[float], seconds: float) -> str:
    if not latencies:
        return "no requests"
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000
    rate = len(ordered) / seconds
    return f"{rate:8.0f} req/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   n={len(ordered)}"


def _say(
    label: str, measured: tuple[list[float], int], seconds: float, bad: str = "errors"
) -> None:
    print(f"{label:<40} {_stats(measured[0], seconds)}  {bad}={measured[1]}")


def main() -> None:
    """Build, serve, load, count, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=SERVER_URL, help="PostgreSQL server URL")
    parser.add_argument("--stations", type=int, default=10_061)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--readers", type=int, default=64, help="concurrent readers in total")
    parser.add_argument("--clients", type=int, default=2, help="reader client processes")
    parser.add_argument("--writers", type=int, default=8, help="concurrent submitters")
    parser.add_argument(
        "--read-rate",
        type=float,
        default=1500.0,
        help="requests/s the readers ask for in the mixed phase (wrk only; 0 = unpaced)",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        help="serve with the access log on (the default of majlis serve; lines go to /dev/null)",
    )
    args = parser.parse_args()

    admin = create_engine(args.server, isolation_level="AUTOCOMMIT")
    name = f"majlis_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.server).set(database=name).render_as_string(hide_password=False)
    server: subprocess.Popen[bytes] | None = None
    try:
        started = time.perf_counter()
        build_database(url, args.stations)
        took = time.perf_counter() - started
        print(f"demo data: {args.stations:,} stations on PostgreSQL in {took:.1f} s")
        engine = store.make_engine(url)
        with store.session_factory(engine)() as session, session.begin():
            tokens = [
                issue_token(session, name=f"bench-observer-{i}", role=Role.OBSERVER).secret
                for i in range(6)
            ]
        engine.dispose()
        port = _free_port()
        env = {
            **os.environ,
            "MAJLIS_DATABASE_URL": url,
            "MAJLIS_ACCESS_LOG": "true" if args.access_log else "false",
            "MAJLIS_LOG_LEVEL": "info" if args.access_log else "warning",
            "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src"),
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "majlis",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/v1/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not become ready")
            time.sleep(0.3)
        api = f"/api/v1/elections/{ELECTION_SLUG}/results"
        for path in (api, "/results", api + "?level=territorial"):
            for _ in range(args.workers * 3):
                httpx.get(base + path, timeout=120)
        per_client = max(1, args.readers // args.clients)
        print(
            f"server: majlis serve --workers {args.workers} (access log "
            f"{'on' if args.access_log else 'off'}); {args.readers} readers in "
            f"{args.clients} processes; {args.seconds:.0f} s per phase; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )

        if shutil.which("wrk"):
            print("client: wrk (Debian) for readers and submitters")
            peer_rate, _ = wrk_report(
                wrk(base, "/api/v1/health", args.seconds, args.readers), "peer   GET /api/v1/health"
            )
            api_rate, _ = wrk_report(
                wrk(base, api, args.seconds, args.readers), "read   GET results API (cached)"
            )
            wrk_report(
                wrk(base, "/results", args.seconds, args.readers),
                "read   GET /results page (cached)",
            )
        else:
            print("client: Python httpx processes (install wrk for a lighter client)")
            peer = run_phase(
                base,
                seconds=args.seconds,
                readers=[(["/api/v1/health"], per_client)] * args.clients,
                writers=[],
            )
            _say("peer   GET /api/v1/health", peer["read"], args.seconds)
            api_only = run_phase(
                base, seconds=args.seconds, readers=[([api], per_client)] * args.clients, writers=[]
            )
            _say("read   GET results API (cached)", api_only["read"], args.seconds)
            page_only = run_phase(
                base,
                seconds=args.seconds,
                readers=[(["/results"], per_client)] * args.clients,
                writers=[],
            )
            _say("read   GET /results page (cached)", page_only["read"], args.seconds)
            peer_rate = len(peer["read"][0]) / args.seconds
            api_rate = len(api_only["read"][0]) / args.seconds
        print(f"{'ratio  results API / health peer':<40} {api_rate / max(peer_rate, 1e-9):8.2f}")

        jobs = [_observer_jobs(url, 2, i) for i in range(6)]
        accepted = 0
        in_flight = 0  # requests wrk may leave unanswered when its time is up
        if shutil.which("wrk"):
            in_flight = 3 * args.writers
            alone = wrk_submit(base, tokens[0], jobs[0], args.seconds, args.writers)
            accepted += wrk_accepted(wrk_report(alone, "write  POST observer copies (alone)")[1])
            # the targets' load: paced readers (half on the API, half on the page) well above
            # 1,000 req/s in all while observers submit
            half = max(1, args.readers // 2)
            paced_api = wrk(base, api, args.seconds, half, rate=args.read_rate / 2)
            paced_page = wrk(base, "/results", args.seconds, half, rate=args.read_rate / 2)
            mixed = wrk_submit(base, tokens[1], jobs[1], args.seconds, args.writers)
            wrk_report(paced_api, f"mixed  GET results API (paced {args.read_rate / 2:.0f}/s)")
            wrk_report(paced_page, f"mixed  GET /results page (paced {args.read_rate / 2:.0f}/s)")
            accepted += wrk_accepted(wrk_report(mixed, "mixed  POST observer copies")[1])
            # stress: readers as fast as the server answers them, submitters alongside
            flood = wrk(base, api, args.seconds, args.readers)
            stress = wrk_submit(base, tokens[2], jobs[2], args.seconds, args.writers)
            wrk_report(flood, "stress GET results API (unpaced)")
            accepted += wrk_accepted(wrk_report(stress, "stress POST observer copies")[1])
        else:
            writes = run_phase(
                base,
                seconds=args.seconds,
                readers=[],
                writers=[(tokens[i], jobs[i], max(1, args.writers // 2)) for i in (2, 3)],
            )
            _say("write  POST observer copies (alone)", writes["write"], args.seconds, "refused")
            mixed_py = run_phase(
                base,
                seconds=args.seconds,
                readers=[([api, "/results"], per_client)] * args.clients,
                writers=[(tokens[i], jobs[i], max(1, args.writers // 2)) for i in range(2)],
            )
            _say("mixed  GET results while submitting", mixed_py["read"], args.seconds)
            _say("mixed  POST observer copies", mixed_py["write"], args.seconds, "refused")
            accepted = len(writes["accepted"]) + len(mixed_py["accepted"])

        engine = store.make_engine(url)
        with engine.connect() as connection:
            stored = connection.execute(
                select(func.count())
                .select_from(ProtocolVersionRow)
                .where(
                    ProtocolVersionRow.election == ELECTION_SLUG,
                    ProtocolVersionRow.observer.like("bench-observer-%"),
                )
            ).scalar_one()
            twice = connection.execute(
                select(func.count()).select_from(
                    select(ProtocolVersionRow.station_id, ProtocolVersionRow.observer)
                    .where(ProtocolVersionRow.observer.like("bench-observer-%"))
                    .group_by(ProtocolVersionRow.station_id, ProtocolVersionRow.observer)
                    .having(func.count() > 1)
                    .subquery()
                )
            ).scalar_one()
        engine.dispose()
        print(
            f"count  accepted {accepted:,}; stored {stored:,}; lost {max(0, accepted - stored):,}; "
            f"stored twice {twice:,}; stored but unanswered {max(0, stored - accepted):,} "
            f"(in flight when the client stopped: at most {in_flight})"
        )
        if accepted > stored or twice or stored - accepted > in_flight:
            raise SystemExit("submissions were lost, duplicated or stored without being sent")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
