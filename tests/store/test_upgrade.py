"""Upgrading an old store: a store made by an older version opens with this one, nothing lost.

Like Electrum's wallet-upgrade tests: a store created at an old revision (with synthetic cases)
is unlocked by the current code, which migrates it; the backup taken first exists and every case
reads back identical. Also: a store created fresh and one upgraded have the very same schema.
"""

from __future__ import annotations

import contextlib
import functools
import json

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from desktop.services.cases import CaseService
from desktop.services.reads import iter_cases
from desktop.services.synthetic import populate
from desktop.store import database
from desktop.store import store as store_module
from desktop.store.database import DatabaseKey, _alembic_config, open_engine
from desktop.store.keyslots import KeySlots
from desktop.store.replica import StoreReplica, digest_share
from desktop.store.store import create_store, unlock_store
from sync.wire import digest_item, format_digest, record_hash_of_json
from tests.conftest import TEST_PASSWORD

HEAD = ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
REVISIONS = [r.revision for r in reversed(list(ScriptDirectory.from_config(_alembic_config(None)).walk_revisions()))]


def _create_at(data_dir, revision: str, monkeypatch):
    """A new store whose schema stops at `revision`, as an older version of Poruch made it."""
    with monkeypatch.context() as m:
        m.setattr(store_module, "migrate", functools.partial(database.migrate, target=revision))
        if REVISIONS.index(revision) < REVISIONS.index("0004"):  # no users' table or audit log yet
            m.setattr(store_module, "_first_user", lambda *args, **kwargs: None)
        return create_store(data_dir, "olena", TEST_PASSWORD, office_name="Тестовий офіс")


def _schema(engine) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name != 'alembic_version'"))


def _version(engine) -> str:
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _everything(engine) -> dict:
    """Every case as the app reads it, and every row of the synced and projected tables."""
    with engine.connect() as conn:
        out = {"cases": {cid: json.dumps(bundle, sort_keys=True, ensure_ascii=False, default=str)
                         for cid, bundle in iter_cases(conn)}}
        for table, order in (("records", "id"), ("outbox", "seq"), ("case_index", "case_id"),
                             ("task_index", "task_id"), ("search_terms", "case_id, kind, term"),
                             ("case_terms", "case_id"), ("meta", "key")):
            if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).first():  # 0011: case_terms
                out[table] = [_row(r._asdict()) for r in conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY {order}")]
    return out


@contextlib.contextmanager
def _populated_by_this_code(store):
    """Cases written into a store older than 0010 by this code: it keeps each case's terms in
    case_terms (0011) and room for the digest share of a new record in server_share (0010), which
    those stores do not have. Made for the writes and dropped after them, so `_everything` of the
    old store holds what 0011 must build from its search_terms."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE case_terms (case_id VARCHAR NOT NULL, terms TEXT NOT NULL, "
                             "PRIMARY KEY (case_id)) WITHOUT ROWID")
        conn.exec_driver_sql("ALTER TABLE records ADD COLUMN server_share INTEGER")
    yield
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE case_terms")
        conn.exec_driver_sql("ALTER TABLE records DROP COLUMN server_share")


def _row(row: dict) -> dict:
    """A row by column name; a record's server hash (before 0010) as the digest share it became."""
    if "server_hash" in row:
        hash_hex = row.pop("server_hash")
        row["server_share"] = None if hash_hex is None else digest_share(row["id"], hash_hex)
    return row


def test_revisions_are_linear_and_start_at_0001():
    assert REVISIONS[0] == "0001" and REVISIONS[-1] == HEAD


@pytest.mark.parametrize("start", REVISIONS[:-1] or ["0001"])
def test_fresh_and_upgraded_stores_have_the_same_schema(tmp_path, monkeypatch, start):
    fresh = create_store(tmp_path / "fresh", "olena", TEST_PASSWORD)
    old = _create_at(tmp_path / "old", start, monkeypatch)
    assert _version(old.engine) == start
    old.close()
    upgraded = unlock_store(tmp_path / "old", "olena", TEST_PASSWORD)
    try:
        assert _version(upgraded.engine) == _version(fresh.engine) == HEAD
        assert _schema(upgraded.engine) == _schema(fresh.engine)
    finally:
        fresh.close()
        upgraded.close()


def test_old_store_with_cases_upgrades_without_losing_anything(tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    old = _create_at(data_dir, "0001", monkeypatch)
    with monkeypatch.context() as m:  # the old code had no report facts to queue
        m.setattr("desktop.store.changes.queue_cases", lambda conn, ids: None)
        m.setattr("desktop.services.audit_entries.case_work", lambda conn, **kw: None)  # nor an audit log
        m.setattr("desktop.services.audit_entries.registrations", lambda conn, **kw: None)
        with _populated_by_this_code(old):
            populate(CaseService(old), 40, seed=17)  # Faker uk_UA: synthetic people only
            before = _everything(old.engine)
    assert len(before["cases"]) == len(before["case_terms"]) == 40  # 0011 must build these from search_terms
    old.close()

    store = unlock_store(data_dir, "olena", TEST_PASSWORD)  # the current code: migrates
    try:
        assert _version(store.engine) == HEAD
        assert store.migrated_backup is not None
        backup = data_dir.parent / "data" / "backups"
        assert any(backup.iterdir())
        assert _everything(store.engine) == before
        # The backup is the untouched old store, readable with the same key.
        slots = KeySlots(data_dir)
        copy = open_engine(store.migrated_backup, DatabaseKey(slots.unlock("olena", TEST_PASSWORD)),
                           page_size=slots.db_page_size)
        try:
            assert _version(copy) == "0001"
            assert _everything(copy) == {k: v for k, v in before.items() if k != "case_terms"}
        finally:
            database.close_engine(copy)
    finally:
        store.close()

    again = unlock_store(data_dir, "olena", TEST_PASSWORD)  # already at head: no second backup
    try:
        assert again.migrated_backup is None
        assert _everything(again.engine) == before
    finally:
        again.close()


def test_a_projection_queue_left_in_meta_moves_to_its_table(tmp_path, monkeypatch):
    """A download interrupted under 0008 left the cases to project as a meta list: 0009 keeps them."""
    old = _create_at(tmp_path / "old", "0008", monkeypatch)
    queued = ["case-b", "case-a", "case-c"]
    old.set_meta("projection_queue", queued)
    old.close()
    store = unlock_store(tmp_path / "old", "olena", TEST_PASSWORD)
    try:
        assert _version(store.engine) == HEAD
        assert StoreReplica(store).queued_projections() == sorted(queued)
        assert store.get_meta("projection_queue") is None
    finally:
        store.close()


def test_synced_records_keep_their_digest_share_through_0010(tmp_path, monkeypatch):
    """A store synced under 0009 kept each record's server hash; 0010 keeps its share of the digest."""
    old = _create_at(tmp_path / "old", "0009", monkeypatch)
    with _populated_by_this_code(old):
        populate(CaseService(old), 5, seed=3)
    digest, hashes = 0, {}
    with old.engine.begin() as conn:  # every record synced as the server would have hashed it
        for rid, rtype, case_id, data, deleted in conn.exec_driver_sql(
                "SELECT id, type, case_id, data, deleted FROM records").all():
            hashes[rid] = record_hash_of_json(rtype, case_id, data, bool(deleted))
            digest ^= digest_item(rid, hashes[rid])
        conn.exec_driver_sql("UPDATE records SET server_seq = 1, server_hash = ? WHERE id = ?",
                             [(h, rid) for rid, h in hashes.items()])
        conn.exec_driver_sql("DELETE FROM outbox")
    old.set_meta("digest", format_digest(digest))
    old.set_meta("synced_count", len(hashes))
    old.close()
    store = unlock_store(tmp_path / "old", "olena", TEST_PASSWORD)
    try:
        with store.engine.connect() as conn:
            shares = dict(conn.exec_driver_sql("SELECT id, server_share FROM records").all())
        assert shares == {rid: digest_share(rid, h) for rid, h in hashes.items()}
        replica = StoreReplica(store)
        assert replica.recompute_digest() == replica.digest()
        assert replica.digest().count == len(hashes) > 20
    finally:
        store.close()
