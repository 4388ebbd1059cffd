"""Sync semantics through a real server process: merge, conflicts, clocks, tombstones, transfers, scope."""

from __future__ import annotations

from sqlalchemy import func, select

from sync.records.ids import new_id
from sync.server import models as m
from sync.server.db import write_transaction
from tests.server.helpers import PASSWORD, case_fields, hlc_now

SECOND = 1000


def _edit_pair(world):
    """Two caseworkers of office A who both hold a fresh case."""
    a, b = world.device("anna"), world.device("andriy")
    case_id, person_id = a.new_case()
    a.sync()
    b.sync()
    return a, b, case_id, person_id


def test_edits_of_different_fields_on_two_devices_both_survive(world):
    a, b, case_id, person_id = _edit_pair(world)
    a.push_ok([a.change(person_id, "person", case_id, {"surname": "Мельник"}, hlc=hlc_now(-5 * SECOND))])
    b.push_ok([b.change(person_id, "person", case_id, {"given_name": "Марія"}, hlc=hlc_now(-4 * SECOND))])
    for dev in (a, b):
        dev.sync()
        data = dev.records[person_id]["data"]
        assert (data["surname"], data["given_name"]) == ("Мельник", "Марія")
        assert dev.of_type("conflict", case_id) == []
    assert a.records[person_id] == b.records[person_id]


def test_same_field_same_winner_whatever_the_arrival_order_and_one_open_conflict(world):
    outcomes = []
    for first_is_late in (False, True):
        a, b, case_id, person_id = _edit_pair(world)
        early = a.change(person_id, "person", case_id, {"surname": "Рання"}, hlc=hlc_now(-20 * SECOND))
        late = b.change(person_id, "person", case_id, {"surname": "Пізня"}, hlc=hlc_now(-10 * SECOND))
        if first_is_late:
            b.push_ok([late])
            a.push_ok([early])
        else:
            a.push_ok([early])
            b.push_ok([late])
        a.sync()
        b.sync()
        assert a.records == b.records  # converged
        conflicts = a.of_type("conflict", case_id)
        assert len(conflicts) == 1
        c = conflicts[0]["data"]
        assert c["status"] == "open" and c["record_id"] == person_id and c["field"] == "surname"
        outcomes.append((a.records[person_id]["data"]["surname"], c["winner_value"], c["loser_value"],
                         c["winner_user"], c["loser_user"]))
    assert outcomes[0] == outcomes[1] == ("Пізня", "Пізня", "Рання", "andriy", "anna")


def test_a_supervisor_resolves_a_conflict_by_swapping_to_the_loser(world):
    a, b, case_id, person_id = _edit_pair(world)
    a.push_ok([a.change(person_id, "person", case_id, {"surname": "Перша"}, hlc=hlc_now(-9 * SECOND))])
    b.push_ok([b.change(person_id, "person", case_id, {"surname": "Друга"}, hlc=hlc_now(-8 * SECOND))])
    supervisor = world.device("alla")
    supervisor.sync()
    [conflict] = supervisor.of_type("conflict", case_id)
    supervisor.push_ok([
        supervisor.change(person_id, "person", case_id, {"surname": conflict["data"]["loser_value"]}),
        supervisor.change(conflict["id"], "conflict", case_id,
                          {"status": "resolved", "resolution": "swapped", "resolved_by": "alla"})])
    b.sync()
    assert b.records[person_id]["data"]["surname"] == "Перша"
    assert b.records[conflict["id"]]["data"]["status"] == "resolved"
    assert len(b.of_type("conflict", case_id)) == 1  # the resolution itself is not a new conflict


def test_a_clock_days_ahead_does_not_beat_a_later_edit(world):
    a, b, case_id, person_id = _edit_pair(world)
    future = a.change(person_id, "person", case_id, {"surname": "З майбутнього"}, hlc=hlc_now(3 * 86_400 * SECOND))
    a.push_ok([future])
    # made after the future-dated change reached the server, by a device that had not seen it
    b.push_ok([b.change(person_id, "person", case_id, {"surname": "Сьогоднішнє"}, hlc=hlc_now(SECOND))])
    b.sync()
    assert b.records[person_id]["data"]["surname"] == "Сьогоднішнє"
    [conflict] = b.of_type("conflict", case_id)
    assert conflict["data"]["loser_value"] == "З майбутнього"
    # and the fast device's edits are not lost either: a later edit of its own still applies
    a.sync()
    a.push_ok([a.change(person_id, "person", case_id, {"patronymic": "Петрівна"}, hlc=hlc_now(3 * 86_400 * SECOND))])
    a.sync()
    assert a.records[person_id]["data"]["patronymic"] == "Петрівна"


def test_append_only_records_accept_creation_only(world):
    a = world.device("anna")
    case_id, _ = a.new_case()
    entry = new_id()
    a.push_ok([a.change(entry, "journal_entry", case_id, {"kind": "visit", "occurred_at": "2024-03-01T09:30:00",
                                                          "text": "Візит додому", "author": "anna"})])
    a.sync()
    results = a.push([a.change(entry, "journal_entry", case_id, {"text": "переписано"}),
                      a.change(entry, "journal_entry", case_id, {}, op="delete")])
    assert [(r["status"], r["reason"]) for r in results] == [("rejected", "append_only")] * 2
    a.sync()
    assert a.records[entry]["data"]["text"] == "Візит додому" and not a.records[entry]["deleted"]


def test_deletions_travel_as_tombstones_and_count_in_the_digest(world):
    a, b, case_id, _ = _edit_pair(world)
    task = new_id()
    a.push_ok([a.change(task, "task", case_id, {"title": "Зателефонувати", "due_date": "2024-04-01"})])
    a.sync()
    b.sync()
    a.push_ok([a.change(task, "task", case_id, {}, op="delete")])
    # a concurrent edit of the deleted task lands on the tombstone; the record stays deleted
    b.push_ok([b.change(task, "task", case_id, {"title": "Написати"})])
    b.sync()
    assert b.records[task]["deleted"] is True
    assert world.record(task).deleted
    digest = b.server_digest()
    assert {"count": digest["count"], "digest": digest["digest"]} == b.local_digest()


def test_every_applied_change_is_pulled_back_even_when_it_lost(world):
    a, b, case_id, person_id = _edit_pair(world)
    b.push_ok([b.change(person_id, "person", case_id, {"surname": "Виграш"}, hlc=hlc_now(-SECOND))])
    a.push_ok([a.change(person_id, "person", case_id, {"surname": "Програш"}, hlc=hlc_now(-60 * SECOND))])
    page = a.pull_page()
    assert person_id in {r["id"] for r in page["records"]}  # a must see its value lost
    assert a.records[person_id]["data"]["surname"] == "Виграш"


def test_rejected_changes_are_never_applied(world):
    a = world.device("anna")
    case_id, person_id = a.new_case()
    results = a.push([a.change(person_id, "person", case_id, {"birth_date": "12.04.1985"}),
                      a.change(new_id(), "goal", new_id(), {"title": "x", "status": "open"}),
                      a.change(new_id(), "nonsense", case_id, {}),
                      a.change("bad\x00id", "task", case_id, {"title": "x", "due_date": "2024-01-01"}),
                      a.change(case_id, "case", case_id, {"office_id": "nul\x00office"})])
    assert [r["status"] for r in results] == ["rejected"] * 5
    assert results[0]["reason"] == "invalid: birth_date=invalid_date"
    assert results[1]["reason"] == "unknown_case"
    assert results[2]["reason"] == "unknown_record_type"
    assert results[3]["reason"] == "invalid_id"
    assert results[4]["reason"] == "invalid: office_id=invalid_characters"  # control characters
    assert world.count(m.applied_changes, m.applied_changes.c.change_id.in_([r["change_id"] for r in results])) == 0
    assert world.record(person_id).data.find("12.04.1985") == -1


def test_transfer_evicts_from_the_old_office_and_appears_in_the_new(world):
    supervisor_a, caseworker_a = world.device("alla"), world.device("anna")
    caseworker_b, district = world.device("bohdan"), world.device("dmytro")
    case_id, person_id = supervisor_a.new_case()
    task = new_id()
    supervisor_a.push_ok([supervisor_a.change(task, "task", case_id, {"title": "Візит", "due_date": "2024-05-05"})])
    for dev in (supervisor_a, caseworker_a, caseworker_b, district):
        dev.sync()
    assert person_id in caseworker_a.records and person_id not in caseworker_b.records
    # a caseworker may not move a case; a supervisor may
    assert caseworker_a.push([caseworker_a.change(case_id, "case", case_id, {"office_id": world.offices["b"]})]
                             )[0]["reason"] == "transfer_not_allowed"
    supervisor_a.push_ok([supervisor_a.change(case_id, "case", case_id, {"office_id": world.offices["b"]})])

    assert case_id in caseworker_a.sync()
    assert not [r for r in caseworker_a.records.values() if r["case_id"] == case_id]
    caseworker_b.sync()
    moved = [r for r in caseworker_b.records.values() if r["case_id"] == case_id]
    assert {r["id"] for r in moved} == {case_id, person_id, task}
    assert all(r["office_id"] == world.offices["b"] for r in moved)
    assert case_id not in district.sync()  # A → B stays inside the district: re-pulled, not evicted
    assert district.records[task]["office_id"] == world.offices["b"]
    for dev in (caseworker_a, caseworker_b, district):
        digest = dev.server_digest()
        assert {"count": digest["count"], "digest": digest["digest"]} == dev.local_digest()
    # the old office can no longer write to it
    assert caseworker_a.push([caseworker_a.change(task, "task", case_id, {"title": "x"}, base_seq=1)]
                             )[0]["reason"].startswith("case_transferred: ")  # moved away: said so

    # and back again (district): A gets it back, in one page with no eviction
    district.push_ok([district.change(case_id, "case", case_id, {"office_id": world.offices["a"]})])
    assert case_id not in caseworker_a.sync()
    assert caseworker_a.records[task]["office_id"] == world.offices["a"]
    assert case_id in caseworker_b.sync()


def test_an_office_cannot_read_or_write_another_offices_cases_on_any_endpoint(world):
    a, b, c = world.device("anna"), world.device("bohdan"), world.device("chrystia")
    b_case, b_person = b.new_case(surname="Чужа")
    b.sync()
    # pull: nothing of B
    a.sync()
    assert not [r for r in a.records.values() if r["office_id"] != world.offices["a"]]
    assert b_person not in a.records
    # push: updates, child creations, case creation and deletions in B are all rejected
    attempts = [a.change(b_person, "person", b_case, {"surname": "Зламано"}, base_seq=b.records[b_person]["seq"]),
                a.change(new_id(), "journal_entry", b_case, {"kind": "note", "occurred_at": "2024-01-01T00:00:00",
                                                             "text": "x", "author": "anna"}),
                a.change(new_id(), "task", b_case, {"title": "x", "due_date": "2024-01-01"}),
                a.change(b_case, "case", b_case, {"status": "closed", "closure_reason": "other"},
                         base_seq=b.records[b_case]["seq"])]
    new_case = new_id()
    attempts.append(a.change(new_case, "case", new_case, case_fields(world.offices["b"])))
    results = a.push(attempts)
    assert [r["reason"] for r in results] == ["out_of_scope"] * len(attempts)
    assert "Зламано" not in world.record(b_person).data
    # digest: A's count is A's records only
    with world.engine.connect() as conn:
        per_office = dict(conn.execute(select(m.records.c.office_id, func.count())
                                       .group_by(m.records.c.office_id)).all())
    assert a.server_digest()["count"] == per_office.get(world.offices["a"], 0)
    assert b.server_digest()["count"] == per_office[world.offices["b"]]
    # admin endpoints: administrators only
    for method, path in (("GET", "/admin/devices"), ("GET", "/admin/offices"),
                         ("POST", f"/admin/devices/{b.device_id}/revoke")):
        r = a.request(method, path)
        assert r.status_code == 403 and r.json()["code"] == "role_not_allowed"
    # login: B's caseworker cannot take over A's laptop; another raion's caseworker sees nothing of A or B
    r = a.request("POST", "/login", json={"username": "bohdan", "password": PASSWORD})
    assert r.status_code == 403
    c.sync()
    assert all(r["office_id"] == world.offices["c"] for r in c.records.values())
    assert c.server_digest()["count"] == per_office.get(world.offices["c"], 0)
    # a district user sees A and B but not C
    d = world.device("dmytro")
    d.sync()
    assert {r["office_id"] for r in d.records.values()} <= {world.offices["a"], world.offices["b"]}
    assert b_person in d.records


def test_pull_of_an_office_skips_other_offices_seqs_but_keeps_its_cursor_moving(world):
    a, b = world.device("anna"), world.device("bohdan")
    a.sync()
    before = a.cursor
    b.new_case()
    page = a.pull_page()
    assert page["records"] == [] and page["cursor"] > before and page["more"] is False


def test_zz_stored_digests_match_the_records_after_everything_above(world):
    """Runs last in this module: the incrementally kept office digests equal a full recount."""
    world.device("anna").new_case()
    assert "all digests match" in world.server.run_cli("check-digests")
    with write_transaction(world.engine) as conn:
        conn.execute(m.scope_digests.update().values(count=0))  # break them
    out = world.server.run_cli("check-digests", "--repair")
    assert "repaired" in out
    assert "all digests match" in world.server.run_cli("check-digests")
