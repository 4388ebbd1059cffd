"""Protocol 2 beside protocol 1: the pull answer in lines, push answers with the records' state, `skip`.

Version 1 stays as it was (the other server tests speak it); these check that version 2 carries
the same records, that a client of either version gets its own format, and that a client falls
back to version 1 against a server that speaks only that.
"""

from __future__ import annotations

import json

import httpx

from sync.client.transport import Transport
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, PULL_LINES_TYPE
from sync.records.ids import new_id
from sync.wire import canonical_json, decode_pull_lines, record_hash
from tests.server.helpers import hlc_now

V2 = {PROTOCOL_HEADER: "2"}


def _pull(dev, cursor: int, *, version: int, limit: int = 2000, skip=None, digest=None) -> httpx.Response:
    body = {"cursor": cursor, "limit": limit, **({"skip": skip} if skip is not None else {}),
            **({"digest": digest} if digest is not None else {})}
    return dev.request("POST", "/sync/pull", json=body, headers={PROTOCOL_HEADER: str(version)})


def test_a_version_2_pull_carries_the_same_records_as_text_with_their_hashes(world):
    dev = world.device("anna", fresh=True)
    case_id, person_id = dev.new_case(surname="Ґалаґан", notes="рядок\nінший\u2028ще")
    v1 = _pull(dev, 0, version=1)
    v2 = _pull(dev, 0, version=2)
    assert v1.headers["content-type"].startswith("application/json")
    assert v2.headers["content-type"].startswith(PULL_LINES_TYPE)
    page1, page2 = v1.json(), decode_pull_lines(v2.content)
    assert (page2.cursor, page2.more, page2.evictions) == (page1["cursor"], page1["more"], page1["evictions"])
    assert [r["id"] for r in page2.records] == [r["id"] for r in page1["records"]]
    for old, new in zip(page1["records"], page2.records, strict=True):
        assert new["data"] == canonical_json(old["data"])  # the stored text itself, newlines escaped
        assert new["hash"] == record_hash(old["type"], old["case_id"], old["data"], old["deleted"])
        assert {k: v for k, v in new.items() if k not in ("data", "hash")} == \
            {k: v for k, v in old.items() if k != "data"}
    assert "hash" not in page1["records"][0]  # version 1 answers are unchanged


def test_a_version_2_push_answers_with_each_records_state_version_1_without(world):
    a, b = world.device("anna", fresh=True), world.device("andriy", fresh=True)
    case_id, person_id = a.new_case()
    a.sync()
    b.sync()
    base = a.records[person_id]["seq"]
    # b's edit wins the field; a's concurrent edit loses it: a's answer says what the server holds.
    b.push_ok([b.change(person_id, "person", case_id, {"surname": "Пізня"}, hlc=hlc_now(-1000))])
    loser = a.change(person_id, "person", case_id, {"surname": "Рання"}, base_seq=base, hlc=hlc_now(-5000))
    note = a.change(new_id(), "journal_entry", case_id, {"kind": "call", "text": "дзвінок", "author": "anna",
                                                         "occurred_at": "2025-01-02T10:00:00Z"})
    r = a.request("POST", "/sync/push", json={"changes": [loser, note]}, headers=V2)
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["applied", "applied"]
    a.sync()
    for change, result in zip((loser, note), results, strict=True):
        held = a.records[change["record_id"]]
        assert (result["seq"], result["hlc"]) == (held["seq"], held["hlc"])
        assert result["hash"] == record_hash(held["type"], held["case_id"], held["data"], held["deleted"])
    assert a.records[person_id]["data"]["surname"] == "Пізня"
    old = a.push([a.change(new_id(), "journal_entry", case_id, {"kind": "note", "text": "x", "author": "anna",
                                                                "occurred_at": "2025-01-02T11:00:00Z"})])
    assert old[0]["status"] == "applied" and old[0].get("seq") is None and old[0].get("hash") is None


def test_skip_leaves_out_records_whose_seq_is_in_a_range_and_moves_the_cursor_past_them(world):
    dev = world.device("anna", fresh=True)
    for _ in range(3):
        dev.new_case()
    full = decode_pull_lines(_pull(dev, 0, version=2).content)
    seqs = [r["seq"] for r in full.records]
    assert len(seqs) >= 6  # at least two records a case
    skip = [[seqs[0], seqs[1]], [seqs[3], seqs[3]], [seqs[2], seqs[2]]]
    page = decode_pull_lines(_pull(dev, 0, version=2, skip=skip).content)
    assert [r["seq"] for r in page.records] == seqs[4:]
    assert (page.cursor, page.more) == (full.cursor, full.more)
    # The limit counts the records sent, not the skipped ones: the page ends at its third record sent.
    limited = decode_pull_lines(_pull(dev, 0, version=2, limit=3, skip=[[seqs[0], seqs[2]]]).content)
    assert [r["seq"] for r in limited.records] == seqs[3:6] and limited.more and limited.cursor == seqs[5]
    rest = decode_pull_lines(_pull(dev, limited.cursor, version=2, skip=[[seqs[0], seqs[2]]]).content)
    assert [r["seq"] for r in rest.records] == seqs[6:] and not rest.more and rest.cursor == full.cursor
    everything = decode_pull_lines(_pull(dev, 0, version=2, limit=1, skip=[[0, 2**62]]).content)
    assert (everything.records, everything.more, everything.cursor) == ([], False, full.cursor)
    assert _pull(dev, 0, version=1, skip=[[seqs[0], seqs[-1]]]).json()["records"]  # version 1 ignores skip


def test_a_page_reads_at_most_skip_scan_seqs_beyond_its_limit_and_says_there_is_more(world, monkeypatch):
    """The skipped records a page passes over are bounded (SKIP_SCAN): past it, the page ends where the scan
    stopped, with `more`, and the next one goes on from there."""
    from sync.server import pull
    from sync.server.db import reader

    dev = world.device("anna", fresh=True)
    for _ in range(3):
        dev.new_case()
    full = decode_pull_lines(_pull(dev, 0, version=2).content)
    seqs = [r["seq"] for r in full.records]
    assert len(seqs) >= 6
    monkeypatch.setattr(pull, "SKIP_SCAN", 3)
    skip = [(seqs[0], seqs[-2])]
    scope = {r["office_id"] for r in full.records}
    with reader(world.engine) as conn:
        first = pull.pull_page(conn, scope, 0, 1, skip)
        assert (first.rows, first.more, first.cursor) == ([], True, seqs[4])  # 1 + 1 + 3 seqs read, all skipped
        cursor, sent = first.cursor, []
        while True:
            page = pull.pull_page(conn, scope, cursor, 1, skip)
            sent += [r.seq for r in page.rows]
            cursor = page.cursor
            if not page.more:
                break
    assert sent == seqs[-1:] and cursor == full.cursor


def test_the_last_page_brings_the_scope_digest_when_asked(world):
    dev = world.device("anna", fresh=True)
    for _ in range(3):
        dev.new_case()
    expected = dev.request("GET", "/sync/digest").json()
    first = decode_pull_lines(_pull(dev, 0, version=2, limit=2, digest=True).content)
    assert first.more and first.digest is None  # not before the last page
    last = decode_pull_lines(_pull(dev, first.cursor, version=2, digest=True).content)
    assert not last.more and last.digest.model_dump() == expected and last.digest.cursor == last.cursor
    assert decode_pull_lines(_pull(dev, 0, version=2).content).digest is None  # not asked
    assert "digest" not in _pull(dev, 0, version=1, digest=True).json()  # version 1 answers are unchanged


def test_a_client_falls_back_to_version_1_against_a_server_that_speaks_only_that():
    seen = []

    def server(request: httpx.Request) -> httpx.Response:
        version = request.headers.get(PROTOCOL_HEADER)
        seen.append((request.url.path, version))
        if version != "1":
            return httpx.Response(426, json={"code": "unsupported_protocol", "supported": [1], "message": "old"})
        assert "skip" not in json.loads(request.content)
        return httpx.Response(200, json={"records": [{"id": "r", "type": "case", "case_id": "r", "office_id": "o",
                                                      "data": {"status": "open"}, "deleted": False, "seq": 1,
                                                      "hlc": 5}],
                                         "evictions": [], "cursor": 1, "more": False, "server_time_ms": 1})

    with Transport("http://127.0.0.1:9", device_id="d", device_secret="s",
                   http_transport=httpx.MockTransport(server)) as transport:
        page = transport.pull(0, 10, skip=[(1, 1)])
        assert page.records[0]["data"] == {"status": "open"} and "hash" not in page.records[0]
        assert transport.protocol == 1
        transport.pull(1, 10)
    assert seen == [("/api/v1/sync/pull", str(PROTOCOL_VERSION)), ("/api/v1/sync/pull", "1"),
                    ("/api/v1/sync/pull", "1")]
