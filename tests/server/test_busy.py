"""An overloaded server says "busy, come back in N s" (503 server_busy), not "internal error"."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from sync.client import errors as e
from sync.client.transport import error_for
from sync.server.app import create_app
from sync.server.settings import ServerSettings


def test_no_free_database_connection_is_a_503_with_retry_after(tmp_path):
    """benchmarks/server_load.py's morning peak: pushes queued on the writer lock held every pooled
    connection, and the requests that waited 30 s for one were answered 500."""
    engine = create_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}", pool_size=1, max_overflow=0, pool_timeout=0.1)
    app = create_app(ServerSettings(data_dir=tmp_path), engine=engine)
    held = engine.connect()  # the pool's only connection, as a long push holds it
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            for path in ("/api/v1/sync/digest", "/api/v1/me"):
                r = client.get(path, headers={"Authorization": "Bearer device.secret", "X-Poruch-User": "t",
                                              "X-Poruch-Protocol": "3"})
                assert r.status_code == 503, (path, r.status_code, r.text)
                assert r.json()["code"] == "server_busy" and 2 <= int(r.headers["Retry-After"]) <= 8
    finally:
        held.close()
        engine.dispose()


def test_the_laptop_waits_as_a_busy_server_says():
    error = error_for(503, b'{"code": "server_busy", "message": "busy"}', httpx.Headers({"Retry-After": "5"}))
    assert isinstance(error, e.RateLimited) and error.transient and error.retry_after == 5.0
    assert isinstance(error_for(503, b"<html>proxy</html>", {}), e.ServerError)  # another 503: backoff as before
