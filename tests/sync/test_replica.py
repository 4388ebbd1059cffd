"""The store replica's shortcuts on the pull path stay equivalent to doing it the slow way."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.services.cases import CaseService
from desktop.services.synthetic import populate
from desktop.store import replica as replica_module
from desktop.store import tables as t
from desktop.store.database import writing
from desktop.store.projection import refresh_cases
from desktop.store.replica import PROJECTED_TYPES, StoreReplica, _record_hash
from sync.records.canonical import canonical_json, record_hash
from sync.records.schema import RECORD_TYPES
from tests.sync.fake_server import FakeServer
from tests.sync.test_engine_unit import make_engine, make_store


@pytest.mark.parametrize("data", [{}, {"surname": "Ґалаґан", "note": "\"лапки\" і \\ слеш\n"},
                                  {"phones": ["+380671234567"], "n": 1.5, "x": None, "nested": {"b": 1, "a": [True]}}])
@pytest.mark.parametrize("deleted", [False, True])
def test_hash_from_canonical_data_equals_record_hash(data, deleted):
    assert replica_module._canonical(data) == canonical_json(data)
    assert _record_hash("person", "case-«1»", canonical_json(data), deleted) == \
        record_hash("person", "case-«1»", data, deleted)


def projections(store):
    with store.engine.connect() as conn:
        return [sorted(tuple(r) for r in conn.execute(select(table)).all())
                for table in (t.case_index, t.task_index, t.search_terms)]


def test_only_projected_types_change_the_case_list_and_search(store):
    """If the projection starts reading another type, PROJECTED_TYPES in the replica must follow."""
    service = CaseService(store)
    case_id = populate(service, 1, seed=4)[0]
    before = projections(store)
    others = [name for name in RECORD_TYPES if name not in PROJECTED_TYPES]
    with writing(store.engine) as conn, conn.begin():
        for i, name in enumerate(others):
            fields = {f: "2025-01-01" if spec.kind in ("date", "datetime") else "x"
                      for f, spec in RECORD_TYPES[name].fields.items()}
            conn.execute(t.records.insert().values(id=f"extra-{i}", type=name, case_id=case_id,
                                                   data=canonical_json(fields), updated_at=10**18))
        refresh_cases(conn, [case_id], service.listed)
    assert projections(store) == before


def test_own_changes_coming_back_are_not_projected_again(tmp_path, monkeypatch):
    server = FakeServer()
    store = make_store(tmp_path)
    populate(CaseService(store), 3, seed=5)
    before = projections(store)
    refreshed = []
    original = replica_module.refresh_cases
    monkeypatch.setattr(replica_module, "refresh_cases",
                        lambda conn, ids, listed=None: (refreshed.append(set(ids)), original(conn, ids, listed)))
    report = make_engine(store, server).run_cycle()
    assert report.pulled == len(server.records) and report.verified
    assert all(not ids for ids in refreshed)  # every pulled record was the same as the local one
    assert projections(store) == before
    with store.engine.connect() as conn:
        assert conn.execute(select(t.records.c.id).where(t.records.c.server_seq == 0)).first() is None

    # An edit from elsewhere to a listed field is projected; one to the journal is not.
    person = next(r for r in server.records.values() if r["type"] == "person")
    journal = next(r for r in server.records.values() if r["type"] == "journal_entry")
    for rec, field, value in ((person, "surname", "Зміненко"), (journal, "text", "інший текст")):
        server.seq += 1
        rec["data"][field], rec["seq"] = value, server.seq
    refreshed.clear()
    make_engine(store, server).run_cycle()
    assert refreshed == [{person["case_id"]}]
    with store.engine.connect() as conn:
        assert conn.execute(select(t.case_index.c.surname)
                            .where(t.case_index.c.case_id == person["case_id"])).scalar() == "Зміненко"
    assert StoreReplica(store).digest() == StoreReplica(store).recompute_digest()
    store.close()


def test_a_long_download_builds_the_lists_once_at_the_end_and_the_same(tmp_path, monkeypatch):
    server = FakeServer()
    a, b = make_store(tmp_path, "a", "dev-a"), make_store(tmp_path, "b", "dev-b")
    populate(CaseService(a), 6, seed=6)
    make_engine(a, server).run_cycle()
    refreshed = []
    original = replica_module.refresh_cases
    monkeypatch.setattr(replica_module, "refresh_cases",
                        lambda conn, ids, listed=None: (refreshed.append(set(ids)), original(conn, ids, listed)))
    events = []
    engine = make_engine(b, server, page_size=7)
    engine.events.subscribe(events.append, "progress")
    report = engine.run_cycle()
    assert report.pages > 5 and report.verified
    assert [ids for ids in refreshed if ids] == [set(c for c in (r["case_id"] for r in server.records.values()))]
    assert "index" in {ev.phase for ev in events}
    assert projections(b) == projections(a)
    assert b.get_meta(replica_module.PROJECTION_QUEUE_KEY) == []
    a.close(), b.close()


def test_lists_queued_by_an_interrupted_download_are_built_by_the_next_cycle(tmp_path):
    server = FakeServer()
    a, b = make_store(tmp_path, "a", "dev-a"), make_store(tmp_path, "b", "dev-b")
    populate(CaseService(a), 2, seed=8)
    make_engine(a, server).run_cycle()
    replica = StoreReplica(b)
    replica.defer_projections(True)
    records = sorted(server.records.values(), key=lambda r: r["seq"])
    replica.apply_page(records, records[-1]["seq"], [])  # ...and the process dies here
    assert projections(b)[0] == [] and b.get_meta(replica_module.PROJECTION_QUEUE_KEY)
    make_engine(b, server).run_cycle()
    assert projections(b) == projections(a)
    a.close(), b.close()
