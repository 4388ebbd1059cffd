"""An import writes its cases' list and search rows once, after its chunks (desktop/store/lists_later.py):
the rows must be exactly those a rebuild from the stored records writes, also when the import is
stopped, and cases left unlisted by a crash are listed by the next import."""

from __future__ import annotations

import threading

import pytest

from desktop.services.import_plan import ImportPlan
from desktop.services.import_table import SourceFile
from desktop.services.importer import CHUNK, analyse, execute
from desktop.services.synthetic_lists import write_office_list
from desktop.store.replica import StoreReplica

TABLES = ("case_index", "task_index", "search_terms", "case_terms")


@pytest.fixture(scope="module")
def office_list(tmp_path_factory):
    return write_office_list(tmp_path_factory.mktemp("list") / "spysok.xlsx", 3 * CHUNK, seed=5, bad_every=50)


def _analysis(path, cases):
    with SourceFile(path) as source:
        return analyse(ImportPlan.auto(source), cases)


def _snapshot(store) -> dict[str, list[tuple]]:
    with store.engine.connect() as conn:
        return {name: sorted(map(tuple, conn.exec_driver_sql(f"SELECT * FROM {name}").all())) for name in TABLES}


def _rebuilt(store) -> dict[str, list[tuple]]:
    """The rows a rebuild of every case from its records writes (then the tables as they were)."""
    made = _snapshot(store)
    with store.engine.connect() as conn:
        for name in TABLES:
            conn.exec_driver_sql(f"DELETE FROM {name}")
        case_ids = [r[0] for r in conn.exec_driver_sql("SELECT DISTINCT case_id FROM records")]
        store.projector.refresh(conn, case_ids)
        rebuilt = {name: sorted(map(tuple, conn.exec_driver_sql(f"SELECT * FROM {name}").all())) for name in TABLES}
        conn.rollback()
    assert _snapshot(store) == made
    return rebuilt


def _case_ids(store) -> list[str]:
    with store.engine.connect() as conn:
        return sorted(r[0] for r in conn.exec_driver_sql("SELECT id FROM records WHERE type = 'case'"))


@pytest.mark.parametrize("cases_a_slice", [1000, 37])
def test_the_lists_of_an_import_are_those_of_a_rebuild(office_list, cases, store, monkeypatch, cases_a_slice):
    from desktop.store import lists_later

    monkeypatch.setattr(lists_later, "SLICE", cases_a_slice)
    seen: list[int] = []
    report = execute(_analysis(office_list.path, cases), cases, progress=lambda done, total: seen.append(done))
    assert report.imported > 2 * CHUNK
    steps = seen.count(seen[-1]) - 1  # the progress said again before each slice, then once at the end
    assert steps == -(-report.imported // cases_a_slice)
    made = _snapshot(store)
    assert sorted(r[0] for r in made["case_index"]) == _case_ids(store) == sorted(report.case_ids)
    assert made == _rebuilt(store)
    assert StoreReplica(store).queued_projections() == []


def test_a_stopped_import_lists_exactly_the_cases_it_saved(office_list, cases, store):
    cancel = threading.Event()
    report = execute(_analysis(office_list.path, cases), cases, cancel=cancel,
                     progress=lambda done, total: cancel.set() if done >= CHUNK else None)
    assert report.cancelled and report.imported == 2 * CHUNK
    made = _snapshot(store)
    assert sorted(r[0] for r in made["case_index"]) == _case_ids(store) == sorted(report.case_ids)
    assert made == _rebuilt(store)
    assert StoreReplica(store).queued_projections() == []


def test_cases_a_crash_left_unlisted_are_listed_by_the_next_import(office_list, cases, store, monkeypatch):
    analysis = _analysis(office_list.path, cases)

    def crash(lists, step=None):  # the process dies after the chunks' commits, before the lists are written
        raise KeyboardInterrupt

    monkeypatch.setattr(cases, "write_lists", crash)
    with pytest.raises(KeyboardInterrupt):
        execute(analysis, cases)
    saved = _case_ids(store)
    assert len(saved) > 2 * CHUNK
    assert StoreReplica(store).queued_projections() == saved  # saved, waiting for their lists
    assert _snapshot(store)["case_index"] == []
    monkeypatch.undo()
    again = _analysis(office_list.path, cases)  # the dry run lists them first, and checks against them
    found = {d.other_case_id for d in again.duplicates if d.other_case_id}
    assert found == set(saved)  # each of them found as a possible duplicate of its row
    execute(again, cases)
    made = _snapshot(store)
    assert set(saved) <= {r[0] for r in made["case_index"]}
    assert made == _rebuilt(store)
    assert StoreReplica(store).queued_projections() == []
