"""Writing fact rows: replace the facts of some cases, the same way on SQLite/SQLCipher and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, Table, delete

from sync.reports.facts import FACT_TABLE_NAMES, FACT_TYPES, CaseFacts, Record, case_facts

CHUNK = 500


def replace_facts(conn: Connection, tables: dict[str, Table], case_ids: Sequence[str],
                  facts: Iterable[CaseFacts]) -> None:
    """Delete every fact row of `case_ids`, then insert `facts` (a case without facts simply has none)."""
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for name in FACT_TABLE_NAMES:
            conn.execute(delete(tables[name]).where(tables[name].c.case_id.in_(chunk)))
    rows: dict[str, list[dict]] = {name: [] for name in FACT_TABLE_NAMES}
    for case in facts:
        for name, table_rows in case.rows.items():
            rows[name] += table_rows
    for name in FACT_TABLE_NAMES:
        if rows[name]:
            conn.execute(tables[name].insert(), rows[name])


def facts_from_rows(rows: Iterable[tuple[str, str, str, str, int]]) -> list[tuple[str, CaseFacts]]:
    """(case id, facts) from live record rows (id, type, case_id, data JSON, hlc), grouped by case."""
    by_case: dict[str, list[Record]] = {}
    loads = json.loads
    for record_id, rtype, case_id, data, hlc in rows:
        if rtype in FACT_TYPES:
            by_case.setdefault(case_id, []).append((record_id, rtype, loads(data), int(hlc or 0)))
    return [(case_id, case_facts(case_id, recs)) for case_id, recs in by_case.items()]
