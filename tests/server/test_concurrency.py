"""Concurrent pushes and pulls against one server; crash and restart of the server process."""

from __future__ import annotations

import threading

from sync.records.ids import new_id
from sync.server import models as m
from tests.server.helpers import case_fields


def test_concurrent_pushes_never_make_a_concurrent_pull_skip_a_change(world):
    """Seqs commit in order under the writer lock, so a pull running during pushes misses nothing."""
    pushers = [world.device(name) for name in ("anna", "andriy", "alla")]
    reader = world.device("dmytro")
    reader.sync()
    errors: list[BaseException] = []
    done = threading.Event()
    created: list[str] = []

    def push_many(dev):
        try:
            for _ in range(8):
                case_id = new_id()
                batch = [dev.change(case_id, "case", case_id, case_fields(dev.office_id))]
                batch += [dev.change(new_id(), "task", case_id, {"title": f"t{i}", "due_date": "2024-07-01"})
                          for i in range(30)]
                dev.push_ok(batch)
                created.extend(c["record_id"] for c in batch)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    def pull_while_pushing():
        try:
            while not done.is_set():
                reader.pull_page(limit=25)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=push_many, args=(d,)) for d in pushers]
    puller = threading.Thread(target=pull_while_pushing)
    puller.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    done.set()
    puller.join(120)
    assert not errors, errors
    reader.sync()
    assert set(created) <= set(reader.records)
    digest = reader.server_digest()
    assert {"count": digest["count"], "digest": digest["digest"]} == reader.local_digest()
    with world.engine.connect() as conn:
        seqs = [r[0] for r in conn.execute(m.records.select().with_only_columns(m.records.c.seq))]
    assert len(seqs) == len(set(seqs))


def test_acknowledged_changes_survive_a_server_crash_and_retries_stay_exactly_once(world):
    dev = world.device("anna")
    case_id = new_id()
    batch = [dev.change(case_id, "case", case_id, case_fields(dev.office_id))]
    batch += [dev.change(new_id(), "task", case_id, {"title": f"t{i}", "due_date": "2024-07-01"}) for i in range(50)]
    dev.push_ok(batch)
    world.server.restart(hard=True)  # SIGKILL: no graceful shutdown
    assert {r["status"] for r in dev.push(batch)} == {"duplicate"}
    assert world.count(m.records, m.records.c.case_id == case_id) == 51
    dev.sync()
    assert len([r for r in dev.records.values() if r["case_id"] == case_id]) == 51
    digest = dev.server_digest()
    assert {"count": digest["count"], "digest": digest["digest"]} == dev.local_digest()


def test_a_large_batch_is_applied_in_one_go(world):
    dev = world.device("alla")
    changes = []
    while len(changes) < 2000:
        case_id = new_id()
        changes.append(dev.change(case_id, "case", case_id, case_fields(dev.office_id)))
        changes += [dev.change(new_id(), "journal_entry", case_id,
                               {"kind": "call", "occurred_at": "2024-01-01T10:00:00", "text": "дзвінок " * 20,
                                "author": "alla"}) for _ in range(9)]
    changes = changes[:2000]
    results = dev.push(changes)
    assert [r["change_id"] for r in results] == [c["change_id"] for c in changes]  # in the order received
    assert {r["status"] for r in results} == {"applied"}
    dev.sync(limit=5000)
    assert {c["record_id"] for c in changes} <= set(dev.records)


def test_many_simultaneous_requests_all_succeed(world):
    """More concurrent requests than pooled connections: each request holds one connection at most,
    so they queue instead of deadlocking."""
    dev = world.device("andriy")
    case_id = new_id()
    dev.push_ok([dev.change(case_id, "case", case_id, case_fields(dev.office_id))])
    statuses: list[int] = []
    barrier = threading.Barrier(48)

    def one(i: int) -> None:
        barrier.wait(30)
        if i % 2:
            r = dev.request("POST", "/sync/push", json={"changes": [
                dev.change(new_id(), "task", case_id, {"title": f"t{i}", "due_date": "2024-07-01"})]})
        else:
            r = dev.request("POST", "/sync/pull", json={"cursor": 0, "limit": 50})
        statuses.append(r.status_code)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(48)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert statuses == [200] * 48
    assert world.count(m.records, m.records.c.case_id == case_id) == 25


def test_zz_stored_digests_match_the_records_after_everything_above(world):
    from sync.server.admin_ops import check_digests

    with world.engine.connect() as conn:
        assert check_digests(conn) == []
