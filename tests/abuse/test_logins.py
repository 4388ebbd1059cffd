"""Password guessing: growing delays per (user name, address), the address limit, no lockout of the person,
and every failure in the audit log with the name and the address (the delays are shortened: conftest)."""

from __future__ import annotations

import json
import time

import httpx
from sqlalchemy import select

from sync.server import models as m
from tests.server.helpers import PASSWORD, PROTO
from tests.support import loopback


def enroll(world, username: str, password: str, address: str) -> httpx.Response:
    return loopback.post(f"{world.url}/api/v1/enroll", headers={**PROTO, "X-Forwarded-For": address}, timeout=60,
                         json={"username": username, "password": password, "device_name": "x"})


def wait_until_allowed(answer: httpx.Response) -> None:
    time.sleep(answer.json()["retry_after_ms"] / 1000)  # the server named the moment: nothing to poll


def test_delays_grow_per_user_and_address_and_the_person_still_gets_in(world):
    attacker = "203.0.113.50"
    for _ in range(3):
        failed_at = time.monotonic()  # before the request: the server starts the delay while answering it
        assert enroll(world, "andriy", "guess", attacker).status_code == 401
    # retry_after_ms is what is left of the delay when the refused request arrives: the delay in force lies
    # between it and it plus the time since the failure that set it (long on a loaded machine).
    delays = []
    for _ in range(3):
        refused = enroll(world, "andriy", "guess", attacker)
        since_failure_ms = (time.monotonic() - failed_at) * 1000
        assert refused.status_code == 429 and refused.json()["code"] == "too_many_attempts"
        left = refused.json()["retry_after_ms"]
        delays.append((left, left + since_failure_ms))
        wait_until_allowed(refused)
        failed_at = time.monotonic()
        assert enroll(world, "andriy", "guess", attacker).status_code == 401
    for (low, high), nominal in zip(delays, (1000, 1500, 2000), strict=True):  # 1, 1.5, 2 s (SERVER_ENV)
        assert low <= nominal <= high + 50, (delays, nominal)
    assert enroll(world, "andriy", PASSWORD, "198.51.100.9").status_code == 200  # another address: no wait
    assert enroll(world, "alla", "guess", attacker).status_code == 401  # another name from the attacker: counted apart


def test_failed_logins_are_audited_with_the_name_and_address(world):
    enroll(world, "nobody-here", "guess", "192.0.2.44")
    with world.engine.connect() as conn:
        rows = conn.execute(select(m.audit_log.c.object_ids).where(m.audit_log.c.action == "login_failed")).scalars()
        details = [json.loads(r) for r in rows]
    assert {"username": "nobody-here", "address": "192.0.2.44"} in details


def test_the_address_limit_stays(world):
    address = "203.0.113.99"
    answers = [enroll(world, f"name-{i}", "guess", address).status_code for i in range(9)]
    assert answers[:8] == [401] * 8 and answers[8] == 429  # login_max_failures_address (8 here)
