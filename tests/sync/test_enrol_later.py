"""A standalone office enrols with a server later, keeping its cases (`poruch enroll` on an existing store),
against a real server on both backends: every case of the office reaches the server."""

from __future__ import annotations

import json

from sqlalchemy import select

from desktop.services.cases import CaseService
from desktop.services.synthetic import add_activity, generate_registrations
from desktop.store.store import unlock_store
from sync.server import models as m
from tests.sync.conftest import PASSWORD, poruch


def test_a_standalone_office_enrols_later_and_its_cases_reach_the_server(world, tmp_path):
    office, (head, colleague) = world.office("head", "colleague")
    data = tmp_path / "office"
    done = poruch(data, "init", "--username", head, "--office-name", "ЦНСП до сервера")
    assert done.returncode == 0, done.stderr
    store = unlock_store(data, head, PASSWORD)
    try:
        service = CaseService(store)
        case_ids = sorted(c for cs in service.register_many(generate_registrations(12, seed=5)) for c in cs.case_ids)
        add_activity(service, case_ids, seed=5)
        standalone_office = store.office_id
        with store.engine.connect() as conn:
            local = {r[0] for r in conn.exec_driver_sql("SELECT id FROM records WHERE deleted = 0")}
    finally:
        store.close()

    done = poruch(data, "enroll", "--server", world.url, "--device-name", "ноутбук офісу", username=head)
    assert done.returncode == 0, done.stderr
    assert "підключено до сервера" in done.stdout

    assert world.server_case_ids(office) == set(case_ids)
    assert local <= set(world.server_records(office))  # every record, the history and journal included
    status = json.loads(poruch(data, "status", "--json", username=head).stdout)
    assert (status["mode"], status["office_id"], status["pending_changes"]) == ("enrolled", office, 0)
    store = unlock_store(data, head, PASSWORD)
    try:
        with store.engine.connect() as conn:
            offices = {json.loads(r[0])["office_id"] for r in
                       conn.exec_driver_sql("SELECT data FROM records WHERE type = 'case'")}
        assert offices == {office} and store.get_meta("standalone_office_id") == standalone_office
    finally:
        store.close()

    # A colleague's laptop enrolled afterwards gets the office's cases from the server.
    second = world.client(colleague)
    second.sync()
    with second.store.engine.connect() as conn:
        got = {r[0] for r in conn.exec_driver_sql("SELECT id FROM records WHERE type = 'case' AND deleted = 0")}
    assert got == set(case_ids)

    again = poruch(data, "enroll", "--server", world.url, username=head)
    assert again.returncode == 2 and "уже підключено" in again.stderr


def test_a_local_name_enrolled_as_another_server_user_sends_its_work_as_that_person(world, tmp_path):
    """Changes are accepted only from their author: the local name becomes the server name at enrolment."""
    office, (head,) = world.office("kerivnyk", role="supervisor")
    data = tmp_path / "office"
    assert poruch(data, "init", "--username", "olena").returncode == 0
    store = unlock_store(data, "olena", PASSWORD)
    try:
        service = CaseService(store)
        case_ids = sorted(c for cs in service.register_many(generate_registrations(3, seed=7)) for c in cs.case_ids)
        add_activity(service, case_ids, seed=7)
    finally:
        store.close()
    done = poruch(data, "enroll", "--server", world.url, "--server-user", head, username="olena")
    assert done.returncode == 0, done.stderr
    assert world.server_case_ids(office) == set(case_ids)
    with world.db.connect() as conn:
        # Through the model: a literal '?' is SQLite's paramstyle, not psycopg's.
        histories = conn.execute(select(m.records.c.data).where(
            m.records.c.type == "history", m.records.c.office_id == office)).scalars()
        authors = {json.loads(data)["user"] for data in histories}
    assert authors == {head}
