"""End-to-end sync fixtures: a real `poruch-server` process and real encrypted client stores.

One server per test module and backend (SQLite, and PostgreSQL when PORUCH_TEST_DATABASE_URL is
set); every test makes its own office and users, so tests sharing a server never see each other.
Tests that restart or kill the server start their own with `own_world`.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import itertools
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from desktop import cli
from desktop.services.cases import CaseService
from desktop.services.enrolment import enroll_store
from desktop.services.reads import iter_cases
from desktop.store import tables as t
from desktop.store.replica import StoreReplica, digest_share
from desktop.store.store import OpenStore
from sync.client.engine import SyncEngine
from sync.client.retry import RetryPolicy
from sync.client.transport import Transport
from sync.server import admin_ops
from sync.server import models as m
from sync.server.db import make_engine, write_transaction
from sync.server.orgs import create_office
from tests.support.passwords import cheap_password_hash
from tests.support.server_process import ENV_DATABASE, REPO, ServerProcess, make_database_url

PASSWORD = "пароль-синхронізації-1"
FAST_RETRY = RetryPolicy(attempts=8, base_delay=0.05, max_delay=2.0)


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(ENV_DATABASE) else ["sqlite"]


def _hromada_codes() -> Iterator[str]:
    with open(REPO / "resources/reference/katottg.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["category"] == "H":
                yield row["code"]


_CODES = _hromada_codes()
_NAMES = itertools.count(1)


@functools.cache
def _password_hash() -> str:
    """Every test user has the same password, hashed cheaply (tests/support/passwords.py)."""
    return cheap_password_hash(PASSWORD)


@dataclass
class World:
    server: ServerProcess
    db: Engine
    backend: str
    tmp: Path
    clients: list[Client] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url

    def office(self, *usernames: str, role: str = "caseworker") -> tuple[str, list[str]]:
        """A new office with new users (their names made unique on this server)."""
        n = next(_NAMES)
        names = [f"{u}{n}" for u in usernames]
        with write_transaction(self.db) as conn:
            office = create_office(conn, f"Офіс {n}", next(_CODES))
            for name in names:
                org = admin_ops.resolve_user_org(conn, role, office_id=office)
                admin_ops.create_user(conn, name, PASSWORD, role, org, display_name=f"Користувач {name}",
                                      password_hash=_password_hash())
        return office, names

    def client(self, username: str, url: str | None = None) -> Client:
        store, _ = enroll_store(self.tmp / f"client-{username}-{len(self.clients)}", url or self.url, username,
                                PASSWORD, f"ноутбук {username}")
        c = Client(store, url or self.url, self.db)
        self.clients.append(c)
        return c

    # --- what the server holds ----------------------------------------------------------------------
    def applied_change_ids(self, device_id: str) -> list[str]:
        with self.db.connect() as conn:
            return list(conn.execute(select(m.applied_changes.c.change_id)
                                     .where(m.applied_changes.c.device_id == device_id)).scalars())

    def applied_count(self, device_id: str) -> int:
        with self.db.connect() as conn:
            return conn.execute(select(func.count()).select_from(m.applied_changes)
                                .where(m.applied_changes.c.device_id == device_id)).scalar_one()

    def server_case_ids(self, office_id: str) -> set[str]:
        with self.db.connect() as conn:
            return set(conn.execute(select(m.records.c.case_id).where(m.records.c.office_id == office_id)).scalars())

    def revoke(self, device_id: str) -> None:
        """What `poruch-server revoke-device` does, on the server's database."""
        with write_transaction(self.db) as conn:
            assert admin_ops.revoke_device(conn, device_id)

    def server_records(self, office_id: str) -> dict[str, str]:
        """id → hash of every record of the office on the server (tombstones included)."""
        with self.db.connect() as conn:
            rows = conn.execute(select(m.records.c.id, m.records.c.hash)
                                .where(m.records.c.office_id == office_id)).all()
        return {r.id: r.hash for r in rows}

    def server_shares(self, office_id: str) -> dict[str, int]:
        """id → the digest share of each record of the office on the server, as a laptop keeps it."""
        return {rid: digest_share(rid, h) for rid, h in self.server_records(office_id).items()}

    def close(self) -> None:
        for c in self.clients:
            c.close()


class Client:
    """One enrolled laptop: its encrypted store, services and a sync engine."""

    def __init__(self, store: OpenStore, url: str, server_db: Engine | None = None):
        self.store = store
        self.url = url
        self.server_db = server_db  # the server's database (tests/sync/test_transfers_e2e.settle waits on it)
        self.replica = StoreReplica(store)
        self.cases = CaseService(store)

    @property
    def data_dir(self) -> Path:
        return self.store.data_dir

    @property
    def device_id(self) -> str:
        return self.store.device_id

    def engine(self, url: str | None = None, *, timeout: float | None = None, **kw) -> SyncEngine:
        transport = Transport(url or self.url, device_id=self.device_id,
                              device_secret=self.store.get_meta("device_secret"),
                              user_token=self.store.user_token, timeout=timeout)
        kw.setdefault("retry", FAST_RETRY)
        return SyncEngine(self.replica, transport, **kw)

    def sync(self, url: str | None = None, **kw):
        engine = self.engine(url, **kw)
        try:
            return engine.run_cycle()
        finally:
            engine.transport.close()

    def snapshot(self) -> list:
        with self.store.engine.connect() as conn:
            return list(iter_cases(conn))

    def synced_records(self) -> dict[str, int]:
        """id → digest share of every record this device holds as the server sent it (compare with
        World.server_shares)."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(t.records.c.id, t.records.c.server_share)).all()
        return {r.id: r.server_share for r in rows}

    def outbox_ids(self) -> list[str]:
        with self.store.engine.connect() as conn:
            return list(conn.execute(select(t.outbox.c.change_id)).scalars())

    def close(self) -> None:
        self.store.close()


def start_world(tmp: Path, backend: str) -> tuple[World, Callable[[], None]]:
    db = make_database_url(tmp, backend)
    server = ServerProcess(db.url, tmp / "server")
    server.start()
    engine = make_engine(db.url)
    world = World(server, engine, backend, tmp)

    def finish() -> None:
        world.close()
        server.stop()
        engine.dispose()
        db.cleanup()

    return world, finish


@pytest.fixture(scope="module", params=backends())
def world(request, tmp_path_factory):
    w, finish = start_world(tmp_path_factory.mktemp(f"sync-{request.param}"), request.param)
    yield w
    finish()


@pytest.fixture(params=backends())
def own_world(request, tmp_path):
    """A server of this test alone: for restarting and killing it."""
    w, finish = start_world(tmp_path, request.param)
    yield w
    finish()


def enrolled_later(world: World, data_dir: Path, server_user: str, registration) -> tuple[Client, str]:
    """An office set up standalone by 'olena' (`poruch init`), one case registered, then enrolled as another
    server user (`poruch enroll --server-user`): a laptop whose local name is not the server's. Returns the
    laptop and the case."""
    from desktop.store.store import unlock_store

    assert poruch(data_dir, "init", "--username", "olena").returncode == 0
    store = unlock_store(data_dir, "olena", PASSWORD)
    try:
        case_id = next(iter(CaseService(store).register(registration).case_ids))
    finally:
        store.close()
    done = poruch(data_dir, "enroll", "--server", world.url, "--server-user", server_user, username="olena")
    assert done.returncode == 0, done.stderr
    client = Client(unlock_store(data_dir, "olena", PASSWORD), world.url, world.db)
    world.clients.append(client)
    assert client.store.author == server_user != client.store.user.username
    return client, case_id


def poruch(data_dir: Path, *args: str, username: str | None = None) -> subprocess.CompletedProcess:
    """A `poruch` command run through the command line's main in this process: its arguments, password
    variable, exit code and output as `poruch_process` gives them, without a new Python's start-up
    (about 1 s of CPU each). For tests of what a command does; `poruch_process` where the process is
    what is tested."""
    argv = ["--data-dir", str(data_dir), *args, *(["--username", username] if username else [])]
    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.get("PORUCH_PASSWORD")
    os.environ["PORUCH_PASSWORD"] = PASSWORD
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(argv)
    finally:
        if saved is None:
            os.environ.pop("PORUCH_PASSWORD")
        else:
            os.environ["PORUCH_PASSWORD"] = saved
    return subprocess.CompletedProcess(["poruch", *argv], code, out.getvalue(), err.getvalue())


def poruch_process(data_dir: Path, *args: str, username: str | None = None, timeout: float = 120,
                   extra_env: dict[str, str] | None = None, **popen) -> subprocess.CompletedProcess:
    """The real `poruch` command line, as a separate process."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PORUCH_PASSWORD": PASSWORD, **(extra_env or {})}
    cmd = [sys.executable, "-m", "desktop.cli", "--data-dir", str(data_dir), *args]
    if username:
        cmd += ["--username", username]
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, **popen)


def popen_poruch(data_dir: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PORUCH_PASSWORD": PASSWORD}
    return subprocess.Popen([sys.executable, "-m", "desktop.cli", "--data-dir", str(data_dir), *args], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
