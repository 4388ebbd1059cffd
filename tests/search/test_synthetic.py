"""The synthetic data generator: valid, consistent, reproducible records, pending for sync."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import text

from desktop.services.synthetic import FRONT_OBLASTS, add_activity, generate_registrations, populate
from sync.records.identifiers import (
    check_rnokpp,
    check_unzr,
    normalize_phone,
    rnokpp_birth_date,
    rnokpp_sex,
)
from sync.reference import get_codifier

TODAY = date(2025, 6, 1)


def test_same_seed_same_people_other_seed_other_people():
    a = generate_registrations(20, seed=3, today=TODAY)
    b = generate_registrations(20, seed=3, today=TODAY)
    c = generate_registrations(20, seed=4, today=TODAY)
    assert [r.person for r in a] == [r.person for r in b]
    assert [r.household for r in a] == [r.household for r in b]
    assert [r.person for r in a] != [r.person for r in c]


def test_any_day_works_even_29_february():
    regs = generate_registrations(100, seed=8, today=date(2024, 2, 29))
    assert all(r.person["birth_date"] <= "2006-02-29" for r in regs)  # adults on that day


def test_people_are_consistent():
    regs = generate_registrations(300, seed=1)
    codifier = get_codifier()
    with_rnokpp = 0
    for reg in regs:
        p = reg.person
        birth = date.fromisoformat(p["birth_date"])
        if p.get("rnokpp"):
            with_rnokpp += 1
            assert check_rnokpp(p["rnokpp"], birth_date=birth, sex=p["sex"]) == []
            assert rnokpp_birth_date(p["rnokpp"]) == birth and rnokpp_sex(p["rnokpp"]) == p["sex"]
        else:
            assert p["rnokpp_refused"] is True
        if p.get("unzr"):
            assert check_unzr(p["unzr"], birth_date=birth) == []
        assert 1 <= len(p["phones"]) <= 2
        for phone in p["phones"]:
            assert normalize_phone(phone) == phone
        # Adjectival surnames agree with sex.
        assert not (p["sex"] == "male" and p["surname"].endswith("ська"))
        assert not (p["sex"] == "female" and p["surname"].endswith("ський"))
        for member in reg.household:
            if member.get("rnokpp"):
                assert check_rnokpp(member["rnokpp"], birth_date=date.fromisoformat(member["birth_date"]),
                                    sex=member["sex"]) == []
            if member["relationship"] == "child":
                assert member["birth_date"] > p["birth_date"]
        d = reg.displacement
        assert d["origin_katottg"][:4] in FRONT_OBLASTS and d["origin_katottg"] in codifier
        assert d["current_katottg"][:4] not in FRONT_OBLASTS and d["current_katottg"] in codifier
        if reg.case["category"] != "local_difficult":
            number = d["idp_certificate_number"]
            assert len(number) == 15 and number[4] == "-" and number.replace("-", "").isdigit()
    assert with_rnokpp > 270
    assert sum(1 for r in regs if r.person.get("unzr")) in range(170, 250)  # about 70%
    sizes = Counter(len(r.household) for r in regs)
    assert set(sizes) <= {0, 1, 2, 3, 4} and sizes[0] and sizes[4]
    assert len({r.case["category"] for r in regs}) == 4
    assert len({r.case["status"] for r in regs}) == 4
    assert len({r.case["stage"] for r in regs}) >= 5
    assert all(r.case.get("closure_reason") for r in regs if r.case["status"] == "closed")


def test_registrations_pass_validation(cases):
    regs = generate_registrations(200, seed=9)
    for reg in regs:
        issues = cases.check_registration(reg)
        assert not [i for i in issues if i.severity == "error"], issues
        # Warnings would mean inconsistent synthetic data (e.g. RNOKPP against birth date).
        assert issues == [], issues
    assert len(cases.register_many(regs)) == 200


def test_populate_with_activity_is_pending_for_sync(store, cases):
    case_ids = populate(cases, 60, seed=2, chunk=25)
    assert len(set(case_ids)) == 60
    today = date.today().isoformat()
    with store.engine.connect() as conn:
        count = dict(conn.execute(text("SELECT type, count(*) FROM records GROUP BY type")).all())
        pending = conn.execute(text("SELECT count(*) FROM outbox")).scalar()
        records = conn.execute(text("SELECT count(*) FROM records")).scalar()
        tasks = conn.execute(text("SELECT due_date, done FROM task_index")).all()
        priorities = {r[0] for r in conn.execute(text("SELECT priority FROM case_index"))}
        indexed = conn.execute(text("SELECT count(*) FROM case_index")).scalar()
    assert count["case"] == count["person"] == count["assessment"] == 60
    assert 60 <= count["journal_entry"] <= 180
    assert count["goal"] == count["service"]
    # Every record is a pending change, and every record written has its history entry.
    assert pending == records
    assert count["history"] == 60 + sum(count[t] for t in ("assessment", "journal_entry", "task", "goal",
                                                           "service"))
    assert any(due < today and not done for due, done in tasks)   # overdue
    assert any(due == today and not done for due, done in tasks)  # due today
    assert len(priorities) >= 3 and indexed == 60


def test_add_activity_on_existing_cases(store, cases):
    results = cases.register_many(generate_registrations(5, seed=1))
    case_ids = [next(iter(cs.case_ids)) for cs in results]
    changes = add_activity(cases, case_ids, seed=1)
    assert changes.case_ids == set(case_ids)
    assert "assessment" in changes.record_types and "journal_entry" in changes.record_types
    with store.engine.connect() as conn:
        authors = {r[0] for r in conn.execute(text(
            "SELECT json_extract(data, '$.author') FROM records WHERE type = 'journal_entry'"))}
    assert authors == {store.user.username}
