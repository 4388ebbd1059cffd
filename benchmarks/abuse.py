"""Hostile requests against a real poruch-server: the answer, the time, the server's peak memory and the
slowest /health answer while each was in flight (issue 9).

    .venv/bin/python benchmarks/abuse.py                          # this source tree
    .venv/bin/python benchmarks/abuse.py --compare-with 566d376   # and that commit's tree, side by side

--compare-with checks the other commit out in a temporary git worktree and runs the same requests against
a server started from it (same Python, same machine, same run), so before and after are measured at the
same load. SQLite by default; --database-url postgresql+psycopg://... creates a database per server there.
Loopback only; every request has a time limit.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
import zstandard  # noqa: E402

from tests.support.hostile import send_raw, watch  # noqa: E402
from tests.support.server_process import free_port, make_database_url  # noqa: E402

PASSWORD = "пароль-бенчмарку-1"
KATOTTG_A, KATOTTG_B = "UA18020010000059904", "UA18020030000035625"
MiB = 1024 * 1024
TIMEOUT_S = 120.0


class TreeServer:
    """poruch-server started from a given source tree (this one or a temporary worktree of another commit)."""

    def __init__(self, tree: Path, workdir: Path, database_url: str):
        self.tree, self.data = tree, workdir / "data"
        self.database_url = database_url
        self.port = free_port()
        self.env = {**os.environ, "PYTHONPATH": str(tree)}
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args: str, password: str | None = None) -> str:
        env = {**self.env, **({"PORUCH_PASSWORD": password} if password else {})}
        done = subprocess.run([sys.executable, "-m", "sync.server.cli", "--data-dir", str(self.data), "--database",
                               self.database_url, *args], cwd=self.tree, env=env, capture_output=True, text=True,
                              timeout=120)
        if done.returncode:
            raise RuntimeError(f"{args[0]}: {done.stderr.strip()}")
        return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""

    def start(self) -> TreeServer:
        self.data.mkdir(parents=True, exist_ok=True)
        log = open(self.data.parent / "server.log", "ab")  # noqa: SIM115 - the child's, closed with it
        self.proc = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "--data-dir", str(self.data),
                                      "--database", self.database_url, "serve", "--port", str(self.port),
                                      "--log-level", "warning"], cwd=self.tree, env=self.env, stdout=log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)  # polling a condition with a deadline
        raise TimeoutError("server not healthy")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@dataclass
class Device:
    url: str
    device_id: str
    secret: str
    user_token: str
    office_id: str
    username: str

    @property
    def headers(self) -> dict[str, str]:
        return {"X-Poruch-Protocol": "1", "Authorization": f"Bearer {self.device_id}.{self.secret}",
                "X-Poruch-User": self.user_token}

    def push(self, changes: list[dict]) -> httpx.Response:
        return httpx.post(f"{self.url}/api/v1/sync/push", headers=self.headers, json={"changes": changes}, timeout=60)

    def change(self, record_id: str, rtype: str, case_id: str, fields: dict, base_seq: int = 0) -> dict:
        return {"change_id": secrets.token_hex(8), "record_id": record_id, "record_type": rtype, "case_id": case_id,
                "op": "upsert", "fields": fields, "base_seq": base_seq, "hlc": int(time.time() * 1000) << 16,
                "user": self.username, "device_id": self.device_id}

    def case_changes(self, **person: str) -> tuple[str, str, list[dict]]:
        """A new case and its person (`person`: more of the person's fields), as changes not sent yet."""
        case_id, person_id = secrets.token_hex(8), secrets.token_hex(8)
        return case_id, person_id, [
            self.change(case_id, "case", case_id, {"office_id": self.office_id, "category": "idp",
                                                   "stage": "identification", "status": "open"}),
            self.change(person_id, "person", case_id, {"surname": "Коваленко", "given_name": "Оксана",
                                                       "birth_date": "1985-04-12", **person})]

    def new_case(self) -> tuple[str, str]:
        case_id, person_id, changes = self.case_changes()
        r = self.push(changes)
        assert r.status_code == 200 and all(x["status"] == "applied" for x in r.json()["results"]), r.text
        return case_id, person_id


def enroll(url: str, username: str) -> Device:
    r = httpx.post(f"{url}/api/v1/enroll", headers={"X-Poruch-Protocol": "1"}, timeout=60,
                   json={"username": username, "password": PASSWORD, "device_name": "bench"})
    r.raise_for_status()
    body = r.json()
    return Device(url, body["device_id"], body["device_secret"], body["user_token"], body["office"]["id"], username)


def seed(server: TreeServer) -> tuple[Device, Device]:
    a = server.cli("create-office", "--name", "Офіс А", "--katottg", KATOTTG_A)
    b = server.cli("create-office", "--name", "Офіс Б", "--katottg", KATOTTG_B)
    for name, office in (("anna", a), ("bohdan", b), ("target", a)):
        server.cli("create-user", "--username", name, "--role", "caseworker", "--office", office, password=PASSWORD)
    return enroll(server.url, "anna"), enroll(server.url, "bohdan")


# --- the hostile requests: each returns (what happened, in words) -----------------------------------------
def gzip_chain(server, anna, bohdan):
    a = send_raw(server.url, "POST", "/health", body=gzip.compress(b"") * 320_000,
                 headers={"Content-Encoding": "gzip"}, timeout=TIMEOUT_S)
    return a.status, a.code


def zstd_chain(server, anna, bohdan):
    a = send_raw(server.url, "POST", "/api/v1/enroll", body=zstandard.ZstdCompressor().compress(b"") * 710_000,
                 headers={"Content-Encoding": "zstd", "X-Poruch-Protocol": "1"}, timeout=TIMEOUT_S)
    return a.status, a.code


def enroll_60mib(server, anna, bohdan):
    a = send_raw(server.url, "POST", "/api/v1/enroll", body=b'{"username": "' + b"x" * (60 * MiB) + b'"}',
                 headers={"X-Poruch-Protocol": "1", "Content-Type": "application/json"}, timeout=TIMEOUT_S)
    return a.status, a.code


def million_items(server, anna, bohdan):
    body = gzip.compress(b'{"changes": [' + b",".join([b"0"] * 1_000_000) + b"]}")
    a = send_raw(server.url, "POST", "/api/v1/sync/push", body=body, timeout=TIMEOUT_S,
                 headers={**anna.headers, "Content-Encoding": "gzip", "Content-Type": "application/json"})
    return a.status, f"{a.code}, answer {len(a.body):,} bytes"


def push_60mib(server, anna, bohdan):
    body = b'{"changes": [], "pad": "' + b"x" * (60 * MiB) + b'"}'
    a = send_raw(server.url, "POST", "/api/v1/sync/push", body=body, timeout=TIMEOUT_S,
                 headers={**anna.headers, "Content-Type": "application/json"})
    return a.status, a.code


def largest_push(server, anna, bohdan):
    """What a device may legitimately send at most: MAX_PUSH_BATCH changes, 2.5 MiB. Its parse is one call
    into pydantic's parser, which keeps the interpreter lock throughout: the event loop (and /health) waits
    for it wherever it runs. Parsing it on a worker thread instead was measured here on 05.12 and gave the
    same slowest /health (40 ms against 30 on the loop), so it stays where FastAPI puts it."""
    from sync.protocol import MAX_PUSH_BATCH

    notes = "Потребує супроводу. " * 50  # ~1.9 KB in UTF-8 a person: the body stays under MAX_PUSH_BYTES
    changes = []
    for i in range(MAX_PUSH_BATCH // 2):  # a thousand people, not one person a thousand times
        changes += anna.case_changes(given_name=f"Оксана {i}", notes=notes)[2]
    body = json.dumps({"changes": changes}, ensure_ascii=False).encode()
    a = send_raw(server.url, "POST", "/api/v1/sync/push", body=body, timeout=TIMEOUT_S,
                 headers={**anna.headers, "Content-Type": "application/json"})
    applied = sum(1 for r in a.json()["results"] if r["status"] == "applied") if a.status == 200 else 0
    return a.status, a.code or f"{applied:,} applied, body {len(body) / MiB:.1f} MiB"


def lone_surrogate(server, anna, bohdan):
    case_id, person_id = anna.new_case()
    body = json.dumps({"changes": [anna.change(person_id, "person", case_id, {"notes": "x\udc00"}, 10**6)]})
    a = send_raw(server.url, "POST", "/api/v1/sync/push", body=body.encode(), timeout=TIMEOUT_S,
                 headers={**anna.headers, "Content-Type": "application/json"})
    return a.status, a.code or (a.json()["results"][0].get("reason") if a.status == 200 else "")


def phone_20mb(server, anna, bohdan):
    case_id, person_id = anna.new_case()
    r = anna.push([anna.change(person_id, "person", case_id, {"phones": ["1" * (20 * MiB)]}, 10**6)])
    return r.status_code, r.json().get("code") or r.json()["results"][0]["status"]


def foreign_hash(server, anna, bohdan):
    content = secrets.token_bytes(4000)
    sha = hashlib.sha256(content).hexdigest()
    for dev in (bohdan, anna):
        case_id, _ = dev.new_case()
        fields = {"filename": "скан.jpg", "size": len(content), "sha256": sha}
        assert dev.push([dev.change(secrets.token_hex(8), "attachment", case_id, fields)]).status_code == 200
        if dev is bohdan:  # B uploads its file; A only names the hash
            httpx.put(f"{server.url}/api/v1/attachments/{sha}", content=content, timeout=60,
                      headers={**dev.headers, "Content-Type": "application/octet-stream"}).raise_for_status()
    r = httpx.get(f"{server.url}/api/v1/attachments/{sha}", headers=anna.headers, timeout=60)
    return r.status_code, "B's bytes leaked" if r.content == content else (r.json().get("code") if r.content else "")


def lockout(server, anna, bohdan):
    url = f"{server.url}/api/v1/enroll"
    for _ in range(5):
        httpx.post(url, json={"username": "target", "password": "guess"}, timeout=60,
                   headers={"X-Poruch-Protocol": "1", "X-Forwarded-For": "203.0.113.7"})
    r = httpx.post(url, json={"username": "target", "password": PASSWORD, "device_name": "x"}, timeout=60,
                   headers={"X-Poruch-Protocol": "1", "X-Forwarded-For": "198.51.100.20"})
    return r.status_code, "the person got in" if r.status_code == 200 else r.json().get("code")


REQUESTS: list[tuple[str, Callable]] = [
    ("6.4 MB of empty gzip members, no credentials, POST /health", gzip_chain),
    ("6.4 MB of empty zstd frames, no credentials, POST /enroll", zstd_chain),
    ("60 MiB body to /enroll, no credentials", enroll_60mib),
    ("push of a million bare items (2 KB gzipped)", million_items),
    ("60 MiB push body from a valid device", push_60mib),
    ("the largest push a device may send (2,000 changes)", largest_push),
    ("lone surrogate in a text field", lone_surrogate),
    ("20 MB phone number", phone_20mb),
    ("office A downloads office B's file by its hash", foreign_hash),
    ("5 wrong passwords from one address, then the right one from another", lockout),
]


def run_tree(label: str, tree: Path, database_url: str | None, workdir: Path) -> list[dict]:
    db = make_database_url(workdir, "postgresql" if database_url else "sqlite")
    server = TreeServer(tree, workdir, db.url).start()
    rows = []
    try:
        anna, bohdan = seed(server)
        for name, request in REQUESTS:
            started = time.monotonic()
            with watch(server.proc.pid, server.url, health_timeout=TIMEOUT_S) as w:
                try:
                    status, detail = request(server, anna, bohdan)
                except Exception as exc:  # noqa: BLE001 - a figure, whatever happened
                    status, detail = "-", f"{type(exc).__name__}: {str(exc)[:60]}"
            rows.append({"tree": label, "request": name, "status": status, "detail": detail,
                         "seconds": time.monotonic() - started, "rss_peak_mib": w.rss_peak / MiB,
                         "rss_growth_mib": w.rss_growth / MiB, "health_worst_s": w.health_worst_s})
            print(f"  [{label}] {name}: {status} {detail} in {rows[-1]['seconds']:.2f} s, "
                  f"peak RSS {rows[-1]['rss_peak_mib']:.0f} MiB (+{rows[-1]['rss_growth_mib']:.0f}), "
                  f"/health worst {w.health_worst_s:.2f} s", flush=True)
    finally:
        server.stop()
        db.cleanup()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare-with", metavar="REF", help="also run against this commit's source tree")
    parser.add_argument("--database-url", help="a PostgreSQL URL (a database is created per server); default SQLite")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    if args.database_url:
        os.environ["PORUCH_TEST_DATABASE_URL"] = args.database_url
    print(f"load: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f} on {os.cpu_count()} CPUs")
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="poruch-abuse-") as tmp:
        tmp_path = Path(tmp)
        if args.compare_with:
            other = tmp_path / "before-tree"
            subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(other), args.compare_with],
                           check=True, capture_output=True)
            try:
                (tmp_path / "before").mkdir()
                rows += run_tree(f"before ({args.compare_with})", other, args.database_url, tmp_path / "before")
            finally:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(other)],
                               capture_output=True)
        (tmp_path / "after").mkdir()
        rows += run_tree("this tree", REPO, args.database_url, tmp_path / "after")
    print()
    print("| request | tree | answer | time | server peak RSS (growth) | slowest /health |")
    print("|---|---|---|---|---|---|")
    for name, _ in REQUESTS:
        for r in (r for r in rows if r["request"] == name):
            print(f"| {name} | {r['tree']} | {r['status']} {r['detail']} | {r['seconds']:.2f} s | "
                  f"{r['rss_peak_mib']:.0f} MiB (+{r['rss_growth_mib']:.0f}) | {r['health_worst_s']:.2f} s |")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
