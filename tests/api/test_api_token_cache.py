"""The per-worker cache of verified tokens: how long a revoke elsewhere takes to bite."""

from __future__ import annotations

from fastapi.testclient import TestClient

from majlis import store
from majlis.api import Settings, create_app
from majlis.api._token_cache import TokenCache
from majlis.store.tokens import Principal, Role, issue_token, revoke_token


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _issue(client: TestClient) -> tuple[int, dict[str, str]]:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session, session.begin():
        issued = issue_token(session, name="watcher", role=Role.OBSERVER)
    return issued.info.id, {"Authorization": f"Bearer {issued.secret}"}


def _revoke_elsewhere(client: TestClient, token_id: int) -> None:
    """Revoke as another worker or the CLI would: in the database, not through this app."""
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session, session.begin():
        revoke_token(session, token_id)


def test_a_token_revoked_elsewhere_is_refused_once_the_cache_entry_expires(
    client: TestClient,
) -> None:
    clock = Clock()
    client.app.state.token_cache = TokenCache(5.0, clock=clock)  # type: ignore[attr-defined]
    token_id, header = _issue(client)
    assert client.get("/api/v1/me", headers=header).json()["name"] == "watcher"
    _revoke_elsewhere(client, token_id)
    clock.now += 4.9
    assert client.get("/api/v1/me", headers=header).status_code == 200  # within the 5 s
    clock.now += 0.2
    refused = client.get("/api/v1/me", headers=header)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "invalid_token"


def test_a_revoke_through_the_api_is_refused_at_once_despite_the_cache(
    client: TestClient,
    tokens,  # type: ignore[no-untyped-def]
) -> None:
    client.app.state.token_cache = TokenCache(300.0, clock=Clock())  # type: ignore[attr-defined]
    token_id, header = _issue(client)
    assert client.get("/api/v1/me", headers=header).status_code == 200
    gone = client.delete(f"/api/v1/tokens/{token_id}", headers=tokens.admin)
    assert gone.status_code == 200
    assert client.get("/api/v1/me", headers=header).status_code == 401


def test_no_cache_means_a_revoke_elsewhere_is_refused_at_once(database_url: str) -> None:
    engine = store.make_engine(database_url)
    app = create_app(
        Settings(database_url=database_url, access_log=False, token_cache_seconds=0),
        engine=engine,
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        token_id, header = _issue(client)
        assert client.get("/api/v1/me", headers=header).status_code == 200
        _revoke_elsewhere(client, token_id)
        assert client.get("/api/v1/me", headers=header).status_code == 401
    engine.dispose()


def test_cache_keeps_digests_not_secrets_and_stays_bounded() -> None:
    clock = Clock()
    cache = TokenCache(5.0, size=3, clock=clock)
    holders = [
        Principal(token_id=i, name=f"t{i}", role=Role.OBSERVER, party_id=None) for i in range(5)
    ]
    for i, holder in enumerate(holders):
        cache.put(f"mjl_secret{i}", holder)
    assert cache.get("mjl_secret0") is None  # the oldest two were dropped
    assert cache.get("mjl_secret1") is None
    assert cache.get("mjl_secret4") == holders[4]
    assert not any("mjl_" in key for key in cache._entries)
    cache.forget(4)
    assert cache.get("mjl_secret4") is None
    assert cache.get("mjl_secret3") == holders[3]
    clock.now += 5.0
    assert cache.get("mjl_secret3") is None
