"""The highest change number kept beside the database (sync.server.restore_guard), on a real database
(SQLite, and PostgreSQL when set): followed while serving, and a database found below it at start begins a
new epoch once. The whole story, with a real backup put back under a running server and laptops, is
tests/sync/test_server_restored.py."""

from __future__ import annotations

import json
import time

from sqlalchemy import select

from sync.server import models as m
from sync.server.db import write_transaction
from sync.server.restore_guard import MarkKeeper, check_at_start, read_mark, write_mark
from sync.server.store import set_seq


def _epoch(engine) -> tuple[str, int]:
    with engine.connect() as conn:
        return tuple(conn.execute(select(m.server_state.c.epoch, m.server_state.c.epoch_seq)).one())


def test_the_kept_number_follows_the_counter_while_serving(engine, tmp_path):
    keeper = MarkKeeper(engine, tmp_path, every_s=0.02).start()
    try:
        with write_transaction(engine) as conn:
            set_seq(conn, 42)
        deadline = time.monotonic() + 20
        while read_mark(tmp_path) != 42:
            assert time.monotonic() < deadline, f"the number kept is {read_mark(tmp_path)}"
            time.sleep(0.02)
        with write_transaction(engine) as conn:
            set_seq(conn, 57)
    finally:
        keeper.stop()
    assert read_mark(tmp_path) == 57  # written once more at stop


def test_a_database_below_the_kept_number_begins_a_new_epoch_once(engine, tmp_path):
    epoch_before = _epoch(engine)
    assert len(epoch_before[0]) == 16 and epoch_before[1] == 0
    assert check_at_start(engine, tmp_path) is None and read_mark(tmp_path) == 0  # a new server: nothing kept
    with write_transaction(engine) as conn:
        set_seq(conn, 40)
    write_mark(tmp_path, 90)  # the server had seen 90; the database says 40: put back
    epoch = check_at_start(engine, tmp_path)
    assert epoch is not None and _epoch(engine) == (epoch, 40) and epoch != epoch_before[0]
    assert read_mark(tmp_path) == 40
    with engine.connect() as conn:
        action, ids = conn.execute(select(m.audit_log.c.action, m.audit_log.c.object_ids)
                                   .order_by(m.audit_log.c.id.desc()).limit(1)).one()
    assert action == "server_restored" and json.loads(ids)["kept_number"] == 90
    assert check_at_start(engine, tmp_path) is None and _epoch(engine) == (epoch, 40)  # once


def test_an_unreadable_kept_number_is_no_restore(engine, tmp_path):
    (tmp_path / "highest-change-number").write_text("not a number\n", encoding="ascii")
    assert check_at_start(engine, tmp_path) is None
    assert read_mark(tmp_path) == 0
