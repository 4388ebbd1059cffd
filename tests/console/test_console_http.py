"""The console's guards seen from outside: every route has its role check and is in the OpenAPI schema,
cookies carry their flags, bodies are bounded, logins are limited, and `next` never leaves the console."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, update

from sync.protocol import PROTOCOL_HEADER
from sync.server import models as m
from sync.server.app import create_app
from sync.server.console import guard
from sync.server.console.routes import ROUTERS
from sync.server.settings import ServerSettings
from tests.server.helpers import PASSWORD
from tests.support import loopback

# Routes open without a session, on purpose: the login form and the language choice.
OPEN_ROUTES = {("GET", "/login"), ("POST", "/login"), ("GET", "/language/{code}")}
SESSION_CHECKS = {guard._session, guard.signed_in, guard.signed_in_action}


def _checks(dependant) -> list:
    found = []
    for dep in dependant.dependencies:
        if getattr(dep.call, "console_roles", None) is not None or dep.call in SESSION_CHECKS:
            found.append(dep.call)
        found += _checks(dep)
    return found


def _console_routes():
    for router in ROUTERS:
        for route in router.routes:
            for method in route.methods:
                yield method, route.path, route


def test_every_console_route_checks_a_session_and_role_and_every_post_its_csrf_token():
    unguarded, unchecked_posts = [], []
    for method, path, route in _console_routes():
        if (method, path) in OPEN_ROUTES:
            continue
        checks = _checks(route.dependant)
        if not checks:
            unguarded.append((method, path))
        if method == "POST" and not any(getattr(c, "checks_csrf", False) for c in checks):
            unchecked_posts.append(path)
    assert unguarded == [] and unchecked_posts == []


def test_every_console_route_is_in_the_openapi_schema(tmp_path):
    app = create_app(ServerSettings(database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}"))
    schema = app.openapi()["paths"]
    missing = [(method, path) for method, path, _ in _console_routes()
               if method.lower() not in schema.get(f"/console{path}", {})]
    assert missing == []
    # Explicitly left out: the static files (CSS), which are not an API.
    assert not any(p.startswith("/console/static") for p in schema)


def test_cookies_are_httponly_strict_and_secure_outside_loopback(world):
    local = loopback.get(f"{world.url}/console/login")
    cookie = local.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict") and "Path=/console" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback: a browser would drop a Secure cookie here
    remote = loopback.get(f"{world.url}/console/login", headers={"Host": "poruch.example.gov.ua"})
    assert "Secure" in remote.headers["set-cookie"]

    with loopback.client(base_url=world.url) as client:
        page = client.get("/console/login")
        token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
        answer = client.post("/console/login", data={"username": "admin", "password": PASSWORD, "login_token": token})
        assert answer.status_code == 303
        session = [v for k, v in answer.headers.multi_items() if k == "set-cookie" and v.startswith("poruch_console=")]
        assert session and "HttpOnly" in session[0] and "samesite=strict" in session[0].lower()
        page = client.get("/console/offices")
    assert page.headers["cache-control"] == "no-store" and page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_a_login_form_without_its_token_is_refused(world):
    answer = loopback.post(f"{world.url}/console/login", data={"username": "admin", "password": PASSWORD,
                                                             "login_token": "forged"})
    assert answer.status_code == 403 and "poruch_console=" not in answer.headers.get("set-cookie", "")


def test_bodies_are_bounded_before_they_are_parsed(world):
    answer = loopback.post(f"{world.url}/console/offices", content=b"name=" + b"x" * 200_000,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(100):
            yield b"x" * 10_000

    answer = loopback.post(f"{world.url}/console/offices", content=chunks(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/console/../x", "/elsewhere"])
def test_after_login_the_next_page_is_always_in_the_console(target):
    assert guard.safe_next(target) == "/console/"
    assert guard.safe_next("/console/devices") == "/console/devices"


def test_console_logins_share_the_limit_of_laptop_logins(world):
    for _ in range(3):  # three wrong passwords at enrolment, from a laptop at the same address
        r = loopback.post(f"{world.url}/api/v1/enroll", headers={PROTOCOL_HEADER: "1"},
                          json={"username": "ivan", "password": "wrong-password", "device_name": "x"})
        assert r.status_code == 401
    # The wait after the third failure is 1 s from the last one: under load more than that can pass before
    # the console's post, so the failures are dated 30 s ahead (the wait then outlasts any slowness).
    a = m.login_attempts.c
    world.execute(update(m.login_attempts).where(a.username == "ivan", a.success.is_(False)).values(at=a.at + 30_000))
    with loopback.client(base_url=world.url) as client:
        token = re.search(r'name="login_token" value="([^"]+)"', client.get("/console/login").text).group(1)
        answer = client.post("/console/login", data={"username": "ivan", "password": PASSWORD, "login_token": token})
    world.execute(delete(m.login_attempts).where(a.username == "ivan"))  # the analyst may log in again
    assert answer.status_code == 429 and int(answer.headers["Retry-After"]) > 0
    assert "Забагато невдалих спроб" in answer.text


def test_a_laptop_reports_its_versions_and_refused_changes_are_counted(world):
    from sqlalchemy import select

    from sync.server import models as m
    from tests.server.helpers import Device

    laptop = Device.enroll(world.url, "anna", name="ноутбук з версією")
    case_id = "case-refused-count"
    results = laptop.push([laptop.change(case_id, "case", case_id, {"office_id": world.offices["a"],
                                                                     "category": "no-such-category",
                                                                     "stage": "identification", "status": "open"})])
    assert [r["status"] for r in results] == ["rejected"]
    laptop.request("GET", "/sync/digest", headers={"User-Agent": "poruch-client/9.8.7", PROTOCOL_HEADER: "2"})
    with world.engine.connect() as conn:
        row = conn.execute(select(m.devices).where(m.devices.c.id == laptop.device_id)).one()
    assert (row.app_version, row.protocol_version, row.rejected_changes) == ("9.8.7", 2, 1)
