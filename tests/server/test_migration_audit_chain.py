"""Migration 0005 on a server with an audit log written before it was hash-chained: the old entries are
chained in their order, and the log goes on from there as one chain (one log, not two)."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import select, text

from sync.server import models as m
from sync.server.audit import append, verify_server_chain
from sync.server.db import make_engine, write_transaction
from sync.server.migrations import alembic_config, upgrade
from tests.server.conftest import backends
from tests.support.server_process import make_database_url


@pytest.mark.parametrize("backend", backends())
def test_old_audit_entries_are_chained_and_the_log_continues(tmp_path, backend):
    db = make_database_url(tmp_path, backend)
    engine = make_engine(db.url)
    try:
        with engine.connect() as conn:
            command.upgrade(alembic_config(conn), "0004_reports")
            conn.commit()
        with engine.begin() as conn:
            for n in range(1, 7):
                conn.execute(text("INSERT INTO audit_log (at, user_id, device_id, action, object_ids) "
                                  "VALUES (:at, 'u1', 'd1', 'push', :ids)"), {"at": n, "ids": f'{{"applied": {n}}}'})
        upgrade(engine)
        report = verify_server_chain(engine)
        assert report.ok and report.entries == 6
        with write_transaction(engine) as conn:
            append(conn, "login", {}, user_id="u1")
        report = verify_server_chain(engine)
        assert report.ok and report.entries == 7
        # an old entry edited afterwards breaks the chain at the entry after it
        with engine.begin() as conn:
            conn.execute(m.audit_log.update().where(m.audit_log.c.id == 3).values(object_ids='{"applied": 300}'))
        assert verify_server_chain(engine).broken_at == [3]
        with engine.connect() as conn:
            assert conn.execute(select(m.audit_log.c.hash).where(m.audit_log.c.id == 1)).scalar_one()
    finally:
        engine.dispose()
        db.cleanup()
