"""The client engine and transport against an in-memory server: headers, errors, retries, repair, events."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
import zstandard

from desktop.services.cases import CaseService
from desktop.services.synthetic import generate_registrations
from desktop.store.replica import StoreReplica
from desktop.store.store import create_store
from sync.client import errors as e
from sync.client.engine import RetryPolicy, SyncEngine
from sync.client.events import ConflictFound, Done, ErrorOccurred, EventBus, Progress
from sync.client.transport import Transport, error_for
from tests.conftest import TEST_PASSWORD
from tests.sync.fake_server import FakeServer

URL = "http://127.0.0.1:9"  # never connected to: the mock transport answers


@pytest.fixture
def server():
    return FakeServer()


def make_store(tmp_path, name="a", device="dev-1"):
    return create_store(tmp_path / name, "olena", TEST_PASSWORD, office_id="office-1", office_name="Офіс",
                        meta={"mode": "enrolled", "server_url": URL, "device_id": device,
                              "device_secret": "s3cret", "user_token": "tok"})


def make_engine(store, server, events=None, **kw):
    transport = Transport(URL, device_id=store.device_id, device_secret="s3cret", user_token="tok",
                          http_transport=server.transport())
    kw.setdefault("retry", RetryPolicy(base_delay=0.001))
    return SyncEngine(StoreReplica(store), transport, events=events, **kw)


@pytest.fixture
def client(tmp_path, server):
    store = make_store(tmp_path)
    yield store, make_engine(store, server)
    store.close()


def register(store, n=3, seed=1):
    return CaseService(store).register_many(generate_registrations(n, seed=seed))


# --- transport ------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["http://10.0.0.5:8000", "http://example.org", "http://192.168.1.1"])
def test_plain_http_to_another_machine_is_refused_before_connecting(url):
    calls = []
    with pytest.raises(e.InsecureConnection) as info:
        Transport(url, http_transport=httpx.MockTransport(lambda r: calls.append(r)))
    assert "https://" in str(info.value) and not calls


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://127.8.0.1", "http://localhost:1", "http://[::1]:8",
                                 "https://example.org"])
def test_loopback_and_https_are_accepted(url):
    Transport(url).close()


def test_requests_carry_protocol_auth_and_compression(server, client):
    store, engine = client
    register(store, 20)
    engine.run_cycle()
    push = next(r for r in server.requests if r.url.path == "/api/v1/sync/push")
    assert push.headers["X-Poruch-Protocol"] == "1"
    assert push.headers["Authorization"] == "Bearer dev-1.s3cret"
    assert push.headers["X-Poruch-User"] == "tok"
    assert "zstd" in push.headers["Accept-Encoding"]
    assert push.headers["Content-Encoding"] == "zstd"
    body = json.loads(zstandard.ZstdDecompressor().decompressobj().decompress(push.content))
    assert len(body["changes"]) == engine.status().last_report["pushed"]
    digest = next(r for r in server.requests if r.url.path == "/api/v1/sync/digest")
    assert "content-encoding" not in digest.headers


@pytest.mark.parametrize(("status", "body", "error", "words"), [
    (401, {"code": "unauthorized", "message": "x"}, e.AuthenticationFailed, "пароль"),
    (403, {"code": "device_revoked", "wipe": True}, e.DeviceRevoked, "відкликано"),
    (403, {"code": "forbidden", "message": "x"}, e.AccessDenied, "прав"),
    (426, {"code": "unsupported_protocol", "supported": [2]}, e.UnsupportedProtocol, "Оновіть програму"),
    (429, {"code": "too_many"}, e.RateLimited, "Спробуйте"),
    (503, {}, e.ServerError, "сервері"),
    (400, {"code": "bad", "message": "x"}, e.RequestRejected, "відхилив"),
])
def test_error_answers_become_typed_errors_in_plain_words(status, body, error, words):
    exc = error_for(status, json.dumps(body).encode(), {"retry-after": "3"})
    assert type(exc) is error
    assert words in exc.message and " / " in exc.message  # Ukrainian, then English


def test_fastapi_detail_shape_is_understood():
    body = {"detail": {"code": "device_revoked", "wipe": True}}
    assert isinstance(error_for(403, json.dumps(body).encode()), e.DeviceRevoked)


# --- the cycle ------------------------------------------------------------------------------------
def test_two_devices_converge_through_the_server(tmp_path, server):
    a, b = make_store(tmp_path, "a", "dev-a"), make_store(tmp_path, "b", "dev-b")
    register(a, 5, seed=1)
    register(b, 4, seed=2)
    ea, eb = make_engine(a, server), make_engine(b, server)
    ea.run_cycle()
    report = eb.run_cycle()
    assert report.ok and report.verified and report.pending == 0
    ea.run_cycle()
    ra, rb = StoreReplica(a), StoreReplica(b)
    assert ra.digest() == rb.digest() == ra.recompute_digest()
    assert ra.digest().count == len(server.records)
    a.close(), b.close()


def test_transient_failures_are_retried_and_counted(server, client):
    store, engine = client
    register(store, 2)
    server.failures.extend([503, httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("cut"), 502])
    report = engine.run_cycle()
    assert report.ok and report.retries == 4 and report.pending == 0
    assert engine.status().last_error is None and engine.status().last_sync


def test_a_retried_batch_is_not_applied_twice(server, client):
    store, engine = client
    register(store, 2)
    batch = StoreReplica(store).pending_batch(1000)
    for change in batch:  # the server applied it but the answer was lost
        server._apply(change)
    report = engine.run_cycle()
    assert report.duplicates == len(batch) and report.pushed == 0 and report.pending == 0


def test_exhausted_retries_keep_changes_and_record_the_error(server, client):
    store, engine = client
    register(store, 1)
    pending = StoreReplica(store).pending_count()
    server.failures.extend([500] * 20)
    with pytest.raises(e.ServerError) as info:
        engine.run_cycle()
    assert info.value.report.retries == engine.retry.attempts - 1
    status = engine.status()
    assert status.pending_changes == pending and status.last_sync is None
    assert "сервері" in status.last_error


def test_offline_at_the_start_fails_fast(server, client):
    store, engine = client
    server.failures.extend([httpx.ConnectError("refused")] * 20)
    with pytest.raises(e.ServerUnreachable) as info:
        engine.run_cycle()
    # The pull and the early digest request each try that many times, side by side.
    assert info.value.report.retries <= 2 * (engine.retry.first_contact_attempts - 1)
    assert len(server.requests) <= 2 * engine.retry.first_contact_attempts
    assert info.value.exit_code == 3
    assert engine.status().last_error.startswith("Сервер недоступний")


def reset_on_connect() -> httpx.ConnectError:
    try:
        raise ConnectionResetError(104, "Connection reset by peer")
    except ConnectionResetError as cause:
        try:
            raise httpx.ConnectError(str(cause)) from cause
        except httpx.ConnectError as exc:
            return exc


def test_a_connection_reset_while_opening_is_retried_as_a_dropped_link(server, client):
    store, engine = client
    register(store, 1)
    server.failures.extend([reset_on_connect() for _ in range(4)])
    report = engine.run_cycle()  # the server was there: not "offline", so all attempts are used
    assert report.ok and report.retries == 4


def test_non_transient_errors_are_not_retried(server, client):
    store, engine = client
    server.failures.append(401)
    with pytest.raises(e.AuthenticationFailed) as info:
        engine.run_cycle()
    assert info.value.report.retries == 0


def test_digest_mismatch_repairs_by_pulling_again(server, client):
    store, engine = client
    register(store, 3)
    engine.run_cycle()
    some = next(iter(server.records.values()))
    some["data"]["notes"] = "змінено на сервері без seq"  # a divergence the cursor cannot see
    events = []
    engine.events.subscribe(events.append)
    report = engine.run_cycle()
    assert report.repaired and report.verified
    assert StoreReplica(store).digest() == StoreReplica(store).recompute_digest()
    assert any(isinstance(ev, Progress) and ev.phase == "repair" for ev in events)


def test_clock_offset_is_learned_from_the_server(tmp_path):
    import time

    day_ahead = int(time.time() * 1000) + 86_400_000
    server = FakeServer(time_ms=day_ahead)
    store = make_store(tmp_path)
    make_engine(store, server).run_cycle()
    offset = store.get_meta("clock_offset_ms")
    assert abs(offset - 86_400_000) < 5_000
    store.close()


def test_events_progress_done_conflict_error(server, client):
    store, engine = client
    register(store, 2)
    got = {"progress": [], "done": [], "conflict": [], "error": []}
    for kind in got:
        engine.events.subscribe(got[kind].append, kind)
    server.records["c1"] = {"id": "c1", "type": "conflict", "case_id": "x", "office_id": "office-1", "seq": 10_000,
                            "hlc": 1, "deleted": False,
                            "data": {"record_type": "person", "record_id": "p", "field": "surname",
                                     "status": "open", "winner_value": "А", "loser_value": "Б"}}
    server.seq = 10_000
    engine.run_cycle()
    assert {ev.phase for ev in got["progress"]} >= {"push", "pull", "verify"}
    assert isinstance(got["done"][0], Done) and got["done"][0].report.ok
    assert isinstance(got["conflict"][0], ConflictFound) and got["conflict"][0].open_total == 1
    assert engine.status().conflicts == 1
    server.revoked = True
    with pytest.raises(e.DeviceRevoked):
        engine.run_cycle()
    assert isinstance(got["error"][0], ErrorOccurred) and got["error"][0].wipe


def test_a_broken_subscriber_does_not_stop_the_sync(server, client):
    store, engine = client
    engine.events.subscribe(lambda ev: 1 / 0)
    assert engine.run_cycle().ok


def test_one_cycle_at_a_time(server, client):
    store, engine = client
    gate, entered = threading.Event(), threading.Event()
    original = engine.transport.pull

    def slow_pull(*a, **kw):
        entered.set()
        gate.wait(10)
        return original(*a, **kw)

    engine.transport.pull = slow_pull
    worker = threading.Thread(target=engine.run_cycle)
    worker.start()
    assert entered.wait(10)
    assert engine.status().running
    with pytest.raises(e.SyncBusy):
        engine.run_cycle()
    gate.set()
    worker.join(10)
    assert not engine.status().running


def test_event_bus_unsubscribe():
    bus, seen = EventBus(), []
    off = bus.subscribe(seen.append, "done")
    bus.publish("done", 1)
    bus.publish("error", 2)
    off()
    bus.publish("done", 3)
    assert seen == [1]
    with pytest.raises(ValueError):
        bus.subscribe(seen.append, "nonsense")
