"""The abuse suite: hostile requests against a real `poruch-server` process, SQLite and PostgreSQL.

Each test sends what an attacker would (tests/support/hostile.py) and asserts the precise refusal, the
server's memory growth under a stated bound, and that /health kept answering within a second while the
request was in flight. One server per module and backend; the login delays are shortened by settings.
"""

from __future__ import annotations

import pytest

from sync.server.db import make_engine
from tests.server.conftest import World, backends, seed
from tests.support.server_process import ServerProcess, make_database_url

# Short login delays, so that the throttling tests do not wait for long (sync.server.settings).
SERVER_ENV = {"PORUCH_SERVER_LOGIN_DELAYS_S": "[1, 1.5, 2]", "PORUCH_SERVER_LOGIN_FREE_FAILURES": "3",
              "PORUCH_SERVER_LOGIN_MAX_FAILURES_ADDRESS": "8"}


@pytest.fixture(scope="module", params=backends())
def world(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"abuse-{request.param}")
    db = make_database_url(tmp, request.param)
    server = ServerProcess(db.url, tmp / "data", env=SERVER_ENV)
    engine = None
    try:
        server.start()
        engine = make_engine(db.url)
        yield World(server, engine, request.param, seed(engine))
    finally:
        server.stop()
        if engine is not None:
            engine.dispose()
        db.cleanup()


@pytest.fixture
def pid(world) -> int:
    assert world.server.proc is not None
    return world.server.proc.pid
