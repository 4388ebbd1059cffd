"""Malformed headers and deeply nested bodies: a precise 4xx, never a 5xx or a stall."""

from __future__ import annotations

import pytest

from tests.server.helpers import PROTO
from tests.support.hostile import send_raw, watch

MiB = 1024 * 1024
JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize("body", [b"[" * 60_000, b'{"a":' * 12_000, b"[" * 5000 + b"]" * 5000],
                         ids=["open lists", "open objects", "closed lists"])
def test_deeply_nested_bodies_are_refused(world, pid, body):
    with watch(pid, world.url) as w:
        answer = send_raw(world.url, "POST", "/api/v1/enroll", headers={**PROTO, **JSON}, body=body)
    assert answer.status in (400, 422), answer
    w.assert_healthy(max_growth=64 * MiB)
    dev = world.device("anna")
    answer = send_raw(world.url, "POST", "/api/v1/sync/push", headers={**dev.headers, **JSON}, body=body)
    assert answer.status in (400, 422), answer


@pytest.mark.parametrize("headers, status", [
    ({"Authorization": "Bearer " + "x" * 10_000}, 401),
    ({"Authorization": "Bearer a.b.c.d"}, 401),
    ({"Authorization": "Basic YTpi"}, 401),
    ({"Authorization": "Bearer \u00ff\u00fe.x"}, 401),
    ({"X-Poruch-User": "y" * 10_000}, 401),
    ({"X-Poruch-Protocol": "9" * 40}, 426),
    ({"X-Poruch-Protocol": "-1"}, 426),
    ({"Content-Encoding": "gzip, zstd"}, 415),
    ({"Content-Encoding": "br"}, 415),
    ({"Content-Length": "-1"}, 400),
], ids=lambda v: str(v)[:40] if isinstance(v, dict) else str(v))
def test_malformed_headers_get_a_precise_4xx(world, headers, status):
    dev = world.device("anna")
    body = b'{"cursor": 0}'
    answer = send_raw(world.url, "POST", "/api/v1/sync/pull", headers={**dev.headers, **JSON, **headers}, body=body)
    assert answer.status == status, answer


def test_a_header_block_of_a_megabyte_is_refused(world, pid):
    with watch(pid, world.url) as w:
        try:
            answer = send_raw(world.url, "GET", "/health", headers={f"X-Pad-{i}": "p" * 1000 for i in range(1000)})
            assert answer.status in (400, 431), answer
        except ConnectionError:
            pass  # closed without an answer: also refused
    w.assert_healthy(max_growth=32 * MiB)
