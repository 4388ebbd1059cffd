"""The store replica's shortcuts on the pull path stay equivalent to doing it the slow way (against a real server)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from desktop.services.cases import CaseService
from desktop.services.synthetic import populate
from desktop.store import database
from desktop.store import projection as projection_module
from desktop.store import pulled as pulled_module
from desktop.store import tables as t
from desktop.store.database import writing
from desktop.store.files import NEW_DB_PAGE_SIZE
from desktop.store.projection import (
    TERMS_ADDED_KEY,
    Projector,
    _project,
    fill_search_terms,
    in_key_order,
    terms_text,
)
from desktop.store.pulled import PulledRecords
from desktop.store.replica import PROJECTED_TYPES, TERMS_LATER
from sync.client import engine as engine_module
from sync.records.ids import HybridClock
from sync.records.schema import RECORD_TYPES
from sync.wire import canonical_json
from tests.support.server_process import duplicates_checked


def projections(store):
    with store.engine.connect() as conn:
        return [sorted(tuple(r) for r in conn.execute(select(table)).all())
                for table in (t.case_index, t.task_index, t.search_terms, t.case_terms)]


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
        store.projector.refresh(conn, [case_id])
    assert projections(store) == before


def _rows_with_rowids(store, case_id: str) -> list[list[tuple]]:
    """The case's projected rows with their rowids; search_terms has none (WITHOUT ROWID): its rows
    come with how many writes have added terms so far instead (desktop.store.projection)."""
    with store.engine.connect() as conn:
        added = conn.exec_driver_sql(f"SELECT value FROM meta WHERE key = '{TERMS_ADDED_KEY}'").scalar()
        return [sorted(tuple(r) for r in conn.exec_driver_sql(
            f"SELECT {'rowid' if table != 'search_terms' else repr(added)}, * FROM {table} WHERE case_id = ?",
            (case_id,))) for table in ("case_index", "task_index", "search_terms")]


def _person_of(store, case_id: str) -> str:
    with store.engine.connect() as conn:
        return conn.execute(select(t.records.c.id).where(t.records.c.case_id == case_id,
                                                         t.records.c.type == "person")).scalar_one()


def test_re_projecting_a_case_writes_only_what_changed(store):
    """Rows that stay the same are not rewritten (same rowids); changed ones are, and equal a rebuild."""
    service = CaseService(store)
    case_ids = populate(service, 2, seed=7)
    case_id = case_ids[0]  # not the last one written: rows written again would get new rowids
    person = _person_of(store, case_id)
    cases0, tasks0, terms0 = _rows_with_rowids(store, case_id)

    service.update("person", person, {"notes": "Телефонувала, прийде в четвер"})  # nothing listed changes
    cases1, tasks1, terms1 = _rows_with_rowids(store, case_id)
    assert (tasks1, terms1) == (tasks0, terms0)  # not deleted and inserted again
    assert [r[:-1] for r in cases1] == [r[:-1] for r in cases0] and cases1[0][-1] > cases0[0][-1]  # updated_at

    service.update("person", person, {"surname": "Ковальчук-Мирна"})  # the name: list order and search change
    cases2, _, terms2 = _rows_with_rowids(store, case_id)
    names = {r[1:] for r in terms2} - {r[1:] for r in terms1}
    assert ("ковальчук", "name", case_id) in names and ("kovalchuk", "latin", case_id) in names  # (term, kind, case)
    assert terms2[0][0] != terms1[0][0]  # a write that added terms was counted (search reloads its words)
    assert cases2[0][0] == cases0[0][0] and cases2[0][4] == "Ковальчук-Мирна"

    rebuilt = projections(store)
    with writing(store.engine) as conn, conn.begin():
        for table in ("case_index", "task_index", "search_terms", "case_terms"):
            conn.exec_driver_sql(f"DELETE FROM {table}")
        store.projector.refresh(conn, case_ids)
    assert projections(store) == rebuilt


def test_search_terms_are_written_in_the_order_of_their_key(store):
    """The projection's terms come case by case; sorted by (kind, term) alone they are in the key's
    order, (kind, term, case_id), as sorting the whole rows gives (a case's terms are unique)."""
    case_ids = sorted(populate(CaseService(store), 40, seed=3))
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, type, case_id, data, updated_at FROM records").all()
    by_case: dict = {}
    for record_id, rtype, case_id, data, updated_at in rows:
        by_case.setdefault(case_id, {}).setdefault(rtype, []).append((record_id, json.loads(data), updated_at))
    _, _, terms = _project(case_ids, by_case, lambda code: False)
    assert len(terms) > 40 * 10 and len({r[2] for r in terms}) == 40
    assert in_key_order(terms) == sorted(terms) != terms
    # One term in several cases, a kind that begins another: ordered as the tuples are.
    mixed = [("name", "б", "c2"), ("name", "а", "c2"), ("birth", "я", "c2"), ("name", "б", "c3"),
             ("nam", "я", "c3"), ("name", "а", "c4")]
    assert in_key_order(mixed) == sorted(mixed)


def spy_on_projection(monkeypatch) -> list[set[str]]:
    """The cases each pulled page re-projects (every replica in this process; clear it before a sync)."""
    refreshed: list[set[str]] = []
    original = Projector.refresh
    monkeypatch.setattr(Projector, "refresh",
                        lambda self, conn, ids, **kw: (refreshed.append(set(ids)), original(self, conn, ids, **kw)))
    return refreshed


def records_of(client, rtype: str) -> list:
    with client.store.engine.connect() as conn:
        return conn.execute(select(t.records.c.id, t.records.c.case_id)
                            .where(t.records.c.type == rtype).order_by(t.records.c.id)).all()


def test_own_changes_coming_back_are_not_projected_again(world, monkeypatch):
    office, (u1, u2) = world.office("maryna", "taras")
    a, b = world.client(u1), world.client(u2)
    # The laptop stamps its edits a second behind the server. A laptop stamping ahead of the server
    # (as one does right after enrolment: see test_enrolment_learns_the_clock_offset_...) has its
    # timestamps capped at their arrival, so its records rightly come back changed (the case list
    # shows when a case was last updated) and are projected again.
    a.cases = CaseService(a.store, clock=HybridClock(offset_ms=-1000))
    populate(a.cases, 3, seed=5)
    before = projections(a.store)
    refreshed = spy_on_projection(monkeypatch)
    report = a.sync()
    # Protocol 2: the push answer confirms each record (seq, hash), so the pull leaves them out.
    assert report.pushed and report.pulled == 0 and report.verified
    assert all(not ids for ids in refreshed)
    assert projections(a.store) == before
    with a.store.engine.connect() as conn:
        assert conn.execute(select(t.records.c.id).where(t.records.c.server_seq == 0)).first() is None

    # Edits from another laptop: one to a listed field is projected; a journal entry is not.
    b.sync()
    person = records_of(b, "person")[0]
    other_case = next(r.case_id for r in records_of(b, "case") if r.case_id != person.case_id)
    b.cases.update("person", person.id, {"surname": "Зміненко"})
    b.cases.add("journal_entry", other_case, {"kind": "call", "text": "інший текст"})
    assert b.sync().pending == 0
    refreshed.clear()
    report = a.sync()
    assert report.pulled >= 3  # the person, the journal entry and their history
    assert refreshed == [{person.case_id}]
    with a.store.engine.connect() as conn:
        assert conn.execute(select(t.case_index.c.surname)
                            .where(t.case_index.c.case_id == person.case_id)).scalar() == "Зміненко"
    assert a.replica.digest() == a.replica.recompute_digest()


def test_a_pulled_edit_of_unlisted_fields_moves_only_the_cases_time_in_the_list(world, monkeypatch):
    """A note changed elsewhere re-projects nothing here (projection.LISTED_FIELDS): the case's row
    only shows the later time, and every list is what a rebuild from the records makes."""
    _, (u1, u2) = world.office("vira", "petro")
    a, b = world.client(u1), world.client(u2)
    populate(a.cases, 3, seed=8)
    assert a.sync().pending == 0
    b.sync()
    person = records_of(a, "person")[0]
    a.cases.update("person", person.id, {"notes": "Телефонувала, прийде в четвер"})
    assert a.sync().pending == 0
    refreshed = spy_on_projection(monkeypatch)
    report = b.sync()
    assert report.pulled >= 2 and report.verified  # the person and its history entry
    assert all(not ids for ids in refreshed)
    with b.store.engine.connect() as conn:
        listed_at = conn.execute(select(t.case_index.c.updated_at)
                                 .where(t.case_index.c.case_id == person.case_id)).scalar_one()
        newest = conn.execute(select(func.max(t.records.c.updated_at)).where(
            t.records.c.case_id == person.case_id, t.records.c.deleted == 0,
            t.records.c.type.in_(PROJECTED_TYPES))).scalar_one()
        person_at = conn.execute(select(t.records.c.updated_at).where(t.records.c.id == person.id)).scalar_one()
    assert listed_at == newest == person_at
    pulled = projections(b.store)
    with writing(b.store.engine) as conn, conn.begin():
        b.store.projector.refresh(conn, [r.case_id for r in records_of(b, "case")])
    assert projections(b.store) == pulled


def test_a_long_download_builds_the_lists_once_at_the_end_and_the_same(world, monkeypatch):
    office, (u1, u2) = world.office("lesia", "denys")
    a, b = world.client(u1), world.client(u2)
    populate(a.cases, 6, seed=6)
    a.sync()
    refreshed = spy_on_projection(monkeypatch)
    events = []
    engine = b.engine(page_size=7)
    engine.events.subscribe(events.append, "progress")
    try:
        report = engine.run_cycle()
    finally:
        engine.transport.close()
    assert report.pages > 5 and report.verified
    assert [ids for ids in refreshed if ids] == [world.server_case_ids(office)]
    assert "index" in {ev.phase for ev in events}
    assert projections(b.store) == projections(a.store)
    assert b.replica.queued_projections() == []


def test_lists_queued_by_an_interrupted_download_are_built_by_the_next_cycle(world):
    _, (u1, u2) = world.office("iryna", "yurii")
    a, b = world.client(u1), world.client(u2)
    populate(a.cases, 2, seed=8)
    a.sync()
    with b.engine().transport as transport:
        page = transport.pull(0, 5000)  # the whole office, from the real server
    b.replica.defer_projections(True)  # as the engine does for a long download...
    b.replica.apply_page(page.records, page.cursor, page.evictions)  # ...and the process dies here
    assert projections(b.store)[0] == [] and b.replica.queued_projections()
    b.replica.defer_projections(False)  # a new process
    assert b.sync().verified
    assert projections(b.store) == projections(a.store)
    assert b.replica.queued_projections() == []


def _rebuilt(store) -> list:
    """The projections made again from the records alone."""
    with writing(store.engine) as conn, conn.begin() as tx:
        for table in ("case_index", "task_index", "search_terms", "case_terms"):
            conn.exec_driver_sql(f"DELETE FROM {table}")
        store.projector.refresh(conn, [r[0] for r in conn.exec_driver_sql("SELECT DISTINCT case_id FROM records")])
        rebuilt = [sorted(tuple(r) for r in conn.execute(select(table)).all())
                   for table in (t.case_index, t.task_index, t.search_terms, t.case_terms)]
        tx.rollback()
    return rebuilt


@pytest.mark.parametrize("how", ["saved", "rewritten"])
def test_a_case_written_here_during_a_first_download_is_listed_as_written(world, how):
    """A first download's builds project the cases its pages wrote from what it holds of them
    (desktop/store/pulled.py) instead of reading them back; a case written here meanwhile is projected
    from the table, with what was written: saved by a person (a change to push), or rewritten with
    nothing to push (as an enrolment rewrites office ids) and projected by its writer."""
    _, (u1, u2) = world.office(f"khrystyna-{how}", f"danylo-{how}")
    a, b = world.client(u1), world.client(u2)
    populate(a.cases, 3, seed=15)
    a.sync()
    with b.engine().transport as transport:
        page = transport.pull(0, 5000)
    b.replica.defer_projections(True)  # as the engine does for a long download
    held = b.store.projector.held
    assert held is not None  # a first download: what its pages write is held
    b.replica.apply_page(page.records, page.cursor, page.evictions)
    assert len(held) == sum(r["type"] in PROJECTED_TYPES for r in page.records)
    person_id, case_id = records_of(b, "person")[0]
    if how == "saved":
        b.cases.update("person", person_id, {"surname": "Тутешня"})  # before the lists are built
    else:
        with writing(b.store.engine) as conn, conn.begin():
            conn.exec_driver_sql("UPDATE records SET data = json_set(data, '$.surname', 'Тутешня') WHERE id = ?",
                                 (person_id,))
            b.store.projector.refresh(conn, [case_id])
    b.replica.defer_projections(False)
    assert b.replica.flush_projections() == 3 and b.store.projector.held is None  # the download's last build
    with b.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT surname FROM case_index WHERE case_id = ?", (case_id,)).scalar() == "Тутешня"
        assert ("name", "тутешня") in conn.exec_driver_sql(
            "SELECT kind, term FROM search_terms WHERE case_id = ?", (case_id,)).all()
    assert projections(b.store) == _rebuilt(b.store)
    if how == "saved":
        assert b.sync().verified and a.sync().verified
        assert projections(a.store) == projections(b.store)


def test_a_record_sent_again_during_a_first_download_is_updated_and_listed_as_sent_last(world):
    """A first download inserts its pages' records without looking each up first; one the server
    sends again (changed between two pages) makes its page go the usual way, as an update."""
    _, (u1, u2) = world.office("myroslava", "ostap")
    a, b = world.client(u1), world.client(u2)
    populate(a.cases, 3, seed=17)
    a.sync()
    with b.engine().transport as transport:
        first = transport.pull(0, 5000)
    person_id, case_id = records_of(a, "person")[0]
    a.cases.update("person", person_id, {"surname": "Повторенко"})
    a.sync()
    with b.engine().transport as transport:
        again = transport.pull(first.cursor, 5000)
    assert person_id in {r["id"] for r in again.records}
    b.replica.defer_projections(True)
    b.replica.apply_page(first.records, first.cursor, first.evictions)
    b.replica.apply_page(again.records, again.cursor, again.evictions)
    assert b.store.projector.held is not None  # still holding: the page went through the second time
    b.replica.defer_projections(False)
    b.replica.flush_projections()
    with b.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT surname FROM case_index WHERE case_id = ?", (case_id,)).scalar() == "Повторенко"
    assert projections(b.store) == _rebuilt(b.store)
    assert b.sync().verified  # the digest counts the record once, in its later version
    assert projections(b.store) == projections(a.store)


def first_download_pages(world, sender: str, colleague: str, *, cases: int, seed: int, first: int):
    """A sender's laptop that registered `cases` cases and synced, a colleague's fresh laptop, and the
    colleague's first download of them as two pages: the first `first` records, and the rest."""
    _, (u1, u2) = world.office(sender, colleague)
    a, b = world.client(u1), world.client(u2)
    populate(a.cases, cases, seed=seed)
    a.sync()
    with b.engine().transport as transport:
        head = transport.pull(0, first)
        rest = transport.pull(head.cursor, 5000)
    return a, b, head, rest


def test_a_first_download_page_that_fails_leaves_the_build_to_the_records_written(world, monkeypatch):
    """What a page held is not used once the page failed (its transaction rolled back): the build
    projects from the table what the pages before it wrote, and the next cycle the rest."""
    a, b, first, rest = first_download_pages(world, "yaryna", "matvii", cases=4, seed=16,
                                             first=15)
    b.replica.defer_projections(True)
    b.replica.apply_page(first.records, first.cursor, first.evictions)
    hold = PulledRecords.hold

    def hold_then_fail(self, *args, **kwargs):
        hold(self, *args, **kwargs)
        raise OSError("as if the commit failed")

    monkeypatch.setattr(PulledRecords, "hold", hold_then_fail)
    with pytest.raises(OSError):
        b.replica.apply_page(rest.records, rest.cursor, rest.evictions)
    monkeypatch.undo()
    assert b.store.projector.held is None and b.replica.cursor() == first.cursor
    b.replica.defer_projections(False)
    assert b.replica.flush_projections() == len({r["case_id"] for r in first.records})
    listed = projections(b.store)
    assert listed[0] and listed == _rebuilt(b.store)
    assert b.sync().verified
    assert projections(b.store) == projections(a.store)


def test_a_first_download_that_would_hold_too_much_builds_from_the_table(world, monkeypatch):
    """Past its bound (pulled.AT_MOST records between two builds) a first download stops holding: its
    builds read everything from the table, as before."""
    monkeypatch.setattr(pulled_module, "AT_MOST", 30)
    a, b, first, rest = first_download_pages(world, "svitlana", "arsen", cases=6, seed=18,
                                             first=10)
    b.replica.defer_projections(True)
    b.replica.apply_page(first.records, first.cursor, first.evictions)
    assert b.store.projector.held is not None
    b.replica.apply_page(rest.records, rest.cursor, rest.evictions)  # more than 30 listed records
    assert b.store.projector.held is None
    b.replica.defer_projections(False)
    assert b.replica.flush_projections() == 6
    assert projections(b.store) == _rebuilt(b.store)
    assert b.sync().verified
    assert projections(b.store) == projections(a.store)


def _counts(store) -> tuple[int, int, object]:
    """(cases listed, search terms, the TERMS_LATER meta value)."""
    with store.engine.connect() as conn:
        return (conn.exec_driver_sql("SELECT count(*) FROM case_index").scalar(),
                conn.exec_driver_sql("SELECT count(*) FROM search_terms").scalar(),
                conn.exec_driver_sql("SELECT value FROM meta WHERE key = ?", (TERMS_LATER,)).scalar())


def test_a_first_download_lists_cases_as_they_arrive_and_adds_their_search_terms_once_at_the_end(world, monkeypatch):
    """The builds during a first download write the case list and each case's terms in case_terms,
    not search_terms: each build added terms all over the table's key and rewrote most of its pages.
    The last build adds them all in the key's order; the result is the same as a laptop's own."""
    _, (u1, u2) = world.office("nadiia", "stepan")
    a, b = world.client(u1), world.client(u2)
    populate(a.cases, 30, seed=11)
    a.sync()
    monkeypatch.setattr(engine_module, "LISTS_EVERY", 20)
    engine = b.engine(page_size=20)
    during = []
    engine.events.subscribe(lambda p: during.append(_counts(b.store)) if p.phase == "pull" else None, "progress")
    try:
        report = engine.run_cycle()
    finally:
        engine.transport.close()
    assert report.verified and report.pages > 4
    listed_without_terms = [n for n, terms, later in during if n and not terms and later == "1"]
    assert listed_without_terms and listed_without_terms[0] < 30  # the list filled while pages arrived
    assert _counts(b.store)[1:] == (len(projections(a.store)[2]), None)
    assert projections(b.store) == projections(a.store)
    assert b.replica.queued_projections() == []


@pytest.mark.parametrize("next_start", ["sync", "list_left_over"])
def test_a_first_download_cut_after_a_build_gets_its_search_terms_at_the_next_start(world, next_start):
    """Cut short after a build, a first download leaves its cases listed and their terms waiting
    (meta TERMS_LATER): the next sync cycle, or the start of a session that does not sync, adds them,
    and an edit made meanwhile counts (its lost terms go, its new ones are there once)."""
    _, (u1, u2) = world.office("zoia", "roman")
    a, b = world.client(u1), world.client(u2)
    populate(a.cases, 4, seed=12)
    a.sync()
    with b.engine().transport as transport:
        page = transport.pull(0, 5000)
    b.replica.defer_projections(True)  # as the engine does for a long download...
    b.replica.apply_page(page.records, page.cursor, page.evictions)
    assert b.replica.flush_projections() == 4  # ...a build while pages arrive...
    assert _counts(b.store) == (4, 0, "1")  # ...and the process dies here
    b.replica.defer_projections(False)  # a new process
    assert b.replica.cycle_start(())["projections_queued"]
    person_id, case_id = next(iter(records_of(b, "person")))
    b.cases.update("person", person_id, {"surname": "Нововведенко"})
    if next_start == "sync":
        assert b.sync().verified
    else:
        assert b.cases.list_left_over() == 0  # nothing was queued: the terms are added all the same
    assert _counts(b.store)[2] is None and not b.replica.cycle_start(())["projections_queued"]
    assert b.sync().verified and a.sync().verified  # the edit reaches a
    assert projections(b.store) == projections(a.store)
    with b.store.engine.connect() as conn:
        terms = conn.exec_driver_sql("SELECT kind, term FROM search_terms WHERE case_id = ?", (case_id,)).all()
    assert ("name", "нововведенко") in terms


@pytest.mark.parametrize("in_sql_up_to", [20_000, 0])  # one statement; grouped here (more cases than that)
def test_filling_search_terms_adds_exactly_what_case_terms_holds_and_the_table_lacks(store, monkeypatch, in_sql_up_to):
    monkeypatch.setattr(projection_module, "FILL_IN_SQL_UP_TO", in_sql_up_to)
    case_ids = populate(CaseService(store), 5, seed=13)
    odd = {("name", 'лапки"і\\скісна'), ("name", "ґ😀"), ("birth", "2000-01-01|а|б|"), ("phone", "380671234567")}
    with writing(store.engine) as conn, conn.begin():
        conn.exec_driver_sql("INSERT INTO case_terms (case_id, terms) VALUES (?, ?)", ("zz-odd", terms_text(odd)))
        conn.exec_driver_sql("DELETE FROM search_terms WHERE case_id IN (?, ?)", tuple(case_ids[:2]))
    want = projections(store)[3]  # case_terms
    with writing(store.engine) as conn, conn.begin():
        added_before = conn.exec_driver_sql("SELECT value FROM meta WHERE key = ?", (TERMS_ADDED_KEY,)).scalar()
        held = conn.exec_driver_sql("SELECT count(*) FROM search_terms").scalar()
        count = fill_search_terms(conn)
        added_after = conn.exec_driver_sql("SELECT value FROM meta WHERE key = ?", (TERMS_ADDED_KEY,)).scalar()
    expected = sorted((term, kind, case_id) for case_id, text in want
                      for kind, terms in json.loads(text).items() for term in terms)
    assert count == len(expected) - held  # those it added
    assert projections(store)[2] == expected
    assert {(kind, term) for term, kind, c in expected if c == "zz-odd"} == odd
    assert int(added_after) == int(added_before or 0) + 1


def _file_pages(store) -> tuple[int, int]:
    """(pages in the database file, of which free) once the WAL is folded back into it."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return (conn.exec_driver_sql("PRAGMA page_count").scalar(), conn.exec_driver_sql("PRAGMA freelist_count").scalar())


def test_an_acknowledged_push_gives_the_outbox_pages_back_and_keeps_the_rest(world, monkeypatch):
    monkeypatch.setattr(database, "RELEASE_FREE_BYTES", 16 * NEW_DB_PAGE_SIZE)  # 16 pages
    _, (u1,) = world.office("olha")
    a = world.client(u1)
    populate(a.cases, 40, seed=9)
    with a.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA auto_vacuum").scalar() == 2  # a new store: INCREMENTAL
        outbox = [tuple(r) for r in conn.execute(select(t.outbox).order_by(t.outbox.c.seq))]
        outbox_bytes = conn.exec_driver_sql(
            "SELECT sum(length(change_id) + length(record_id) + length(record_type) + length(case_id) + length(op)"
            " + length(fields) + length(user)) FROM outbox").scalar()
    pages_before, _ = _file_pages(a.store)
    acknowledged: set[str] = set()
    acknowledge = a.replica.acknowledge

    def checked(results):
        confirmed = acknowledge(results)
        acknowledged.update(r.change_id for r in results)
        with a.store.engine.connect() as conn:  # what is not acknowledged yet is there, byte for byte
            left = [tuple(r) for r in conn.execute(select(t.outbox).order_by(t.outbox.c.seq))]
        assert left == [r for r in outbox if r[1] not in acknowledged]
        return confirmed

    monkeypatch.setattr(a.replica, "acknowledge", checked)
    report = a.sync(batch_size=100)
    assert report.pushed == len(outbox) > 500 and report.pending == 0 and report.verified
    assert sorted(world.applied_change_ids(a.device_id)) == sorted(r[1] for r in outbox)  # each exactly once
    pages_after, free_after = _file_pages(a.store)
    assert free_after < 16 + 100  # at most what the last batches left below the threshold
    # The file gave back at least what the outbox's rows held (its indexes came with them). In pages it
    # is less than it was in 4 KiB pages (the file has fewer, larger ones): 125 -> 107 in 16 KiB pages.
    assert (pages_before - pages_after) * NEW_DB_PAGE_SIZE >= outbox_bytes > 200_000
    assert database.integrity_check(a.store.engine) == []


def test_new_records_keep_room_for_their_share_and_it_counts_only_once_synced(world):
    """A record made here holds t.UNSYNCED_SHARE (8 bytes, as the share the push writes: confirming it
    does not grow the row) and is not in the digest until the server has it."""
    _, (u1,) = world.office("olha")
    a = world.client(u1)
    populate(a.cases, 3, seed=2)
    with a.store.engine.connect() as conn:
        assert {r[0] for r in conn.exec_driver_sql("SELECT server_share FROM records")} == {t.UNSYNCED_SHARE}
    assert a.replica.recompute_digest() == a.replica.digest() and a.replica.digest().count == 0
    assert a.sync().verified
    duplicates_checked(world.db)  # flags the server's later check raises (other tests' same people) are brought too
    assert a.sync().verified
    assert a.synced_records() == world.server_shares(a.store.office_id)
    assert a.replica.recompute_digest() == a.replica.digest() and a.replica.digest().count > 20
