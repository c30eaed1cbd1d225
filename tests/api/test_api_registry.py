"""Parties, people and the membership ledger over HTTP, on the demo data."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from majlis import registry
from majlis.store.registry_rows import CurrentMembershipRow, PersonRow
from majlis.store.tokens import Role, issue_token

DAY = "2021-06-01"


def _bearer(client: TestClient, name: str, role: Role, party: str | None = None) -> dict[str, str]:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session, session.begin():
        party_id = registry.get_party(session, party).id if party else None
        secret = issue_token(session, name=name, role=role, party_id=party_id).secret
    return {"Authorization": f"Bearer {secret}"}


def _member_of(client: TestClient, slug: str) -> str:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        party_id = registry.get_party(session, slug).id
        return str(
            session.scalars(
                select(PersonRow.national_id)
                .join(CurrentMembershipRow, CurrentMembershipRow.person_id == PersonRow.id)
                .where(CurrentMembershipRow.party_id == party_id)
                .order_by(PersonRow.id.desc())
            ).first()
        )


def test_parties_list_their_active_members(demo_client: TestClient) -> None:
    """The public party list equals the registry's own count of active members."""
    body = demo_client.get("/api/v1/parties").json()
    factory = demo_client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        expected = {p.slug: n for p, n in registry.list_parties(session)}
    assert {p["slug"]: p["members"] for p in body["data"]} == expected
    assert body["count"] == len(expected)


def test_officer_expels_only_from_own_party(demo_client: TestClient) -> None:
    """Ak Zhol's officer cannot expel a Nur Otan member; Nur Otan's officer can, once."""
    member = _member_of(demo_client, "nur-otan")
    url = f"/api/v1/parties/nur-otan/members/{member}/expulsion"
    body = {"on": DAY, "reason": "breach of the charter", "deciding_body": "political council"}
    other = _bearer(demo_client, "az", Role.PARTY_OFFICER, "ak-zhol")
    assert demo_client.post(url, json=body, headers=other).status_code == 403
    own = _bearer(demo_client, "no", Role.PARTY_OFFICER, "nur-otan")
    done = demo_client.post(url, json=body, headers=own)
    assert done.status_code == 201, done.text
    assert done.json()["kind"] == "expelled"
    assert demo_client.post(url, json=body, headers=own).status_code in {404, 409}
    ledger = demo_client.get(f"/api/v1/people/{member}/memberships", headers=own).json()
    assert ledger["events"][-1]["kind"] == "expelled"
    assert demo_client.get(f"/api/v1/people/{member}/memberships").status_code == 401


def test_refusal_during_suspended_intake_is_kept(demo_client: TestClient) -> None:
    """While intake is suspended an application is refused with 409 and the ledger keeps it."""
    own = _bearer(demo_client, "az", Role.PARTY_OFFICER, "ak-zhol")
    suspended = demo_client.post(
        "/api/v1/parties/ak-zhol/intake/suspension",
        json={"decided_on": "2021-05-01", "reason": "re-registration of members"},
        headers=own,
    )
    assert suspended.status_code == 201, suspended.text
    factory = demo_client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        outsider = str(
            session.scalars(
                select(PersonRow.national_id)
                .where(PersonRow.id.not_in(select(CurrentMembershipRow.person_id)))
                .where(PersonRow.barred_category.is_(None))
                .order_by(PersonRow.id)
            ).first()
        )
    refused = demo_client.post(
        "/api/v1/parties/ak-zhol/members", json={"national_id": outsider, "on": DAY}, headers=own
    )
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["code"] == "application_refused"
    ledger: Any = demo_client.get(f"/api/v1/people/{outsider}/memberships", headers=own).json()
    assert ledger["events"][-1]["kind"] == "refused"


def test_ledger_verifies(demo_client: TestClient) -> None:
    """The ledger's verification replays to the registry's own count of active members."""
    watch = _bearer(demo_client, "w", Role.OBSERVER)
    body = demo_client.get("/api/v1/ledger/verification", headers=watch).json()
    factory = demo_client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        assert body["active_members"] == len(registry.current_roll(session))
