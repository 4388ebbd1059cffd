"""sync.server.bulk: lookups by many ids in one statement and inserts of tuples, against the slow, obvious
definition, on each backend."""

from __future__ import annotations

from sqlalchemy import func, select

from sync.server import models as m
from sync.server.bulk import bulk_insert, bulk_insert_tuples, id_chunks, in_


def _records(n: int) -> list[dict]:
    return [{"id": f"r-{i:05d}", "type": "person", "case_id": f"c-{i % 7}", "office_id": "o-1", "data": "{}",
             "field_meta": "{}", "deleted": False, "seq": i + 1, "hlc": i, "hash": "h"} for i in range(n)]


def test_a_lookup_by_thousands_of_ids_is_one_statement_and_finds_each_once(engine):
    """More ids than SQLite's old bound on parameters (the lookups were cut in chunks of 900): one list,
    bound as one parameter on both backends; numbers compared as numbers, unknown ids found nowhere."""
    r = m.records.c
    with engine.begin() as conn:
        bulk_insert(conn, m.records, _records(2500))
        ids = [f"r-{i:05d}" for i in range(0, 2500, 2)] + ["r-missing", "it's \"odd\" ї"]
        chunks = id_chunks(conn, ids + ids[:10])
        assert chunks == [sorted(set(ids))]
        found = conn.execute(select(r.id).where(in_(conn, r.id, chunks[0]))).scalars().all()
        assert sorted(found) == [f"r-{i:05d}" for i in range(0, 2500, 2)]
        seqs = conn.execute(select(r.seq).where(in_(conn, r.seq, [1, 2, 2500, 2501]))).scalars().all()
        assert sorted(seqs) == [1, 2, 2500]
        assert conn.execute(select(func.count()).select_from(m.records).where(in_(conn, r.id, []))).scalar() == 0
        assert id_chunks(conn, []) == []


def test_rows_inserted_as_tuples_are_the_rows_inserted_as_dicts(engine):
    rows = _records(3)
    names = list(rows[0])
    with engine.begin() as conn:
        bulk_insert_tuples(conn, m.records, names, [tuple(row.values()) for row in rows])
        bulk_insert_tuples(conn, m.records, names, [])
        stored = conn.execute(select(*[m.records.c[n] for n in names]).order_by(m.records.c.seq)).all()
    assert [dict(zip(names, row, strict=True)) for row in stored] == rows

