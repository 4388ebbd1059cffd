"""A server restored from an older backup, for real (the database copied aside while the server is stopped
and put back later, on SQLite and PostgreSQL): a laptop that synced after the backup holds work the server
no longer has. It must not take the server's older state for the truth (reset its cursor, repair by
deleting what the server lacks). Once the server is in a new epoch (`poruch-server restored`, or noticed at
its start) the laptop gives back what the server lost (desktop.store.recovery) and every laptop converges;
until then it stops syncing with words that say what happened and keeps everything."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from desktop.store import tables as t
from sync.client import errors as e
from sync.server.db import write_transaction
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


def _converged(world, office, *clients: Client) -> None:
    """After a round of syncs, every laptop holds exactly what the server holds of the office, all of it
    synced, and nothing was refused."""
    for client in clients + clients:
        assert client.sync().ok
    server = world.server_shares(office)
    for client in clients:
        report = client.sync()
        assert report.ok and report.verified and report.pulled == 0 and report.pushed == 0
        assert client.synced_records() == server
        assert client.outbox_ids() == [] and client.replica.rejected_count() == 0


def _case_ids(client: Client) -> set[str]:
    with client.store.engine.connect() as conn:
        return set(conn.execute(select(t.records.c.case_id).where(t.records.c.type == "case")).scalars())


def test_a_laptop_ahead_of_a_restored_server_stops_then_gives_its_work_back(own_world):
    """Seen only through the cursor (the server did not notice and nobody ran `restored` yet), the laptop
    stops and keeps everything; once the operator runs `restored`, it gives the lost work back."""
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
        days_cases = _case_ids(laptop)
        assert before[0] == 5 and before[1] == before[2]

        world.server.stop()
        _copy_database(world, "backup", "live")  # the server is restored from the night's backup
        (world.server.data_dir / "highest-change-number").unlink()  # went back with it: nothing to notice
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
        laptop.cases.log_view(sorted(days_cases)[0])  # work goes on here while stopped

        assert "new epoch" in world.server.run_cli("restored")
        report = laptop.sync()
        assert report.ok and report.verified and report.recovered >= before[1] and report.kept_here == 0
        assert days_cases <= world.server_case_ids(office)
        _converged(world, office, laptop, colleague)
        assert len(_case_ids(laptop)) == 5 + 7 and _case_ids(colleague) == _case_ids(laptop)
    finally:
        _drop_backup(world)


def _taken_an_hour_ago(world) -> None:
    """The restored backup as a real one is: its devices last seen an hour before the restore, not seconds (the
    server writes a device's last contact at most once a minute: sync.server.deps)."""
    from sqlalchemy import update

    from sync.server import models as m

    with write_transaction(world.db) as conn:
        conn.execute(update(m.devices).values(last_seen_at=m.devices.c.last_seen_at - 3_600_000))
    world.db.dispose()


def _since_restore(world) -> dict[str, bool]:
    """`poruch-server list-devices --json`: which laptops have been in touch since the restore."""
    import json

    return {d["id"]: d["since_restore"] for d in json.loads(world.server.run_cli("list-devices", "--json"))}


def _server_seq(world) -> int:
    from sync.server import models as m

    with world.db.connect() as conn:
        return conn.execute(select(m.server_state.c.seq)).scalar_one()


@pytest.mark.parametrize("operator", ["ran restored", "forgot"])
def test_after_a_restore_laptops_that_synced_after_the_backup_give_their_work_back(own_world, operator):
    """After putting the backup back the operator runs `poruch-server restored`, or forgets and the server
    notices at start (its highest change number is kept beside the database: sync.server.restore_guard).
    Other laptops' pushes then take the server's counter past the cursor of a laptop that synced after the
    backup, before it syncs: the cursor alone can no longer tell, the new epoch does. That laptop gives back
    what the server lost, with the edits it made meanwhile; one that last synced before the backup lost
    nothing and goes on."""
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
        before, days_cases = _counts(laptop), _case_ids(laptop)

        world.server.stop()
        _copy_database(world, "backup", "live")
        _taken_an_hour_ago(world)
        if operator == "ran restored":
            assert "new epoch" in world.server.run_cli("restored")
        world.server.start()
        # The server notices by itself only when nobody ran `restored` (which leaves it nothing to notice).
        noticed = "put back to an older state" in world.server.log_path.read_text(encoding="utf-8")
        assert noticed == (operator == "forgot")
        _register(colleague, 8, seed=313)
        assert colleague.sync().ok
        assert _server_seq(world) > laptop.replica.cursor()  # the counter alone no longer shows the laptop ahead
        _register(laptop, 1, seed=315)  # made after the restore, before this laptop heard of it
        assert _since_restore(world) == {laptop.device_id: False, old_laptop.device_id: False,
                                         colleague.device_id: True}

        report = laptop.sync()  # its push is answered epoch_changed first: nothing is applied before the recovery
        assert report.ok and report.verified and not report.repaired
        assert report.recovered >= before[1] - 2 * 9 and report.kept_here == 0
        assert days_cases <= world.server_case_ids(office)

        assert _since_restore(world)[laptop.device_id] is True  # what the operator checks: who is still to come
        _register(old_laptop, 1, seed=314)
        _converged(world, office, laptop, colleague, old_laptop)
        assert len(_case_ids(laptop)) == 5 + 8 + 1 + 1
        for client in (colleague, old_laptop):
            assert _case_ids(client) == _case_ids(laptop)
    finally:
        _drop_backup(world)


def test_two_laptops_give_back_each_their_own(own_world):
    """What a laptop pulled of a colleague's work after the backup is not its to send (the history entries name
    the colleague and their device): it keeps it, unsynced, until the colleague's laptop gives it back and the
    next pull brings the server's copy."""
    world = own_world
    office, (user, other) = world.office("dvoie", "druhe")
    laptop, colleague = world.client(user), world.client(other)
    assert laptop.sync().ok and colleague.sync().ok
    world.server.stop()
    _copy_database(world, "live", "backup")
    world.server.start()
    try:
        _register(laptop, 2, seed=321)
        _register(colleague, 2, seed=322)
        for client in (laptop, colleague, laptop):
            assert client.sync().ok
        assert len(_case_ids(laptop)) == 4

        world.server.stop()
        _copy_database(world, "backup", "live")
        world.server.run_cli("restored")
        world.server.start()
        report = laptop.sync()
        assert report.ok and report.recovered > 0 and report.kept_here > 0
        assert len(world.server_case_ids(office)) == 2  # a caseworker gives back the cases of this laptop's people
        assert len(_case_ids(laptop)) == 4  # and keeps the colleague's

        report = colleague.sync()
        assert report.ok and report.recovered > 0
        _converged(world, office, colleague, laptop)
        with laptop.store.engine.connect() as conn:
            unsynced = conn.execute(select(func.count()).select_from(t.records)
                                    .where(t.records.c.server_seq == 0)).scalar()
        assert unsynced == 0
    finally:
        _drop_backup(world)


def _server_data(world, record_id: str) -> dict:
    import json

    from sync.server import models as m

    with world.db.connect() as conn:
        return json.loads(conn.execute(select(m.records.c.data).where(m.records.c.id == record_id)).scalar_one())


def _server_conflicts(world, record_id: str) -> list[dict]:
    import json

    from sync.server import models as m

    with world.db.connect() as conn:
        rows = conn.execute(select(m.records.c.data).where(m.records.c.type == "conflict")).scalars()
        return [d for d in map(json.loads, rows) if d["record_id"] == record_id]


def test_what_is_given_back_merges_with_edits_made_since_the_restore(own_world):
    """A field the restored server has not seen changed since takes the laptop's lost value; a field changed
    there since, to another value, is a concurrent edit: a conflict record for a person to decide, never a
    silent overwrite either way."""
    world = own_world
    office, (user, other) = world.office("zlyttia", "susidka")
    laptop, colleague = world.client(user), world.client(other)
    _register(laptop, 1, seed=331)
    (case_id,) = _case_ids(laptop)
    assert laptop.sync().ok and colleague.sync().ok
    with laptop.store.engine.connect() as conn:
        person = conn.execute(select(t.records.c.id).where(t.records.c.case_id == case_id,
                                                           t.records.c.type == "person")).scalar_one()
    world.server.stop()
    _copy_database(world, "live", "backup")
    world.server.start()
    try:
        laptop.cases.update("person", person, {"email": "laptop@example.com", "notes": "Записано до відновлення"})
        assert laptop.sync().ok
        world.server.stop()
        _copy_database(world, "backup", "live")
        world.server.run_cli("restored")
        world.server.start()
        colleague.cases.update("person", person, {"email": "colleague@example.com"})
        assert colleague.sync().ok

        report = laptop.sync()
        assert report.ok and report.recovered >= 1
        data = _server_data(world, person)
        assert data["notes"] == "Записано до відновлення"
        assert data["email"] == "colleague@example.com"  # the later edit wins the field...
        (conflict,) = _server_conflicts(world, person)  # ...and the lost one is kept for a person to decide
        assert (conflict["field"], conflict["loser_value"], conflict["status"]) == (
            "email", "laptop@example.com", "open")
        _converged(world, office, laptop, colleague)
    finally:
        _drop_backup(world)


def test_a_laptop_enrolled_after_the_backup_enrols_again_and_gives_its_work_back(own_world):
    """The restored server does not know a laptop enrolled after the backup: its sync is refused (authentication)
    and it keeps everything. `poruch enroll --again` enrols it under its own device id - so that its history
    entries still name this device - and the sync that follows gives back its work."""
    from tests.sync.conftest import poruch

    world = own_world
    office, (user, other) = world.office("novyi", "davnii")
    colleague = world.client(other)
    assert colleague.sync().ok
    world.server.stop()
    _copy_database(world, "live", "backup")
    world.server.start()
    try:
        laptop = world.client(user)  # enrolled after the backup
        _register(laptop, 2, seed=341)
        assert laptop.sync().ok
        days_cases, device_id, folder = _case_ids(laptop), laptop.device_id, laptop.data_dir
        laptop.close()

        world.server.stop()
        _copy_database(world, "backup", "live")
        world.server.run_cli("restored")
        world.server.start()
        refused = poruch(folder, "sync", username=user)
        assert refused.returncode == e.AuthenticationFailed.exit_code, refused.stderr

        done = poruch(folder, "enroll", "--again", "--server", world.url, username=user)
        assert done.returncode == 0, done.stderr
        assert "знову зареєстровано" in done.stdout and "повернуто на нього записів" in done.stdout
        assert days_cases <= world.server_case_ids(office)
        assert device_id in {d["id"] for d in _devices(world)}

        again = poruch(folder, "enroll", "--again", "--server", world.url, username=user)
        assert again.returncode != 0 and "device_known" in again.stderr  # a known device keeps its credentials
        assert poruch(folder, "sync", username=user).returncode == 0
        assert colleague.sync().ok and days_cases <= _case_ids(colleague)
    finally:
        _drop_backup(world)


def _devices(world) -> list[dict]:
    import json

    return json.loads(world.server.run_cli("list-devices", "--json"))


def test_attachment_files_given_back_with_their_records(own_world):
    """The server keeps attachment files in its database: a restore loses those uploaded after the backup. The
    laptop that holds one uploads it again with the record it gives back, and a colleague can open it."""
    import hashlib

    from desktop.services import attachments
    from tests.sync.test_attachments_sync import add_scan, new_case, stored_copies, sync_all

    world = own_world
    office, (user, other) = world.office("fail", "kolega-fail")
    laptop, colleague = world.client(user), world.client(other)
    case_id = new_case(laptop, seed=351)
    sync_all(laptop)
    sync_all(colleague)
    world.server.stop()
    _copy_database(world, "live", "backup")
    world.server.start()
    try:
        attachment_id, content = add_scan(laptop, case_id, 200_000)
        assert sync_all(laptop).uploaded == 1
        sha = hashlib.sha256(content).hexdigest()
        world.server.stop()
        _copy_database(world, "backup", "live")
        world.server.run_cli("restored")
        world.server.start()
        assert stored_copies(world, sha) == 0

        blobs = sync_all(laptop)
        assert blobs.uploaded == 1 and stored_copies(world, sha) == 1
        sync_all(colleague)
        attachments.want(colleague.store, attachment_id)  # the colleague opens it
        assert sync_all(colleague).downloaded == 1
        assert colleague.cases.attachment_content(attachment_id) == content
    finally:
        _drop_backup(world)
