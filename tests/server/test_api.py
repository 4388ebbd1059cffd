"""The HTTP API of a real server process: enrolment, auth, errors, compression, push/pull basics."""

from __future__ import annotations

import gzip
import json

import httpx
import zstandard

from sync.records.ids import new_id
from sync.server import models as m
from sync.server.db import write_transaction
from tests.server.helpers import PASSWORD, PROTO, Device, case_fields
from tests.support import loopback


def test_health_version_and_openapi(world):
    assert loopback.get(f"{world.url}/health").json() == {"status": "ok"}
    assert loopback.get(f"{world.url}/api/version").json()["protocol_versions"] == [1, 2, 3]
    spec = loopback.get(f"{world.url}/openapi.json").json()
    for path in ("/api/v1/enroll", "/api/v1/login", "/api/v1/sync/push", "/api/v1/sync/pull",
                 "/api/v1/sync/digest"):
        assert path in spec["paths"]
    # The push body is read by the route itself (routes.sync.push_body): its schema is still documented.
    body = spec["paths"]["/api/v1/sync/push"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["changes"]["maxItems"] == 2000
    assert "base_seq" in body["properties"]["changes"]["items"]["properties"]
    assert loopback.get(f"{world.url}/docs").status_code == 200


def test_enroll_answers_device_user_office_and_scope(world):
    dev = world.device("anna")
    assert dev.office_id == world.offices["a"] and dev.scope == [world.offices["a"]]
    district = world.device("dmytro")
    assert sorted(district.scope) == sorted([world.offices["a"], world.offices["b"]])
    with world.engine.connect() as conn:
        row = conn.execute(m.devices.select().where(m.devices.c.id == dev.device_id)).first()
    assert row.secret_hash != dev.secret and len(row.secret_hash) == 64  # only the SHA-256 is stored


def test_enrolling_again_under_an_own_id_only_for_an_unknown_device_of_the_users_office(world):
    """docs/sync-protocol.md, Enrolment: a laptop a restored server no longer knows enrols under its own id."""
    def enroll(**extra) -> httpx.Response:
        return loopback.post(f"{world.url}/api/v1/enroll", headers=PROTO, timeout=60,
                             json={"username": "anna", "password": PASSWORD, "device_name": "знову", **extra})

    known = world.device("anna")
    answer = enroll(device_id=known.device_id, office_id=world.offices["a"])
    assert (answer.status_code, answer.json()["code"]) == (409, "device_known")
    forgotten = new_id()
    answer = enroll(device_id=forgotten, office_id=world.offices["b"])  # anna is of office a
    assert (answer.status_code, answer.json()["code"]) == (403, "scope_mismatch")
    answer = enroll(device_id=forgotten)
    assert (answer.status_code, answer.json()["code"]) == (422, "office_required")
    answer = enroll(device_id="../not-an-id", office_id=world.offices["a"])
    assert answer.status_code == 422 and answer.json()["detail"][0]["field"] == "body.device_id"
    with world.engine.connect() as conn:
        assert conn.execute(m.devices.select().where(m.devices.c.id == forgotten)).first() is None
    answer = enroll(device_id=forgotten, office_id=world.offices["a"])
    assert answer.status_code == 200 and answer.json()["device_id"] == forgotten
    again = Device(world.url, forgotten, answer.json()["device_secret"], answer.json()["user_token"], "anna",
                   world.offices["a"], answer.json()["scope"]["office_ids"])
    assert again.request("GET", "/sync/digest").status_code == 200


def test_push_pull_round_trip_and_digest(world):
    dev = world.device("anna")
    case_id, person_id = dev.new_case()
    dev.sync()
    assert dev.records[person_id]["data"]["surname"] == "Коваленко"
    assert dev.records[case_id]["office_id"] == world.offices["a"]
    other = world.device("andriy")
    other.sync()
    assert other.records[person_id]["data"] == dev.records[person_id]["data"]
    server = other.server_digest()
    assert {"count": server["count"], "digest": server["digest"]} == other.local_digest()


def test_duplicate_batch_is_applied_once(world):
    dev = world.device("anna")
    case_id = new_id()
    batch = [dev.change(case_id, "case", case_id, case_fields(dev.office_id)),
             dev.change(new_id(), "journal_entry", case_id, {"kind": "call", "occurred_at": "2024-05-01T10:00:00",
                                                            "text": "дзвінок", "author": "anna"})]
    first = dev.push(batch)
    again = dev.push(batch)
    assert [r["status"] for r in first] == ["applied", "applied"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert world.count(m.records, m.records.c.case_id == case_id) == 2
    ids = [c["change_id"] for c in batch]
    assert world.count(m.applied_changes, m.applied_changes.c.change_id.in_(ids)) == 2
    # the same change twice in one batch counts once too
    twice = dev.change(new_id(), "task", case_id, {"title": "t", "due_date": "2024-06-01"})
    assert [r["status"] for r in dev.push([twice, twice])] == ["applied", "duplicate"]


def test_unsupported_or_missing_protocol_gets_426_in_ukrainian_then_english(world):
    for headers in ({}, {"X-Poruch-Protocol": "99"}, {"X-Poruch-Protocol": "abc"}):
        r = loopback.post(f"{world.url}/api/v1/enroll", headers=headers,
                          json={"username": "anna", "password": PASSWORD})
        assert r.status_code == 426
        body = r.json()
        assert body["code"] == "unsupported_protocol" and body["supported"] == [1, 2, 3]
        uk, _, en = body["message"].partition(" / ")
        assert "Оновіть" in uk and "update" in en


def test_bad_or_missing_credentials_get_401(world):
    dev = world.device("anna")
    cases = {
        "auth_required": {**PROTO},
        "bad_credentials": {**PROTO, "Authorization": "Basic abc"},
        "bad_device_credentials": {**PROTO, "Authorization": f"Bearer {dev.device_id}.wrong",
                                   "X-Poruch-User": dev.user_token},
        "user_token_required": {**PROTO, "Authorization": f"Bearer {dev.device_id}.{dev.secret}"},
        "bad_user_token": {**PROTO, "Authorization": f"Bearer {dev.device_id}.{dev.secret}",
                           "X-Poruch-User": "forged"},
    }
    for code, headers in cases.items():
        for method, path in (("POST", "/sync/pull"), ("GET", "/sync/digest"), ("POST", "/sync/push")):
            body = {"cursor": 0} if path.endswith("pull") else {"changes": []}
            r = loopback.request(method, f"{world.url}/api/v1{path}", headers=headers,
                                 json=None if method == "GET" else body)
            assert r.status_code == 401, (code, path, r.text)
            assert r.json()["code"] == code
    # a user token is bound to the device it was issued on
    other = world.device("andriy")
    r = dev.request("GET", "/sync/digest", headers={"X-Poruch-User": other.user_token})
    assert r.status_code == 401 and r.json()["code"] == "bad_user_token"


def test_revoked_device_is_told_to_wipe(world):
    dev = world.device("anna", name="lost laptop", fresh=True)
    assert dev.request("GET", "/sync/digest").status_code == 200
    world.server.revoke_device(dev.device_id)  # through the real CLI
    for method, path, body in (("POST", "/sync/pull", {"cursor": 0}), ("GET", "/sync/digest", None),
                               ("POST", "/sync/push", {"changes": []}),
                               ("POST", "/login", {"username": "anna", "password": PASSWORD})):
        r = dev.request(method, path, json=body)
        assert r.status_code == 403, path
        assert r.json()["code"] == "device_revoked" and r.json()["wipe"] is True


def test_malformed_bodies_name_the_field(world):
    dev = world.device("anna")
    good = dev.change(new_id(), "task", new_id(), {"title": "x"})
    bad = {**good, "base_seq": -1}
    del bad["op"]
    r = dev.request("POST", "/sync/push", json={"changes": [good, bad]})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "invalid_request"
    fields = {d["field"] for d in body["detail"]}
    assert {"body.changes[1].base_seq", "body.changes[1].op"} <= fields
    assert "body.changes[1]" in body["message"]
    r = dev.request("POST", "/sync/pull", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_request"
    r = dev.request("POST", "/sync/pull", json={"cursor": 0, "limit": 10_000})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "body.limit"


def test_push_batch_over_2000_gets_413(world):
    dev = world.device("anna")
    case_id = new_id()
    changes = [dev.change(new_id(), "task", case_id, {"title": "t", "due_date": "2024-06-01"})
               for _ in range(2001)]
    r = dev.request("POST", "/sync/push", json={"changes": changes})
    assert r.status_code == 413 and r.json()["code"] == "batch_too_large"


def test_login_gives_another_user_a_token_within_the_device_scope(world):
    dev = world.device("anna")
    r = dev.request("POST", "/login", json={"username": "andriy", "password": PASSWORD})
    assert r.status_code == 200
    token = r.json()["user_token"]
    assert dev.request("GET", "/sync/digest", headers={"X-Poruch-User": token}).status_code == 200
    # a caseworker of office B may not work on office A's laptop
    r = dev.request("POST", "/login", json={"username": "bohdan", "password": PASSWORD})
    assert r.status_code == 403 and r.json()["code"] == "scope_mismatch"
    r = dev.request("POST", "/login", json={"username": "andriy", "password": "wrong password"})
    assert r.status_code == 401 and r.json()["code"] == "bad_login"
    r = dev.request("POST", "/login", json={"username": "an\x00dr", "password": "x"})
    assert r.status_code == 401 and r.json()["code"] == "bad_login"


def test_login_attempts_are_slowed_per_user_and_address_without_locking_the_person_out(world):
    """Issue 9, defect 5: five wrong passwords used to lock the account for everyone for 15 minutes."""
    from sync.server.admin_ops import create_user, resolve_user_org

    with write_transaction(world.engine) as conn:
        create_user(conn, "target", PASSWORD, "caseworker",
                    resolve_user_org(conn, "caseworker", office_id=world.offices["a"]))
    url = f"{world.url}/api/v1/enroll"
    attacker = {**PROTO, "X-Forwarded-For": "203.0.113.7"}  # the server trusts the proxy on loopback
    for _ in range(3):  # ServerSettings.login_free_failures
        r = loopback.post(url, headers=attacker, json={"username": "target", "password": "guess"}, timeout=60)
        assert r.status_code == 401
    r = loopback.post(url, headers=attacker, json={"username": "target", "password": PASSWORD}, timeout=60)
    assert r.status_code == 429  # even the right password waits, from that address
    assert r.headers["Retry-After"] == "1" and 0 < r.json()["retry_after_ms"] <= 1000
    assert r.json()["code"] == "too_many_attempts"
    colleague = {**PROTO, "X-Forwarded-For": "198.51.100.20"}
    r = loopback.post(url, headers=colleague, json={"username": "target", "password": PASSWORD}, timeout=60)
    assert r.status_code == 200, r.text  # the person is not locked out


def test_analyst_gets_403_on_sync_and_cannot_enrol(world):
    r = loopback.post(f"{world.url}/api/v1/enroll", headers=PROTO, json={"username": "ivan", "password": PASSWORD})
    assert r.status_code == 403 and r.json()["code"] == "role_not_allowed"
    dev = world.device("anna")
    r = dev.request("POST", "/login", json={"username": "ivan", "password": PASSWORD})
    assert r.status_code == 200
    analyst = {"X-Poruch-User": r.json()["user_token"]}
    for method, path, body in (("POST", "/sync/pull", {"cursor": 0}), ("GET", "/sync/digest", None),
                               ("POST", "/sync/push", {"changes": []})):
        r = dev.request(method, path, json=body, headers=analyst)
        assert r.status_code == 403 and r.json()["code"] == "role_not_allowed", path


def test_compressed_request_bodies_gzip_and_zstd(world):
    dev = world.device("anna")
    for encoding, compress in (("gzip", gzip.compress), ("zstd", zstandard.ZstdCompressor().compress)):
        case_id = new_id()
        body = json.dumps({"changes": [dev.change(case_id, "case", case_id, case_fields(dev.office_id))]})
        r = dev.request("POST", "/sync/push", content=compress(body.encode()),
                        headers={"Content-Encoding": encoding, "Content-Type": "application/json"})
        assert r.status_code == 200, r.text
        assert r.json()["results"][0]["status"] == "applied"
    r = dev.request("POST", "/sync/push", content=b"not really gzip",
                    headers={"Content-Encoding": "gzip", "Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["code"] == "bad_encoding"
    r = dev.request("POST", "/sync/push", content=b"{}", headers={"Content-Encoding": "br"})
    assert r.status_code == 415


def test_decompression_bomb_is_refused(world):
    dev = world.device("anna")
    bomb = zstandard.ZstdCompressor().compress(b" " * (65 * 1024 * 1024))
    r = dev.request("POST", "/sync/push", content=bomb,
                    headers={"Content-Encoding": "zstd", "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "too_large"


def test_responses_are_compressed_zstd_preferred(world):
    dev = world.device("anna")
    for _ in range(3):
        dev.new_case()
    for accept, expected in (("zstd, gzip", "zstd"), ("gzip", "gzip"), ("identity", None)):
        with loopback.client() as client:
            r = client.post(f"{world.url}/api/v1/sync/pull", json={"cursor": 0},
                            headers={**dev.headers, "Accept-Encoding": accept})
        assert r.status_code == 200
        assert r.headers.get("content-encoding") == expected
        assert r.json()["records"]  # httpx decodes zstd and gzip itself


def test_pull_pages_resume_from_the_cursor(world):
    dev = world.device("alla")
    for _ in range(4):
        dev.new_case()
    whole = world.device("anna")
    whole.sync(limit=5000)
    paged = world.device("andriy")
    pages = 0
    while True:
        page = paged.pull_page(limit=3)
        pages += 1
        assert len(page["records"]) <= 3
        seqs = [r["seq"] for r in page["records"]]
        assert seqs == sorted(seqs) and (not seqs or page["cursor"] == seqs[-1] or not page["more"])
        if not page["more"]:
            break
    assert pages >= 3
    assert paged.records.keys() == whole.records.keys()
    assert paged.pull_page()["records"] == []  # nothing new: an empty page at the same cursor


def test_audit_log_keeps_ids_never_personal_values(world):
    dev = world.device("anna")
    case_id, _ = dev.new_case(surname="Незабудько")
    world.device("andriy").sync()
    with world.engine.connect() as conn:
        rows = conn.execute(m.audit_log.select()).all()
    actions = {r.action for r in rows}
    assert {"enroll", "push", "pull"} <= actions
    assert any(case_id in r.object_ids for r in rows if r.action == "push")
    assert any(case_id in r.object_ids for r in rows if r.action == "pull")
    assert not any("Незабудько" in r.object_ids for r in rows)


def test_cli_helpers_create_office_and_user(world):
    office = world.server.create_office("Новий ЦНСП", "UA18020050000058053")
    world.server.create_user("nadiya", PASSWORD, "caseworker", office)
    dev = Device.enroll(world.url, "nadiya")
    assert dev.scope == [office]
    assert office in world.server.run_cli("list-offices")
    assert dev.device_id in world.server.run_cli("list-devices")
    assert "(the newest)" in world.server.run_cli("migrate")


def test_administrator_enrols_without_case_data_and_uses_the_admin_api(world):
    admin = world.device("admin")
    assert admin.scope == []
    r = admin.request("GET", "/sync/digest")
    assert r.status_code == 403 and r.json()["code"] == "role_not_allowed"
    offices = admin.request("GET", "/admin/offices").json()
    assert {o["id"] for o in offices} >= set(world.offices.values())
    victim = world.device("bohdan", fresh=True)
    assert victim.device_id in {d["id"] for d in admin.request("GET", "/admin/devices").json()}
    assert admin.request("POST", f"/admin/devices/{victim.device_id}/revoke").status_code == 200
    assert victim.request("GET", "/sync/digest").json()["code"] == "device_revoked"
    assert admin.request("POST", "/admin/devices/nope/revoke").status_code == 404
