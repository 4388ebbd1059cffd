"""Two laptops of one office, offline edits, a real server: merges, conflicts, convergence."""

from __future__ import annotations

import json

from sqlalchemy import select

from desktop.services.cases import Registration
from desktop.store import tables as t
from sync.server import models as m

PERSON = {"surname": "Коваленко", "given_name": "Оксана", "patronymic": "Петрівна", "birth_date": "1985-04-12",
          "sex": "female", "phones": ["+380671234567"]}


def register_case(client) -> str:
    cs = client.cases.register(Registration(person=dict(PERSON), displacement={"origin_address": "вул. Миру, 1"}))
    return next(iter(cs.case_ids))


def record_of(client, case_id: str, rtype: str) -> dict:
    with client.store.engine.connect() as conn:
        row = conn.execute(select(t.records.c.id, t.records.c.data)
                           .where(t.records.c.case_id == case_id, t.records.c.type == rtype)).first()
    return {"id": row.id, **json.loads(row.data)}


def conflicts_of(client) -> list[dict]:
    with client.store.engine.connect() as conn:
        rows = conn.execute(select(t.records.c.id, t.records.c.data).where(t.records.c.type == "conflict")).all()
    return [{"id": r.id, **json.loads(r.data)} for r in rows]


def server_data(world, record_id: str) -> dict:
    with world.db.connect() as conn:
        return json.loads(conn.execute(select(m.records.c.data).where(m.records.c.id == record_id)).scalar_one())


def settle(*clients) -> None:
    """Everybody syncs, twice round, as offices do over a day."""
    for _ in range(2):
        for c in clients:
            report = c.sync()
            assert report.ok and report.pending == 0 and report.verified


def test_edits_of_different_fields_both_survive_everywhere(world):
    _, (u1, u2) = world.office("anna", "borys")
    a, b = world.client(u1), world.client(u2)
    case_id = register_case(a)
    settle(a, b)
    person = record_of(a, case_id, "person")["id"]
    # Offline on both laptops: one field each of the same person, and another record of the case.
    a.cases.update("person", person, {"notes": "Потребує житла"})
    b.cases.update("person", person, {"email": "oksana@example.com"})
    b.cases.update("case", case_id, {"stage": "assessment"})
    settle(a, b)
    for c in (a, b):
        got = record_of(c, case_id, "person")
        assert got["notes"] == "Потребує житла" and got["email"] == "oksana@example.com"
        assert record_of(c, case_id, "case")["stage"] == "assessment"
        assert c.engine().status().conflicts == 0
    assert a.snapshot() == b.snapshot()
    assert a.synced_records() == b.synced_records() == world.server_shares(a.store.office_id)
    on_server = server_data(world, person)
    assert on_server["notes"] == "Потребує житла" and on_server["email"] == "oksana@example.com"


def test_same_field_has_one_winner_everywhere_and_a_visible_reversible_conflict(world):
    _, (u1, u2) = world.office("vira", "hanna", role="supervisor")  # supervisors resolve conflicts
    a, b = world.client(u1), world.client(u2)
    case_id = register_case(a)
    settle(a, b)
    person = record_of(a, case_id, "person")["id"]
    a.cases.update("person", person, {"surname": "Шевченко"})
    b.cases.update("person", person, {"surname": "Петренко"})
    events = []
    engine = b.engine()
    engine.events.subscribe(events.append, "conflict")
    a.sync()
    engine.run_cycle()  # b pushes second: its edit is concurrent with a's
    settle(a, b)
    winner = server_data(world, person)["surname"]
    assert winner in ("Шевченко", "Петренко")
    assert record_of(a, case_id, "person")["surname"] == record_of(b, case_id, "person")["surname"] == winner
    for c in (a, b):
        (conflict,) = conflicts_of(c)
        assert conflict["status"] == "open" and conflict["field"] == "surname"
        assert {conflict["winner_value"], conflict["loser_value"]} == {"Шевченко", "Петренко"}
        assert conflict["winner_value"] == winner
        assert c.engine().status().conflicts == 1
    assert events and events[0].open_total == 1
    assert a.snapshot() == b.snapshot()

    # A person reverses the decision on one laptop; the other follows.
    loser = conflict["loser_value"]
    b.cases.resolve_conflict(conflict["id"], "swapped")
    settle(b, a)
    for c in (a, b):
        assert record_of(c, case_id, "person")["surname"] == loser
        assert conflicts_of(c)[0]["status"] == "resolved"
        assert c.engine().status().conflicts == 0
    assert server_data(world, person)["surname"] == loser
    assert a.snapshot() == b.snapshot()


def test_append_only_journal_entries_from_both_laptops_never_conflict(world):
    _, (u1, u2) = world.office("dana", "yurii")
    a, b = world.client(u1), world.client(u2)
    case_id = register_case(a)
    settle(a, b)
    for i in range(3):
        a.cases.add("journal_entry", case_id, {"kind": "call", "text": f"Дзвінок {i}"})
        b.cases.add("journal_entry", case_id, {"kind": "visit", "text": f"Візит {i}"})
    settle(a, b)
    for c in (a, b):
        texts = sorted(e["text"] for e in c.snapshot()[0][1]["journal_entry"])
        assert len(texts) == 6
        assert not conflicts_of(c)
    assert a.snapshot() == b.snapshot()
