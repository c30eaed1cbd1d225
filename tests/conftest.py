"""Fixtures shared by every test package.

Databases: the ``engine`` and ``session`` fixtures run a test twice, on SQLite (a file in a
temporary folder) and on PostgreSQL (one database per test session), each migrated with
``upgrade heads``.
PostgreSQL is reached through ``MAJLIS_TEST_POSTGRES_URL`` (default
``postgresql+psycopg://root@127.0.0.1:5432/test``); every test session creates its own
uniquely named database on that server and drops it at the end; after every test the
database is emptied back to the rows its migrations seeded (tables truncated, identities
restarted), so concurrent runs never share a database. When the server is unreachable the
PostgreSQL tests fail if ``CI=true`` or ``MAJLIS_TEST_POSTGRES_URL`` is set (``.ci/run`` sets
it); otherwise (a laptop without PostgreSQL) they are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from majlis import store

# Hypothesis' per-example deadline measures the machine, not the property: on a shared 2-core
# machine under load a correct example can take longer than 200 ms. Speed lives in benchmarks/.
settings.register_profile("majlis", deadline=None)
settings.load_profile("majlis")

REPO = Path(__file__).resolve().parent.parent
# the README's rule: $MAJLIS_DATA_DIR where it is set, else ../shared/data beside the clone
SHARED_DATA = Path(os.environ.get("MAJLIS_DATA_DIR") or REPO.parent / "shared" / "data")
POSTGRES_URL = os.environ.get(
    "MAJLIS_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only folder of real election data ($MAJLIS_DATA_DIR, else ../shared/data).

    A missing folder is an error, never a skip: the golden tests are the point.
    """
    if not SHARED_DATA.is_dir():
        raise FileNotFoundError(
            f"real election data expected at {SHARED_DATA} (../shared/data beside the clone, "
            "or $MAJLIS_DATA_DIR)"
        )
    return SHARED_DATA


def _admin_engine() -> Engine:
    """An autocommit engine on the server's ``test`` database, for CREATE/DROP DATABASE."""
    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per session with ``upgrade heads`` (copied per test)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    engine = store.make_engine(f"sqlite:///{path}")
    store.upgrade(engine)
    engine.dispose()  # closing the last connection checkpoints the WAL into the file
    if path.with_name(path.name + "-wal").exists():
        raise RuntimeError(f"{path}: the WAL was not checkpointed; the copies would be stale")
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, migrated with ``upgrade heads``.

    Fails when the server is unreachable and ``CI=true`` or ``MAJLIS_TEST_POSTGRES_URL`` is
    set (PostgreSQL was asked for); skips with the reason otherwise.
    """
    admin = _admin_engine()
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means the server is unusable
        admin.dispose()
        message = f"PostgreSQL unreachable at {POSTGRES_URL}: {exc.__class__.__name__}: {exc}"
        if os.environ.get("CI", "").lower() == "true" or "MAJLIS_TEST_POSTGRES_URL" in os.environ:
            pytest.fail(message)
        pytest.skip(message)
    name = f"majlis_t_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = _with_database(POSTGRES_URL, name)
    engine = store.make_engine(url)
    try:
        store.upgrade(engine)
    finally:
        engine.dispose()
    try:
        yield name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass(frozen=True)
class _PostgresDatabase:
    """The session's migrated PostgreSQL database and the rows its migrations seeded."""

    url: str
    seed: dict[str, list[dict[str, Any]]]
    serials: list[tuple[str, str]]


@pytest.fixture(scope="session")
def postgres_database(postgres_template: str) -> _PostgresDatabase:
    """The session database, with a snapshot of the seed rows to restore after each test."""
    url = _with_database(POSTGRES_URL, postgres_template)
    engine = create_engine(url)
    with engine.connect() as connection:
        tables = _user_tables(connection)
        seed = {
            table: [
                dict(row._mapping) for row in connection.execute(text(f'SELECT * FROM "{table}"'))
            ]
            for table in tables
        }
        serials = [
            (table, column)
            for table, column in connection.execute(
                text(
                    "SELECT table_name, column_name FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND (column_default LIKE 'nextval%' "
                    "OR is_identity = 'YES')"
                )
            )
        ]
    engine.dispose()
    return _PostgresDatabase(url=url, seed=seed, serials=serials)


def _user_tables(connection: Any) -> list[str]:
    return [
        name
        for (name,) in connection.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version' ORDER BY tablename"
            )
        )
    ]


def _reset_postgres(database: _PostgresDatabase) -> None:
    """Empty every table (triggers off, identities restarted) and restore the seed rows."""
    engine = create_engine(database.url)
    with engine.begin() as connection:
        # connections a test left open would block TRUNCATE: end them first
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        connection.execute(text("SET LOCAL lock_timeout = '30s'"))
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        tables = _user_tables(connection)
        if tables:
            names = ", ".join(f'"{t}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        for table, rows in database.seed.items():
            if rows:
                columns = list(rows[0])
                connection.execute(
                    text(
                        f'INSERT INTO "{table}" ({", ".join(columns)}) '
                        f"VALUES ({', '.join(':' + c for c in columns)})"
                    ),
                    rows,
                )
        for table, column in database.serials:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
                    f'COALESCE((SELECT MAX("{column}") FROM "{table}"), 0) + 1, false)'
                )
            )
    engine.dispose()


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fully migrated database holding only its seed rows: SQLite, then PostgreSQL.

    SQLite: a copy of the session's migrated template file. PostgreSQL: the session's
    database, emptied back to its seed rows after the test.
    """
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "majlis.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    database: _PostgresDatabase = request.getfixturevalue("postgres_database")
    try:
        yield database.url
    finally:
        _reset_postgres(database)


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def private_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database of this test's own, migrated with ``upgrade heads``.

    For tests that change the schema (migrations up and down), which the shared session
    database must not see: SQLite, a new file; PostgreSQL, a new database on the session's
    server, dropped after the test.
    """
    admin, name = None, f"majlis_p_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'private.sqlite3'}"
    else:
        request.getfixturevalue("postgres_template")  # reachable, or fail or skip as it says
        admin = _admin_engine()
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = _with_database(POSTGRES_URL, name)
    try:
        engine = store.make_engine(url)
        try:
            store.upgrade(engine)
        finally:
            engine.dispose()
        yield url
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a fresh migrated database (SQLite and PostgreSQL in turn)."""
    engine = store.make_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on a fresh migrated database (SQLite and PostgreSQL in turn)."""
    factory = store.session_factory(engine)
    with factory() as session:
        yield session


DEMO_STATIONS = 300


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding ``majlis demo`` data over 300 stations, with stored protocols.

    Built once per test session; tests that write must copy it first. The demo and synth
    packages are imported here, not at the top, so that only the tests asking for demo data
    pay for loading them.
    """
    from majlis import synth
    from majlis.demo import run_demo
    from majlis.store.results_rows import PollingStationRow

    folder = tmp_path_factory.mktemp("demo")
    demo = run_demo(folder=folder, stations=DEMO_STATIONS, seed=2021)
    engine = store.make_engine(f"sqlite:///{demo.database}")
    with store.session_factory(engine)() as session, session.begin():
        if session.scalar(text("SELECT count(*) FROM polling_station")) == 0:
            spec = synth.SynthSpec(
                stations=DEMO_STATIONS,
                seed=2021,
                double_entry=True,
                entry_differences=3,
                observer_share=0.05,
                observer_misreads=2,
                irregularities=synth.Irregularities(
                    stuffing_share=0.004, switching_share=0.003, rounding_share=0.003
                ),
            )
            synth.store_synthetic(session, synth.synthesize(spec))
        assert session.query(PollingStationRow).count() == DEMO_STATIONS
    engine.dispose()  # the last connection to close folds the WAL into the file (copied later)
    with sqlite3.connect(demo.database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return demo.database


@pytest.fixture
def count_election() -> Any:
    """Register an election for its count (lists in registration order) and link its CEC.

    Call after the central commission exists: ``count_election(session, "kz-2021", lists)``.
    """
    from datetime import date

    from majlis import elections, results

    def register(
        session: Session, slug: str, lists: tuple[str, ...], *, central: str = "CEC"
    ) -> None:
        elections.register_count_election(
            session, slug=slug, name=slug, lists=lists, polling_day=date(2021, 1, 10)
        )
        results.link_election(session, election=slug, commission=central)

    return register


@pytest.fixture
def count_station() -> Any:
    """Add a polling station under a territorial and a precinct commission of the CEC.

    Call after the central commission exists:
    ``count_station(session, "501", territorial="T5", region="Shymkent", ...)``; the precinct
    commission is ``P<code>`` and the territorial commission is named after the region.
    """
    from majlis import results

    def add(
        session: Session,
        code: str,
        *,
        territorial: str,
        region: str,
        address: str,
        voters: int,
        central: str = "CEC",
    ) -> str:
        results.add_commission(
            session,
            code=territorial,
            name=f"{region} TEC",
            level=results.CommissionLevel.TERRITORIAL,
            parent=central,
            region=region,
        )
        results.add_commission(
            session,
            code=f"P{code}",
            name=f"PEC {code}",
            level=results.CommissionLevel.PRECINCT,
            parent=territorial,
            region=region,
        )
        results.add_station(
            session,
            code=code,
            commission=f"P{code}",
            region=region,
            address=address,
            registered_voters=voters,
        )
        return code

    return add


@pytest.fixture
def small_chamber() -> Any:
    """Stage a small chamber: ``small_chamber(session)`` → the staged lists' members.

    Election ``e`` (the 2021 campaign's calendar) with Party A (list of 4) and Party B (list of 1);
    convocation ``c`` opened on 15 January 2021 seats Party A's candidates no. 1 and 3, Party
    B's no. 1, and nine members elected by the Assembly of the People.
    """
    from datetime import date

    from majlis import parliament
    from majlis.demo import CALENDAR, stage_election, stage_members

    opened = date(2021, 1, 15)

    def stage(session: Session) -> dict[str, list[Any]]:
        staged = stage_election(
            session,
            slug="e",
            calendar=CALENDAR,
            lists=[("party-a", "Party A", 4), ("party-b", "Party B", 1)],
        )
        parliament.open_convocation(session, slug="c", name="C", election="e", opened_on=opened)
        parliament.seat_lists(
            session,
            convocation="c",
            seats={"party-a": 2, "party-b": 1},
            on=opened,
            designations={
                "party-a": [staged["party-a"][0][1], staged["party-a"][2][1]],
                "party-b": [staged["party-b"][0][1]],
            },
        )
        nine = stage_members(session, count=9, seed=77)
        parliament.seat_appointed(
            session,
            convocation="c",
            persons=[p for _, p in nine],
            on=opened,
            decided_by=parliament.ASSEMBLY,
        )
        return staged

    return stage


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, one per test session (Playwright's sync API allows one)."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} missing: apt-get install -y chromium chromium-driver")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


#: axe-core, vendored (its licence beside it): WCAG checks run inside the page.
AXE = Path(__file__).parent / "web" / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_AXE_RUN = """async (tags) => {
  const out = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return out.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""

Violations = list[dict[str, Any]]
#: Pages to check (name → address) at a viewport width → what axe finds serious, by page.
AxeCheck = Callable[[Browser, int, Mapping[str, str]], dict[str, Violations]]


@pytest.fixture(scope="session")
def serious_violations() -> AxeCheck:
    """Open each page at the given width and run axe-core (WCAG 2.1 A/AA) in it; return the
    violations of impact serious or critical, by page (pages without any are left out)."""

    def check(browser: Browser, width: int, pages: Mapping[str, str]) -> dict[str, Violations]:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        found: dict[str, Violations] = {}
        for name, address in pages.items():
            page.goto(address)
            page.add_script_tag(path=str(AXE))
            seen: Violations = page.evaluate(_AXE_RUN, AXE_TAGS)
            if bad := [v for v in seen if v["impact"] in ("serious", "critical")]:
                found[name] = bad
        context.close()
        return found

    return check
