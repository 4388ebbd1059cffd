"""The database file and its WAL are encrypted: no plaintext names, no SQLite header, key required."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import text

from desktop.services.cases import CaseService, Registration
from desktop.store import keyslots
from desktop.store.database import DatabaseUnreadable, check_readable, open_engine
from desktop.store.files import NEW_DB_PAGE_SIZE, SLOTS_FILE
from desktop.store.keyslots import KeySlots, SlotsCorrupted
from desktop.store.store import create_store, unlock_store
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
    engine = open_engine(store.db_path, b"\x01" * 32, page_size=KeySlots(store.data_dir).db_page_size)
    with pytest.raises(DatabaseUnreadable) as err:
        check_readable(engine)
    assert "ключ" in str(err.value)
    engine.dispose()


def test_separate_sqlcipher4_reader_with_right_key(store, cases):
    _register(cases)
    slots = KeySlots(store.data_dir)
    key, page_size = slots.unlock("olena", TEST_PASSWORD), slots.db_page_size
    store.close()
    # A separate process with the plain sqlcipher3 DB-API (no SQLAlchemy, none of our code): the key
    # and the page size the key slot file names are all it needs.
    script = textwrap.dedent(f"""
        import json, sqlcipher3
        conn = sqlcipher3.connect({str(store.db_path)!r})
        conn.execute("PRAGMA key = \\"x'{key.hex()}'\\"")
        conn.execute("PRAGMA cipher_page_size = {page_size}")
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


def _pages(store) -> tuple[int, int]:
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return (int(conn.exec_driver_sql("PRAGMA cipher_page_size").scalar()),
                int(conn.exec_driver_sql("PRAGMA page_count").scalar()))


def test_a_new_store_has_16_kib_pages_and_the_slot_file_says_so(store, cases):
    _register(cases)
    doc = json.loads((store.data_dir / SLOTS_FILE).read_text("utf-8"))
    assert doc["db_page_size"] == NEW_DB_PAGE_SIZE == 16_384
    page_size, pages = _pages(store)
    assert page_size == 16_384
    assert store.db_path.stat().st_size == pages * 16_384


def _slot_file_without_page_size(data_dir):
    """The slot file as Poruch wrote it before 16 KiB pages: no db_page_size entry."""
    path = data_dir / SLOTS_FILE
    doc = json.loads(path.read_text("utf-8"))
    del doc["db_page_size"]
    path.write_text(json.dumps(doc), "utf-8")


def test_a_store_made_with_4_kib_pages_still_opens(tmp_path, monkeypatch):
    monkeypatch.setattr(keyslots, "NEW_DB_PAGE_SIZE", 4_096)  # a store made by an earlier version
    old = create_store(tmp_path / "data", "olena", TEST_PASSWORD)
    _register(CaseService(old))
    old.close()
    monkeypatch.undo()
    _slot_file_without_page_size(tmp_path / "data")

    store = unlock_store(tmp_path / "data", "olena", TEST_PASSWORD)
    try:
        assert _pages(store)[0] == 4_096
        with store.engine.connect() as conn:
            rows = [json.loads(r[0]) for r in conn.exec_driver_sql("SELECT data FROM records WHERE type = 'person'")]
        assert [r["surname"] for r in rows] == [SURNAME]
    finally:
        store.close()


def test_the_page_size_in_the_slot_file_is_what_opens_the_store(store, cases):
    """A slot file whose page size is not the file's cannot open it (so the entry is what opens it)."""
    _register(cases)
    store.close()
    _slot_file_without_page_size(store.data_dir)  # now it claims 4 KiB
    with pytest.raises(DatabaseUnreadable):
        unlock_store(store.data_dir, "olena", TEST_PASSWORD)


@pytest.mark.parametrize("bad", [4_000, "16384", None, 0])
def test_a_page_size_sqlcipher_cannot_use_is_a_damaged_slot_file(store, bad):
    store.close()
    path = store.data_dir / SLOTS_FILE
    doc = json.loads(path.read_text("utf-8"))
    doc["db_page_size"] = bad
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(SlotsCorrupted):
        unlock_store(store.data_dir, "olena", TEST_PASSWORD)
