"""Through a real server: every change is the authenticated person's, and the server decides who may do what.

Authors (a change's `user`, a journal entry's author, a history entry's user and device, a conflict's
resolver, a plan's approver) must be the caller; plan approval, reassignment, conflict resolution and
closure (when the office requires approval) are refused to caseworkers with a precise reason; a plan's
approval is reset when its goals or services change after it; `/me` says what the server decided.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from sync.records.ids import new_id
from sync.server import models as m
from sync.server.db import write_transaction
from sync.server.policies import set_policy
from tests.server.helpers import case_fields


def _results(dev, changes):
    return [(r["status"], r.get("reason")) for r in dev.push(changes)]


def _case(world, dev, **fields):
    case_id = new_id()
    dev.push_ok([dev.change(case_id, "case", case_id, case_fields(dev.office_id, **fields))])
    return case_id


def _meta(world, record_id):
    return json.loads(world.record(record_id).field_meta)


def test_changes_are_attributed_to_the_authenticated_user_and_device(world):
    anna = world.device("anna")
    case_id = _case(world, anna, assigned_to="anna")
    meta = _meta(world, case_id)["status"]
    assert meta[2:] == [anna.device_id, "anna"]
    with world.engine.connect() as conn:
        applied = conn.execute(select(m.applied_changes.c.user_id, m.applied_changes.c.device_id)
                               .join(m.users, m.users.c.id == m.applied_changes.c.user_id)
                               .where(m.users.c.username == "anna")).first()
    assert applied.device_id == anna.device_id


@pytest.mark.parametrize("rtype, fields, reason", [
    ("journal_entry", {"kind": "note", "occurred_at": "2024-05-01T10:00:00Z", "text": "x", "author": "andriy"},
     "author_mismatch: author"),
    ("history", {"action": "view", "at": "2024-05-01T10:00:00Z", "user": "andriy", "record_type": "case"},
     "author_mismatch: user"),
    ("history", {"action": "view", "at": "2024-05-01T10:00:00Z", "user": "anna", "device": "another-laptop"},
     "author_mismatch: device"),
    ("stage_change", {"field": "status", "to_value": "active", "changed_on": "2024-05-01", "changed_by": "alla"},
     "author_mismatch: changed_by"),
])
def test_a_record_naming_someone_else_as_its_author_is_refused(world, rtype, fields, reason):
    anna = world.device("anna")
    case_id = _case(world, anna, assigned_to="anna")
    record_id = new_id()
    assert _results(anna, [anna.change(record_id, rtype, case_id, fields)]) == [("rejected", reason)]
    assert world.record(record_id) is None


def test_a_change_stated_as_made_by_someone_else_is_refused(world):
    """The old client's defect: a colleague's edits pushed under the enroller's credentials."""
    anna = world.device("anna")
    case_id = _case(world, anna, assigned_to="anna")
    change = anna.change(new_id(), "task", case_id, {"title": "Зателефонувати", "due_date": "2024-06-01"})
    change["user"] = "andriy"
    assert _results(anna, [change]) == [("rejected", "author_mismatch: user")]


def test_plan_approval_is_for_supervisors_and_district_users(world):
    anna, alla, dmytro = world.device("anna"), world.device("alla"), world.device("dmytro")
    case_id = _case(world, anna, assigned_to="anna")
    for dev in (alla, dmytro):
        dev.sync()
    approve = {"plan_approved_by": "anna", "plan_approved_on": "2024-05-02"}
    assert _results(anna, [anna.change(case_id, "case", case_id, approve)]) == [("rejected", "approval_not_allowed")]
    # a supervisor approves in their own name only
    assert _results(alla, [alla.change(case_id, "case", case_id, approve)]) == \
        [("rejected", "author_mismatch: plan_approved_by")]
    alla.push_ok([alla.change(case_id, "case", case_id, {**approve, "plan_approved_by": "alla"})])
    dmytro.push_ok([dmytro.change(case_id, "case", case_id, {**approve, "plan_approved_by": "dmytro"})])
    assert json.loads(world.record(case_id).data)["plan_approved_by"] == "dmytro"
    # clearing an approval takes a right away: anyone may
    anna.sync()
    anna.push_ok([anna.change(case_id, "case", case_id, {"plan_approved_by": None, "plan_approved_on": None})])


def test_reassignment_and_conflict_resolution_are_refused_to_caseworkers(world):
    anna, alla = world.device("anna"), world.device("alla")
    assert _results(anna, [anna.change(c := new_id(), "case", c, case_fields(anna.office_id, assigned_to="andriy"))]) \
        == [("rejected", "reassign_not_allowed")]
    case_id = _case(world, anna, assigned_to="anna")
    assert _results(anna, [anna.change(case_id, "case", case_id, {"assigned_to": "andriy"})]) == \
        [("rejected", "reassign_not_allowed")]
    alla.sync()
    alla.push_ok([alla.change(case_id, "case", case_id, {"assigned_to": "andriy"})])
    # a conflict (two caseworkers edit one field), resolved by the supervisor only
    anna.sync()
    andriy = world.device("andriy")
    andriy.sync()
    anna.push_ok([anna.change(case_id, "case", case_id, {"stage": "assessment"})])
    andriy.push_ok([andriy.change(case_id, "case", case_id, {"stage": "planning"})])
    anna.sync()
    [conflict] = anna.of_type("conflict", case_id)
    resolve = {"status": "resolved", "resolution": "kept", "resolved_by": "anna"}
    assert _results(anna, [anna.change(conflict["id"], "conflict", case_id, resolve)]) == \
        [("rejected", "conflict_resolution_not_allowed")]
    alla.sync()
    alla.push_ok([alla.change(conflict["id"], "conflict", case_id, {**resolve, "resolved_by": "alla"})])


def test_closure_needs_a_supervisor_where_the_office_requires_it(world):
    bohdan, bella = world.device("bohdan"), world.device("bella")
    office = world.offices["b"]
    first, second = _case(world, bohdan, assigned_to="bohdan"), _case(world, bohdan, assigned_to="bohdan")
    close = {"status": "closed", "closure_reason": "goals_achieved", "closed_on": "2024-05-03"}
    bohdan.push_ok([bohdan.change(first, "case", first, close)])  # no policy: a caseworker closes
    with write_transaction(world.engine) as conn:
        set_policy(conn, office, by=None, closure_requires_approval=True)
    try:
        assert _results(bohdan, [bohdan.change(second, "case", second, close)]) == \
            [("rejected", "closure_needs_approval")]
        bella.sync()
        bella.push_ok([bella.change(second, "case", second, close)])
        r = bohdan.request("GET", "/me")
        assert r.json()["policy"]["closure_approval_offices"] == [office]
    finally:
        with write_transaction(world.engine) as conn:
            set_policy(conn, office, by=None, closure_requires_approval=False)


def test_plan_approval_is_reset_when_goals_or_services_change_after_it(world):
    anna, alla = world.device("anna"), world.device("alla")
    case_id = _case(world, anna, assigned_to="anna")
    goal_id, service_id = new_id(), new_id()
    anna.push_ok([anna.change(goal_id, "goal", case_id, {"title": "Житло", "status": "open"}),
                  anna.change(service_id, "service", case_id, {"title": "Консультація", "status": "planned"})])
    alla.sync()
    approval = {"plan_approved_by": "alla", "plan_approved_on": "2024-05-04"}
    alla.push_ok([alla.change(case_id, "case", case_id, approval)])
    anna.sync()
    # progress on the plan keeps the approval ...
    anna.push_ok([anna.change(service_id, "service", case_id, {"status": "delivered", "delivered_on": "2024-05-05"}),
                  anna.change(goal_id, "goal", case_id, {"status": "achieved"})])
    assert json.loads(world.record(case_id).data)["plan_approved_by"] == "alla"
    # ... changing what the plan is resets it, attributed to the change that did
    anna.sync()
    anna.push_ok([anna.change(goal_id, "goal", case_id, {"title": "Житло й робота"})])
    data = json.loads(world.record(case_id).data)
    assert data["plan_approved_by"] is None and data["plan_approved_on"] is None
    assert _meta(world, case_id)["plan_approved_by"][2:] == [anna.device_id, "anna"]
    # a new service resets a fresh approval too, and the supervisor approves again in the same batch
    alla.sync()
    alla.push_ok([alla.change(case_id, "case", case_id, approval)])
    alla.push_ok([alla.change(new_id(), "service", case_id, {"title": "Юрист", "status": "planned"}),
                  alla.change(case_id, "case", case_id, {**approval, "plan_approved_on": "2024-05-06"})])
    assert json.loads(world.record(case_id).data)["plan_approved_on"] == "2024-05-06"


def test_me_says_role_scope_and_policy_as_the_server_decides(world):
    dmytro = world.device("dmytro")
    body = dmytro.request("GET", "/me").json()
    assert body["user"]["username"] == "dmytro" and body["user"]["role"] == "district"
    assert sorted(body["scope"]["office_ids"]) == sorted([world.offices["a"], world.offices["b"]])
    assert body["policy"]["wipe_after_failed_unlocks"] is None and body["audit"]["size"] == 0
    # the strictest of the district's offices
    with write_transaction(world.engine) as conn:
        set_policy(conn, world.offices["a"], by=None, wipe_after_failed_unlocks=10, lockout_after_days=30)
        set_policy(conn, world.offices["b"], by=None, wipe_after_failed_unlocks=5)
    try:
        policy = dmytro.request("GET", "/me").json()["policy"]
        assert (policy["wipe_after_failed_unlocks"], policy["lockout_after_days"]) == (5, 30)
        assert world.device("anna").request("GET", "/me").json()["policy"]["wipe_after_failed_unlocks"] == 10
    finally:
        with write_transaction(world.engine) as conn:
            for office in ("a", "b"):
                set_policy(conn, world.offices[office], by=None, wipe_after_failed_unlocks=None,
                           lockout_after_days=None)
