"""An in-memory stand-in for the sync server behind httpx.MockTransport, for the engine's unit tests.

It follows docs/sync-protocol.md closely enough to exercise the client (push by change id, pull by
cursor, digest) but merges naively (last write wins): merge is the real server's job and is tested
against it. Failures are injected per request: an HTTP status or an exception to raise.
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

import httpx
import zstandard

from sync.records.canonical import digest_item, format_digest, record_hash


class FakeServer:
    def __init__(self, time_ms: int | None = None):
        self.records: dict[str, dict[str, Any]] = {}
        self.applied: set[str] = set()
        self.seq = 0
        self.time_ms = time_ms  # None: the real clock
        self.revoked = False
        self.failures: deque[int | Exception] = deque()
        self.requests: list[httpx.Request] = []
        self.secret = "s3cret"

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def _now(self) -> int:
        import time

        return self.time_ms if self.time_ms is not None else int(time.time() * 1000)

    def _answer(self, status: int, body: Any) -> httpx.Response:
        return httpx.Response(status, json=body)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.failures:
            failure = self.failures.popleft()
            if isinstance(failure, Exception):
                raise failure
            return self._answer(failure, {"code": "injected", "message": "injected"})
        if request.headers.get("X-Poruch-Protocol") != "1":
            return self._answer(426, {"code": "unsupported_protocol", "supported": [1], "message": "old"})
        path = request.url.path
        body = request.content
        if request.headers.get("content-encoding") == "zstd":
            body = zstandard.ZstdDecompressor().decompressobj().decompress(body)
        data = json.loads(body) if body else {}
        if path == "/api/v1/enroll":
            return self._answer(200, {
                "device_id": "dev-1", "device_secret": self.secret, "user_token": "tok",
                "user": {"id": "u1", "username": data["username"], "display_name": "Олена", "role": "caseworker"},
                "office": {"id": "office-1", "name": "Офіс", "katottg": None},
                "scope": {"office_ids": ["office-1"]}, "server_time_ms": self._now()})
        auth = request.headers.get("authorization", "")
        if not auth.endswith("." + self.secret):
            return self._answer(401, {"code": "unauthorized", "message": "no"})
        if self.revoked:
            return self._answer(403, {"code": "device_revoked", "wipe": True, "message": "revoked"})
        if path == "/api/v1/sync/push":
            return self._answer(200, {"results": [self._apply(c) for c in data["changes"]],
                                      "server_time_ms": self._now()})
        if path == "/api/v1/sync/pull":
            newer = sorted((r for r in self.records.values() if r["seq"] > data["cursor"]), key=lambda r: r["seq"])
            page = newer[:data["limit"]]
            return self._answer(200, {"records": page, "evictions": [], "more": len(newer) > len(page),
                                      "cursor": page[-1]["seq"] if page else data["cursor"],
                                      "server_time_ms": self._now()})
        if path == "/api/v1/sync/digest":
            count, digest = self.digest()
            return self._answer(200, {"count": count, "digest": digest, "cursor": self.seq})
        return self._answer(404, {"code": "not_found", "message": path})

    def _apply(self, change: dict[str, Any]) -> dict[str, Any]:
        if change["change_id"] in self.applied:
            return {"change_id": change["change_id"], "status": "duplicate"}
        self.applied.add(change["change_id"])
        self.seq += 1
        rec = self.records.setdefault(change["record_id"], {
            "id": change["record_id"], "type": change["record_type"], "case_id": change["case_id"],
            "office_id": "office-1", "data": {}, "deleted": False, "seq": 0, "hlc": 0})
        rec["data"].update(change["fields"])
        rec["deleted"] = rec["deleted"] or change["op"] == "delete"
        rec["seq"], rec["hlc"] = self.seq, change["hlc"]
        return {"change_id": change["change_id"], "status": "applied"}

    def digest(self) -> tuple[int, str]:
        value = 0
        for r in self.records.values():
            value ^= digest_item(r["id"], record_hash(r["type"], r["case_id"], r["data"], r["deleted"]))
        return len(self.records), format_digest(value)
