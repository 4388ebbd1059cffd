"""The merge and the change rules, tested directly (pure functions, no database)."""

from __future__ import annotations

import itertools
import json

import pytest

from sync.protocol import Change
from sync.server.conflicts import SERVER_DEVICE, conflict_fields, conflict_record
from sync.server.merge import Edit, effective_ts, merge_fields
from sync.server.record_state import RecordState
from sync.server.rules import check_change

T0 = 17_000_000_000_000_000  # an HLC value: ms * 10_000
MS = 10_000


def create_state(record_id: str, rtype: str, case_id: str, office_id: str, edit: Edit) -> RecordState:
    return RecordState.created(record_id, rtype, case_id, office_id, edit.fields, edit.meta_entry())


def person(seq: int = 1) -> RecordState:
    edit = Edit({"surname": "Бондар", "given_name": "Іван", "birth_date": "1970-01-02"}, 0, T0, "dev-c", "creator",
                seq)
    state = create_state("p1", "person", "c1", "office-a", edit)
    state.seq = seq
    return state


def edit(fields, *, base, ts, device, seq, user="u") -> Edit:
    return Edit(fields, base, ts, device, user, seq)


def test_a_new_records_field_meta_is_the_json_of_its_entries():
    """RecordState.created writes field_meta as text built from one encoded entry: it must be json.dumps's text."""
    fields = {"surname": "Ґалаґан", "phones": ["+380671234567"], "notes": None, "ключ": True}
    state = create_state("p1", "person", "c1", "office-a", Edit(fields, 0, T0, "dev-«a»", "олена", 7))
    expected = {name: [7, T0, "dev-«a»", "олена"] for name in fields}
    assert state.meta_json() == json.dumps(expected, separators=(",", ":"))
    assert state.meta == expected and state.data == fields
    # A second change of the same batch decodes it and merges as usual.
    merge_fields(state.data, state.meta, edit({"surname": "Галаган"}, base=7, ts=T0 + MS, device="dev-b", seq=8))
    assert state.meta["surname"][0] == 8 and state.meta["notes"] == [7, T0, "dev-«a»", "олена"]
    # No fields, and an entry of another shape (written by the encoder, not by hand): the same text too.
    for given, entry in (({}, [7, T0, "d", "u"]), ({"a": 1, "b": 2}, [True, 1, None, "u"]), ({"a": 1}, [1, 2])):
        state = RecordState.created("p2", "person", "c1", "office-a", given, entry)
        assert state.meta_json() == json.dumps(dict.fromkeys(given, entry), separators=(",", ":"))


def test_a_created_record_is_the_one_init_makes():
    """RecordState.created makes its object without __init__ (a third of its cost): every slot as __init__ sets
    it for a new record, with field names quoted before (from the cache), never seen, and none."""
    for fields in ({"surname": "Ґалаґан", "notes": None}, {"surname": "Ґалаґан", "notes": None}, {"поле": 1}, {}):
        state = RecordState.created("p1", "person", "c1", "office-a", fields, [7, T0, "d", "u"])
        made = RecordState(id="p1", type="person", case_id="c1", office_id="office-a", data=dict(fields),
                           meta=json.dumps(dict.fromkeys(fields, [7, T0, "d", "u"]), separators=(",", ":")))
        assert {n: getattr(state, n) for n in RecordState.__slots__} == {n: getattr(made, n) for n in RecordState.__slots__}
        assert state.data is not fields  # its own copy: a merge later in the batch leaves the change as received


def test_control_characters_in_ids_are_found_as_the_expression_finds_them():
    """The push refuses ids with control characters; ASCII text is checked without the regular expression."""
    from sync.server.push import _CONTROL, _has_control

    for text in [chr(c) for c in range(0x80)] + ["\x85", "\u2028", "é\x00", "é", "", "a\x7fb", "Ж\x1f", "01a2-7f"]:
        for around in (text, f"01a244d2-2be4-{text}-ff0b43b2da6a"):
            assert _has_control(around) == (_CONTROL.search(around) is not None), repr(around)


def test_plain_successor_applies_without_conflict():
    s = person()
    out = merge_fields(s.data, s.meta, edit({"surname": "Бондаренко"}, base=1, ts=T0 + MS, device="dev-a", seq=2))
    assert out.applied_fields == ["surname"] and not out.conflicts
    assert s.data["surname"] == "Бондаренко" and s.meta["surname"][0] == 2


def test_different_fields_from_two_devices_both_survive():
    s = person()
    merge_fields(s.data, s.meta, edit({"surname": "А"}, base=1, ts=T0 + 2 * MS, device="dev-a", seq=2))
    out = merge_fields(s.data, s.meta, edit({"given_name": "Б"}, base=1, ts=T0 + MS, device="dev-b", seq=3))
    assert not out.conflicts
    assert (s.data["surname"], s.data["given_name"]) == ("А", "Б")


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_same_field_same_winner_in_any_arrival_order(order):
    edits = [({"surname": "Перший"}, T0 + 1 * MS, "dev-a"), ({"surname": "Другий"}, T0 + 3 * MS, "dev-b"),
             ({"surname": "Третій"}, T0 + 2 * MS, "dev-c")]
    s = person()
    conflicts = []
    for seq, i in enumerate(order, start=2):
        fields, ts, device = edits[i]
        conflicts += merge_fields(s.data, s.meta, edit(fields, base=1, ts=ts, device=device, seq=seq)).conflicts
    assert s.data["surname"] == "Другий"  # the latest effective time stamp
    assert s.meta["surname"][2] == "dev-b"
    # each losing edit is kept exactly once, whatever the order
    assert sorted(c.loser_value for c in conflicts) == ["Перший", "Третій"]


def test_tie_on_time_stamp_is_broken_by_device_id():
    for first, second in (("dev-a", "dev-b"), ("dev-b", "dev-a")):
        s = person()
        merge_fields(s.data, s.meta, edit({"surname": first}, base=1, ts=T0 + MS, device=first, seq=2))
        merge_fields(s.data, s.meta, edit({"surname": second}, base=1, ts=T0 + MS, device=second, seq=3))
        assert s.data["surname"] == "dev-b"


def test_loser_is_kept_in_a_conflict_record_with_both_sides():
    s = person()
    merge_fields(s.data, s.meta, edit({"surname": "Новий"}, base=1, ts=T0 + 5 * MS, device="dev-a", seq=2, user="anna"))
    out = merge_fields(s.data, s.meta, edit({"surname": "Старий"}, base=1, ts=T0 + 2 * MS, device="dev-b", seq=3, user="bohdan"))
    assert s.data["surname"] == "Новий"
    [conflict] = out.conflicts
    data = conflict_fields(s, conflict)
    assert data["winner_value"] == "Новий" and data["loser_value"] == "Старий"
    assert (data["winner_user"], data["loser_user"]) == ("anna", "bohdan")
    assert (data["record_type"], data["record_id"], data["field"], data["status"]) == ("person", "p1", "surname",
                                                                                      "open")
    from sync.records.schema import RECORD_TYPES
    from sync.records.validation import check_structure

    assert check_structure(RECORD_TYPES["conflict"], data, complete=True) == []
    record = conflict_record(s, conflict, 9, T0 // MS + 1)
    assert (record.type, record.case_id, record.office_id, record.seq, record.dirty) == ("conflict", "c1", "office-a",
                                                                                        9, True)
    assert record.data == data and record.hlc == T0 + MS
    assert record.meta == {name: [9, T0 + MS, SERVER_DEVICE, SERVER_DEVICE] for name in data}


def test_a_devices_own_later_edit_succeeds_its_earlier_one_without_pulling():
    s = person()
    merge_fields(s.data, s.meta, edit({"surname": "Раз"}, base=1, ts=T0 + MS, device="dev-a", seq=2))
    out = merge_fields(s.data, s.meta, edit({"surname": "Два"}, base=1, ts=T0 + 2 * MS, device="dev-a", seq=3))
    assert not out.conflicts and s.data["surname"] == "Два"


def test_equal_concurrent_values_do_not_conflict():
    s = person()
    merge_fields(s.data, s.meta, edit({"surname": "Той самий"}, base=1, ts=T0 + MS, device="dev-a", seq=2))
    out = merge_fields(s.data, s.meta, edit({"surname": "Той самий"}, base=1, ts=T0 + 2 * MS, device="dev-b", seq=3))
    assert not out.conflicts


def test_effective_time_stamp_is_clamped_to_arrival():
    now_ms = T0 // MS
    assert effective_ts(T0 - MS, now_ms) == T0 - MS
    three_days = 3 * 86_400_000 * MS
    assert effective_ts(T0 + three_days, now_ms) < T0 + MS
    # an edit from a clock days ahead, arriving first, loses to an honest edit made after it arrived
    s = person()
    merge_fields(s.data, s.meta, edit({"surname": "Майбутнє"}, base=1, ts=effective_ts(T0 + three_days, now_ms),
                         device="dev-z", seq=2))
    merge_fields(s.data, s.meta, edit({"surname": "Теперішнє"}, base=1, ts=effective_ts(T0 + 10 * MS, now_ms + 10),
                         device="dev-a", seq=3))
    assert s.data["surname"] == "Теперішнє"


# --- rules ----------------------------------------------------------------------------------------
SCOPE = {"office-a"}


def change(rtype="person", record_id="p1", case_id="c1", fields=None, op="upsert", base=1) -> Change:
    return Change(change_id="x", record_id=record_id, record_type=rtype, case_id=case_id, op=op,
                  fields=fields or {}, base_seq=base, hlc=T0, user="u", device_id="d")


def case_state(office="office-a") -> RecordState:
    e = Edit({"office_id": office, "category": "idp", "stage": "assessment", "status": "open"}, 0, T0, "d", "u", 1)
    return create_state("c1", "case", "c1", office, e)


def check(ch, state=None, case=None, role="caseworker", offices=("office-a", "office-b")):
    return check_change(ch, state, case, role=role, scope=SCOPE, offices=set(offices), user="u", device_id="d")


def test_rules_accept_a_valid_update_and_a_valid_create():
    assert check(change(fields={"surname": "Нове"}), person(), case_state()) is None
    new = change("task", "t1", fields={"title": "Зателефонувати", "due_date": "2024-02-03"}, base=0)
    assert check(new, None, case_state()) is None


@pytest.mark.parametrize("ch, state_kind, reason", [
    (change("nope"), "person", "unknown_record_type"),
    (change(fields={"surname": 5}), "person", "invalid: surname=invalid_value"),
    (change(fields={"colour": "red"}), "person", "invalid: colour=unknown_field"),
    (change(fields={"surname": None}), "person", "invalid: surname=required"),
    (change("task", "t1", fields={"title": "x"}, base=0), None, "invalid: due_date=required"),
    (change(case_id="c2"), "person", "case_mismatch"),
    (change("goal"), "person", "record_type_mismatch"),
    (change("journal_entry", "j1", fields={"text": "змінено"}), "journal", "append_only"),
    (change("journal_entry", "j1", op="delete"), "journal", "append_only"),
    (change(op="delete"), "person", "not_deletable"),
    (change("task", "t9", op="delete", base=0), None, "unknown_record"),
    (change("conflict", "k1", fields={"winner_value": "x"}), "conflict", "server_only_field: winner_value"),
    (change("conflict", "k2", fields={"status": "open", "record_type": "person", "record_id": "p1",
                                      "field": "surname"}, base=0), None, "server_only"),
    (change("case", "c1", fields={"office_id": "office-b"}), "case", "transfer_not_allowed"),
    (change("case", "c5", case_id="c5", fields={"office_id": "office-b", "category": "idp",
                                                 "stage": "assessment", "status": "open"}, base=0), None,
     "out_of_scope"),
    (change("case", "c6", case_id="c7"), None, "case_id_mismatch"),
])
def test_rules_reject(ch, state_kind, reason):
    states = {"person": person(), "case": case_state(),
              "journal": create_state("j1", "journal_entry", "c1", "office-a",
                                      Edit({"kind": "note", "text": "t"}, 0, T0, "d", "u", 1)),
              "conflict": create_state("k1", "conflict", "c1", "office-a", Edit({"status": "open"}, 0, T0, "d", "u", 1))}
    state = states.get(state_kind) if state_kind else None
    got = check(ch, state, case_state())
    assert got is not None and got.startswith(reason), got


def test_rules_scope_and_transfer():
    other = case_state("office-b")
    assert check(change(fields={"surname": "x"}), person(), other) == "out_of_scope"
    assert check(change("task", "t1", fields={"title": "x", "due_date": "2024-01-01"}, base=0), None,
                 other) == "out_of_scope"
    assert check(change("task", "t1", fields={"title": "x", "due_date": "2024-01-01"}, base=0), None,
                 None) == "unknown_case"
    move = change("case", "c1", fields={"office_id": "office-b"})
    assert check(move, case_state(), case_state(), role="supervisor") is None
    assert check(move, case_state(), case_state(), role="district") is None
    assert check(move, case_state(), case_state(), role="supervisor", offices=("office-a",)) == "unknown_office"
    resolve = change("conflict", "k1", fields={"status": "resolved", "resolution": "swapped", "resolved_by": "u"})
    conflict = create_state("k1", "conflict", "c1", "office-a", Edit({"status": "open"}, 0, T0, "d", "u", 1))
    assert check(resolve, conflict, case_state(), role="supervisor") is None
