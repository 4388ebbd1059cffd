"""Reports on the server: its report facts kept current, the office/district report of a scope, and
the analysts' national release with its cache. A small Python API (no HTTP, no Qt): the routes, the
`poruch-server` commands and the web console call these functions.

Facts follow the records by their seq: every record write takes the next seq under the writer lock,
so `SELECT DISTINCT case_id FROM records WHERE seq > cursor` names exactly the cases changed since
the last refresh; their facts are rebuilt (sync.reports.facts, the laptops' code) and the cursor
moves. A release is cached under its request and the seq it was computed at: while no record has
changed, asking again reads one row.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from sqlalchemy import Connection, Engine, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from sync.reports.aggregates import national_release
from sync.reports.compute import Context, compute_report
from sync.reports.definitions import REPORTS
from sync.reports.facts import FACT_TYPES, hromada_of
from sync.reports.factstore import facts_from_rows, replace_facts
from sync.reports.layout import ReportResult
from sync.reports.period import Period
from sync.reports.sdc import DEFAULT_THRESHOLD
from sync.server import models as m
from sync.server import release_counts
from sync.server.bulk import id_chunks, in_
from sync.server.db import now_ms, write_on
from sync.server.store import current_seq

REPORTS_LOCK_KEY = 0x52657074  # "Rept": one facts refresher at a time across server processes
CHUNK = 2000


def facts_cursor(conn: Connection) -> int:
    return conn.execute(select(m.report_state.c.cursor).where(m.report_state.c.id == 1)).scalar() or 0


def refresh_facts(engine: Engine) -> int:
    """Rebuild the facts of every case changed since the last refresh; returns how many cases."""
    with engine.connect() as conn:
        if facts_cursor(conn) >= current_seq(conn):
            return 0  # the common case: nothing changed, no write transaction
        with write_on(conn):
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": REPORTS_LOCK_KEY})
            cursor, top = facts_cursor(conn), current_seq(conn)
            if cursor >= top:
                return 0
            r = m.records.c
            case_ids = sorted(conn.execute(select(r.case_id).where(r.seq > cursor, r.seq <= top).distinct())
                              .scalars())
            if len(case_ids) > release_counts.RECOUNT_ABOVE:
                release_counts.clear(conn)  # counting the months again costs less than following so many cases
            for start in range(0, len(case_ids), CHUNK):
                rebuild_cases(conn, case_ids[start:start + CHUNK])
            conn.execute(update(m.report_state).where(m.report_state.c.id == 1).values(cursor=top))
            return len(case_ids)


def rebuild_cases(conn: Connection, case_ids: list[str]) -> None:
    r = m.records.c
    rows = []
    for chunk in id_chunks(conn, case_ids):
        rows += conn.execute(select(r.id, r.type, r.case_id, r.data, r.hlc)
                             .where(in_(conn, r.case_id, chunk), r.deleted.is_(False),
                                    r.type.in_(FACT_TYPES))).all()
    delta = release_counts.Delta(conn, case_ids, context)  # the stored release counts follow the facts
    replace_facts(conn, m.fact_tables, case_ids, [f for _, f in facts_from_rows(rows)])
    delta.apply()


@lru_cache(maxsize=1)
def _listed():
    from sync.reference import get_hostilities_list

    hostilities = get_hostilities_list(None)

    @lru_cache(maxsize=1 << 14)
    def listed(code: str, day: date) -> bool:
        return bool(hostilities.current_for(code, on=day))

    return listed


def context(today: date | None = None) -> Context:
    return Context(today or date.today(), _listed())


def office_names(conn: Connection, office_ids: Iterable[str]) -> list[tuple[str, str]]:
    o = m.organisations.c
    ids = sorted(set(office_ids))
    rows = {row.id: row.name for row in conn.execute(select(o.id, o.name).where(o.id.in_(ids)))} if ids else {}
    return sorted(((i, rows.get(i, i)) for i in ids), key=lambda item: item[1])


def scope_report(engine: Engine, office_ids: Iterable[str], period: Period, *, layout: str = "office",
                 lang: str = "uk", scope_name: str = "", today: date | None = None) -> ReportResult:
    """The office report (all offices together) or the district report (a column per office) of
    these offices, from the server's facts: the same numbers a laptop holding them computes."""
    refresh_facts(engine)
    with engine.connect() as conn:
        offices = office_names(conn, office_ids)
        scope = scope_name or ", ".join(name for _, name in offices)
        definition = REPORTS["district" if layout == "district" else "office"]
        return compute_report(conn, m.fact_tables, definition, period, context(today), lang=lang, scope=scope,
                              offices=offices, layout=layout)


def office_hromadas(conn: Connection) -> dict[str, str | None]:
    o = m.organisations.c
    return {row.id: hromada_of(row.katottg) for row in
            conn.execute(select(o.id, o.katottg).where(o.kind == "office"))}


def national(engine: Engine, months: list[Period], *, level: str = "oblast", lang: str = "uk",
             threshold: int = DEFAULT_THRESHOLD, only: list[str] | None = None,
             today: date | None = None, use_cache: bool = True, stored_counts: bool = True) -> dict:
    """The analysts' release as JSON (sync.reports.aggregates), cached while no record changes (in the
    database for every server process, and the latest few in this process's memory). Not cached, it is
    made from the months' stored counts (sync.server.release_counts; a month not stored yet is counted
    and stored first), or with `stored_counts=False` computed from the facts."""
    refresh_facts(engine)
    today = today or date.today()
    key_source = json.dumps([level, lang, threshold, [p.code for p in months], sorted(only or []), today.isoformat()])
    key = hashlib.sha256(key_source.encode()).hexdigest()
    c = m.aggregate_cache.c
    with engine.connect() as conn:
        seq = current_seq(conn)
        if use_cache:
            held = _recent.get((str(engine.url), key))
            if held is not None and held[0] == seq:
                return held[1]
            cached = conn.execute(select(c.payload).where(c.key == key, c.seq == seq)).scalar()
            if cached is not None:
                payload = json.loads(cached)
                _remember((str(engine.url), key), seq, payload)
                return payload
        ctx = context(today)
        cubes_of = None
        if stored_counts:
            if not release_counts.held(conn, months, ctx):
                with write_on(conn):
                    if conn.dialect.name == "postgresql":
                        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": REPORTS_LOCK_KEY})
                        conn.exec_driver_sql("SET LOCAL jit = off")
                    release_counts.ensure(conn, months, ctx)
            stored = release_counts.read(conn, months)
            cubes_of = lambda period: stored[period.code]  # noqa: E731
        hromadas = office_hromadas(conn)
        release = national_release(conn, m.fact_tables, months, ctx, level=level, threshold=threshold,
                                   lang=lang, office_hromada=hromadas.get, only=only, cubes_of=cubes_of)
        payload = release.to_json()
        try:
            with write_on(conn):
                conn.execute(delete(m.aggregate_cache).where(c.key == key))
                conn.execute(delete(m.aggregate_cache).where(c.seq < seq))  # releases of older data are useless
                conn.execute(insert(m.aggregate_cache).values(key=key, seq=seq, created_at=now_ms(),
                                                              payload=json.dumps(payload, ensure_ascii=False)))
        except IntegrityError:
            pass  # another process cached the same release meanwhile
    _remember((str(engine.url), key), seq, payload)
    return payload


# The releases this process computed or read lately, with the seq they are of: asking again while no
# record changed costs a seq query, not reading and parsing the stored release (a release by hromada is
# megabytes of JSON: 0.4 s). Callers read a release, never change it.
_recent: dict[tuple[str, str], tuple[int, dict]] = {}
_recent_lock = threading.Lock()


def _remember(key: tuple[str, str], seq: int, payload: dict) -> None:
    with _recent_lock:
        if len(_recent) >= 8:
            _recent.pop(next(iter(_recent)))
        _recent[key] = (seq, payload)
