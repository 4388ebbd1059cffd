"""Schema migrations, run programmatically (`poruch-server migrate`, and at every `serve`)."""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, insert, select

from sync.migration_files import head_revision, stored_revision

HERE = Path(__file__).resolve().parent


def alembic_config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@cache
def _head() -> str | None:
    return head_revision(HERE / "versions")


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision and make sure the singleton rows exist."""
    from sync.server.models import server_state

    if stored_revision(engine) != _head():  # at every start: alembic only when there is something to do
        _run_alembic(engine)
    with engine.begin() as conn:
        if conn.execute(select(server_state.c.seq).where(server_state.c.id == 1)).first() is None:
            conn.execute(insert(server_state).values(id=1, seq=0, epoch=secrets.token_hex(8), epoch_seq=0))


def _run_alembic(engine: Engine) -> None:
    from alembic import command

    with engine.connect() as conn:
        _sqlite_foreign_keys(conn, False)
        try:
            command.upgrade(alembic_config(conn), "head")
            conn.commit()
            _check_foreign_keys(conn)
        finally:
            _sqlite_foreign_keys(conn, True)


def _sqlite_foreign_keys(conn, on: bool) -> None:
    """SQLite alters a table by copying it and dropping the old one (alembic's batch mode); with foreign keys
    enforced, dropping a table that others refer to fails. The pragma only works outside a transaction, so
    it goes to the driver's connection directly."""
    if conn.dialect.name != "sqlite":
        return
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    finally:
        cursor.close()


def _check_foreign_keys(conn) -> None:
    if conn.dialect.name == "sqlite":
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        conn.rollback()
        if broken:
            raise RuntimeError(f"migration left {len(broken)} broken foreign key(s): {broken[:5]}")
