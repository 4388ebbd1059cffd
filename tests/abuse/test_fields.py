"""Field contents: every field kind gets length, character and range limits, with a precise reason per change."""

from __future__ import annotations

import json

import pytest

from sync.records.ids import new_id
from tests.server.helpers import case_fields
from tests.support.hostile import send_raw, watch

MiB = 1024 * 1024

# (record type, fields, the reason the server gives)
HOSTILE_FIELDS = [
    ("person", {"surname": "Ко\udc00", "given_name": "Іван", "birth_date": "1980-01-01"}, "surname=invalid_characters"),
    ("person", {"surname": "Ко\x00в", "given_name": "Іван", "birth_date": "1980-01-01"}, "surname=invalid_characters"),
    ("person", {"surname": "Ко\nв", "given_name": "Іван", "birth_date": "1980-01-01"}, "surname=invalid_characters"),
    ("person", {"surname": "К" * 101, "given_name": "Іван", "birth_date": "1980-01-01"}, "surname=text_too_long"),
    ("person", {"surname": "К", "given_name": "І", "birth_date": "1980-01-01", "phones": ["+380671234567"] * 11},
     "phones=too_many_items"),
    ("person", {"surname": "К", "given_name": "І", "birth_date": "1980-01-01", "phones": ["1" * 31]},
     "phones=item_too_long"),
    ("person", {"surname": "К", "given_name": "І", "birth_date": "1980-01-01", "languages": ["uk\x07"]},
     "languages=invalid_characters"),
    ("person", {"surname": "К", "given_name": "І", "birth_date": "1980-01-01", "languages": ["\ud800"]},
     "languages=invalid_characters"),
    ("person", {"surname": "К", "given_name": "І", "birth_date": "1980-01-01", "vulnerabilities": ["child"] * 50},
     "vulnerabilities=too_many_items"),
    ("person", {"surname": "К", "given_name": "І", "birth_date": "1980-01-01" + "0" * 1000}, "birth_date=invalid_date"),
    ("attachment", {"filename": "a.jpg", "size": 10**30}, "size=out_of_range"),
    ("attachment", {"filename": "a.jpg", "size": -1}, "size=out_of_range"),
    ("attachment", {"filename": "a.jpg", "size": 1.5}, "size=invalid_value"),
    ("journal_entry", {"kind": "note", "occurred_at": "2026-01-01T10:00:00" + "9" * 100, "text": "x",
                       "author": "anna"}, "occurred_at=invalid_date"),
    ("task", {"title": "t", "due_date": "2026-01-01", "done": "yes"}, "done=invalid_value"),
]


@pytest.mark.parametrize(("rtype", "fields", "reason"), HOSTILE_FIELDS, ids=[r for *_, r in HOSTILE_FIELDS])
def test_hostile_field_values_are_rejected_with_a_precise_reason(world, rtype, fields, reason):
    dev = world.device("anna")
    case_id, _ = dev.new_case()
    good = dev.change(new_id(), "task", case_id, {"title": "t", "due_date": "2026-01-01"})
    bad = dev.change(new_id(), rtype, case_id, fields)
    body = json.dumps({"changes": [bad, good]}).encode()  # ensure_ascii: a lone surrogate travels as \\udc00
    answer = send_raw(world.url, "POST", "/api/v1/sync/push", body=body,
                      headers={**dev.headers, "Content-Type": "application/json"})
    assert answer.status == 200, answer
    first, second = answer.json()["results"]
    assert first["status"] == "rejected" and reason in first["reason"], first
    assert second["status"] == "applied"  # the rest of the batch is not lost


def test_multi_line_notes_keep_their_line_breaks(world):
    dev = world.device("anna")
    case_id, _ = dev.new_case()
    dev.push_ok([dev.change(new_id(), "journal_entry", case_id,
                            {"kind": "note", "occurred_at": "2026-01-01T10:00:00", "text": "рядок\n\tдругий",
                             "author": "anna"})])


def test_a_20_mb_phone_is_refused_without_taking_memory(world, pid):
    dev = world.device("anna")
    case_id, person_id = dev.new_case()
    body = json.dumps({"changes": [dev.change(person_id, "person", case_id, {"phones": ["1" * (20 * MiB)]},
                                              base_seq=10**6)]}).encode()
    with watch(pid, world.url) as w:
        answer = send_raw(world.url, "POST", "/api/v1/sync/push", body=body,
                          headers={**dev.headers, "Content-Type": "application/json"})
    assert answer.status in (200, 413), answer
    if answer.status == 200:
        assert answer.json()["results"][0]["reason"] == "invalid: phones=item_too_long"
    else:
        assert answer.code == "too_large"
    w.assert_healthy(max_growth=200 * MiB)


def test_invalid_utf8_and_unknown_field_names_are_422(world):
    dev = world.device("anna")
    headers = {**dev.headers, "Content-Type": "application/json"}
    answer = send_raw(world.url, "POST", "/api/v1/sync/push", headers=headers, body=b'{"changes": [{"\xff\xfe": 1}]}')
    assert answer.status in (400, 422), answer
    case_id = new_id()
    change = dev.change(case_id, "case", case_id, {**case_fields(dev.office_id), "\udc00": 1})
    answer = send_raw(world.url, "POST", "/api/v1/sync/push", headers=headers,
                      body=json.dumps({"changes": [change]}).encode())
    assert answer.status == 422 and answer.code == "invalid_request"
