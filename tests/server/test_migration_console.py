"""Migration 0003 (console administration) on a server that already holds offices, users and laptops.

SQLite rebuilds a table to drop a constraint; with foreign keys enforced that failed on any populated
database (DROP TABLE organisations while users refer to it) though a fresh one migrated fine.
"""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from sync.server import models as m
from sync.server.db import make_engine
from sync.server.migrations import alembic_config, upgrade
from tests.server.conftest import backends
from tests.support.server_process import make_database_url


@pytest.mark.parametrize("backend", backends())
def test_a_populated_server_upgrades_and_keeps_its_rows(tmp_path, backend):
    db = make_database_url(tmp_path, backend)
    engine = make_engine(db.url)
    try:
        with engine.connect() as conn:
            command.upgrade(alembic_config(conn), "0002_attachment_blobs")
            conn.commit()
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO organisations (id, kind, name, katottg, parent_id, created_at) VALUES "
                              "('m', 'ministry', 'M', NULL, NULL, 1), ('r', 'raion', 'R', 'UA01', 'm', 1), "
                              "('o1', 'office', 'O', 'UA0101', 'r', 1)"))
            conn.execute(text("INSERT INTO users (id, username, display_name, password_hash, role, org_id, active, "
                              "created_at) VALUES ('u1', 'anna', 'A', 'h', 'caseworker', 'o1', true, 1)"))
            conn.execute(text("INSERT INTO devices (id, name, org_id, secret_hash, enrolled_by, created_at) "
                              "VALUES ('d1', 'laptop', 'o1', 's', 'u1', 1)"))
        upgrade(engine)
        with engine.begin() as conn:
            assert conn.execute(select(m.users.c.username, m.users.c.must_change_password)).all() == [("anna", False)]
            assert conn.execute(select(m.devices.c.rejected_changes)).scalar_one() == 0
            # A second office in the same hromada is allowed now; a second raion with one code is not.
            conn.execute(m.organisations.insert().values(id="o2", kind="office", name="O2", katottg="UA0101",
                                                         parent_id="r", created_at=2))
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(m.organisations.insert().values(id="r2", kind="raion", name="R2", katottg="UA01",
                                                         parent_id="m", created_at=2))
        if backend == "sqlite":
            with engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # enforced again afterwards
    finally:
        engine.dispose()
        db.cleanup()
