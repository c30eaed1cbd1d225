"""results_0003 chains the rows stored before it, down and up again, on both databases."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, text

from majlis import record, results, store, synth
from majlis.store._migrate import alembic_config
from majlis.synth import SynthSpec, synthesize

SPEC = SynthSpec(stations=30, territorials=17, seed=3, observer_share=0.2, entry_differences=2)


@pytest.fixture
def database_url(private_database_url: str) -> str:
    """This module's tests move the schema: each gets a database of its own."""
    return private_database_url


def test_down_and_up_chains_the_stored_rows_the_same_way(engine: Engine) -> None:
    """Rows stored, chains dropped (down) and rebuilt (up): the same heads and digest."""
    factory = store.session_factory(engine)
    with factory() as session, session.begin():
        synth.store_synthetic(session, synthesize(SPEC))
        code = synthesize(SPEC).official.station[0]
        results.record_incident(
            session,
            election=SPEC.totals.election,
            station=code,
            observer="A",
            category="other",
            description="a\\b\x1fc",
        )
    with factory() as session:
        before = record.verify_record(session).digest
    config = alembic_config(engine)
    command.downgrade(config, "results_0002")
    with engine.connect() as connection:
        columns = connection.execute(text("SELECT * FROM protocol_version LIMIT 0")).keys()
        assert "record_hash" not in columns
    command.upgrade(config, "heads")
    with factory() as session:
        assert record.verify_record(session).digest == before
    with engine.connect() as connection, pytest.raises(Exception, match="append-only"):
        connection.execute(text("UPDATE incident SET description = 'x'"))
