"""The quick count over HTTP: the coordinator draws, observers submit copies, anyone reads."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from majlis import synth
from majlis.store.tokens import Role
from majlis.synth import Irregularities, SynthSpec, synthesize

from .conftest import bearer_for

E = synth.KZ_2021.election
URL = f"/api/v1/elections/{E}/pvt"
SYNTH = SynthSpec(
    stations=200,
    territorials=20,
    seed=3,
    irregularities=Irregularities(stuffing_share=0.3, stuffing_intensity=0.9),
)


@pytest.fixture
def stored(client: TestClient) -> TestClient:
    with client.app.state.session_factory() as session, session.begin():  # type: ignore[attr-defined]
        synth.store_synthetic(session, synthesize(SYNTH))
    return client


def test_roles_design_submit_estimate_compare(
    stored: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = stored
    watch = bearer_for(client, "watch", Role.OBSERVER)
    lead = bearer_for(client, "lead", Role.OBSERVER)
    body = {"margin": 3, "confidence": 95, "seed_text": "CEC No. 17", "stations": 80}
    assert client.post(URL + "/design", json=body).status_code == 401
    refused = client.post(URL + "/design", json=body, headers=watch)
    assert refused.status_code == 403, refused.text
    assert "MAJLIS_PVT_COORDINATORS" in refused.text
    monkeypatch.setenv("MAJLIS_PVT_COORDINATORS", "lead, someone")
    dry = client.post(URL + "/design", json={**body, "dry_run": True}, headers=lead)
    assert dry.status_code == 201, dry.text
    assert dry.json()["stored"] is False
    assert client.get(URL + "/design").status_code == 404
    made = client.post(URL + "/design", json=body, headers=lead)
    assert made.status_code == 201, made.text
    design = client.get(URL + "/design").json()
    assert design["sha256"] == made.json()["sha256"] == dry.json()["sha256"]
    assert design["designed_by"] == "lead"
    record = client.get("/api/v1/record", params={"election": E}).json()
    assert "pvt_sample" in str(record)
    assign = {"assignments": {design["stations"][75]: ["watch"]}}
    assert client.post(URL + "/assignments", json=assign, headers=watch).status_code == 403
    assigned = client.post(URL + "/assignments", json=assign, headers=lead)
    assert assigned.status_code == 201, assigned.text
    assert assigned.json()["assignments"] == {design["stations"][75]: ["watch"]}
    nowhere = client.post(URL + "/assignments", json={"assignments": {"zz": ["a"]}}, headers=lead)
    assert nowhere.status_code == 422
    truth = synthesize(SYNTH).truth
    for code in design["stations"][:70]:
        lines = truth.protocol(truth.station.index(code)).lines.as_dict()
        copy = {"station": code, "source": "observer", "lines": lines, "evidence_sha256": "c" * 64}
        sent = client.post(f"/api/v1/elections/{E}/protocols", json=copy, headers=watch)
        assert sent.status_code == 201, sent.text
    status = client.get(URL + "/status").json()
    assert status["total"]["reported"] == 70
    assert status["total"]["missing"] == 10
    estimate = client.get(URL + "/estimate").json()
    assert {r["name"] for r in estimate["lists"]} == set(truth.list_names)
    compare = client.get(URL + "/compare", params={"draws": 500}).json()
    assert compare["consistent"] is False
    assert compare["lists"][0]["inside99"] is False


def test_bad_design_is_422(stored: TestClient) -> None:
    admin = bearer_for(stored, "root", Role.ADMIN)
    both = {"margin": 3, "seed": 1, "seed_text": "x"}
    assert stored.post(URL + "/design", json=both, headers=admin).status_code == 422
    wide = {"margin": 80, "seed": 1}
    assert stored.post(URL + "/design", json=wide, headers=admin).status_code == 422
    assert stored.get("/api/v1/elections/nowhere/pvt/estimate").status_code == 404


def _sms_text(code: str) -> str:
    from majlis.pvt.core.sms import LINE_CODES, list_codes

    lines = synthesize(SYNTH).truth.protocol(synthesize(SYNTH).truth.station.index(code)).lines
    parts = [f"{c}{getattr(lines, n)}" for c, n in LINE_CODES.items()]
    parts += [
        f"{c}{v}" for c, (_, v) in zip(list_codes(len(lines.votes)), lines.votes, strict=True)
    ]
    return f"PVT obs-9 {code} " + " ".join(parts)


def test_sms_intake(stored: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    code = synthesize(SYNTH).truth.station[5]
    text = _sms_text(code)
    params = {"secret": "s3cret", "from": "+77010000000", "text": text}
    off = stored.get(URL + "/sms", params=params)
    assert off.status_code == 403
    assert "intake is off" in off.text
    monkeypatch.setenv("MAJLIS_PVT_SMS_SECRET", "s3cret")
    wrong = stored.get(URL + "/sms", params={**params, "secret": "guess"})
    assert wrong.status_code == 403
    partial = stored.get(URL + "/sms", params={**params, "text": text.split(" R")[0]})
    assert partial.status_code == 200
    assert "missing R S M C B F N D" in partial.text
    assert "not stored" in partial.text
    kannel = stored.get(URL + "/sms", params=params)
    assert kannel.status_code == 201, kannel.text
    assert "stored as version 1" in kannel.text
    again = stored.post(URL + "/sms", json=params)
    assert again.status_code == 201, again.text
    assert "stored as version 2" in again.text
    form = stored.post(URL + "/sms", data={**params, "text": text.replace(" V", " VO", 1)})
    assert form.status_code in (200, 201), form.text
    unknown = stored.post(URL + "/sms", json={**params, "text": text.replace(code, "nowhere")})
    assert "not stored" in unknown.text
    assert stored.post(URL + "/sms", json={"text": "x"}).status_code == 422


def test_dashboard_page(stored: TestClient) -> None:
    empty = stored.get("/pvt", params={"election": E})
    assert empty.status_code == 200
    assert "no quick-count sample" in empty.text
    assert stored.get("/pvt/statement", params={"election": E}).status_code == 404
    admin = bearer_for(stored, "root", Role.ADMIN)
    body = {"margin": 3, "confidence": 95, "seed": 5, "stations": 60}
    assert stored.post(URL + "/design", json=body, headers=admin).status_code == 201
    watch = bearer_for(stored, "watch", Role.OBSERVER)
    truth = synthesize(SYNTH).truth
    for code in stored.get(URL + "/design").json()["stations"]:
        lines = truth.protocol(truth.station.index(code)).lines.as_dict()
        copy = {"station": code, "source": "observer", "lines": lines, "evidence_sha256": "c" * 64}
        assert stored.post(f"/api/v1/elections/{E}/protocols", json=copy, headers=watch).is_success
    page = stored.get("/pvt", params={"election": E})
    assert page.status_code == 200
    assert 'data-testid="board"' in page.text
    assert "not consistent with the quick count" in page.text
    assert f'href="/pvt/statement?election={E}"' in page.text
    sha = stored.get(URL + "/design").json()["sha256"]
    statement = stored.get("/pvt/statement", params={"election": E, "lang": "ru"})
    assert statement.status_code == 200
    assert '<html lang="ru">' in statement.text
    assert "не согласуется с параллельным подсчётом" in statement.text
    assert sha in statement.text
    russian = stored.get("/pvt", params={"election": E, "lang": "ru"}).text
    assert "вне диапазона параллельного подсчёта при 99 %" in russian
    assert "lie outside the PVT" in page.text
    assert 'data-testid="convergence"' in page.text
    rounds = stored.get(URL + "/rounds", params={"rounds": 4}).json()["rounds"]
    assert [r["reports"] for r in rounds] == [15, 30, 45, 60]
    assert all(r["lists"] is not None for r in rounds[1:])


def test_sms_from_a_registered_phone(stored: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Phones registered with the assignments decide whose message it is."""
    monkeypatch.setenv("MAJLIS_PVT_SMS_SECRET", "s3cret")
    admin = bearer_for(stored, "root", Role.ADMIN)
    body = {"margin": 3, "confidence": 95, "seed": 5, "stations": 20}
    assert stored.post(URL + "/design", json=body, headers=admin).status_code == 201
    code = stored.get(URL + "/design").json()["stations"][0]
    bad = {"assignments": {code: ["obs-1"]}, "phones": {"obs-1": "call me"}}
    assert stored.post(URL + "/assignments", json=bad, headers=admin).status_code == 422
    assign = {"assignments": {code: ["obs-1"]}, "phones": {"obs-1": "+7 701 000 00 01"}}
    made = stored.post(URL + "/assignments", json=assign, headers=admin)
    assert made.status_code == 201, made.text
    assert made.json()["phones"] == {"obs-1": "+77010000001"}
    message = {"secret": "s3cret", "text": _sms_text(code)}  # the text says obs-9
    stranger = stored.post(URL + "/sms", json={**message, "from": "+77010000000"})
    assert stranger.status_code == 200
    assert "not a registered observer's phone" in stranger.text
    mine = stored.post(URL + "/sms", json={**message, "from": "87010000001"})
    assert mine.status_code == 201, mine.text
    assert "stored as obs-1's copy" in mine.text
    status = stored.get(URL + "/status").json()
    assert status["total"]["reported"] == 1
