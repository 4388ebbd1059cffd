"""The server's stored release counts (sync.server.release_counts) equal the counts computed from the
facts, after cases are added, edited, transferred and deleted, on SQLite and PostgreSQL, and the
release made from them is the release computed from the facts."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select, update

from desktop.services.synthetic import add_outcomes, populate
from sync.reports.period import month
from sync.server import models as m
from sync.server import release_counts
from sync.server.db import make_engine
from sync.server.migrations import upgrade
from sync.server.orgs import create_office
from sync.server.reports import context, national, refresh_facts
from tests.reports.test_latest_facts import _history
from tests.server.conftest import backends
from tests.server.helpers import KATOTTG_A, KATOTTG_B, KATOTTG_C
from tests.support.server_process import make_database_url


def _months(today: date, n: int = 4):
    out = []
    for back in range(n):
        y, mo = today.year, today.month - back
        if mo <= 0:
            y, mo = y - 1, mo + 12
        out.append(month(y, mo))
    return out


@pytest.fixture(params=backends())
def server(request, tmp_path):
    db = make_database_url(tmp_path, request.param)
    engine = make_engine(db.url)
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()
        db.cleanup()


class Records:
    """The server's records table written directly (as a push leaves it), each write with the next seq."""

    def __init__(self, engine, offices: list[str]):
        self.engine, self.offices = engine, offices

    def _next(self, conn) -> int:
        seq = conn.execute(select(m.server_state.c.seq)).scalar() + 1
        conn.execute(update(m.server_state).values(seq=seq))
        return seq

    def put(self, rows: list[tuple], office_of: dict[str, str]) -> None:
        with self.engine.begin() as conn:
            for rid, rtype, case_id, data, hlc in rows:
                doc = json.loads(data)
                if rtype == "case":
                    doc["office_id"] = office_of[case_id]
                conn.execute(m.records.insert().values(
                    id=rid, type=rtype, case_id=case_id, office_id=office_of[case_id], data=json.dumps(doc),
                    field_meta="{}", deleted=False, seq=self._next(conn), hlc=int(hlc), hash="-"))

    def edit_case(self, case_id: str, **fields) -> None:
        with self.engine.begin() as conn:
            r = m.records.c
            rid, data = conn.execute(select(r.id, r.data).where(r.case_id == case_id, r.type == "case")).one()
            doc = {**json.loads(data), **fields}
            values = {"data": json.dumps(doc), "seq": self._next(conn)}
            if "office_id" in fields:
                conn.execute(update(m.records).where(r.case_id == case_id).values(office_id=fields["office_id"]))
            conn.execute(update(m.records).where(r.id == rid).values(**values))

    def delete_case(self, case_id: str) -> None:
        with self.engine.begin() as conn:
            r = m.records.c
            for (rid,) in conn.execute(select(r.id).where(r.case_id == case_id)).all():
                conn.execute(update(m.records).where(r.id == rid).values(deleted=True, seq=self._next(conn)))


def _assert_stored_equal_the_facts(engine, months) -> None:
    ctx = context()
    with engine.connect() as conn:
        stored = release_counts.read(conn, months)
        for period in months:
            from_facts = release_counts.count(conn, m.fact_tables, ctx.window(period), ctx)
            held = release_counts._flatten(stored[period.code])
            assert held == from_facts, period.code
            assert from_facts  # something is counted
    for level in ("hromada", "oblast"):
        kept = national(engine, months, level=level, use_cache=False)
        computed = national(engine, months, level=level, use_cache=False, stored_counts=False)
        assert {k: v for k, v in kept.items() if k != "generated_at"} == \
            {k: v for k, v in computed.items() if k != "generated_at"}


def test_stored_release_counts_follow_inserts_edits_transfers_and_deletions(server, store, cases):
    ids = populate(cases, 90, seed=21)
    add_outcomes(cases, ids, seed=21)
    _history(cases, ids, date.today())
    with store.engine.connect() as lc:
        rows = lc.exec_driver_sql("SELECT id, type, case_id, data, updated_at FROM records WHERE deleted = 0 "
                                  "AND case_id IS NOT NULL ORDER BY id").all()
    with server.begin() as conn:
        offices = [create_office(conn, f"Офіс {i}", code) for i, code in enumerate((KATOTTG_A, KATOTTG_B, KATOTTG_C))]
    office_of = {c: offices[i % 3] for i, c in enumerate(sorted({r[2] for r in rows}))}
    later = set(sorted(office_of)[:15])  # cases inserted after the counts are stored
    records = Records(server, offices)
    records.put([r for r in rows if r[2] not in later], office_of)
    months = _months(date.today())

    national(server, months, level="hromada")  # counts every month once and stores it
    with server.connect() as conn:
        assert {row[0] for row in conn.execute(select(m.release_months.c.month))} == {p.code for p in months}
        assert conn.execute(select(func.count()).select_from(m.release_counts)).scalar() > 0
    _assert_stored_equal_the_facts(server, months)

    records.put([r for r in rows if r[2] in later], office_of)  # inserts
    open_ids = sorted(c for c in office_of if c not in later)
    for n, case_id in enumerate(open_ids[:12]):  # edits: status, stage, category
        records.edit_case(case_id, **({"status": "closed", "closure_reason": "goals_achieved",
                                       "closed_on": date.today().isoformat()} if n % 3 == 0 else
                                      {"stage": "monitoring"} if n % 3 == 1 else {"category": "returnee"}))
    for case_id in open_ids[12:20]:  # transfers to another office
        records.edit_case(case_id, office_id=offices[(offices.index(office_of[case_id]) + 1) % 3])
    for case_id in open_ids[20:26]:  # deletions
        records.delete_case(case_id)
    assert refresh_facts(server) > 0
    _assert_stored_equal_the_facts(server, months)


def test_counts_of_another_version_are_counted_again(server, store, cases):
    ids = populate(cases, 20, seed=4)
    with store.engine.connect() as lc:
        rows = lc.exec_driver_sql("SELECT id, type, case_id, data, updated_at FROM records WHERE deleted = 0 "
                                  "AND case_id IS NOT NULL").all()
    with server.begin() as conn:
        office = create_office(conn, "Офіс", KATOTTG_A)
    Records(server, [office]).put(rows, {c: office for c in {r[2] for r in rows}})
    months = _months(date.today(), 1)
    national(server, months, level="oblast")
    with server.begin() as conn:
        conn.execute(update(m.release_months).values(version="old"))
        conn.execute(update(m.release_counts).values(n=m.release_counts.c.n + 1000))  # as if counted otherwise
    national(server, months, level="oblast", use_cache=False)
    with server.connect() as conn:
        assert conn.execute(select(m.release_months.c.version)).scalar() != "old"
    assert ids
    _assert_stored_equal_the_facts(server, months)


def test_the_months_counted_least_recently_are_forgotten(server, monkeypatch):
    monkeypatch.setattr(release_counts, "KEEP_MONTHS", 3)
    today = date.today()
    months = _months(today, 5)
    for period in reversed(months):  # oldest first
        national(server, [period], level="oblast", use_cache=False)
    with server.connect() as conn:
        kept = {row[0] for row in conn.execute(select(m.release_months.c.month))}
    assert kept == {p.code for p in months[:3]}
    national(server, months[:2] + months[3:4], level="oblast", use_cache=False)
    with server.connect() as conn:
        kept = {row[0] for row in conn.execute(select(m.release_months.c.month))}
    assert kept == {p.code for p in months[:2] + months[3:4]}


def test_a_refresh_of_very_many_cases_forgets_the_stored_months(server, store, cases, monkeypatch):
    populate(cases, 12, seed=8)
    with store.engine.connect() as lc:
        rows = lc.exec_driver_sql("SELECT id, type, case_id, data, updated_at FROM records WHERE deleted = 0 "
                                  "AND case_id IS NOT NULL").all()
    with server.begin() as conn:
        office = create_office(conn, "Офіс", KATOTTG_A)
    office_of = {c: office for c in {r[2] for r in rows}}
    records = Records(server, [office])
    records.put(rows, office_of)
    months = _months(date.today(), 2)
    national(server, months, level="oblast")
    monkeypatch.setattr(release_counts, "RECOUNT_ABOVE", 2)
    for case_id in sorted(office_of)[:3]:
        records.edit_case(case_id, stage="monitoring")
    assert refresh_facts(server) == 3
    with server.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.release_months)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(m.release_counts)).scalar() == 0
    national(server, months, level="oblast", use_cache=False)  # counted again
    _assert_stored_equal_the_facts(server, months)
