"""Foreign scope on every endpoint: office B's people reach none of office A's data, whatever they name.

ROUTES lists every route the application serves with the probe that checks it: a route added without one
fails test_every_route_has_a_scope_probe, so a new endpoint cannot ship without its scope test.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from sync.protocol import PROTOCOL_HEADER
from sync.records.ids import new_id
from tests.server.helpers import PASSWORD, PROTO
from tests.server.test_attachments_api import attach, put, scan, status
from tests.support import loopback

Probe = Callable[..., None]
PUBLIC = "public"  # no scope: liveness, version, the schema, reference data every laptop gets


def _a_case(world) -> tuple[str, str]:
    anna = world.device("anna")
    case_id, person_id = anna.new_case()
    return case_id, person_id


def push(world):
    case_id, person_id = _a_case(world)
    bohdan = world.device("bohdan")
    results = bohdan.push([bohdan.change(person_id, "person", case_id, {"notes": "чуже"}, base_seq=10**6),
                           bohdan.change(new_id(), "task", case_id, {"title": "t", "due_date": "2026-01-01"})])
    assert {r["reason"] for r in results} == {"out_of_scope"}


def pull(world):
    case_id, _ = _a_case(world)
    bohdan = world.device("bohdan", fresh=False)
    bohdan.cursor = 0
    bohdan.sync()
    assert case_id not in {r["case_id"] for r in bohdan.records.values()}


def digest(world):
    bohdan = world.device("bohdan")
    before = bohdan.server_digest()
    _a_case(world)
    assert bohdan.server_digest()["count"] == before["count"]


def refused(method: str, path: str, user: str = "bohdan", codes=(403,), **kw) -> Probe:
    def probe(world):
        dev = world.device(user)
        filled = path.format(office=world.offices["a"], device=world.device("anna").device_id)
        r = dev.request(method, filled, **kw)
        assert r.status_code in codes, (path, r.status_code, r.text)
    return probe


def directory(world):
    bohdan = world.device("bohdan")
    answer = bohdan.request("GET", "/directory").json()
    assert world.offices["a"] not in {o["id"] for o in answer["offices"]}
    assert not {"anna", "andriy", "alla"} & {p["username"] for p in answer["people"]}


def partners(world):
    """The national directory only: no office's own (local) provider, whichever office asks."""
    r = world.device("bohdan").request("GET", "/partners")
    assert r.status_code == 200 and r.json()["partners"]
    assert all(p["local_office"] is None for p in r.json()["partners"])


def directory_offices(world):
    bohdan = world.device("bohdan")
    r = bohdan.request("GET", "/directory/offices", params={"q": "ЦНСП"})  # any office: a transfer's target
    assert r.status_code == 200 and r.json()
    assert all(set(o) <= {"id", "name", "katottg", "raion_id"} for o in r.json())  # names and ids only


def me(world):
    assert world.offices["a"] not in world.device("bohdan").request("GET", "/me").json()["scope"]["office_ids"]


def audit(world):
    """A laptop's own audit log: its entries join its own device's chain, never another's."""
    bohdan = world.device("bohdan")
    r = bohdan.request("POST", "/audit", json={"entries": []})
    assert r.status_code == 200 and r.json()["accepted"] == 0


def login(world):
    anna = world.device("anna")
    r = anna.request("POST", "/login", json={"username": "bohdan", "password": PASSWORD})
    assert r.status_code == 403 and r.json()["code"] == "scope_mismatch"


def enroll(world):
    """Enrolment makes the caller's own device, of their own office."""
    r = loopback.post(f"{world.url}/api/v1/enroll", headers=PROTO, timeout=60,
                      json={"username": "bohdan", "password": PASSWORD, "device_name": "x"})
    assert r.status_code == 200 and r.json()["scope"]["office_ids"] == [world.offices["b"]]


def status_token(world):
    """Issues a token for the caller's own device only (its credentials name it)."""
    bohdan = world.device("bohdan", fresh=True)
    assert bohdan.request("POST", "/device/status-token").status_code == 200


def device_status(world, path: str = "/device/status", body=None):
    anna, bohdan = world.device("anna"), world.device("bohdan", fresh=True)
    token = bohdan.request("POST", "/device/status-token").json()["status_token"]
    r = loopback.post(f"{world.url}/api/v1{path}", json=body, timeout=60,  # anna's device, bohdan's token
                      headers={PROTOCOL_HEADER: "3", "Authorization": f"Status {anna.device_id}.{token}"})
    assert r.status_code == 401, r.text


def device_wiped(world):
    device_status(world, "/device/wiped", {"reason": "remote"})


def attachment_status(world):
    anna, bohdan = world.device("anna"), world.device("bohdan")
    case_id, _ = anna.new_case()
    content, sha = scan(2000)
    attach(anna, case_id, content)
    assert put(anna, sha, content).status_code == 201
    assert status(bohdan, sha)["unknown"] == [sha]


def attachment_get(world):
    anna, bohdan = world.device("anna"), world.device("bohdan")
    case_id, _ = anna.new_case()
    content, sha = scan(2000)
    attach(anna, case_id, content)
    assert put(anna, sha, content).status_code == 201
    b_case, _ = bohdan.new_case()
    attach(bohdan, b_case, content, sha256=sha)  # B names A's hash on a case of its own
    assert bohdan.request("GET", f"/attachments/{sha}").status_code == 404


def attachment_put(world):
    anna, bohdan = world.device("anna"), world.device("bohdan")
    case_id, _ = anna.new_case()
    content, sha = scan(2000)
    attach(anna, case_id, content)
    assert put(bohdan, sha, content).status_code == 404


def sessions(world):
    """A session token opens reports of the person's own scope (probed by the report route)."""
    r = loopback.post(f"{world.url}/api/v1/sessions", headers=PROTO, timeout=60,
                      json={"username": "bohdan", "password": PASSWORD})
    assert r.status_code == 200
    token = r.json()["token"]
    r = loopback.get(f"{world.url}/api/v1/reports/office", timeout=60, params={"period": "2026-11",
                                                                           "office": world.offices["a"]},
                     headers={**PROTO, "Authorization": f"Bearer {token}"})
    assert r.status_code == 403


def session_delete(world):
    """Ends only the session whose token it carries."""
    r = loopback.delete(f"{world.url}/api/v1/sessions/current", headers={**PROTO, "Authorization": "Bearer nope"})
    assert r.status_code == 204 or r.status_code == 401


ROUTES: dict[tuple[str, str], Probe | str] = {
    ("GET", "/health"): PUBLIC, ("GET", "/api/version"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC, ("GET", "/docs"): PUBLIC, ("GET", "/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/redoc"): PUBLIC,
    ("GET", "/api/v1/reference/hostilities"): PUBLIC, ("GET", "/api/v1/reference/hostilities/{edition_id}.csv"): PUBLIC,
    ("POST", "/api/v1/enroll"): enroll, ("POST", "/api/v1/login"): login,
    ("POST", "/api/v1/sync/push"): push, ("POST", "/api/v1/sync/pull"): pull, ("GET", "/api/v1/sync/digest"): digest,
    ("GET", "/api/v1/admin/offices"): refused("GET", "/admin/offices"),
    ("GET", "/api/v1/admin/devices"): refused("GET", "/admin/devices"),
    ("POST", "/api/v1/admin/devices/{device_id}/revoke"): refused("POST", "/admin/devices/{device}/revoke"),
    ("GET", "/api/v1/directory"): directory, ("GET", "/api/v1/directory/offices"): directory_offices,
    ("GET", "/api/v1/partners"): partners,
    ("GET", "/api/v1/me"): me, ("POST", "/api/v1/audit"): audit,
    ("POST", "/api/v1/device/status-token"): status_token, ("POST", "/api/v1/device/status"): device_status,
    ("POST", "/api/v1/device/wiped"): device_wiped,
    ("POST", "/api/v1/attachments/status"): attachment_status,
    ("GET", "/api/v1/attachments/{sha256}"): attachment_get, ("PUT", "/api/v1/attachments/{sha256}"): attachment_put,
    ("POST", "/api/v1/sessions"): sessions, ("DELETE", "/api/v1/sessions/current"): session_delete,
    ("GET", "/api/v1/reports/{report_id}"): refused("GET", "/reports/office?period=2026-11&office={office}"),
    ("GET", "/api/v1/aggregates/{level}"): refused("GET", "/aggregates/oblast?from=2026-09"),
}
# Console pages a caseworker may open (their own account); every other console route refuses them.
CONSOLE_SELF = {("GET", "/console/login"), ("POST", "/console/login"), ("POST", "/console/logout"),
                ("GET", "/console/"), ("GET", "/console/account"), ("GET", "/console/password"),
                ("POST", "/console/password"), ("GET", "/console/language/{code}")}


def served_routes(world) -> set[tuple[str, str]]:
    schema = loopback.get(f"{world.url}/openapi.json", timeout=30).json()
    routes = {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}
    return routes | {("GET", "/openapi.json"), ("GET", "/docs"), ("GET", "/docs/oauth2-redirect"), ("GET", "/redoc")}


def test_every_route_has_a_scope_probe(world):
    missing = sorted(r for r in served_routes(world)
                     if r not in ROUTES and not (r[1].startswith("/console/") or r[1] == "/console"))
    assert not missing, f"routes without a foreign-scope probe in {__file__}: {missing}"


@pytest.mark.parametrize("route", sorted(k for k, v in ROUTES.items() if v != PUBLIC), ids=" ".join)
def test_office_b_reaches_nothing_of_office_a(world, route):
    ROUTES[route](world)


def test_a_caseworker_of_another_office_gets_no_console_page(world):
    with loopback.client(base_url=world.url, timeout=60) as client:
        token = re.search(r'name="login_token" value="([^"]+)"', client.get("/console/login").text).group(1)
        r = client.post("/console/login", data={"username": "bohdan", "password": PASSWORD, "login_token": token})
        assert r.status_code == 303
        ids = {"office_id": world.offices["a"], "user_id": "x", "device_id": world.device("anna").device_id,
               "fmt": "csv", "code": "en"}
        for method, path in sorted(r for r in served_routes(world) if r[1].startswith("/console")):
            if (method, path) in CONSOLE_SELF:
                continue
            target = re.sub(r"\{(\w+)\}", lambda m: ids.get(m.group(1), "x"), path)
            answer = client.request(method, target, data={"csrf_token": "forged"} if method == "POST" else None,
                                    follow_redirects=False)
            assert answer.status_code == 403, (method, path, answer.status_code)
