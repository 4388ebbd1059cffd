"""A server restored from an older backup, for real (the database copied aside while the server is stopped
and put back later, on SQLite and PostgreSQL): a laptop that synced after the backup holds work the server
no longer has. It must not take the server's older state for the truth (reset its cursor, repair by
deleting what the server lacks): it stops syncing with words that say what happened, keeps everything,
and keeps stopping until someone deals with it."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from desktop.store import tables as t
from sync.client import errors as e
from tests.support.server_process import _libpq_url
from tests.sync.conftest import Client


def _copy_database(world, source: str, target: str) -> None:
    """A whole copy of the server's database, made while the server is stopped (a backup, or its restore)."""
    world.db.dispose()
    url = make_url(world.server.database_url)
    if url.get_backend_name() == "sqlite":
        paths = {"live": url.database, "backup": url.database + ".backup"}
        with sqlite3.connect(paths[source]) as src, sqlite3.connect(paths[target]) as dst:
            src.backup(dst)
        return
    names = {"live": url.database, "backup": url.database + "_backup"}  # the backup is dropped by _drop_backup
    with psycopg.connect(_libpq_url(url.set(database="postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{names[target]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{names[target]}" TEMPLATE "{names[source]}"')


def _drop_backup(world) -> None:
    url = make_url(world.server.database_url)
    if url.get_backend_name() != "sqlite":
        with psycopg.connect(_libpq_url(url.set(database="postgres")), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{url.database}_backup" WITH (FORCE)')


def _counts(client: Client) -> tuple[int, int, int]:
    """Cases, all records, and records the laptop holds as the server acknowledged them."""
    with client.store.engine.connect() as conn:
        cases = conn.execute(select(func.count()).select_from(t.records).where(t.records.c.type == "case")).scalar()
        records = conn.execute(select(func.count()).select_from(t.records)).scalar()
        synced = conn.execute(select(func.count()).select_from(t.records).where(t.records.c.server_seq > 0)).scalar()
    return cases, records, synced


def _register(client: Client, n: int, seed: int) -> None:
    from desktop.services.synthetic import generate_registrations

    client.cases.register_many(generate_registrations(n, seed=seed))


def test_a_laptop_ahead_of_a_restored_server_stops_and_keeps_everything(own_world):
    world = own_world
    office, (user, other) = world.office("vidnovlennia", "kolega")
    laptop, colleague = world.client(user), world.client(other)
    _register(laptop, 2, seed=301)
    assert laptop.sync().ok and colleague.sync().ok
    world.server.stop()
    _copy_database(world, "live", "backup")  # the night's backup
    world.server.start()
    try:
        _register(laptop, 3, seed=302)  # the next day's work, acknowledged by the server
        assert laptop.sync().ok
        before = _counts(laptop)
        cursor = laptop.replica.cursor()
        assert before[0] == 5 and before[1] == before[2]

        world.server.stop()
        _copy_database(world, "backup", "live")  # the server is restored from the night's backup
        world.server.start()
        _register(colleague, 1, seed=303)  # a colleague works on, against the restored server
        assert colleague.sync().ok

        for _ in range(2):  # and it stays stopped: the next cycle does not repair or reset either
            with pytest.raises(e.ServerBehind) as err:
                laptop.sync()
            assert "резервної копії" in err.value.message and err.value.code == "server_behind"
            assert _counts(laptop) == before
            assert laptop.replica.cursor() == cursor
        # The colleague pushes enough for the server's numbers to pass this laptop's: still stopped.
        _register(colleague, 6, seed=304)
        assert colleague.sync().ok
        with pytest.raises(e.ServerBehind):
            laptop.sync()
        assert _counts(laptop) == before and laptop.replica.cursor() == cursor
    finally:
        _drop_backup(world)


def _server_seq(world) -> int:
    from sync.server import models as m

    with world.db.connect() as conn:
        return conn.execute(select(m.server_state.c.seq)).scalar_one()


@pytest.mark.parametrize("operator", ["ran restored", "forgot"])
def test_after_a_restore_only_laptops_that_synced_after_the_backup_stop(own_world, operator):
    """After putting the backup back the operator runs `poruch-server restored`, or forgets and the server
    notices at start (its highest change number is kept beside the database: sync.server.restore_guard).
    Other laptops' pushes then take the server's counter past the cursor of a laptop that synced after the
    backup, before it syncs: the cursor alone can no longer tell, the new epoch does. A laptop that last
    synced before the backup lost nothing and goes on."""
    world = own_world
    office, (user, earlier, other) = world.office("pislia", "ranishe", "kolega")
    laptop, old_laptop, colleague = world.client(user), world.client(earlier), world.client(other)
    _register(laptop, 2, seed=311)
    for client in (laptop, old_laptop, colleague):
        assert client.sync().ok
    world.server.stop()
    _copy_database(world, "live", "backup")
    world.server.start()
    try:
        _register(laptop, 3, seed=312)
        assert laptop.sync().ok
        before, cursor = _counts(laptop), laptop.replica.cursor()

        world.server.stop()
        _copy_database(world, "backup", "live")
        if operator == "ran restored":
            assert "new epoch" in world.server.run_cli("restored")
        world.server.start()
        # The server notices by itself only when nobody ran `restored` (which leaves it nothing to notice).
        noticed = "put back to an older state" in world.server.log_path.read_text(encoding="utf-8")
        assert noticed == (operator == "forgot")
        _register(colleague, 8, seed=313)
        assert colleague.sync().ok
        assert _server_seq(world) > cursor  # the counter alone no longer shows the laptop is ahead

        with pytest.raises(e.ServerBehind):
            laptop.sync()
        assert _counts(laptop) == before and laptop.replica.cursor() == cursor
        with pytest.raises(e.ServerBehind):
            laptop.sync()

        _register(old_laptop, 1, seed=314)
        for _ in range(2):
            report = old_laptop.sync()
            assert report.ok and report.verified and not report.repaired
        assert old_laptop.synced_records() == world.server_shares(office)
    finally:
        _drop_backup(world)
