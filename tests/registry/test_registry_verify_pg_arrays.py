"""PostgreSQL: the ledger's pass reads the fixed-width columns as binary arrays."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from tests.registry.test_registry_verify import _churn, _tamper, _verify

from majlis import registry
from majlis.errors import IntegrityError


@pytest.mark.parametrize(
    "edit",
    [
        "hash = substring(hash from 1 for 31)",
        "hash = hash || '\\x00'::bytea",
        "occurred_on = 'infinity'",
        "entered_at = '-infinity'",
    ],
)
def test_postgresql_a_value_the_arrays_cannot_hold_is_named(
    world: Any, engine: Engine, edit: str
) -> None:
    """A hash of another length or an infinite date or time, which the arrays read by the
    client's pass cannot hold as majlis writes them, is checked elsewhere and named."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    _churn(world)
    world.session.close()
    _tamper(engine, f"UPDATE membership_event SET {edit} WHERE seq = 5")
    with pytest.raises(IntegrityError, match=r"ledger event #5 "):
        _verify(engine)


def test_postgresql_a_roll_date_no_python_date_holds_is_named(world: Any, engine: Engine) -> None:
    """An infinite date in the stored roll, which Python cannot load, names its person."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    _churn(world)
    s = world.session
    person = s.execute(text("SELECT max(person_id) FROM current_membership")).scalar_one()
    s.execute(
        text("UPDATE current_membership SET since = 'infinity' WHERE person_id = :p"), {"p": person}
    )
    s.commit()
    with pytest.raises(
        IntegrityError, match=f"roll differs from the ledger for person {person}: .*since=infinity"
    ):
        registry.verify_ledger(s)
