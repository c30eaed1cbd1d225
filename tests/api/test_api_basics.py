"""The app's frame: health, readiness, OpenAPI, error shape, tokens."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from majlis.store.api_rows import ApiAuditRow


def test_health_and_ready(client: TestClient) -> None:
    """Liveness answers ok and readiness names the database dialect."""
    assert client.get("/api/v1/health").json()["status"] == "ok"
    ready = client.get("/api/v1/ready").json()
    assert ready["status"] == "ready"
    assert ready["database"] in {"sqlite", "postgresql"}


def test_openapi_is_served_with_docs(client: TestClient) -> None:
    """The OpenAPI document lists versioned paths and the docs page renders."""
    spec = client.get("/openapi.json").json()
    assert "/api/v1/tokens" in spec["paths"]
    assert all(p.startswith("/api/v1/") for p in spec["paths"])
    assert client.get("/docs").status_code == 200


def test_no_two_schemas_share_a_name(client: TestClient) -> None:
    """Every schema keeps its own name; FastAPI prefixes the module path only on a clash."""
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert [name for name in schemas if "__" in name] == []


def test_unknown_route_has_the_error_shape(client: TestClient) -> None:
    """A 404 from routing uses the one error shape."""
    body = client.get("/api/v1/nothing-here").json()
    assert body["error"]["code"] == "not_found"


def test_tokens_need_admin(client: TestClient, tokens) -> None:  # type: ignore[no-untyped-def]
    """Listing tokens is refused to the public (401) and to non-admins (403)."""
    assert client.get("/api/v1/tokens").json()["error"]["code"] == "unauthenticated"
    response = client.get("/api/v1/tokens", headers=tokens.commission)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert len(client.get("/api/v1/tokens", headers=tokens.admin).json()) == 5


def test_token_lifecycle_and_audit(client: TestClient, tokens) -> None:  # type: ignore[no-untyped-def]
    """An issued token works, a revoked one is refused, and both writes are audited."""
    made = client.post(
        "/api/v1/tokens", headers=tokens.admin, json={"name": "temp", "role": "observer"}
    )
    assert made.status_code == 201, made.text
    header = {"Authorization": f"Bearer {made.json()['secret']}"}
    assert client.get("/api/v1/me", headers=header).json()["role"] == "observer"
    gone = client.delete(f"/api/v1/tokens/{made.json()['id']}", headers=tokens.admin)
    assert gone.json()["active"] is False
    assert client.get("/api/v1/me", headers=header).status_code == 401
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        rows = session.scalars(select(ApiAuditRow).order_by(ApiAuditRow.id)).all()
        assert [(r.actor, r.method, r.status) for r in rows] == [
            ("root #1", "POST", 201),  # the name and the token's id
            ("root #1", "DELETE", 200),
        ]
        assert session.scalar(select(func.count()).select_from(ApiAuditRow)) == 2


def test_validation_error_names_the_field(client: TestClient, tokens) -> None:  # type: ignore[no-untyped-def]
    """A bad role is a 422 whose field is 'role'."""
    response = client.post(
        "/api/v1/tokens", headers=tokens.admin, json={"name": "x", "role": "king"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "role"


def test_party_officer_needs_a_party(client: TestClient, tokens) -> None:  # type: ignore[no-untyped-def]
    """A party-officer token without a party is refused naming party_id, and nothing is kept."""
    response = client.post(
        "/api/v1/tokens", headers=tokens.admin, json={"name": "x", "role": "party-officer"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "party_id"
    assert len(client.get("/api/v1/tokens", headers=tokens.admin).json()) == 5
