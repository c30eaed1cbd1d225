"""Property tests generated from the OpenAPI document: no request ever yields a 5xx.

Two runs: the demo data on SQLite, and a small synthetic election on SQLite and PostgreSQL,
where every generated request is also sent with a NUL byte and with an over-long string in
each of its strings (path, query and body alike), and negative cases (values the schema
forbids) are generated as well. Zero 5xx is the pass mark.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.generation import GenerationMode
from schemathesis.openapi.loaders import from_asgi

from majlis import store, synth
from majlis.api import Settings, create_app
from majlis.store.tokens import Role, issue_token


def _schema(database_url: str) -> schemathesis.BaseSchema:
    app = create_app(Settings(database_url=database_url, access_log=False))
    with app.state.session_factory() as session, session.begin():
        secret = issue_token(session, name="fuzz", role=Role.ADMIN).secret
    app.state.fuzz_headers = {"Authorization": f"Bearer {secret}"}
    return from_asgi("/openapi.json", app)


@pytest.fixture
def api_schema(demo_database: Path, tmp_path: Path) -> Iterator[schemathesis.BaseSchema]:
    """The app's OpenAPI schema bound to the app itself, on a copy of the demo data."""
    path = tmp_path / "fuzz.sqlite3"
    shutil.copyfile(demo_database, path)
    schema = _schema(f"sqlite:///{path}")
    yield schema
    schema.app.state.engine.dispose()


@pytest.fixture
def small_schema(database_url: str) -> Iterator[schemathesis.BaseSchema]:
    """The schema bound to the app on a synthetic election of 20 stations (both databases)."""
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        spec = synth.SynthSpec(stations=20, territorials=17, seed=7, observer_share=0.2)
        synth.store_synthetic(session, synth.synthesize(spec))
    engine.dispose()
    schema = _schema(database_url)
    yield schema
    schema.app.state.engine.dispose()


def _operations(schema: schemathesis.BaseSchema) -> list[Any]:
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    return operations


def test_no_server_errors(api_schema: schemathesis.BaseSchema) -> None:
    """Any generated request to any operation, anonymous or as admin, gets a non-5xx answer."""
    app = api_schema.app
    for operation in _operations(api_schema):

        @given(case=operation.as_strategy())
        @settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error])
            case.call_and_validate(headers=app.state.fuzz_headers, checks=[not_a_server_error])

        check()


def _poisoned(value: Any, poison: Callable[[str], str], *, keys: bool = True) -> Any:
    """``value`` with every string in it (and the dictionary keys, if asked) poisoned."""
    if isinstance(value, str):
        return poison(value)
    if isinstance(value, dict):
        return {poison(k) if keys else k: _poisoned(v, poison, keys=keys) for k, v in value.items()}
    if isinstance(value, list):
        return [_poisoned(v, poison, keys=keys) for v in value]
    return value


def _takes_text(schema: dict[str, Any]) -> bool:
    options = schema.get("anyOf", [schema])
    return any(o.get("type") == "string" and "format" not in o and "enum" not in o for o in options)


def _every_text_query(operation: Any, query: dict[str, Any]) -> dict[str, Any]:
    """``query`` with every optional text parameter present, so that each can be poisoned."""
    filled = dict(query)
    for parameter in operation.query:
        if parameter.name not in filled and _takes_text(parameter.definition.get("schema", {})):
            filled[parameter.name] = "ab"
    return filled


POISONS: dict[str, Callable[[str], str]] = {
    "nul": lambda s: s[:1] + "\x00" + s[1:],
    "control": lambda s: s + "\x1b[31m\x7f",
    "long": lambda s: (s or "x") * (5000 // max(len(s), 1) + 1),
}


def test_hostile_strings_get_no_server_error(small_schema: schemathesis.BaseSchema) -> None:
    """Valid and invalid requests, each also with NUL, control and over-long strings: no 5xx."""
    app = small_schema.app
    for operation in _operations(small_schema):

        @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
        @settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
        def hostile(case: schemathesis.Case) -> None:
            for poison in POISONS.values():
                body = case.body if case.body is NOT_SET else _poisoned(case.body, poison)
                twisted = case.operation.Case(
                    path_parameters=_poisoned(case.path_parameters, poison, keys=False),
                    query=_poisoned(
                        _every_text_query(case.operation, case.query), poison, keys=False
                    ),
                    body=body,
                    media_type=case.media_type,
                )
                twisted.call_and_validate(
                    headers=app.state.fuzz_headers, checks=[not_a_server_error]
                )

        @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
        @settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
        def negative(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error])
            case.call_and_validate(headers=app.state.fuzz_headers, checks=[not_a_server_error])

        hostile()
        try:
            negative()
        except Unsatisfiable:  # an operation without parameters has no invalid request
            assert not operation.path_parameters
            assert not operation.query
            assert not operation.body
