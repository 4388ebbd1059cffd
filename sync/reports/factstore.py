"""Writing fact rows: replace the facts of some cases, the same way on SQLite/SQLCipher and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, Table, delete

from sync.records.schema import NEED_DOMAINS
from sync.reports.facts import (
    FACT_TABLE_NAMES,
    FACT_TYPES,
    STATE_FIELDS,
    CaseFacts,
    Record,
    case_facts,
    need_column,
)

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


def fill_latest_columns(conn: Connection) -> None:
    """Set rf_cases' LATEST_COLUMNS from the stage-change and assessment facts already there, the same
    values `case_facts` gives (a migration's backfill: no record is decoded again). Portable SQL."""
    def newest(column: str, source: str, date_col: str, extra: str = "") -> str:
        alias = "x"
        return (f"(SELECT {alias}.{column} FROM {source} {alias} WHERE {alias}.case_id = rf_cases.case_id{extra} "
                f"ORDER BY {alias}.{date_col} DESC, {alias}.id DESC LIMIT 1)")

    sets = ["state_changed_on = (SELECT max(s.changed_on) FROM rf_stage_changes s "
            "WHERE s.case_id = rf_cases.case_id)"]
    sets += [f"{name}_last = " + newest("to_value", "rf_stage_changes", "changed_on", f" AND x.field = '{name}'")
             for name in STATE_FIELDS]
    sets.append("assessed_on = (SELECT max(a.assessed_on) FROM rf_assessments a WHERE a.case_id = rf_cases.case_id)")
    sets += [f"{need_column(d)} = " + newest(d, "rf_assessments", "assessed_on") for d in NEED_DOMAINS]
    conn.exec_driver_sql("UPDATE rf_cases SET " + ", ".join(sets))
