"""Server test fixtures: one real server process per test module and backend.

Every module runs on SQLite, and also on PostgreSQL when PORUCH_TEST_DATABASE_URL is set (then an
unreachable PostgreSQL fails the tests: make_database_url raises, nothing is skipped).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine, func, select

from sync.server import admin_ops
from sync.server import models as m
from sync.server.db import make_engine
from sync.server.orgs import create_office
from tests.server.helpers import KATOTTG_A, KATOTTG_B, KATOTTG_C, PASSWORD, Device
from tests.support.passwords import cheap_password_hash
from tests.support.server_process import ENV_DATABASE, ServerProcess, make_database_url

# username → (role, office letter); district users belong to the district of that office.
USERS = {
    "anna": ("caseworker", "a"), "andriy": ("caseworker", "a"), "alla": ("supervisor", "a"),
    "bohdan": ("caseworker", "b"), "bella": ("supervisor", "b"), "dmytro": ("district", "a"),
    "chrystia": ("caseworker", "c"), "ivan": ("analyst", None), "admin": ("administrator", None),
}


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(ENV_DATABASE) else ["sqlite"]


@dataclass
class World:
    server: ServerProcess
    engine: Engine
    backend: str
    offices: dict[str, str] = field(default_factory=dict)  # "a" | "b" | "c" → office id

    @property
    def url(self) -> str:
        return self.server.url

    _enrolled: dict[str, Device] = field(default_factory=dict)

    def device(self, username: str, name: str = "laptop", *, fresh: bool = False) -> Device:
        """An enrolled device of this user with nothing pulled yet. Enrolment (an Argon2id check)
        happens once per user and module unless `fresh`: tests build on new cases of their own."""
        if fresh or username not in self._enrolled:
            dev = Device.enroll(self.url, username, name=name)
            if fresh:
                return dev
            self._enrolled[username] = dev
        d = self._enrolled[username]
        return Device(d.url, d.device_id, d.secret, d.user_token, d.username, d.office_id, d.scope)

    def count(self, table, *where) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()

    def record(self, record_id: str):
        with self.engine.connect() as conn:
            return conn.execute(select(m.records).where(m.records.c.id == record_id)).first()


def seed(engine: Engine) -> dict[str, str]:
    password_hash = cheap_password_hash(PASSWORD)
    with engine.begin() as conn:
        offices = {"a": create_office(conn, "Андрушівський ЦНСП", KATOTTG_A),
                   "b": create_office(conn, "Бердичівський ЦНСП", KATOTTG_B),
                   "c": create_office(conn, "Андрушківський ЦНСП", KATOTTG_C)}
        for username, (role, letter) in USERS.items():
            office = offices.get(letter) if letter else None
            org = admin_ops.resolve_user_org(conn, role, office_id=office if role != "district" else None,
                                             district_of_office=office if role == "district" else None)
            admin_ops.create_user(conn, username, PASSWORD, role, org, password_hash=password_hash)
    return offices


@contextmanager
def running_world(tmp, backend: str, *, workers: int = 1) -> Iterator[World]:
    """A seeded world on a fresh database, served by a real server with `workers` processes."""
    db = make_database_url(tmp, backend)
    server = ServerProcess(db.url, tmp / "data", workers=workers)
    engine = None
    try:
        server.start()  # runs the migrations
        engine = make_engine(db.url)
        yield World(server, engine, backend, seed(engine))
    finally:
        server.stop()
        if engine is not None:
            engine.dispose()
        db.cleanup()


@pytest.fixture(scope="module", params=backends())
def world(request, tmp_path_factory):
    with running_world(tmp_path_factory.mktemp(f"server-{request.param}"), request.param) as w:
        yield w


@pytest.fixture(params=backends())
def engine(request, tmp_path) -> Iterator[Engine]:
    """A fresh, migrated server database of this test alone, on each backend (no server process)."""
    from sync.server.migrations import upgrade

    db = make_database_url(tmp_path, request.param)
    engine = make_engine(db.url)
    upgrade(engine)
    yield engine
    engine.dispose()
    db.cleanup()
