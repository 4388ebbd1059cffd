"""Test clients for the server: a device that enrols, pushes, pulls and keeps a digest like a client."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from sync.protocol import PROTOCOL_HEADER, USER_HEADER
from sync.records.ids import HybridClock, new_id
from sync.wire import digest_item, format_digest, record_hash
from tests.support import loopback

PROTO = {PROTOCOL_HEADER: "1"}
PASSWORD = "пароль-для-тестів-1"

# Offices of the test world: A and B in one raion (Бердичівський), C in another (Житомирський).
KATOTTG_A = "UA18020010000059904"
KATOTTG_B = "UA18020030000035625"
KATOTTG_C = "UA18040010000031446"


def hlc_now(offset_ms: int = 0) -> int:
    return (int(time.time() * 1000) + offset_ms) * HybridClock.COUNTER_SPAN


def case_fields(office_id: str, **extra: Any) -> dict[str, Any]:
    return {"office_id": office_id, "category": "idp", "stage": "identification", "status": "open", **extra}


PERSON = {"surname": "Коваленко", "given_name": "Оксана", "birth_date": "1985-04-12"}
_BORN = itertools.count()


@dataclass
class Device:
    """An enrolled device as the tests drive it; `records` is what it has pulled."""

    url: str
    device_id: str
    secret: str
    user_token: str
    username: str
    office_id: str
    scope: list[str]
    cursor: int = 0
    records: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def enroll(cls, url: str, username: str, password: str = PASSWORD, name: str = "laptop") -> Device:
        r = loopback.post(f"{url}/api/v1/enroll", headers=PROTO, timeout=60,  # httpx's 5 s: too short for an
                          json={"username": username, "password": password, "device_name": name})  # Argon2 check under load
        assert r.status_code == 200, r.text
        body = r.json()
        return cls(url, body["device_id"], body["device_secret"], body["user_token"], username,
                   body["office"]["id"], body["scope"]["office_ids"])

    @property
    def headers(self) -> dict[str, str]:
        return {**PROTO, "Authorization": f"Bearer {self.device_id}.{self.secret}", USER_HEADER: self.user_token}

    def request(self, method: str, path: str, **kw) -> httpx.Response:
        headers = {**self.headers, **kw.pop("headers", {})}
        return loopback.request(method, f"{self.url}/api/v1{path}", headers=headers, timeout=60, **kw)

    def change(self, record_id: str, record_type: str, case_id: str, fields: dict[str, Any], *,
               base_seq: int | None = None, hlc: int | None = None, op: str = "upsert") -> dict[str, Any]:
        if base_seq is None:
            base_seq = self.records[record_id]["seq"] if record_id in self.records else 0
        return {"change_id": new_id(), "record_id": record_id, "record_type": record_type, "case_id": case_id,
                "op": op, "fields": fields, "base_seq": base_seq, "hlc": hlc if hlc is not None else hlc_now(),
                "user": self.username, "device_id": self.device_id}

    def push(self, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        r = self.request("POST", "/sync/push", json={"changes": changes})
        assert r.status_code == 200, r.text
        return r.json()["results"]

    def push_ok(self, changes: list[dict[str, Any]]) -> None:
        results = self.push(changes)
        bad = [r for r in results if r["status"] != "applied"]
        assert not bad, bad

    def new_case(self, office_id: str | None = None, **person: Any) -> tuple[str, str]:
        """Create a case with its person record; returns (case_id, person_id)."""
        case_id, person_id = new_id(), new_id()
        # Each case another person (born another day): one person in two offices would be flagged
        # as a possible duplicate (sync.server.duplicates), adding records to both offices.
        born = (date(1985, 4, 12) + timedelta(days=next(_BORN))).isoformat()
        self.push_ok([self.change(case_id, "case", case_id, case_fields(office_id or self.office_id)),
                      self.change(person_id, "person", case_id, {**PERSON, "birth_date": born, **person})])
        return case_id, person_id

    def pull_page(self, limit: int = 2000) -> dict[str, Any]:
        r = self.request("POST", "/sync/pull", json={"cursor": self.cursor, "limit": limit})
        assert r.status_code == 200, r.text
        page = r.json()
        for rec in page["records"]:
            self.records[rec["id"]] = rec
        for case_id in page["evictions"]:
            for rid in [k for k, v in self.records.items() if v["case_id"] == case_id]:
                del self.records[rid]
        self.cursor = page["cursor"]
        return page

    def sync(self, limit: int = 2000) -> list[str]:
        """Pull until nothing more; returns the evictions seen."""
        evictions: list[str] = []
        while True:
            page = self.pull_page(limit)
            evictions += page["evictions"]
            if not page["more"]:
                return evictions

    def local_digest(self) -> dict[str, Any]:
        value = 0
        for rec in self.records.values():
            value ^= digest_item(rec["id"], record_hash(rec["type"], rec["case_id"], rec["data"], rec["deleted"]))
        return {"count": len(self.records), "digest": format_digest(value)}

    def server_digest(self) -> dict[str, Any]:
        r = self.request("GET", "/sync/digest")
        assert r.status_code == 200, r.text
        return r.json()

    def of_type(self, rtype: str, case_id: str | None = None) -> list[dict]:
        return [r for r in self.records.values()
                if r["type"] == rtype and (case_id is None or r["case_id"] == case_id)]
