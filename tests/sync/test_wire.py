"""sync.wire: each codec against its other half and against the protocol's definitions (no server needed).

The definitions are restated here the slow, obvious way (json.dumps, a dict of each record), so a
shortcut in the codecs that drifts from them fails here before a client and a server disagree.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from sync import wire
from sync.protocol import PULL_LINE_FIELDS, ChangeResult, DigestResponse, PushRequest, PushResponse
from sync.wire import (
    EMPTY_DIGEST,
    PULL_ROW,
    RawJSON,
    WireError,
    canonical_json,
    decode_pull_json,
    decode_pull_lines,
    decode_push_answer,
    digest_item,
    encode_pull_json,
    encode_pull_lines,
    encode_push,
    encode_push_answer,
    format_digest,
    parse_digest,
    record_hash,
    record_hash_of_json,
)

# Text that JSON must escape, or that is a line break to someone other than JSON.
AWKWARD = "Ґалаґан \"лапки\" \\ слеш\nрядок\r\t\u2028\u2029\x00\x1f 😀 é"
DATAS = [{}, {"surname": AWKWARD, "notes": None, "phones": ["+380671234567"]},
         {"n": 1.5, "big": 10**17, "neg": -3, "x": False, "nested": {"b": 1, "a": [True, None, {"z": "ї"}]}}]


def definition_hash(record_type: str, case_id: str, data: dict, deleted: bool) -> str:
    text = json.dumps([record_type, case_id, data, deleted], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- canonical JSON, the record hash and the digest ------------------------------------------------------
@pytest.mark.parametrize("data", DATAS)
@pytest.mark.parametrize("deleted", [False, True])
def test_the_record_hash_from_data_or_from_its_canonical_text_is_the_definitions(data, deleted):
    assert canonical_json(data) == json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    expected = definition_hash("person", "case-«1»\n", data, deleted)
    assert record_hash("person", "case-«1»\n", data, deleted) == expected
    assert record_hash_of_json("person", "case-«1»\n", canonical_json(data), deleted) == expected
    assert record_hash("person", "case-«1»\n", data, not deleted) != expected


@pytest.mark.parametrize("value", [*DATAS, "ї", 7, -0.0, 1e300, float("nan"), float("inf"), None, [],
                                   {"10": 1, "2": 2, "b": {"é": [], "e": {}}}])
def test_canonical_json_is_the_json_modules_text_and_refuses_what_json_cannot_hold(value):
    # Made with the C encoder called directly (sync.wire._c_canonical): the same text, the same errors.
    assert canonical_json is not wire._canonical_encoder.encode
    assert canonical_json(value) == json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for bad in ({"a": {1, 2}}, [b"x"], {"a": object()}):
        with pytest.raises(TypeError):
            canonical_json(bad)


def test_the_digest_is_the_xor_of_the_records_shares_in_16_hex_digits():
    share = digest_item("rec-«1»", "ab" * 32)
    assert share == int.from_bytes(hashlib.sha256("rec-«1»:".encode() + b"ab" * 32).digest()[:8], "big")
    items = [digest_item(f"r{i}", f"{i:064x}") for i in range(5)]
    forward, backward = 0, 0
    for item in items:
        forward ^= item
    for item in reversed(items):
        backward ^= item
    assert format_digest(forward) == format_digest(backward) and len(format_digest(forward)) == 16
    assert parse_digest(format_digest(forward)) == forward
    assert format_digest(1) == "0000000000000001" and EMPTY_DIGEST == "0" * 16
    assert parse_digest(None) == parse_digest("") == parse_digest(EMPTY_DIGEST) == 0


# --- push -------------------------------------------------------------------------------------------------------
def _change(i: int, fields) -> dict:
    return {"change_id": f"ch-{i}", "record_id": "r-«1»\"", "record_type": "person", "case_id": "c\\1\n",
            "op": "upsert", "fields": fields, "base_seq": 7, "hlc": 170000000000000001 + i, "user": "олена",
            "device_id": "dev-1"}


def test_a_push_body_is_read_back_by_the_servers_model_as_the_changes_sent():
    fields = {"surname": AWKWARD, "phones": ["+380671234567"], "n": None, "nested": DATAS[2]}
    stored = RawJSON(json.dumps(fields))  # as the outbox keeps it (ASCII escapes): sent as it is
    changes = [_change(1, stored), _change(2, fields), {**_change(3, RawJSON("{}")), "op": "delete"}]
    body = encode_push(changes)
    assert isinstance(body, RawJSON) and stored in body  # spliced, not decoded and encoded again
    expected = [{**c, "fields": json.loads(c["fields"]) if isinstance(c["fields"], RawJSON) else c["fields"]}
                for c in changes]
    assert json.loads(body) == {"changes": expected}
    parsed = PushRequest.model_validate_json(body.encode("utf-8"))  # what the server does with it
    assert [c.model_dump() for c in parsed.changes] == expected
    assert json.loads(encode_push([])) == {"changes": []}



def test_a_push_answer_written_by_hand_is_the_models_own():
    """The server writes its push answer itself (sync.wire.encode_push_answer, from results that are
    ChangeResult models or plain objects with the same attributes): it reads back as the model gives it."""
    class Applied:  # as sync.server.push.Applied
        def __init__(self, change_id, seq=None, hash=None, hlc=None):  # noqa: A002 - wire names
            self.change_id, self.status, self.reason, self.seq, self.hash, self.hlc = (
                change_id, "applied", None, seq, hash, hlc)

    results = [Applied("c-1", 7, "ab" * 32, 2**62 + 5), Applied(AWKWARD),
               ChangeResult(change_id="c-3", status="rejected", reason="invalid: " + AWKWARD),
               ChangeResult(change_id="c-4", status="duplicate")]
    body = encode_push_answer(results, 1_700_000_000_123)
    expected = PushResponse(results=[ChangeResult(change_id=r.change_id, status=r.status, reason=r.reason,
                                                  seq=r.seq, hash=r.hash, hlc=r.hlc) for r in results],
                            server_time_ms=1_700_000_000_123)
    assert body.isascii()
    assert json.loads(body) == json.loads(expected.model_dump_json())
    assert PushResponse.model_validate_json(body) == expected
    # What the client does with it: read by hand, each result made by the factory it gives.
    answer = decode_push_answer(body, lambda *fields: fields)
    assert answer.server_time_ms == expected.server_time_ms
    assert answer.results == [(r.change_id, r.status, r.reason, r.seq, r.hash, r.hlc) for r in expected.results]
    assert json.loads(encode_push_answer([], 5)) == {"results": [], "server_time_ms": 5}
    assert decode_push_answer(b'{"results":[{"change_id":"c","status":"applied"}],"server_time_ms":1}',
                              lambda *fields: fields).results == [("c", "applied", None, None, None, None)]  # version 1


_RESULT = {"change_id": "c-1", "status": "applied", "reason": None, "seq": 7, "hash": "ab", "hlc": 9}


@pytest.mark.parametrize("raw", [
    b"", b"not json", b"[]", b'{"results": []}', b'{"results": {}, "server_time_ms": 1}',
    b'{"results": [], "server_time_ms": "1"}', b'{"results": [7], "server_time_ms": 1}',
    *[json.dumps({"results": [{**_RESULT, **bad}], "server_time_ms": 1}).encode() for bad in (
        {"status": "maybe"}, {"change_id": 5}, {"seq": "7"}, {"seq": 7.0}, {"hlc": True}, {"hash": 1}, {"reason": []})],
    json.dumps({"results": [{"status": "applied"}], "server_time_ms": 1}).encode(),  # no change_id
])
def test_a_malformed_push_answer_is_a_wire_error(raw):
    # The model refused each of them too, but for numbers written as text ("1", "7") or as 7.0 and true.
    with pytest.raises(WireError):
        decode_push_answer(raw, lambda *fields: fields)

# --- pull ---------------------------------------------------------------------------------------------------------
def _rows() -> list[tuple]:
    """Rows as the server reads them (PULL_ROW): data is the stored canonical text."""
    return [(f"rec-{i}-«ї»", rtype, "case-\"1\"\n", "office-а", canonical_json(data), deleted, 100 + i,
             17 * 10**16 + i, record_hash(rtype, "case-\"1\"\n", data, deleted))
            for i, (rtype, data, deleted) in enumerate([("person", DATAS[1], False), ("case", DATAS[0], True),
                                                        ("assessment", DATAS[2], False)])]


def _as_records(rows: list[tuple]) -> list[dict]:
    return [dict(zip(PULL_ROW, row, strict=True)) for row in rows]


@pytest.mark.parametrize("digest", [None, DigestResponse(count=3, digest="00ff00ff00ff00ff", cursor=120)])
def test_pull_lines_are_read_back_as_the_records_written_with_their_data_as_stored(digest):
    rows = _rows()
    raw = encode_pull_lines(rows, evictions=["case-9"], cursor=120, more=False, server_time_ms=5, digest=digest)
    lines = raw.split(b"\n")
    assert len(lines) == 2 + len(rows)  # escaped newlines, U+2028 and U+2029 never split a record
    assert json.loads(lines[0])["fields"] == list(PULL_LINE_FIELDS)
    page = decode_pull_lines(raw)
    assert page.records == _as_records(rows)  # data: the canonical text itself; hash: as sent
    assert (page.evictions, page.cursor, page.more, page.server_time_ms, page.digest) == \
        (["case-9"], 120, False, 5, digest)
    for record in page.records:
        assert record_hash_of_json(record["type"], record["case_id"], record["data"], record["deleted"]) == \
            record["hash"]


def test_an_empty_pull_page_in_lines_and_in_json():
    page = decode_pull_lines(encode_pull_lines([], evictions=[], cursor=7, more=False, server_time_ms=1))
    assert (page.records, page.cursor, page.more, page.digest) == ([], 7, False, None)
    page = decode_pull_json(encode_pull_json([], evictions=[], cursor=7, more=True, server_time_ms=1))
    assert (page.records, page.cursor, page.more) == ([], 7, True)


def test_a_version_1_pull_answer_is_read_back_with_data_as_objects_and_no_hash():
    rows = _rows()
    raw = encode_pull_json(rows, evictions=["case-9"], cursor=120, more=True, server_time_ms=5)
    page = decode_pull_json(raw)
    expected = [{**{k: v for k, v in r.items() if k != "hash"}, "data": json.loads(r["data"])} for r in _as_records(rows)]
    assert page.records == expected
    assert (page.evictions, page.cursor, page.more, page.server_time_ms) == (["case-9"], 120, True, 5)


def _lines(head: dict | None = None, metas: list | None = None, datas: list[bytes] | None = None) -> bytes:
    record = _as_records(_rows()[:1])[0]
    head = head if head is not None else {"evictions": [], "cursor": 1, "more": False, "server_time_ms": 1,
                                          "count": 1, "fields": list(PULL_LINE_FIELDS)}
    metas = metas if metas is not None else [[record[f] for f in PULL_LINE_FIELDS]]
    datas = datas if datas is not None else [record["data"].encode()]
    return b"\n".join([json.dumps(head).encode(), json.dumps(metas).encode(), *datas])


def test_the_helper_builds_a_valid_page():
    assert len(decode_pull_lines(_lines()).records) == 1


@pytest.mark.parametrize("raw", [
    b"", b"not json", b'{"count": 0}',
    _lines(head={"evictions": [], "cursor": 1, "more": False, "server_time_ms": 1, "count": 2,
                 "fields": list(PULL_LINE_FIELDS)}),  # says two records, holds one
    _lines(head={"evictions": [], "cursor": 1, "more": False, "server_time_ms": 1, "count": 1,
                 "fields": ["id", "type"]}),  # other fields
    _lines(head={"evictions": [], "cursor": "1", "more": False, "server_time_ms": 1, "count": 1,
                 "fields": list(PULL_LINE_FIELDS)}),  # a cursor that is not a number
    _lines(head={"evictions": [], "cursor": 1, "more": False, "server_time_ms": 1, "count": 1,
                 "fields": list(PULL_LINE_FIELDS), "digest": {"count": 1}}),  # a broken digest
    _lines(metas=[["only", "three", "values"]]),
    _lines(datas=[b"[1, 2]"]),  # data that is not an object
    _lines(datas=[b'{"a": "\xff"}']),  # broken UTF-8
])
def test_a_malformed_pull_answer_in_lines_is_a_wire_error(raw):
    with pytest.raises(WireError):
        decode_pull_lines(raw)


@pytest.mark.parametrize("raw", [
    b"{not json", b"[]", b'{"records": []}',
    b'{"records": [{"id": "r"}], "evictions": [], "cursor": 1, "more": false, "server_time_ms": 1}',
    b'{"records": [], "evictions": [], "cursor": 1, "more": "no", "server_time_ms": 1}',
])
def test_a_malformed_version_1_pull_answer_is_a_wire_error(raw):
    with pytest.raises(WireError):
        decode_pull_json(raw)
