"""Locking drops the key for good: the engine, wherever a reference to it survives, stops working."""

from __future__ import annotations

import gc
import threading

import pytest
from sqlalchemy import text

from desktop.services.cases import Registration
from desktop.services.search import CaseSearch
from desktop.store.database import DatabaseKey, StoreClosed, open_engine
from desktop.store.keyslots import KeySlots
from desktop.store.store import unlock_store
from tests.conftest import TEST_PASSWORD


def _register(cases, surname="Замкненко"):
    return cases.register(Registration(person={"surname": surname, "given_name": "Тарас", "birth_date": "1980-02-03"}))


def _reachable(root, depth: int = 4) -> list:
    """Every object reachable from `root` through closures, attributes, slots and containers."""
    seen, out, todo = set(), [], [(root, 0)]
    while todo:
        obj, d = todo.pop()
        if id(obj) in seen or d > depth:
            continue
        seen.add(id(obj))
        out.append(obj)
        children = []
        if callable(obj) and getattr(obj, "__closure__", None):
            children += [c.cell_contents for c in obj.__closure__ if c.cell_contents is not None]
        if isinstance(obj, DatabaseKey):
            children += [getattr(obj, name) for name in DatabaseKey.__slots__ if name != "__weakref__"]
        if isinstance(obj, (list, tuple, set)):
            children += list(obj)
        if isinstance(obj, dict):
            children += list(obj.values())
        todo += [(c, d + 1) for c in children]
    return out


def _connect_hooks(engine) -> list:
    return list(engine.pool.dispatch.connect) + list(engine.pool.dispatch.checkout)


def _holds_key(engine, key: bytes) -> bool:
    for hook in _connect_hooks(engine):
        for obj in _reachable(hook):
            if isinstance(obj, (bytes, bytearray)) and key in bytes(obj):
                return True
            if isinstance(obj, str) and key.hex() in obj:
                return True
    return False


def test_engine_refuses_after_close(store, cases):
    _register(cases)
    engine = store.engine
    store.close()
    with pytest.raises(StoreClosed) as err, engine.connect() as conn:
        conn.execute(text("select count(*) from case_index")).scalar()
    message = str(err.value)
    assert "заблоковано" in message and "locked" in message
    assert "Замкненко" not in message and str(store.data_dir) not in message
    with pytest.raises(StoreClosed):
        store.get_meta("device_id")  # every service goes through the same engine
    with pytest.raises(StoreClosed):
        store.add_user("petro", "інший-пароль-2")
    assert store.closed and store._key == b""


def test_a_kept_case_search_stops_working(store, cases):
    _register(cases)
    search = CaseSearch(store.engine)  # as AppContext or a worker thread might keep it
    assert search.search("Замкненко")
    store.close()
    with pytest.raises(StoreClosed):
        search.search("Замкненко")


def test_the_hook_no_longer_references_the_key(store):
    key = KeySlots(store.data_dir).unlock("olena", TEST_PASSWORD)
    assert _holds_key(store.engine, key), "the check must see the key while unlocked"
    store.close()
    gc.collect()
    assert not _holds_key(store.engine, key)
    assert "wiped" in repr(store._db_key) and key.hex() not in repr(store._db_key)


def test_connection_checked_out_across_the_lock_is_closed_when_returned(store, cases):
    _register(cases)
    engine = store.engine
    conn = engine.connect()  # a worker thread in the middle of a query
    conn.execute(text("select count(*) from records")).scalar()
    store.close()
    conn.close()  # returned after the lock: invalidated, not pooled
    with pytest.raises(StoreClosed):
        engine.connect()


def test_close_is_idempotent_and_a_new_unlock_works(store, cases):
    cs = _register(cases)
    store.close()
    store.close()
    reopened = unlock_store(store.data_dir, "olena", TEST_PASSWORD)
    try:
        assert not reopened.closed
        with reopened.engine.connect() as conn:
            surname = conn.execute(text("select surname from case_index where case_id = :c"),
                                   {"c": next(iter(cs.case_ids))}).scalar()
        assert surname == "Замкненко"
        with pytest.raises(StoreClosed):
            store.engine.connect()  # the old engine stays locked
    finally:
        reopened.close()


def test_close_while_other_threads_query(store, cases):
    _register(cases)
    engine = store.engine
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                with engine.connect() as conn:
                    conn.execute(text("select count(*) from case_index")).scalar()
            except StoreClosed:
                return
            except BaseException as exc:  # noqa: BLE001 - anything else is a bug
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for th in threads:
        th.start()
    store.close()
    for th in threads:
        th.join(timeout=10)
    stop.set()
    assert not errors
    assert not any(th.is_alive() for th in threads)
    with pytest.raises(StoreClosed):
        engine.connect()


def test_key_holder_wipes_in_place():
    holder = DatabaseKey(b"\x07" * 32)
    buf = holder._buf
    holder.wipe()
    assert bytes(buf) == b"\x00" * 32
    with pytest.raises(StoreClosed):
        holder.get()
    with pytest.raises(TypeError):
        import pickle
        pickle.dumps(holder)


def test_plain_engine_wrapping_bytes_is_locked_by_close_engine(tmp_path):
    from desktop.store.database import close_engine

    engine = open_engine(tmp_path / "x.db", b"\x02" * 32)
    with engine.connect() as conn:
        conn.exec_driver_sql("create table t (x)")
        conn.commit()
    close_engine(engine)
    with pytest.raises(StoreClosed):
        engine.connect()


def test_pool_reuses_the_warm_connection(store):
    """LIFO pool: after parallel readers, one thread's sequential work stays on one connection
    (one filled page cache), and no more than POOL_SIZE connections stay open."""
    from desktop.store.database import POOL_SIZE

    engine = store.engine
    held = [engine.connect() for _ in range(POOL_SIZE + 2)]  # parallel readers, some overflow
    for conn in held:
        conn.exec_driver_sql("select count(*) from records").scalar()
    for conn in held:
        conn.close()
    assert engine.pool.checkedin() <= POOL_SIZE
    seen = set()
    for _ in range(5):
        with engine.connect() as conn:
            seen.add(id(conn.connection.dbapi_connection))
    assert len(seen) == 1


def test_locking_forgets_the_names_the_matcher_folded(store, cases):
    """The duplicate matcher remembers name forms (sync.matching.skeleton): people's names, gone at lock."""
    from sync.matching import skeleton

    skeleton.cache_clear()
    _register(cases, surname="Запамʼятайло")
    skeleton("Запамʼятайло")
    assert skeleton.cache_info().currsize > 0
    store.close()
    assert skeleton.cache_info().currsize == 0


def test_locking_forgets_the_phone_numbers_normalised(store):
    """normalize_phone remembers what it parsed and what it gave (E.164): people's numbers, gone at lock."""
    from sync.records import identifiers

    e164 = identifiers.normalize_phone("067 123 45 67")
    assert identifiers.normalize_phone(e164) == e164 and e164 in identifiers._RECENT_E164
    store.close()
    assert identifiers._e164.cache_info().currsize == 0 and not identifiers._RECENT_E164


def test_locking_forgets_the_names_and_numbers_folded_into_search_terms(store, cases):
    """The projection remembers names, their tokens and spellings, and phone numbers it folded into
    search terms (desktop.store.search_terms): people's data, gone at lock."""
    from desktop.store import search_terms

    cases.register(Registration(person={"surname": "Запамʼятайленко", "given_name": "Тарас", "birth_date": "1980-02-03",
                                        "phones": ["+380671234567"]}))
    caches = (search_terms._part_tokens, search_terms._latin, search_terms._name_terms, search_terms._name_of,
              search_terms._phone_keys, search_terms._phone_terms)
    assert all(cached.cache_info().currsize > 0 for cached in caches)
    store.close()
    assert [cached.cache_info().currsize for cached in caches] == [0] * len(caches)
