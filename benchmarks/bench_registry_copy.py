"""Where the PostgreSQL roll import spends its time: COPY into the ledger, with and without FKs.

    PYTHONPATH=src python benchmarks/bench_registry_copy.py --rows 200000

On a fresh, migrated database (MAJLIS_TEST_POSTGRES_URL's server, dropped afterwards) with
``--rows`` people, COPY ``--rows`` ``admitted`` events into ``membership_event`` the way
``majlis members import`` does, four times, each in its own transaction that is rolled
back:

1. the schema as shipped (the peer): two foreign keys, checked row by row by PostgreSQL's
   FK triggers, plus the primary key and two secondary indexes;
2. without the two foreign keys (dropped inside the transaction, so never committed);
3. without the two secondary indexes;
4. without both.

It prints rows/s and the ratio against the shipped schema. Variants 2-4 are measurements,
not proposals: dropping a constraint takes an ACCESS EXCLUSIVE lock on the ledger for the
whole import and re-adding it re-validates the whole table.
"""

from __future__ import annotations

import argparse
import io
import os
import time
import uuid
from datetime import date
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from majlis import registry, store

PG_URL = os.environ.get("MAJLIS_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
COLUMNS = (
    "seq, person_id, party_id, kind, occurred_on, reason, founder, entered_by, entered_at, "
    "prev_hash, hash"
)
VARIANTS = {
    "shipped schema (peer)": [],
    "no foreign keys": [
        "ALTER TABLE membership_event DROP CONSTRAINT fk_membership_event_person_id_person",
        "ALTER TABLE membership_event DROP CONSTRAINT fk_membership_event_party_id_party",
    ],
    "no secondary indexes": [
        "DROP INDEX ix_membership_event_person_id",
        "DROP INDEX ix_membership_event_party_day",
    ],
}
VARIANTS["neither"] = VARIANTS["no foreign keys"] + VARIANTS["no secondary indexes"]


def events_csv(rows: int, party_id: int) -> str:
    """``rows`` admitted events of people 1..rows, as COPY's CSV (hashes are placeholders)."""
    buffer = io.StringIO()
    digest = "a" * 64
    for i in range(1, rows + 1):
        day = date(2023, 1 + i % 12, 1 + i % 28).isoformat()
        buffer.write(
            f"{i},{i},{party_id},admitted,{day},imported,f,bench,"
            f"2024-01-01 00:00:00+00,{digest},{digest}\n"
        )
    return buffer.getvalue()


def main() -> None:
    """Run the four variants and print rows/s and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    name = f"majlis_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        engine = store.make_engine(url)
        store.upgrade(engine)
        with store.session_factory(engine)() as s:
            party = registry.create_party(
                s, slug="bench", name="Bench", initiated_on=date(2022, 9, 1), entered_by="b"
            )
            s.execute(
                text(
                    "INSERT INTO person (id, id_scheme, national_id, family_name, given_name, "
                    "citizenship, created_at) SELECT g, 'kz-iin', lpad(g::text, 12, '0'), 'F', "
                    "'G', 'KZ', now() FROM generate_series(1, :n) g"
                ),
                {"n": args.rows},
            )
            s.commit()
        payload = events_csv(args.rows, party.id)
        rates: dict[str, float] = {}
        for label, ddl in VARIANTS.items():
            with engine.connect() as connection:
                for statement in ddl:
                    connection.execute(text(statement))
                raw = connection.connection.dbapi_connection
                assert raw is not None
                started = time.perf_counter()
                statement = f"COPY membership_event ({COLUMNS}) FROM STDIN (FORMAT csv)"
                cursor: Any = raw.cursor()
                with cursor.copy(statement) as copy:
                    copy.write(payload)
                cursor.close()
                rates[label] = args.rows / (time.perf_counter() - started)
                connection.rollback()
        peer = rates["shipped schema (peer)"]
        print(f"COPY of {args.rows:,} ledger events, load average {os.getloadavg()[0]:.1f}:")
        for label, rate in rates.items():
            print(f"  {label:24s} {rate:>10,.0f} rows/s  ({rate / peer:.2f}x the shipped schema)")
        engine.dispose()
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
