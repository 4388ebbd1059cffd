"""The cross-office duplicate check on the persons of one push, once the pushes pause (sync.server.checks_later):
looked up in the index of the persons indexed before, and matched among themselves
(sync.server.duplicates.check_cases)."""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import func, select

from sync.records.ids import new_id
from sync.server import checks_later
from sync.server import models as m
from sync.server.db import write_transaction
from tests.server.conftest import backends, running_world
from tests.server.helpers import Device, case_fields
from tests.support.server_process import duplicates_checked

TWIN = {"surname": "Ярошенко", "given_name": "Любомира", "patronymic": "Тарасівна", "birth_date": "1971-11-23",
        "phones": ["+380671119922"]}


def _flagged_cases(world) -> set[str]:
    r = m.records.c
    with world.engine.connect() as conn:
        return set(conn.execute(select(r.case_id).where(r.type == "possible_duplicate")).scalars())


def _case(dev, office_id: str, person: dict) -> tuple[str, str, list[dict]]:
    case_id, person_id = new_id(), new_id()
    return case_id, person_id, [dev.change(case_id, "case", case_id, case_fields(office_id)),
                                dev.change(person_id, "person", case_id, person)]


def test_one_person_registered_in_two_offices_in_one_push_is_flagged_to_both(world):
    district = world.device("dmytro")  # sees offices A and B
    case_a, _, in_a = _case(district, world.offices["a"], TWIN)
    case_b, _, in_b = _case(district, world.offices["b"], TWIN)
    before = _flagged_cases(world)
    district.push_ok(in_a + in_b)
    duplicates_checked(world.engine)
    r = m.records.c
    with world.engine.connect() as conn:
        own = {row.case_id: row.office_id for row in conn.execute(
            select(r.case_id, r.office_id).where(r.type == "possible_duplicate", r.case_id.not_in(before)))}
    assert sorted(own.values()) == sorted([world.offices["a"], world.offices["b"]])


def test_a_person_edited_in_the_push_is_matched_as_edited_not_as_indexed_before(world):
    district = world.device("dmytro")
    old = {**TWIN, "surname": "Остапчук", "given_name": "Ярина", "birth_date": "1966-02-14",
           "phones": ["+380671119933"]}
    case_a, person_a, first = _case(district, world.offices["a"], old)
    district.push_ok(first)
    duplicates_checked(world.engine)
    before = _flagged_cases(world)
    # One push: A's person becomes someone else, and B registers a person who looks like her as she was.
    case_b, _, in_b = _case(district, world.offices["b"], old)
    renamed = {"surname": "Рибачук", "given_name": "Зоряна", "birth_date": "1990-07-01", "phones": ["+380671119944"]}
    district.push_ok([district.change(person_a, "person", case_a, renamed, base_seq=1 << 40)] + in_b)
    duplicates_checked(world.engine)
    assert _flagged_cases(world) - before == set()


@pytest.mark.parametrize("backend", backends())
def test_cases_queued_when_the_server_is_killed_are_checked_when_it_starts_again(backend, tmp_path_factory):
    with running_world(tmp_path_factory.mktemp(f"killed-{backend}"), backend) as w:
        w.server.env["PORUCH_SERVER_DUPLICATE_CHECK_QUIET_S"] = "3600"  # the check would wait an hour
        w.server.restart(hard=True)
        district = Device.enroll(w.url, "dmytro")
        _, _, in_a = _case(district, w.offices["a"], TWIN)
        _, _, in_b = _case(district, w.offices["b"], TWIN)
        district.push_ok(in_a + in_b)  # committed and answered; the check has not run
        assert w.count(m.duplicate_queue) == 2 and w.count(m.records, m.records.c.type == "possible_duplicate") == 0
        del w.server.env["PORUCH_SERVER_DUPLICATE_CHECK_QUIET_S"]
        w.server.restart(hard=True)  # SIGKILL between the push's commit and its check
        duplicates_checked(w.engine)
        assert w.count(m.records, m.records.c.type == "possible_duplicate") == 2
        assert w.count(m.duplicate_pairs) == 1


def test_the_check_waits_for_a_push_being_applied(engine):
    """A laptop's run of batches: the check does not take the writer lock while a batch is on its way, even when
    the batch takes longer than the quiet time (the next batch would wait for the check)."""
    with engine.begin() as conn:
        conn.execute(m.duplicate_queue.insert().values(case_id=new_id()))
    with checks_later.pushing(engine):
        checks_later.check_soon(engine, quiet_s=0.02)
        time.sleep(0.5)  # 25 quiet times: without the guard the check has run long before (a negative: no condition)
        assert _queued(engine) == 1
    duplicates_checked(engine)  # once the push is over, the queue is taken
    assert _queued(engine) == 0


def test_the_check_thread_ends_with_the_application(engine, tmp_path):
    """The application stops (a server shut down, a test's in-process app): its check thread ends instead of
    checking later, on a database closed or removed meanwhile, and logging its failure every RETRY_S; what is
    queued stays queued for the next start."""
    from fastapi.testclient import TestClient

    from sync.server.app import create_app
    from sync.server.settings import ServerSettings

    with engine.begin() as conn:
        conn.execute(m.duplicate_queue.insert().values(case_id=new_id()))
    app = create_app(ServerSettings(data_dir=tmp_path, duplicate_check_quiet_s=3600), engine=engine)
    with TestClient(app):
        checker = checks_later._CHECKERS[id(engine)]  # started by the lifespan, waiting for the pushes to pause
        assert checker.thread.is_alive()
    assert not checker.thread.is_alive() and id(engine) not in checks_later._CHECKERS
    assert _queued(engine) == 1
    checks_later.check_soon(engine, quiet_s=0.02)  # a push after the stop starts a thread again
    duplicates_checked(engine)
    assert _queued(engine) == 0
    checks_later.stop_checks(engine)


def _queued(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(m.duplicate_queue)).scalar_one()


@pytest.mark.parametrize("backend", backends())
def test_a_case_whose_check_fails_does_not_hold_up_the_cases_queued_after_it(backend, tmp_path_factory):
    """A stored person the check cannot read (a damaged row, or a bug its data sets off): the pair queued after it
    is still flagged, the bad case stays queued, and the log names the case without quoting anyone's data."""
    with running_world(tmp_path_factory.mktemp(f"bad-case-{backend}"), backend) as w:
        w.server.env["PORUCH_SERVER_DUPLICATE_CHECK_QUIET_S"] = "3600"  # nothing checked until the restart below
        w.server.restart(hard=True)
        district = Device.enroll(w.url, "dmytro")
        other = {"surname": "Гнатюк", "given_name": "Орися", "birth_date": "1980-05-17", "phones": ["+380671110000"]}
        _, _, in_a = _case(district, w.offices["a"], TWIN)
        district.push_ok(in_a)
        bad_case, bad_person, bad = _case(district, w.offices["a"], other)
        district.push_ok(bad)
        with write_transaction(w.engine) as conn:  # its phones no longer a list: the check raises a TypeError
            conn.execute(m.records.update().where(m.records.c.id == bad_person).values(data='{"phones": 5}'))
        _, _, in_b = _case(district, w.offices["b"], TWIN)
        district.push_ok(in_b)
        assert w.count(m.duplicate_queue) == 3  # A, the bad case, B: in the middle of every round until narrowed
        del w.server.env["PORUCH_SERVER_DUPLICATE_CHECK_QUIET_S"]
        w.server.restart(hard=True)  # checks the queue as it starts
        deadline = time.monotonic() + 60 * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
        while w.count(m.duplicate_queue) > 1 and time.monotonic() < deadline:
            time.sleep(0.05)  # the server process's thread: polled with a deadline
        assert w.count(m.records, m.records.c.type == "possible_duplicate") == 2
        with w.engine.connect() as conn:
            assert list(conn.execute(select(m.duplicate_queue.c.case_id)).scalars()) == [bad_case]
        log = w.server.log_path.read_text(errors="replace")
        assert f"the duplicate check of case {bad_case} failed (TypeError in" in log
        assert all(name not in log for name in ("Гнатюк", "Ярошенко", "+38067111"))
