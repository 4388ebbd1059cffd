"""The transport's typed errors and its TLS rules: the answers of a real server process (and of a reverse
proxy in front of it) become errors in plain words; plain HTTP leaves loopback never. The engine's
cycle, retries and repair are in test_engine.py; the helpers both use are in engine_helpers.py."""

from __future__ import annotations

import json
import ssl

import httpx
import pytest
import zstandard

from sync.client import errors as e
from sync.client import transport as transport_module
from sync.client.transport import Transport, error_for
from sync.wire import RawJSON, encode_push_answer
from tests.support.fault_proxy import Fault, FaultProxy
from tests.sync.conftest import PASSWORD
from tests.sync.engine_helpers import QUICK, cycle, laptop, raised


# --- transport: no server needed -------------------------------------------------------------------
@pytest.mark.parametrize("url", ["http://10.0.0.5:8000", "http://example.org", "http://192.168.1.1"])
def test_plain_http_to_another_machine_is_refused_before_connecting(url):
    with pytest.raises(e.InsecureConnection) as info:
        Transport(url)  # raised by the constructor: no client exists that could have connected
    assert "https://" in str(info.value)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://127.8.0.1", "http://localhost:1", "http://[::1]:8",
                                 "https://example.org"])
def test_loopback_and_https_are_accepted(url):
    Transport(url).close()


@pytest.mark.parametrize("url", ["https://example.org", "HTTPS://example.org:8443"])
def test_https_verifies_against_the_bundled_authorities(url):
    tls = transport_module._tls_for(url)
    assert tls.verify_mode == ssl.CERT_REQUIRED and tls.check_hostname
    assert tls.cert_store_stats()["x509_ca"] > 50  # certifi's bundle, read once per process


def test_plain_loopback_http_reads_no_authorities_and_would_trust_none():
    tls = transport_module._tls_for("http://127.0.0.1:8000")
    assert tls.verify_mode == ssl.CERT_REQUIRED and tls.check_hostname  # a TLS connection would be refused
    assert tls.cert_store_stats()["x509_ca"] == 0


# --- error answers from the real server --------------------------------------------------------------
def wrong_password(world, monkeypatch):
    _, (username,) = world.office("petro")
    with Transport(world.url) as transport:
        return raised(lambda: transport.enroll(username, "не той пароль"))


def revoked_device(world, monkeypatch):
    a = laptop(world, "roman")
    world.revoke(a.device_id)
    return raised(lambda: cycle(a.engine(retry=QUICK)))


def administrator_reading_cases(world, monkeypatch):
    _, (admin,) = world.office("admin", role="administrator")  # may enrol to administer, not to read cases
    return raised(lambda: cycle(world.client(admin).engine(retry=QUICK)))


def old_application(world, monkeypatch):
    monkeypatch.setattr(transport_module, "PROTOCOL_VERSION", 99)
    _, (username,) = world.office("stara")
    with Transport(world.url) as transport:
        return raised(lambda: transport.enroll(username, PASSWORD))


def password_guessing(world, monkeypatch):
    _, (username,) = world.office("target")
    limit = 3  # ServerSettings.login_free_failures: then each attempt from this address waits
    with Transport(world.url) as transport:
        for i in range(limit):
            assert isinstance(raised(lambda i=i: transport.enroll(username, f"здогадка-{i}")), e.AuthenticationFailed)
        return raised(lambda: transport.enroll(username, PASSWORD))  # even the right one now waits


def server_behind_proxy_down(world, monkeypatch):
    p = FaultProxy(world.server.port)
    p.default = Fault("answer", status=503)
    try:
        with Transport(p.url) as transport:
            return raised(transport.version)
    finally:
        p.close()


def malformed_request(world, monkeypatch):
    a = laptop(world, "bohdan")
    with a.engine().transport as transport:
        return raised(lambda: transport.pull(-1))


@pytest.mark.parametrize(("provoke", "error", "words"), [
    (wrong_password, e.AuthenticationFailed, "пароль"),
    (revoked_device, e.DeviceRevoked, "відкликано"),
    (administrator_reading_cases, e.AccessDenied, "прав"),
    (old_application, e.UnsupportedProtocol, "Оновіть програму"),
    (password_guessing, e.RateLimited, "Спробуйте"),
    (server_behind_proxy_down, e.ServerError, "сервері"),
    (malformed_request, e.RequestRejected, "відхилив"),
], ids=lambda v: getattr(v, "__name__", None))
def test_error_answers_become_typed_errors_in_plain_words(world, monkeypatch, provoke, error, words):
    exc = provoke(world, monkeypatch)
    assert type(exc) is error, exc
    assert words in exc.message and " / " in exc.message  # Ukrainian, then English
    if isinstance(exc, e.RateLimited):
        assert exc.retry_after and exc.retry_after > 0  # from the server's Retry-After


def test_fastapi_detail_shape_is_understood():
    """A pure function: the server answers flat bodies, but FastAPI's own {"detail": {...}} shape is read too."""
    body = {"detail": {"code": "device_revoked", "wipe": True}}
    assert isinstance(error_for(403, json.dumps(body).encode()), e.DeviceRevoked)


def test_a_prepared_body_goes_out_as_it_was_prepared():
    """A push body made ready ahead (Transport.prepare: the engine's next batch while one is on its way) is sent
    as those bytes with their encoding: zstd when large, as it is when small; the request is the same either way."""
    seen = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append((request.headers.get("content-encoding"), request.headers["content-type"], request.content))
        return httpx.Response(200, content=encode_push_answer([], 1), headers={"content-type": "application/json"})

    small, large = RawJSON('{"changes":[]}'), RawJSON(json.dumps({"changes": [{"x": "ї" * 50}] * 40}))
    with Transport("http://127.0.0.1:9", device_id="d", device_secret="s", user_token="u",
                   http_transport=httpx.MockTransport(server)) as transport:
        for body in (small, large):
            prepared = transport.prepare(body)
            transport.push(prepared)
            transport.push(body)
    (enc_a, type_a, sent_a), (enc_b, _, sent_b), (enc_c, type_c, sent_c), (enc_d, _, sent_d) = seen
    assert (enc_a, enc_b, sent_a, sent_b) == (None, None, small.encode(), small.encode())
    assert enc_c == enc_d == "zstd" and type_a == type_c == "application/json"
    assert zstandard.ZstdDecompressor().decompressobj().decompress(sent_c) == large.encode("utf-8")
    assert zstandard.ZstdDecompressor().decompressobj().decompress(sent_d) == large.encode("utf-8")
