"""The encrypted local store of one data directory: create, unlock, users, lock, destroy.

A data directory holds `poruch.db` (SQLCipher), its WAL, `keyslots.json` and backups. Nothing
else in it holds personal data.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from desktop.store import audit, identity
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
from desktop.store.keyslots import KeySlots, SlotInfo, failed_unlocks_since
from desktop.store.projection import Projector
from desktop.store.search_terms import forget_recent_terms
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
    user: SlotInfo  # the role is the encrypted store's (desktop/store/identity.py), never the slot file's
    _db_key: DatabaseKey
    migrated_backup: str | None = None
    _slot_key: DatabaseKey | None = None  # the signed-in person's slot key: seals their server token
    _secrets: dict | None = None          # what their slot sealed: {"user_token": ...}
    _server_names: dict | None = None     # local user name -> the name the server knows them by
    projector: Projector = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.projector = Projector(self.data_dir)

    @property
    def author(self) -> str:
        """The name the server knows the signed-in person by: the author of their changes."""
        return (self._server_names or {}).get(self.user.username) or self.user.username

    @author.setter
    def author(self, name: str) -> None:
        self._server_names = {**(self._server_names or {}), self.user.username: name}

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

    @property
    def user_token(self) -> str | None:
        """The signed-in person's own server token (None: not signed in to the server yet)."""
        return (self._secrets or {}).get("user_token") if not self.closed else None

    def seal_secrets(self, secrets: dict) -> None:
        """Keep the signed-in person's secrets in their own key slot (no password needed: their slot
        key is held while they are signed in)."""
        if self._slot_key is None:
            raise StoreClosed()
        KeySlots(self.data_dir).seal(self.user.username, self._slot_key.get(), secrets)
        self._secrets = dict(secrets)

    def replace_slot_key(self, slot_key: bytes, secrets: dict) -> None:
        """After the person changed their password: the new slot key is the one that seals."""
        if self._slot_key is not None:
            self._slot_key.wipe()
        self._slot_key, self._secrets = DatabaseKey(slot_key), dict(secrets)

    def add_user(self, username: str, password: str, *, display_name: str = "", role: str = "caseworker",
                 secrets: dict | None = None, signed_in_at: int | None = None) -> None:
        """A key slot and the person's row, in the store's transaction (the slot file first: a
        failure to write the database leaves a slot that the next unlock adopts)."""
        slots = KeySlots(self.data_dir)
        slots.add(username, password, self._db_key.get(), display_name=display_name, secrets=secrets)
        try:
            with writing(self.engine) as conn, conn.begin():
                identity.add_user(conn, username, role=role, display_name=display_name, signed_in_at=signed_in_at)
                audit.append(conn, user=self.author, action="user_added", detail={"username": username, "role": role})
        except Exception:
            slots.remove(username)
            raise

    def reset_password(self, username: str, new_password: str) -> None:
        KeySlots(self.data_dir).set_password(username, new_password, self._db_key.get())
        with writing(self.engine) as conn, conn.begin():
            identity.update_user(conn, username, signed_in_at=None)  # the sealed token went with the old password
            audit.append(conn, user=self.author, action="password_reset", detail={"username": username})

    def close(self) -> None:
        """Lock: wipe the key (the engine's connect hook refuses from now on), close the pool.

        Idempotent. Any later use of `engine` raises StoreClosed; unlock again for a new store.
        """
        self._db_key.wipe()
        if self._slot_key is not None:
            self._slot_key.wipe()
        self._secrets = None
        close_engine(self.engine)
        forget_recent_phones()  # the normaliser's memory of numbers it saw while unlocked
        forget_recent_terms()  # the projection's of names and numbers it folded into search terms
        # And the matcher's of names. Looked up, not imported: a process that never matched (a `poruch sync`)
        # has no names to forget and need not load rapidfuzz at start-up.
        if (matching := sys.modules.get("sync.matching")) is not None:
            matching.forget_recent_names()


FAILED_UNLOCKS_AUDITED = "failed_unlocks_audited_until"


def _sign_in(conn, data_dir: Path, slots: KeySlots, username: str) -> identity.LocalUser:
    """The person's row (made for slots without one: an upgraded store), the failed unlocks since the
    last sign-in, then this sign-in, into the audit log: one transaction."""
    slot_users = slots.users()
    identity.adopt_users(conn, slot_users)
    slots.forget_roles()  # read once, above; from now on the store's rows decide
    me = identity.get_user(conn, username)
    seen = conn.exec_driver_sql("SELECT value FROM meta WHERE key = ?", (FAILED_UNLOCKS_AUDITED,)).scalar()
    until = json.loads(seen) if seen else 0
    failures = failed_unlocks_since(data_dir, until)
    for failure in failures:
        audit.append(conn, user=failure["user"][:100], action="failed_unlock", at=failure["at"])
    if failures:
        conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                             "value = excluded.value", (FAILED_UNLOCKS_AUDITED, json.dumps(failures[-1]["at"])))
    audit.append(conn, user=me.author, action="sign_in")
    return me


def _adopt_meta_token(store: OpenStore) -> None:
    """A store enrolled before tokens were sealed kept them in `meta`: the person's own moves into
    their slot at their first sign-in, and leaves the database (no one else can use it any more)."""
    tokens = store.get_meta("user_tokens") or {}
    legacy = store.get_meta("user_token")
    mine = tokens.pop(store.user.username, None)
    if mine and not store.user_token:
        store.seal_secrets({**(store._secrets or {}), "user_token": mine})
    if mine:
        with writing(store.engine) as conn, conn.begin():
            store.set_meta("user_tokens", tokens, conn)
            if legacy == mine:
                conn.exec_driver_sql("DELETE FROM meta WHERE key = 'user_token'")
            identity.update_user(conn, store.user.username, signed_in_at=audit.now_ms())


LISTED_EDITION_META = "hostilities_edition"


def refresh_listed_flags(store: OpenStore, *, force: bool = False) -> bool:
    """Re-flag every case's origin against the hostilities/occupation list in force, once per edition.

    `poruch reference load-hostilities` needs no password, so it cannot touch the database: the
    case list's flag and filter (case_index.origin_listed) of cases saved before would keep the
    old edition's answer. The first unlock after a new edition fixes them in one transaction (one
    scan of case_index, a lookup per distinct origin). Returns whether anything was recomputed.
    """
    from sync.reference.hostilities import get_hostilities_list, hostilities_sha256

    if not force and store.get_meta(LISTED_EDITION_META) == hostilities_sha256(store.data_dir):
        return False  # the usual unlock: the file's hash, without parsing the list
    current = get_hostilities_list(store.data_dir)
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




def _first_user(conn, store: OpenStore, *, role: str, display_name: str, server_username: str | None,
                signed_in_at: int | None) -> None:
    identity.add_user(conn, store.user.username, role=role, display_name=display_name,
                      server_username=server_username, signed_in_at=signed_in_at)
    audit.append(conn, user=store.author, action="store_created", detail={"role": role})


def create_store(data_dir: Path, username: str, password: str, *, display_name: str = "",
                 role: str = "supervisor", office_id: str | None = None, office_name: str = "",
                 meta: dict | None = None, secrets: dict | None = None, server_username: str | None = None,
                 signed_in_at: int | None = None) -> OpenStore:
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
    opened = slots.add(username, password, key.get(), display_name=display_name, secrets=secrets)
    engine = open_engine(data_dir / DB_FILE, key, page_size=slots.db_page_size)
    migrate(engine, data_dir / DB_FILE)
    store = OpenStore(data_dir, engine, SlotInfo(username, display_name or username, role), key,
                      _slot_key=DatabaseKey(opened.slot_key), _secrets=opened.secrets,
                      _server_names={username: server_username or username})
    initial = {"device_id": new_id(), "office_id": office_id or new_id(), "office_name": office_name,
               "mode": "standalone", "cursor": 0, "clock_offset_ms": 0}
    initial.update(meta or {})
    with writing(engine) as conn, conn.begin():
        for k, v in initial.items():
            store.set_meta(k, v, conn)
        _first_user(conn, store, role=role, display_name=display_name, server_username=server_username,
                    signed_in_at=signed_in_at)
    try:
        refresh_listed_flags(store)  # nothing to flag yet: records which edition is in force
    except (OSError, ValueError) as exc:
        log.warning("hostilities list edition not recorded: %s", type(exc).__name__)
    return store


def unlock_store(data_dir: Path, username: str, password: str, *,
                 on_migrating: Callable[[], None] | None = None) -> OpenStore:
    """Unwrap the key with the user's password, open and migrate the database (`on_migrating`: see migrate)."""
    data_dir = Path(data_dir)
    if not (data_dir / DB_FILE).exists():
        raise NoStore(f"У теці немає бази даних «Поруч»: {data_dir} / No Poruch store in this folder.")
    slots = KeySlots(data_dir)
    opened = slots.open(username, password)
    key = DatabaseKey(opened.db_key)
    engine = open_engine(data_dir / DB_FILE, key, page_size=slots.db_page_size)
    try:
        check_readable(engine)
        backup = migrate(engine, data_dir / DB_FILE, on_migrating=on_migrating)
        with writing(engine) as conn, conn.begin():
            me = _sign_in(conn, data_dir, slots, username)
    except Exception:
        close_engine(engine)
        raise
    store = OpenStore(data_dir, engine, SlotInfo(username, me.display_name, me.role), key, migrated_backup=backup,
                      _slot_key=DatabaseKey(opened.slot_key), _secrets=opened.secrets,
                      _server_names={username: me.author})
    _adopt_meta_token(store)
    try:
        refresh_listed_flags(store)
    except (OSError, ValueError) as exc:  # reference data unreadable: the flags wait for the next unlock
        log.warning("hostilities list flags not refreshed: %s", type(exc).__name__)
    return store
