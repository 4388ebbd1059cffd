"""Lightweight laptops on loopback: the real protocol (version 3 headers, zstd bodies, pull lines with the digest)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import time

import httpx
import zstandard

from benchmarks.load.measure import Stats
from benchmarks.load.world import PASSWORD, Device, Workload
from sync import APP_VERSION
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from sync.records.ids import new_id
from sync.wire import compact_json, decode_pull_lines, format_digest

TIMEOUT_S = 60.0
BUSY_RETRIES = 20  # a request answered 503 server_busy is sent again after Retry-After, up to this often
_HTTPX_ZSTD = "zstd" in getattr(httpx._decoders, "SUPPORTED_DECODERS", {})  # noqa: SLF001
_ZC = zstandard.ZstdCompressor(level=3)


class Load:
    def __init__(self, url: str, workload: Workload, stats: Stats):
        headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), "User-Agent": f"poruch-client/{APP_VERSION}",
                   "Accept-Encoding": "zstd, gzip" if _HTTPX_ZSTD else "gzip"}
        self.http = httpx.AsyncClient(base_url=f"{url}/api/v1", headers=headers, timeout=TIMEOUT_S,
                                      limits=httpx.Limits(max_connections=200, max_keepalive_connections=200))
        self.workload = workload
        self.stats = stats
        self.acknowledged: set[str] = set()  # change ids answered applied or duplicate
        self.sent: set[str] = set()

    async def close(self) -> None:
        await self.http.aclose()

    async def _request(self, kind: str, method: str, path: str, dev: Device | None, *, body: dict | None = None,
                       content: bytes | None = None, extra: dict | None = None) -> httpx.Response | None:
        headers = dict(dev.headers()) if dev else {}
        headers.update(extra or {})
        if body is not None:
            content = compact_json(body).encode()
            headers["Content-Type"] = "application/json"
            if len(content) >= 1024:
                content = _ZC.compress(content)
                headers["Content-Encoding"] = "zstd"
        for _ in range(BUSY_RETRIES):
            t0 = time.monotonic()
            try:
                r = await self.http.request(method, path, content=content, headers=headers)
            except httpx.HTTPError as exc:
                self.stats.add(kind, time.monotonic() - t0)
                self.stats.error(f"{kind}: {type(exc).__name__}")
                return None
            if r.status_code != 503 or r.headers.get("retry-after") is None:
                break
            # "busy, come back in N s": the laptop keeps its changes and waits as told (sync.client.retry).
            self.stats.add(kind, time.monotonic() - t0)
            self.stats.busy[kind] = self.stats.busy.get(kind, 0) + 1
            await asyncio.sleep(float(r.headers["retry-after"]))
        elapsed = time.monotonic() - t0
        if r.status_code >= 300:
            self.stats.add(kind, elapsed)
            self.stats.error(f"{kind}: HTTP {r.status_code} {r.text[:80]}")
            return None
        self.stats.add(kind, elapsed)
        return r

    async def push(self, dev: Device, changes: list[dict]) -> bool:
        """A batch, retried (same change ids) like the laptop's outbox until answered."""
        self.sent.update(c["change_id"] for c in changes)
        for _attempt in range(3):
            r = await self._request("push", "POST", "/sync/push", dev, body={"changes": changes})
            if r is not None:
                for res in r.json()["results"]:
                    if res["status"] in ("applied", "duplicate"):
                        self.acknowledged.add(res["change_id"])
                        self.workload.acknowledged(res["change_id"])
                    else:
                        self.stats.error(f"push: change {res['status']} {res.get('reason')}")
                return True
        return False

    async def pull(self, dev: Device) -> bool:
        """Pull until `more` is false, then check the digest as the laptop does."""
        for _ in range(50):
            kind = "pull"
            r = await self._request(kind, "POST", "/sync/pull", dev,
                                    body={"cursor": dev.cursor, "limit": 2000, "digest": True})
            if r is None:
                return False
            page = decode_pull_lines(r.content)
            if not page.records:  # no await since the sample was taken: it is this request's
                self.stats.add("pull (no-op)", self.stats.latencies["pull"].pop())
            for rec in page.records:
                dev.hold(rec["id"], rec["hash"])
            dev.cursor = page.cursor
            dev.epoch = page.epoch or dev.epoch
            if page.more:
                continue
            server = page.digest
            if server is None:
                self.stats.error("pull: no digest")
                return False
            if server.cursor > dev.cursor:
                continue  # changes committed after our page: pull them too
            if (server.count, server.digest) != (len(dev.hashes), format_digest(dev.digest)):
                self.stats.error("digest differs at the same cursor (a change was skipped)")
                return False
            return True
        self.stats.error("pull: the scope kept changing")
        return False

    async def sync(self, dev: Device, push: int = 0, attachment: bool = False) -> None:
        t0 = time.monotonic()
        await self._sync(dev, push, attachment)
        self.stats.syncs.append(time.monotonic() - t0)

    async def _sync(self, dev: Device, push: int, attachment: bool) -> None:
        if push:
            dev.pending += self.workload.batch(dev, push)
        if attachment:
            await self.attach(dev)
        if dev.pending and await self.push(dev, dev.pending):
            dev.pending = []
        await self.pull(dev)

    async def attach(self, dev: Device) -> None:
        rng = self.workload.rng
        data = os.urandom(rng.randrange(20_000, 200_000))  # random bytes: no personal data
        sha = hashlib.sha256(data).hexdigest()
        cases = self.workload.cases.get(dev.office)
        if not cases:
            return
        record = self.workload.change(dev, new_id(), "attachment", rng.choice(cases),
                                      {"filename": "довідка.pdf", "mime_type": "application/pdf", "size": len(data),
                                       "sha256": sha})
        if await self.push(dev, [record]) and record["change_id"] in self.acknowledged:
            await self._request("attachment", "PUT", f"/attachments/{sha}", dev, content=data,
                                extra={"Content-Type": "application/octet-stream"})

    async def enroll(self, username: str) -> Device | None:
        r = await self._request("enroll", "POST", "/enroll", None,
                                body={"username": username, "password": PASSWORD, "device_name": "новий ноутбук"})
        if r is None:
            return None
        body = r.json()
        return Device(body["device_id"], body["device_secret"], body["user_token"], username, body["office"]["id"])
