"""What the engine's and the transport's tests share (test_engine.py, test_engine_download.py,
test_transport.py)."""

from __future__ import annotations

from desktop.services.synthetic import generate_registrations
from sync.client import errors as e
from sync.client.engine import SyncEngine
from sync.client.retry import RetryPolicy

QUICK = RetryPolicy(attempts=8, base_delay=0.01, max_delay=0.1)


def register(client, n=3, seed=1):
    return client.cases.register_many(generate_registrations(n, seed=seed))


def laptop(world, name="olena"):
    _, (username,) = world.office(name)
    return world.client(username)


def cycle(engine: SyncEngine):
    try:
        return engine.run_cycle()
    finally:
        engine.transport.close()


def raised(fn) -> e.SyncError:
    try:
        fn()
    except e.SyncError as exc:
        return exc
    raise AssertionError("no error raised")
