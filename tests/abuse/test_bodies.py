"""Bodies: compression member chains and bombs, oversized bodies, with and without credentials."""

from __future__ import annotations

import gzip
import json

import zstandard

from tests.server.helpers import PROTO
from tests.support.hostile import send_raw, watch

MiB = 1024 * 1024
EMPTY_GZIP = gzip.compress(b"")          # 20 bytes
EMPTY_ZSTD = zstandard.ZstdCompressor().compress(b"")


def test_a_chain_of_empty_gzip_members_without_credentials_is_refused_fast(world, pid):
    body = EMPTY_GZIP * 320_000  # 6.4 MB: stalled every request for 44 s before
    with watch(pid, world.url) as w:
        answer = send_raw(world.url, "POST", "/health", body=body, headers={"Content-Encoding": "gzip"})
    assert answer.status == 413 and answer.code == "too_large", answer
    assert answer.seconds < 2
    w.assert_healthy(max_growth=32 * MiB)


def test_the_same_chain_streamed_without_a_length_is_cut_at_64_kib(world, pid):
    with watch(pid, world.url) as w:
        answer = send_raw(world.url, "POST", "/api/v1/enroll", chunked=True, body=[EMPTY_GZIP * 20_000] * 16,
                          headers={**PROTO, "Content-Encoding": "gzip", "Content-Type": "application/json"})
    assert answer.status == 413 and "without valid credentials" in answer.json()["message"]
    assert answer.json()["max_bytes"] == 64 * 1024
    w.assert_healthy(max_growth=32 * MiB)


def test_member_chains_with_credentials_are_refused_after_a_few_members(world, pid):
    dev = world.device("anna")
    for encoding, member in (("gzip", EMPTY_GZIP), ("zstd", EMPTY_ZSTD)):
        with watch(pid, world.url) as w:
            answer = send_raw(world.url, "POST", "/api/v1/sync/push", body=member * 200_000,
                              headers={**dev.headers, "Content-Encoding": encoding,
                                       "Content-Type": "application/json"})
        assert answer.status == 400 and answer.code == "bad_encoding", answer
        assert "members" in answer.json()["message"]
        w.assert_healthy(max_growth=48 * MiB)


def test_compression_bombs_are_refused_without_inflating_them_whole(world, pid):
    dev = world.device("anna")
    inflated = b'{"changes": [' + b" " * (80 * MiB) + b"]}"  # beyond any route's bound
    for encoding, compress in (("gzip", lambda b: gzip.compress(b, 6)),
                               ("zstd", zstandard.ZstdCompressor(level=3).compress)):
        bomb = compress(inflated)
        with watch(pid, world.url) as w:
            answer = send_raw(world.url, "POST", "/api/v1/sync/push", body=bomb,
                              headers={**dev.headers, "Content-Encoding": encoding,
                                       "Content-Type": "application/json"})
        assert answer.status == 413 and answer.code == "too_large", answer
        w.assert_healthy(max_growth=160 * MiB)


def test_an_unauthenticated_large_body_is_refused_on_its_length(world, pid):
    body = json.dumps({"username": "x" * (60 * MiB)}).encode()  # made before watching: the test's own work
    with watch(pid, world.url) as w:
        answer = send_raw(world.url, "POST", "/api/v1/enroll", headers={**PROTO, "Content-Type": "application/json"},
                          body=body)
    assert answer.status == 413 and answer.json()["max_bytes"] == 64 * 1024
    w.assert_healthy(max_growth=32 * MiB)


def test_a_wrong_device_secret_counts_as_no_credentials(world, pid):
    dev = world.device("anna")
    headers = {**dev.headers, "Authorization": f"Bearer {dev.device_id}.wrong", "Content-Type": "application/json"}
    answer = send_raw(world.url, "POST", "/api/v1/sync/push", headers=headers, body=b'{"changes": []}' + b" " * 70_000)
    assert answer.status == 413 and "without valid credentials" in answer.json()["message"]
    good = send_raw(world.url, "POST", "/api/v1/sync/push", headers={**dev.headers, "Content-Type": "application/json"},
                    body=b'{"changes": []}' + b" " * 70_000)
    assert good.status == 200, good


def test_malformed_content_length_is_a_400(world):
    answer = send_raw(world.url, "POST", "/api/v1/enroll", headers={**PROTO, "Content-Length": "12abc"}, body=b"{}")
    assert answer.status == 400


def test_a_push_body_beyond_what_2000_changes_need_is_refused(world, pid):
    from sync.protocol import MAX_PUSH_BYTES

    dev = world.device("anna")
    body = b'{"changes": [], "pad": "' + b"x" * MAX_PUSH_BYTES + b'"}'
    with watch(pid, world.url) as w:
        answer = send_raw(world.url, "POST", "/api/v1/sync/push", body=body,
                          headers={**dev.headers, "Content-Type": "application/json"})
    assert answer.status == 413 and answer.json()["max_bytes"] == MAX_PUSH_BYTES
    w.assert_healthy(max_growth=32 * MiB)
