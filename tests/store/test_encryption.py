"""The database file and its WAL are encrypted: no plaintext names, no SQLite header, key required."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import text

from desktop.services.cases import Registration
from desktop.store.database import DatabaseUnreadable, check_readable, open_engine
from desktop.store.keyslots import KeySlots
from desktop.store.store import unlock_store
from tests.conftest import TEST_PASSWORD

# Synthetic, deliberately distinctive values: if any byte sequence of them appears on disk, it leaked.
SURNAME = "Щербатюківська"
GIVEN = "Олімпіада"
PHONE = "+380671112233"


def _register(cases):
    return cases.register(Registration(
        person={"surname": SURNAME, "given_name": GIVEN, "birth_date": "1961-05-04", "sex": "female",
                "phones": [PHONE]},
        displacement={"idp_certificate_number": "7777-1234567890"},
    ))


def _disk_bytes(store) -> dict[str, bytes]:
    out = {}
    for suffix in ("", "-wal"):
        path = store.db_path.with_name(store.db_path.name + suffix)
        if path.exists():
            out[path.name] = path.read_bytes()
    return out


def test_database_and_wal_hold_no_plaintext(store, cases):
    _register(cases)
    files = _disk_bytes(store)
    assert "poruch.db-wal" in files and len(files["poruch.db-wal"]) > 0, "the test must look at a live WAL"
    for name, data in files.items():
        assert not data.startswith(b"SQLite format 3"), name
        for needle in (SURNAME, GIVEN, PHONE, "7777-1234567890", "records", "surname"):
            assert needle.encode("utf-8") not in data, (name, needle)
    # After a checkpoint the pages live in the main file: still nothing readable there.
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    data = store.db_path.read_bytes()
    assert SURNAME.encode() not in data and not data.startswith(b"SQLite format 3")


def test_wrong_key_cannot_read(store, cases):
    _register(cases)
    engine = open_engine(store.db_path, b"\x01" * 32)
    with pytest.raises(DatabaseUnreadable) as err:
        check_readable(engine)
    assert "ключ" in str(err.value)
    engine.dispose()


def test_separate_sqlcipher4_reader_with_right_key(store, cases):
    _register(cases)
    key = KeySlots(store.data_dir).unlock("olena", TEST_PASSWORD)
    store.close()
    # A separate process with the plain sqlcipher3 DB-API (no SQLAlchemy, none of our code).
    script = textwrap.dedent(f"""
        import json, sqlcipher3
        conn = sqlcipher3.connect({str(store.db_path)!r})
        conn.execute("PRAGMA key = \\"x'{key.hex()}'\\"")
        version = conn.execute("PRAGMA cipher_version").fetchone()[0]
        rows = [json.loads(r[0]) for r in conn.execute("select data from records where type='person'")]
        print(json.dumps({{"version": version, "surnames": [r["surname"] for r in rows]}}, ensure_ascii=False))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert '"surnames": ["' + SURNAME + '"]' in out
    assert '"version": "4.' in out


def test_pragmas_are_durable(store):
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA cache_size")).scalar() <= -100_000
        assert conn.execute(text("PRAGMA temp_store")).scalar() == 2  # MEMORY: no temp files


def test_unlock_after_close_reads_the_same_data(store, cases):
    cs = _register(cases)
    store.close()
    reopened = unlock_store(store.data_dir, "olena", TEST_PASSWORD)
    with reopened.engine.connect() as conn:
        surname = conn.execute(text("select surname from case_index where case_id = :c"),
                               {"c": next(iter(cs.case_ids))}).scalar()
    reopened.close()
    assert surname == SURNAME
