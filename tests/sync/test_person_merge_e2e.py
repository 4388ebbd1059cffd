"""Merging the same person's cases of two offices, and undoing it, with a real server (both backends)
and three laptops: office A's supervisor, office B's supervisor and the district's. The district user
merges after office B decided "the same person"; both offices receive it (A the merged values and the
merge record, B the pointer that makes its case read-only); office B's offline work meanwhile is kept;
the undo brings every value of both cases back on the server and on every laptop, and all converge."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest
from sqlalchemy import select

from desktop.services.cases import Registration
from desktop.services.cross_duplicates import CrossDuplicates
from desktop.services.person_merge import MergeService
from desktop.store import tables as t
from sync.records.identifiers import make_rnokpp
from sync.records.issues import ValidationError
from sync.records.person_merge import same
from sync.server import admin_ops
from sync.server import models as m
from sync.server.db import write_transaction
from sync.server.orgs import create_office
from tests.sync.conftest import PASSWORD, _password_hash
from tests.sync.test_transfers_e2e import RAION_HROMADAS, converged, history_of, settle

PERSON = {"surname": "Мельник", "given_name": "Остап", "patronymic": "Богданович", "birth_date": "1968-11-23",
          "sex": "male", "phones": ["+380671110022"]}
COMPARED = ("case", "person", "displacement")


def _rnokpp() -> str:
    return make_rnokpp(date(1968, 11, 23), "male", random.Random(1313))


def people_of_two_offices(world):
    with write_transaction(world.db) as conn:
        offices = [create_office(conn, f"Офіс об'єднань {i}", code) for i, code in enumerate(RAION_HROMADAS)]
        for name, role, office in (("merge-sup-a", "supervisor", offices[0]), ("merge-sup-b", "supervisor", offices[1]),
                                   ("merge-district", "district", None)):
            org = (admin_ops.resolve_user_org(conn, role, office_id=office) if office else
                   admin_ops.resolve_user_org(conn, role, district_of_office=offices[0]))
            admin_ops.create_user(conn, name, PASSWORD, role, org, password_hash=_password_hash())
    return offices, world.client("merge-sup-a"), world.client("merge-sup-b"), world.client("merge-district")


def server_values(world, case_id: str) -> dict[str, dict]:
    with world.db.connect() as conn:
        rows = conn.execute(select(m.records.c.type, m.records.c.data).where(
            m.records.c.case_id == case_id, m.records.c.type.in_(COMPARED))).all()
    return {r.type: r.data if isinstance(r.data, dict) else json.loads(r.data) for r in rows}


def laptop_values(client, case_id: str) -> dict[str, dict]:
    with client.store.engine.connect() as conn:
        rows = conn.execute(select(t.records.c.type, t.records.c.data).where(
            t.records.c.case_id == case_id, t.records.c.type.in_(COMPARED))).all()
    return {r.type: json.loads(r.data) for r in rows}


def assert_same_values(now: dict[str, dict], before: dict[str, dict], where: str) -> None:
    assert set(now) == set(before), where
    for rtype, data in before.items():
        for name in set(data) | set(now[rtype]):
            assert same(now[rtype].get(name), data.get(name)), (where, rtype, name, now[rtype].get(name), data.get(name))


def test_the_district_merges_two_offices_cases_and_undoes_it_and_everyone_converges(world):
    offices, a, b, district = people_of_two_offices(world)
    rnokpp = _rnokpp()
    case_a = next(iter(a.cases.register(Registration(
        person={**PERSON, "rnokpp": rnokpp}, displacement={"origin_address": "вул. Лісова, 8"})).case_ids))
    case_b = next(iter(b.cases.register(Registration(
        person={**PERSON, "rnokpp": rnokpp, "phones": ["+380931234567"], "email": "ostap@example.org"},
        displacement={"idp_certificate_number": "0101-0000012345", "origin_address": "Лісова 8"})).case_ids))
    settle(a, b, district)
    (pair,) = CrossDuplicates(b.store).list()
    CrossDuplicates(b.store).decide(pair.id, "same_person")
    settle(b, a, district)
    before = {c: server_values(world, c) for c in (case_a, case_b)}

    # The district laptop holds both cases; its supervisor merges B's case into A's.
    merges = MergeService(district.store)
    merges.merge(case_a, case_b, pair_key=pair.data["pair_key"])
    # Office B, offline, writes in its case meanwhile: it reaches the server, nothing is lost.
    b.cases.add("journal_entry", case_b, {"kind": "call", "text": "Дзвінок до об'єднання"})
    settle(district, a, b)

    merged_a, merged_server = laptop_values(a, case_a)["person"], server_values(world, case_a)["person"]
    assert merged_a["phones"] == ["+380671110022", "+380931234567"] == merged_server["phones"]
    assert merged_a["email"] == "ostap@example.org"
    assert laptop_values(a, case_a)["displacement"]["idp_certificate_number"] == "0101-0000012345"
    (on_a,) = MergeService(a.store).list()  # office A holds the merge record with every value's source
    assert on_a.data["merged_office"] == offices[1] and on_a.data["survivor_office"] == offices[0]
    assert on_a.data["values"]["person.email"] == {"survivor": None, "merged": "ostap@example.org", "kept": "merged"}
    assert laptop_values(b, case_b)["case"]["merged_into"] == case_a  # office B: the pointer, read-only
    with pytest.raises(ValidationError):
        b.cases.add("journal_entry", case_b, {"kind": "note", "text": "після об'єднання"})
    assert any(h["action"] == "merged" for h in history_of(a, case_a))
    assert any(h["action"] == "merged" for h in history_of(b, case_b))
    journal = [e for e in _records(b, case_b, "journal_entry") if e["text"] == "Дзвінок до об'єднання"]
    assert journal and _server_has(world, case_b, "Дзвінок до об'єднання")

    merges.undo(on_a.id)
    settle(district, a, b)
    for case_id, holders in ((case_a, (a, district)), (case_b, (b, district))):
        assert_same_values(server_values(world, case_id), before[case_id], "server")
        for client in holders:
            assert_same_values(laptop_values(client, case_id), before[case_id], client.store.user.username)
    assert MergeService(a.store).list()[0].state == "undone"
    assert any(h["action"] == "merge_undone" for h in history_of(b, case_b))
    b.cases.add("journal_entry", case_b, {"kind": "note", "text": "знову можна"})  # editable again
    settle(b, a, district)
    converged(world, offices[0], a)
    converged(world, offices[1], b)


def _records(client, case_id: str, rtype: str) -> list[dict]:
    with client.store.engine.connect() as conn:
        return [json.loads(d) for d in conn.execute(select(t.records.c.data).where(
            t.records.c.case_id == case_id, t.records.c.type == rtype)).scalars()]


def _server_has(world, case_id: str, text: str) -> bool:
    with world.db.connect() as conn:
        rows = conn.execute(select(m.records.c.data).where(m.records.c.case_id == case_id,
                                                           m.records.c.type == "journal_entry")).scalars()
    return any((r if isinstance(r, dict) else json.loads(r)).get("text") == text for r in rows)


def test_the_server_refuses_a_merge_from_a_caseworker(world):
    office, (worker,) = world.office("merge-worker", role="caseworker")
    client = world.client(worker)
    regs = [Registration(person={**PERSON, "rnokpp": None, "given_name": name}) for name in ("Остап", "Остап")]
    one, two = (next(iter(client.cases.register(r).case_ids)) for r in regs)
    settle(client)
    client.store.user = client.store.user.__class__(worker, worker, "supervisor")  # a laptop that lies
    MergeService(client.store).merge(one, two)
    report = client.sync()
    assert report.rejected >= 1
    with client.store.engine.connect() as conn:
        reasons = {r.reason for r in conn.execute(select(t.rejected_changes.c.reason))}
    assert reasons == {"merge_not_allowed"}
    assert "merged_into" not in server_values(world, two)["case"] or not server_values(world, two)["case"]["merged_into"]
