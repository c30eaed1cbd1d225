"""Property tests generated from the OpenAPI document: no request ever yields a 5xx."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.openapi.loaders import from_asgi

from majlis.api import Settings, create_app
from majlis.store.tokens import Role, issue_token


@pytest.fixture
def api_schema(demo_database: Path, tmp_path: Path) -> Iterator[schemathesis.BaseSchema]:
    """The app's OpenAPI schema bound to the app itself, on a copy of the demo data."""
    path = tmp_path / "fuzz.sqlite3"
    shutil.copyfile(demo_database, path)
    app = create_app(Settings(database_url=f"sqlite:///{path}", access_log=False))
    with app.state.session_factory() as session, session.begin():
        secret = issue_token(session, name="fuzz", role=Role.ADMIN).secret
    app.state.fuzz_headers = {"Authorization": f"Bearer {secret}"}
    yield from_asgi("/openapi.json", app)
    app.state.engine.dispose()


def test_no_server_errors(api_schema: schemathesis.BaseSchema) -> None:
    """Any generated request to any operation, anonymous or as admin, gets a non-5xx answer."""
    app = api_schema.app
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 5

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error])
            case.call_and_validate(headers=app.state.fuzz_headers, checks=[not_a_server_error])

        check()
