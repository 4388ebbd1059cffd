"""Merging two cases of the same person on one laptop and undoing it (desktop/services/person_merge.py):
every value keeps its source, the merged case is read-only and points to the survivor, the undo puts
both back value by value, each step is one transaction, history and the audit log record both."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from desktop.services import audit_entries
from desktop.services.cases import Registration
from desktop.services.person_merge import MergeRefused, MergeService
from desktop.store import tables as t
from sync.records import person_merge as rules
from sync.records.issues import ValidationError

SURVIVOR = Registration(
    person={"surname": "Бондаренко", "given_name": "Ганна", "patronymic": "Іванівна", "birth_date": "1979-03-08",
            "sex": "female", "rnokpp": None, "phones": ["+380671234567"], "languages": ["uk"]},
    displacement={"origin_address": "вул. Садова, 3", "idp_certificate_number": None})
OTHER = Registration(
    person={"surname": "Бондаренко", "given_name": "Ганна", "patronymic": "Іванівна", "birth_date": "1979-03-08",
            "sex": "female", "unzr": None, "email": "hanna@example.org", "phones": ["+380501112233"],
            "notes": "Зареєстрована вдруге"},
    displacement={"origin_address": "Садова 3", "idp_certificate_number": "1234-5678901234",
                  "idp_certificate_date": "2023-05-02"})


def records_of(store, case_id: str) -> dict[str, dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(t.records.c.type, t.records.c.data).where(
            t.records.c.case_id == case_id, t.records.c.type.in_(("case", "person", "displacement")))).all()
    return {r.type: json.loads(r.data) for r in rows}


def same_values(a: dict, b: dict) -> bool:
    """Equal field by field, a missing field and an empty one being the same (as the store treats them)."""
    return all(rules.same(a.get(k), b.get(k)) for k in set(a) | set(b))


def counts(store) -> tuple[int, int, int]:
    with store.engine.connect() as conn:
        return tuple(conn.execute(select(func.count()).select_from(x)).scalar_one()
                     for x in (t.records, t.outbox, t.audit_log))


@pytest.fixture
def two(cases):
    survivor = next(iter(cases.register(SURVIVOR).case_ids))
    other = next(iter(cases.register(OTHER).case_ids))
    return survivor, other


def test_merge_keeps_every_value_with_its_source_and_undo_restores_both(store, cases, two):
    survivor, other = two
    before = {c: records_of(store, c) for c in two}
    service = MergeService(store)
    preview = service.preview(survivor, other)
    by_key = {c.key: c for c in preview.choices}
    assert by_key["person.phones"].kept == "both" and by_key["person.email"].kept == "merged"
    assert by_key["person.notes"].kept == "merged" and by_key["displacement.origin_address"].kept == "survivor"
    assert by_key["displacement.idp_certificate_number"].kept == "merged"

    service.merge(survivor, other, {"displacement.origin_address": "merged"})
    after = records_of(store, survivor)
    assert after["person"]["phones"] == ["+380671234567", "+380501112233"]
    assert after["person"]["email"] == "hanna@example.org"
    assert after["displacement"]["origin_address"] == "Садова 3"
    assert after["displacement"]["idp_certificate_number"] == "1234-5678901234"
    # The merge record keeps both values of every field and which the result took.
    (merge,) = service.list()
    assert merge.case_id == survivor and merge.state == "merged"
    values = merge.data["values"]
    assert values["person.phones"] == {"survivor": ["+380671234567"], "merged": ["+380501112233"], "kept": "both"}
    assert values["person.surname"]["kept"] == "survivor"
    assert values["displacement.origin_address"] == {"survivor": "вул. Садова, 3", "merged": "Садова 3",
                                                     "kept": "merged"}
    # The merged case is untouched but for its pointer, and read-only.
    assert same_values(records_of(store, other)["person"], before[other]["person"])
    assert records_of(store, other)["case"]["merged_into"] == survivor
    assert service.merged_into(other)["case"] == survivor
    with pytest.raises(ValidationError) as refused:
        cases.update("person", _id(store, other, "person"), {"notes": "ще"})
    assert refused.value.errors[0].code == "case_merged"
    with pytest.raises(MergeRefused):
        service.merge(survivor, other)
    assert _history(store, survivor, "merged") and _history(store, other, "merged")
    assert _audit(store, "merge") == 2

    service.undo(merge.id)
    for case_id in two:
        now = records_of(store, case_id)
        for rtype in ("case", "person", "displacement"):
            assert same_values(now[rtype], before[case_id][rtype]), (case_id, rtype)
    assert service.get(merge.id).state == "undone"
    cases.update("person", _id(store, other, "person"), {"notes": "знову можна"})  # editable again
    assert _history(store, survivor, "merge_undone") and _history(store, other, "merge_undone")
    assert _audit(store, "merge_undone") == 2
    with pytest.raises(MergeRefused):
        service.undo(merge.id)


def test_undo_keeps_a_field_edited_after_the_merge(store, cases, two):
    survivor, other = two
    service = MergeService(store)
    service.merge(survivor, other)
    cases.update("person", _id(store, survivor, "person"), {"email": "new@example.org"})
    merge = service.list()[0]
    service.undo(merge.id)
    person = records_of(store, survivor)["person"]
    assert person["email"] == "new@example.org"            # later work is not undone
    assert person["phones"] == ["+380671234567"]           # the merge's own changes are
    assert service.get(merge.id).data["kept_on_undo"] == ["person.email"]


def test_a_merge_failing_half_way_leaves_nothing(store, two, monkeypatch):
    survivor, other = two
    before, snapshot = counts(store), {c: records_of(store, c) for c in two}

    def broken(*a, **kw):
        raise OSError("disk full")

    monkeypatch.setattr(audit_entries, "case_work", broken)
    with pytest.raises(OSError):
        MergeService(store).merge(survivor, other)
    assert counts(store) == before
    assert {c: records_of(store, c) for c in two} == snapshot


def test_a_caseworker_may_not_merge(store, two):
    survivor, other = two
    store.user = store.user.__class__(store.user.username, store.user.display_name, "caseworker")
    with pytest.raises(MergeRefused) as refused:
        MergeService(store).merge(survivor, other)
    assert refused.value.code == "role_not_allowed"


def _id(store, case_id: str, rtype: str) -> str:
    with store.engine.connect() as conn:
        return conn.execute(select(t.records.c.id).where(t.records.c.case_id == case_id,
                                                         t.records.c.type == rtype)).scalar_one()


def _history(store, case_id: str, action: str) -> list[dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(t.records.c.data).where(t.records.c.case_id == case_id,
                                                           t.records.c.type == "history")).scalars().all()
    return [d for d in map(json.loads, rows) if d["action"] == action]


def _audit(store, action: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.audit_log)
                            .where(t.audit_log.c.action == action)).scalar_one()
