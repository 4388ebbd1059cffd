"""Huge lists and many errors: refused before their items are read, answered in a few lines."""

from __future__ import annotations

import gzip

from tests.support.hostile import send_raw, watch

MiB = 1024 * 1024


def test_a_million_bare_items_is_a_413_before_validation(world, pid):
    dev = world.device("anna")
    body = gzip.compress(b'{"changes": [' + b",".join([b"0"] * 1_000_000) + b"]}")  # about 2 KB gzipped
    with watch(pid, world.url) as w:
        answer = send_raw(world.url, "POST", "/api/v1/sync/push", body=body,
                          headers={**dev.headers, "Content-Encoding": "gzip", "Content-Type": "application/json"})
    assert answer.status == 413 and answer.code == "batch_too_large", answer
    assert len(answer.body) < 1000 and answer.seconds < 5
    w.assert_healthy(max_growth=200 * MiB)  # the parsed JSON list itself (2 MB of text)


def test_many_invalid_items_report_twenty_errors_and_how_many_more(world, pid):
    dev = world.device("anna")
    body = b'{"changes": [' + b",".join([b'{"op": 1}'] * 2000) + b"]}"
    with watch(pid, world.url) as w:
        answer = send_raw(world.url, "POST", "/api/v1/sync/push", body=body,
                          headers={**dev.headers, "Content-Type": "application/json"})
    assert answer.status == 422 and answer.code == "invalid_request"
    reply = answer.json()
    assert len(reply["detail"]) == 20 and reply["more_errors"] > 10_000
    assert len(answer.body) < 10_000
    w.assert_healthy(max_growth=100 * MiB)


def test_a_change_with_thousands_of_fields_is_refused(world):
    dev = world.device("anna")
    change = dev.change("c1", "case", "c1", {f"f{i}": i for i in range(5000)})
    r = dev.request("POST", "/sync/push", json={"changes": [change]})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "body.changes[0].fields"


def test_extreme_integers_and_cursors_are_422_not_500(world):
    dev = world.device("anna")
    for body in ({"cursor": 10**30}, {"cursor": -1}, {"cursor": 0, "skip": [[0, 10**40]]},
                 {"cursor": 0, "limit": 10**20}):
        r = dev.request("POST", "/sync/pull", json=body)
        assert r.status_code == 422, (body, r.text)
    r = dev.request("GET", "/reference/hostilities/733409751856.csv")  # beyond the id column: was a 500 on PostgreSQL
    assert r.status_code == 422, r.text
    change = dev.change("c1", "case", "c1", {}, base_seq=10**30)
    r = dev.request("POST", "/sync/push", json={"changes": [change]})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "body.changes[0].base_seq"
