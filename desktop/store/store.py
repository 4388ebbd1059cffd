"""The encrypted local store of one data directory: create, unlock, users, lock, destroy.

A data directory holds `poruch.db` (SQLCipher), its WAL, `keyslots.json` and backups. Nothing
else in it holds personal data.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from desktop.store import tables as t
from desktop.store.database import (
    DB_FILE,
    DatabaseKey,
    StoreClosed,
    check_readable,
    close_engine,
    migrate,
    open_engine,
    writing,
)
from desktop.store.files import store_exists
from desktop.store.keyslots import KeySlots, SlotInfo
from desktop.store.projection import Projector
from sync.records.identifiers import forget_recent_phones
from sync.records.ids import new_id

log = logging.getLogger(__name__)

__all__ = ["NoStore", "OpenStore", "StoreClosed", "StoreError", "StoreExists", "create_store",
           "refresh_listed_flags", "store_exists", "unlock_store"]


class StoreError(Exception):
    pass


class StoreExists(StoreError):
    pass


class NoStore(StoreError):
    pass


@dataclass
class OpenStore:
    """An unlocked store: the engine, the user who unlocked it, the key (for adding users).

    The key lives in one DatabaseKey shared with the engine's connect hook; `close()` wipes it,
    so the engine, wherever a reference to it survives, can no longer open a connection.
    `projector` rebuilds the case list and search rows with the hostilities list in force: every
    writer of this store projects through it.
    """

    data_dir: Path
    engine: Engine
    user: SlotInfo
    _db_key: DatabaseKey
    migrated_backup: str | None = None
    projector: Projector = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.projector = Projector(self.data_dir)

    @property
    def _key(self) -> bytes:
        """The raw key while unlocked, b"" once locked."""
        return b"" if self._db_key.closed else self._db_key.get()

    @property
    def closed(self) -> bool:
        return self._db_key.closed

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILE

    def get_meta(self, key: str, default=None):
        with self.engine.connect() as conn:
            value = conn.execute(select(t.meta.c.value).where(t.meta.c.key == key)).scalar()
        return default if value is None else json.loads(value)

    def set_meta(self, key: str, value, conn=None) -> None:
        stmt = sqlite_insert(t.meta).values(key=key, value=json.dumps(value))
        stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={"value": stmt.excluded.value})
        if conn is not None:
            conn.execute(stmt)
            return
        with writing(self.engine) as c, c.begin():
            c.execute(stmt)

    @property
    def device_id(self) -> str:
        return self.get_meta("device_id")

    @property
    def office_id(self) -> str:
        return self.get_meta("office_id")

    def add_user(self, username: str, password: str, *, display_name: str = "", role: str = "caseworker"):
        KeySlots(self.data_dir).add(username, password, self._db_key.get(), display_name=display_name, role=role)

    def reset_password(self, username: str, new_password: str) -> None:
        KeySlots(self.data_dir).set_password(username, new_password, self._db_key.get())

    def close(self) -> None:
        """Lock: wipe the key (the engine's connect hook refuses from now on), close the pool.

        Idempotent. Any later use of `engine` raises StoreClosed; unlock again for a new store.
        """
        self._db_key.wipe()
        close_engine(self.engine)
        forget_recent_phones()  # the normaliser's memory of numbers it saw while unlocked


LISTED_EDITION_META = "hostilities_edition"


def refresh_listed_flags(store: OpenStore, *, force: bool = False) -> bool:
    """Re-flag every case's origin against the hostilities/occupation list in force, once per edition.

    `poruch reference load-hostilities` needs no password, so it cannot touch the database: the
    case list's flag and filter (case_index.origin_listed) of cases saved before would keep the
    old edition's answer. The first unlock after a new edition fixes them in one transaction (one
    scan of case_index, a lookup per distinct origin). Returns whether anything was recomputed.
    """
    from sync.reference import get_hostilities_list

    current = get_hostilities_list(store.data_dir)
    if not force and store.get_meta(LISTED_EDITION_META) == current.sha256:
        return False
    listed = store.projector.listed
    ci = t.case_index
    with writing(store.engine) as conn, conn.begin():
        codes = conn.execute(select(ci.c.origin_katottg).where(ci.c.origin_katottg.is_not(None)).distinct()).scalars()
        on = [(code,) for code in codes if code and listed(code)]
        conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS listed_now (code TEXT PRIMARY KEY)")
        conn.exec_driver_sql("DELETE FROM listed_now")
        if on:
            conn.exec_driver_sql("INSERT INTO listed_now (code) VALUES (?)", on)
        conn.exec_driver_sql("UPDATE case_index SET origin_listed = 1 WHERE origin_listed = 0 "
                             "AND origin_katottg IN (SELECT code FROM listed_now)")
        conn.exec_driver_sql("UPDATE case_index SET origin_listed = 0 WHERE origin_listed != 0 "
                             "AND (origin_katottg IS NULL OR origin_katottg NOT IN (SELECT code FROM listed_now))")
        conn.exec_driver_sql("DROP TABLE listed_now")
        store.set_meta(LISTED_EDITION_META, current.sha256, conn)
    return True




def create_store(data_dir: Path, username: str, password: str, *, display_name: str = "",
                 role: str = "supervisor", office_id: str | None = None, office_name: str = "",
                 meta: dict | None = None) -> OpenStore:
    """A new store with a random key and its first user; a standalone office unless `meta` binds it."""
    data_dir = Path(data_dir)
    if store_exists(data_dir) or (data_dir / DB_FILE).exists():
        raise StoreExists(f"У теці вже є база даних «Поруч»: {data_dir} / A Poruch store already exists there.")
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(data_dir, 0o700)
    except OSError:
        pass
    key = DatabaseKey(os.urandom(32))
    slots = KeySlots(data_dir)
    slots.add(username, password, key.get(), display_name=display_name, role=role)
    engine = open_engine(data_dir / DB_FILE, key)
    migrate(engine, data_dir / DB_FILE)
    store = OpenStore(data_dir, engine, SlotInfo(username, display_name or username, role), key)
    initial = {"device_id": new_id(), "office_id": office_id or new_id(), "office_name": office_name,
               "mode": "standalone", "cursor": 0, "clock_offset_ms": 0}
    initial.update(meta or {})
    with writing(engine) as conn, conn.begin():
        for k, v in initial.items():
            store.set_meta(k, v, conn)
    try:
        refresh_listed_flags(store)  # nothing to flag yet: records which edition is in force
    except (OSError, ValueError) as exc:
        log.warning("hostilities list edition not recorded: %s", type(exc).__name__)
    return store


def unlock_store(data_dir: Path, username: str, password: str) -> OpenStore:
    """Unwrap the key with the user's password, open and migrate the database."""
    data_dir = Path(data_dir)
    if not (data_dir / DB_FILE).exists():
        raise NoStore(f"У теці немає бази даних «Поруч»: {data_dir} / No Poruch store in this folder.")
    slots = KeySlots(data_dir)
    key = DatabaseKey(slots.unlock(username, password))
    info = next(u for u in slots.users() if u.username == username)
    engine = open_engine(data_dir / DB_FILE, key)
    try:
        check_readable(engine)
        backup = migrate(engine, data_dir / DB_FILE)
    except Exception:
        close_engine(engine)
        raise
    store = OpenStore(data_dir, engine, info, key, migrated_backup=backup)
    try:
        refresh_listed_flags(store)
    except (OSError, ValueError) as exc:  # reference data unreadable: the flags wait for the next unlock
        log.warning("hostilities list flags not refreshed: %s", type(exc).__name__)
    return store
