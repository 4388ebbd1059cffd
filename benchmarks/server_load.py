"""Server capacity: a real `poruch-server` on PostgreSQL with N worker processes under many devices.

    python benchmarks/server_load.py [--workers 2] [--devices 1000] [--offices 300] [--steady 120]
                                     [--interval 180] [--peak 500] [--database URL]

Set-up (not measured): a fresh database on the PostgreSQL server of --database (or
PORUCH_TEST_DATABASE_URL, else postgres@127.0.0.1:5432), `poruch-server serve --workers N` started
for real, `--offices` offices with synthetic cases, and `--devices` devices across them whose
credentials are written in bulk, as enrolment writes them (a device row, a user token); each starts
from its office's state. Then, on loopback, lightweight clients (httpx/asyncio) speak the real
protocol (version 3 headers, zstd bodies above 1 KiB, pull lines with the scope digest):

- **steady**: every device syncs every --interval seconds (jittered) for --steady seconds. A sync
  pushes 5-50 changes (--push-share of them; a new case with its person, tasks, case edits), pulls
  until `more` is false with the digest, and compares the digest with what it holds, as the laptop
  does (a mismatch at the same cursor is counted as an error: something was skipped). A few syncs
  upload an attachment (the record, then the bytes); --enrolments people enrol a new laptop (Argon2id).
- **day**: the devices not in the peak push a day's work, one batch each (the peak devices are offline).
- **peak**: --peak devices, offline since the start of the steady phase with 5-50 changes each, all
  sync within --peak-window seconds (push, then pull everything they missed).
- **check**: every device pulls once more and must match the server's digest; every change a device
  was told "applied" is on the server exactly once (applied_changes), and nothing unacknowledged is.

Printed per phase: requests and throughput, p50/p95/p99/max per request kind, errors, the server
processes' CPU (all workers) and largest resident memory, PostgreSQL backends' CPU and connections,
and how many sessions waited for the writer lock (sampled). Targets (issue 16): steady p95 <= 300 ms
with 0 errors; peak: no request over 5 s, nothing lost. `--workers 1,2` runs the whole scenario once
per value, one after the other, and `--compare-with REF` first runs the same load against that commit's
server (a temporary worktree): side-by-side comparisons in one run.

A request answered 503 `server_busy` is sent again after its Retry-After, as the laptop does; such
answers are counted per kind ("busy") and their time is in the figures. "whole sync" is a device's whole
sync (push, pull, check, waits included).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import hashlib
import os
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
import zstandard  # noqa: E402
from faker import Faker  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from sync import APP_VERSION  # noqa: E402
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, USER_HEADER  # noqa: E402
from sync.records.ids import HybridClock, new_id  # noqa: E402
from sync.server import admin_ops  # noqa: E402
from sync.server import models as m  # noqa: E402
from sync.server.db import make_engine, now_ms  # noqa: E402
from sync.server.orgs import create_office  # noqa: E402
from sync.server.security import hash_password, token_hash  # noqa: E402
from sync.wire import compact_json, decode_pull_lines, digest_item, format_digest  # noqa: E402
from tests.support.server_process import ENV_DATABASE, ServerProcess, make_database_url  # noqa: E402

PASSWORD = "пароль-навантаження-1"
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
STEADY_P95_S = 0.300
PEAK_MAX_S = 5.0
TIMEOUT_S = 60.0
BUSY_RETRIES = 20  # a request answered 503 server_busy is sent again after Retry-After, up to this often
_HTTPX_ZSTD = "zstd" in getattr(httpx._decoders, "SUPPORTED_DECODERS", {})  # noqa: SLF001
_ZC = zstandard.ZstdCompressor(level=3)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- measuring ----------------------------------------------------------------------------------
@dataclass
class Stats:
    """Latencies per request kind and the errors of one phase."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    busy: dict[str, int] = field(default_factory=dict)  # 503 server_busy answers per kind (then retried)
    syncs: list[float] = field(default_factory=list)  # whole syncs: push, pull and check, waits included
    started: float = field(default_factory=time.monotonic)
    ended: float = 0.0

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def slowest(self) -> float:
        return max((max(v) for v in self.latencies.values() if v), default=0.0)

    def p95_all(self) -> float:
        every = sorted(x for v in self.latencies.values() for x in v)
        return _quantile(every, 0.95)


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _proc_stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a process (Linux /proc), None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def process_tree(root: int) -> list[int]:
    """The server's processes: its own and every descendant (uvicorn's workers)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _proc_stat(int(entry.name))
            if stat:
                parents.setdefault(stat[0], []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += parents.get(pid, [])
    return out


class Sampler:
    """Every 0.25 s: the server's resident memory, PostgreSQL's connections to the benchmark's database,
    and the sessions waiting for an advisory lock (the writer or the audit lock)."""

    def __init__(self, server_pid: int, admin_url: str, database: str):
        import psycopg

        self.server_pid = server_pid
        self.database = database
        self.conn = psycopg.connect(admin_url, autocommit=True)
        self.stop = threading.Event()
        self.reset()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def reset(self) -> None:
        self.rss_max = 0.0
        self.connections_max = 0
        self.samples = 0
        self.lock_waiting_samples = 0
        self.lock_waiters_max = 0

    def backend_pids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s",
                                                (self.database,))]

    def _run(self) -> None:
        while not self.stop.wait(0.25):
            rss = sum(_rss_mib(p) for p in process_tree(self.server_pid))
            connections = self.conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                                            (self.database,)).fetchone()[0]
            waiting = self.conn.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                "WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = %s", (self.database,)).fetchone()[0]
            self.rss_max = max(self.rss_max, rss)
            self.connections_max = max(self.connections_max, connections)
            self.samples += 1
            self.lock_waiting_samples += bool(waiting)
            self.lock_waiters_max = max(self.lock_waiters_max, waiting)

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.conn.close()


def cpu_of(pids: list[int]) -> float:
    return sum(s[1] for s in map(_proc_stat, pids) if s)


# --- the world ----------------------------------------------------------------------------------
def hromada_codes(n: int) -> list[str]:
    with open(REPO / "resources/reference/katottg.csv", encoding="utf-8") as f:
        codes = [row["code"] for row in csv.DictReader(f) if row["category"] == "H"]
    if n > len(codes):
        raise SystemExit(f"at most {len(codes)} offices (one per hromada)")
    return codes[:n]


@dataclass
class Device:
    """A lightweight laptop: credentials, cursor and the hashes of what it holds (for the digest)."""

    id: str
    secret: str
    token: str
    username: str
    office: str
    cursor: int = 0
    hashes: dict[str, str] = field(default_factory=dict)
    digest: int = 0
    pending: list[dict] = field(default_factory=list)

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.id}.{self.secret}", USER_HEADER: self.token}

    def hold(self, record_id: str, hash_: str) -> None:
        old = self.hashes.get(record_id)
        if old is not None:
            self.digest ^= digest_item(record_id, old)
        self.hashes[record_id] = hash_
        self.digest ^= digest_item(record_id, hash_)

    def snapshot(self) -> tuple[int, dict[str, str], int]:
        return self.cursor, dict(self.hashes), self.digest

    def restore(self, snap: tuple[int, dict[str, str], int]) -> None:
        self.cursor, self.hashes, self.digest = snap[0], dict(snap[1]), snap[2]


class Workload:
    """Changes as a caseworker's laptop makes them: new cases with their person and tasks, task and case edits."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.fake = Faker("uk_UA")
        self.fake.seed_instance(seed)
        self.cases: dict[str, list[str]] = {}  # office -> case ids the server acknowledged
        self.unconfirmed: dict[str, tuple[str, str]] = {}  # change id of a new case -> (office, case id)
        self.born = date(1950, 1, 1)

    def change(self, dev: Device, record_id: str, rtype: str, case_id: str, fields: dict) -> dict:
        return {"change_id": new_id(), "record_id": record_id, "record_type": rtype, "case_id": case_id,
                "op": "upsert", "fields": fields, "base_seq": 0,
                "hlc": now_ms() * HybridClock.COUNTER_SPAN + self.rng.randrange(1000),
                "user": dev.username, "device_id": dev.id}

    def new_case(self, dev: Device, tasks: int) -> list[dict]:
        case_id = new_id()
        self.born += timedelta(days=1)
        person = {"surname": self.fake.last_name(), "given_name": self.fake.first_name(),
                  "birth_date": self.born.isoformat()}
        out = [self.change(dev, case_id, "case", case_id, {"office_id": dev.office, "category": "idp",
                                                           "stage": "identification", "status": "open"}),
               self.change(dev, new_id(), "person", case_id, person)]
        out += [self.task(dev, case_id) for _ in range(tasks)]
        self.unconfirmed[out[0]["change_id"]] = (dev.office, case_id)
        return out

    def acknowledged(self, change_id: str) -> None:
        """Colleagues add to a case once the server has it (else their change would be refused unknown_case)."""
        if change_id in self.unconfirmed:
            office, case_id = self.unconfirmed.pop(change_id)
            self.cases.setdefault(office, []).append(case_id)

    def task(self, dev: Device, case_id: str) -> dict:
        due = (date.today() + timedelta(days=self.rng.randrange(1, 60))).isoformat()
        return self.change(dev, new_id(), "task", case_id, {"title": f"Завдання {self.rng.randrange(10**6)}",
                                                            "due_date": due})

    def batch(self, dev: Device, size: int) -> list[dict]:
        """`size` changes: sometimes a new case, else tasks on and edits of the office's cases."""
        out: list[dict] = []
        cases = self.cases.get(dev.office) or []
        if not cases or self.rng.random() < 0.3:
            out += self.new_case(dev, min(3, max(0, size - 2)))
            cases = cases + [out[0]["case_id"]]
        while len(out) < size:
            case_id = self.rng.choice(cases)
            if self.rng.random() < 0.2:
                stage = self.rng.choice(("identification", "assessment", "planning"))
                out.append(self.change(dev, case_id, "case", case_id, {"stage": stage}))
            else:
                out.append(self.task(dev, case_id))
        return out


def build_world(engine, args) -> tuple[list[Device], list[tuple[str, str]]]:
    """Offices, one caseworker a device, the devices' credentials in bulk; people to enrol later."""
    say(f"set-up: {args.offices} offices, {args.devices} devices ...")
    password_hash = hash_password(PASSWORD)  # once: Argon2id is slow on purpose
    devices: list[Device] = []
    later: list[tuple[str, str]] = []
    now = now_ms()
    with engine.begin() as conn:
        offices = [create_office(conn, f"Центр {i + 1}", code) for i, code in enumerate(hromada_codes(args.offices))]
        users, device_rows, token_rows = [], [], []
        for i in range(args.devices + args.enrolments):
            office = offices[i % len(offices)]
            username = f"load{i}"
            user_id = admin_ops.create_user(conn, username, PASSWORD, "caseworker", office,
                                            password_hash=password_hash)
            if i >= args.devices:
                later.append((username, office))
                continue
            dev = Device(new_id(), secrets.token_urlsafe(32), secrets.token_urlsafe(32), username, office)
            device_rows.append({"id": dev.id, "name": f"ноутбук {i}", "org_id": office,
                                "secret_hash": token_hash(dev.secret), "status_hash": token_hash(new_id()),
                                "enrolled_by": user_id, "created_at": now, "last_seen_at": now})
            token_rows.append({"token_hash": token_hash(dev.token), "user_id": user_id, "device_id": dev.id,
                               "created_at": now})
            users.append(user_id)
            devices.append(dev)
        conn.execute(insert(m.devices), device_rows)
        conn.execute(insert(m.user_tokens), token_rows)
    return devices, later


# --- the clients --------------------------------------------------------------------------------
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


# --- the phases ---------------------------------------------------------------------------------
@dataclass
class PhaseResult:
    name: str
    stats: Stats
    seconds: float
    server_cpu: float
    postgres_cpu: float
    client_cpu: float
    rss_max: float
    connections_max: int
    lock_wait_share: float
    lock_waiters_max: int


class Run:
    def __init__(self, args, server: ServerProcess, engine, sampler: Sampler, devices: list[Device],
                 later: list[tuple[str, str]]):
        self.args = args
        self.server = server
        self.engine = engine
        self.sampler = sampler
        self.devices = devices
        self.later = later
        self.rng = random.Random(args.seed)
        self.workload = Workload(args.seed)
        self.results: list[PhaseResult] = []
        self.acknowledged: set[str] = set()
        self.sent: set[str] = set()

    async def phase(self, name: str, body) -> Stats:
        stats = Stats()
        load = Load(self.server.url, self.workload, stats)
        pids = process_tree(self.server.proc.pid)
        pg_before = {p: (_proc_stat(p) or (0, 0.0))[1] for p in self.sampler.backend_pids()}
        cpu0, own0 = cpu_of(pids), os.times()
        self.sampler.reset()
        t0 = time.monotonic()
        try:
            await body(load)
        finally:
            await load.close()
        seconds = time.monotonic() - t0
        own1 = os.times()
        pg_after = {p: (_proc_stat(p) or (0, 0.0))[1] for p in self.sampler.backend_pids()}
        pg_cpu = sum(v - pg_before.get(p, 0.0) for p, v in pg_after.items())
        s = self.sampler
        self.results.append(PhaseResult(
            name, stats, seconds, cpu_of(process_tree(self.server.proc.pid)) - cpu0, pg_cpu,
            (own1.user - own0.user) + (own1.system - own0.system), s.rss_max, s.connections_max,
            s.lock_waiting_samples / max(1, s.samples), s.lock_waiters_max))
        self.acknowledged |= load.acknowledged
        self.sent |= load.sent
        say(f"{name}: {stats.requests} requests in {seconds:.1f} s, {sum(stats.errors.values())} errors")
        return stats

    async def gather_limited(self, coros, limit: int) -> None:
        gate = asyncio.Semaphore(limit)

        async def one(coro):
            async with gate:
                await coro

        await asyncio.gather(*(one(c) for c in coros))

    # Set-up: each office's cases, pushed by its first device; every device starts from its office's state.
    async def seed(self, load: Load) -> None:
        first: dict[str, Device] = {}
        for dev in self.devices:
            first.setdefault(dev.office, dev)

        async def office(dev: Device) -> None:
            changes = [c for _ in range(self.args.cases_per_office) for c in self.workload.new_case(dev, 3)]
            await load.push(dev, changes)
            await load.pull(dev)

        await self.gather_limited([office(d) for d in first.values()], 8)
        for dev in self.devices:
            dev.restore(first[dev.office].snapshot())

    async def steady(self, load: Load) -> None:
        a = self.args
        end = time.monotonic() + a.steady

        async def until(delay: float) -> bool:
            """Sleep `delay` unless the phase ends first; whether there is time left."""
            await asyncio.sleep(max(0.0, min(delay, end - time.monotonic())))
            return time.monotonic() < end

        async def device(dev: Device) -> None:
            more = await until(self.rng.uniform(0, a.interval))
            while more:
                push = self.rng.randint(5, 50) if self.rng.random() < a.push_share else 0
                await load.sync(dev, push, attachment=self.rng.random() < a.attachment_share)
                more = await until(a.interval * self.rng.uniform(0.8, 1.2))

        async def enrol(username: str) -> None:
            await asyncio.sleep(self.rng.uniform(0, a.steady))
            dev = await load.enroll(username)
            if dev is not None:
                await load.pull(dev)  # its first download
                self.devices.append(dev)

        await asyncio.gather(*(device(d) for d in self.devices), *(enrol(u) for u, _ in self.later))

    async def day(self, load: Load, offline: set[str]) -> None:
        others = [d for d in self.devices if d.id not in offline]
        await self.gather_limited([load.sync(d, self.rng.randint(5, 50)) for d in others], 8)

    async def peak(self, load: Load, peak: list[Device]) -> None:
        async def device(dev: Device) -> None:
            await asyncio.sleep(self.rng.uniform(0, self.args.peak_window))
            await load.sync(dev)

        for dev in peak:  # the day's work done offline
            dev.pending += self.workload.batch(dev, self.rng.randint(5, 50))
        await asyncio.gather(*(device(d) for d in peak))

    async def check(self, load: Load) -> None:
        await self.gather_limited([load.sync(d) for d in self.devices], 16)

    async def scenario(self) -> dict:
        a = self.args
        await self.phase("set-up", self.seed)
        self.results.clear()
        peak = self.rng.sample(self.devices, min(a.peak, len(self.devices)))
        snapshots = {d.id: d.snapshot() for d in peak}
        await self.phase("steady", self.steady)
        for dev in peak:  # offline since the steady phase began: what they pushed then is pulled back now
            dev.restore(snapshots[dev.id])
        await self.phase("day", lambda load: self.day(load, set(snapshots)))
        await self.phase("peak", lambda load: self.peak(load, peak))
        await self.phase("check", self.check)
        return self.verify()

    def verify(self) -> dict:
        """Every change a device was told applied is on the server exactly once; nothing else is."""
        c = m.applied_changes.c
        with self.engine.connect() as conn:
            applied = set(conn.execute(select(c.change_id)).scalars())
            twice = conn.execute(select(func.count()).select_from(
                select(c.change_id).group_by(c.change_id).having(func.count() > 1).subquery())).scalar_one()
            records = conn.execute(select(func.count()).select_from(m.records)).scalar_one()
        return {"sent": len(self.sent), "acknowledged": len(self.acknowledged),
                "lost": len(self.acknowledged - applied), "unexpected": len(applied - self.sent),
                "applied twice": twice, "server records": records}


# --- printing -----------------------------------------------------------------------------------
def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def print_run(title: str, results: list[PhaseResult], check: dict, load_avg: tuple) -> None:
    print(f"\n=== {title} on PostgreSQL; load average before/after: "
          f"{load_avg[0]:.2f} / {load_avg[1]:.2f} (2 cores shared) ===")
    for r in results:
        s = r.stats
        print(f"\n{r.name}: {s.requests} requests in {r.seconds:.1f} s = {s.requests / max(r.seconds, 1e-9):.1f}/s; "
              f"errors {sum(s.errors.values())}; slowest {ms(s.slowest)} ms")
        print(f"  server CPU {r.server_cpu:.1f} s ({100 * r.server_cpu / r.seconds:.0f}% of a core), "
              f"RSS max {r.rss_max:.0f} MiB; PostgreSQL CPU {r.postgres_cpu:.1f} s, connections max "
              f"{r.connections_max}; load generator CPU {r.client_cpu:.1f} s; "
              f"advisory-lock waiters in {100 * r.lock_wait_share:.0f}% of samples (max {r.lock_waiters_max})")
        print(f"  {'kind':<14}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
        for kind, values in sorted(s.latencies.items()):
            print(f"  {kind:<14}{len(values):>7}{ms(_quantile(values, .5)):>9}{ms(_quantile(values, .95)):>9}"
                  f"{ms(_quantile(values, .99)):>9}{ms(max(values)):>9}")
        if s.syncs:
            print(f"  {'whole sync':<14}{len(s.syncs):>7}{ms(_quantile(s.syncs, .5)):>9}{ms(_quantile(s.syncs, .95)):>9}"
                  f"{ms(_quantile(s.syncs, .99)):>9}{ms(max(s.syncs)):>9}")
        for kind, n in sorted(s.busy.items()):
            print(f"  busy (503, retried after Retry-After) x{n}: {kind}")
        for what, n in sorted(s.errors.items()):
            print(f"  error x{n}: {what}")
    steady = next(r for r in results if r.name == "steady")
    peak = next(r for r in results if r.name == "peak")
    p95 = steady.stats.p95_all()
    ok_steady = p95 <= STEADY_P95_S and not steady.stats.errors
    ok_peak = peak.stats.slowest <= PEAK_MAX_S and not check["lost"] and not peak.stats.errors
    print(f"\nchanges: {check}")
    print(f"target steady: p95 {ms(p95)} ms (<= {ms(STEADY_P95_S)}), errors {sum(steady.stats.errors.values())} "
          f"(0): {'met' if ok_steady else 'MISSED'}")
    print(f"target peak: slowest {ms(peak.stats.slowest)} ms (<= {ms(PEAK_MAX_S)}), lost {check['lost']}, "
          f"errors {sum(peak.stats.errors.values())}: {'met' if ok_peak else 'MISSED'}")


def run_once(args, workers: int, tree: Path = REPO, label: str = "this tree") -> None:
    tmp = Path(tempfile.mkdtemp(prefix="poruch-bench-load-"))
    db = make_database_url(tmp, "postgresql")
    server = ServerProcess(db.url, tmp / "server", workers=workers, repo=tree)
    say(f"{label}, --workers {workers}: starting the server on a fresh database ({tmp})")
    server.start()
    engine = make_engine(db.url)
    from sqlalchemy.engine import make_url

    url = make_url(db.url)
    sampler = Sampler(server.proc.pid, url.set(drivername="postgresql", database="postgres")
                      .render_as_string(hide_password=False), url.database)
    try:
        load_before = os.getloadavg()[0]
        devices, later = build_world(engine, args)
        run = Run(args, server, engine, sampler, devices, later)
        check = asyncio.run(run.scenario())
        print_run(f"{label}: poruch-server --workers {workers}", run.results, check,
                  (load_before, os.getloadavg()[0]))
    finally:
        sampler.close()
        server.stop()
        engine.dispose()
        db.cleanup()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", default="2", help="server worker processes; a list (1,2) runs once per value")
    ap.add_argument("--devices", type=int, default=1000)
    ap.add_argument("--offices", type=int, default=300)
    ap.add_argument("--cases-per-office", type=int, default=10)
    ap.add_argument("--steady", type=float, default=120, help="seconds of steady state")
    ap.add_argument("--interval", type=float, default=180, help="seconds between a device's syncs")
    ap.add_argument("--push-share", type=float, default=0.15, help="share of syncs that push 5-50 changes")
    ap.add_argument("--attachment-share", type=float, default=0.02, help="share of syncs that upload a file")
    ap.add_argument("--enrolments", type=int, default=5, help="new laptops enrolled during the steady phase")
    ap.add_argument("--peak", type=int, default=500, help="devices in the morning peak")
    ap.add_argument("--peak-window", type=float, default=60, help="seconds within which they all sync")
    ap.add_argument("--database", help="PostgreSQL URL (a fresh database is made on that server)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--compare-with", metavar="REF", help="first run the server of this commit (a temporary worktree)")
    args = ap.parse_args()
    os.environ[ENV_DATABASE] = args.database or os.environ.get(ENV_DATABASE) or DEFAULT_DATABASE
    workers = [int(w) for w in args.workers.split(",")]
    if args.compare_with:  # the other commit's server first, then this tree's, with the same load
        other = Path(tempfile.mkdtemp(prefix="poruch-load-before-")) / "tree"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(other), args.compare_with],
                       check=True, capture_output=True)
        try:
            for n in workers:
                run_once(args, n, other, f"before ({args.compare_with})")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(other)], capture_output=True)
    for n in workers:
        run_once(args, n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
