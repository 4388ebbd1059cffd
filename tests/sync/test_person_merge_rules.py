"""The field rules of a merge (sync/records/person_merge.py) and who may merge (permissions), pure."""

from __future__ import annotations

import pytest

from sync.records import person_merge as rules
from sync.records.permissions import MERGE_NOT_ALLOWED, role_problem

SURVIVOR = {"person": {"surname": "Коваль", "phones": ["+380671234567"], "email": None},
            "displacement": {"origin_address": "Садова 3"}}
MERGED = {"person": {"surname": "Коваль", "phones": ["+380501112233"], "email": "k@example.org", "notes": ""},
          "displacement": {"origin_address": "вул. Садова, 3"}}


def test_defaults_keep_the_survivor_fill_its_gaps_and_join_lists():
    plan = {c.key: c for c in rules.plan(SURVIVOR, MERGED)}
    assert "person.notes" not in plan  # empty in both: nothing to keep
    assert plan["person.surname"].kept == "survivor" and plan["person.surname"].options() == ("survivor",)
    assert plan["person.email"].kept == "merged"
    assert plan["person.phones"].kept == "both" and plan["person.phones"].result == ["+380671234567", "+380501112233"]
    assert plan["displacement.origin_address"].options() == ("survivor", "merged")
    assert rules.survivor_updates(list(plan.values())) == {
        "person": {"email": "k@example.org", "phones": ["+380671234567", "+380501112233"]}}


def test_a_choice_that_is_not_offered_is_refused():
    with pytest.raises(ValueError):
        rules.plan(SURVIVOR, MERGED, {"displacement.origin_address": "both"})


def test_undo_writes_back_only_what_the_merge_changed_and_nobody_edited_since():
    values = {c.key: c.to_json() for c in rules.plan(SURVIVOR, MERGED, {"displacement.origin_address": "merged"})}
    current = {"person": {"surname": "Коваль", "phones": ["+380671234567", "+380501112233"], "email": "edited@x.org"},
               "displacement": {"origin_address": "вул. Садова, 3"}}
    writes, kept = rules.restored_values(values, current)
    assert writes == {"person": {"phones": ["+380671234567"]}, "displacement": {"origin_address": "Садова 3"}}
    assert kept == ["person.email"]


def test_only_supervisors_and_district_users_merge():
    for rtype, fields in (("person_merge", {"state": "merged"}), ("case", {"merged_into": "x"}),
                          ("case", {"merged_into": None, "merge_id": None})):
        assert role_problem(rtype, "upsert", fields, role="caseworker", user="u", current={},
                            closure_needs_approval=False) == MERGE_NOT_ALLOWED
        assert role_problem(rtype, "upsert", fields, role="supervisor", user="u", current={},
                            closure_needs_approval=False) is None
