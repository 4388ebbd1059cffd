"""Destroying a laptop's local data: key slots first, then the database, its journal files and backups."""

from __future__ import annotations

import pytest

from desktop.services.cases import CaseService
from desktop.services.synthetic import generate_registrations
from desktop.services.wipe import unsynced_changes, wipe_data_dir
from desktop.store.database import backup_database
from desktop.store.keyslots import KeySlots
from desktop.store.replica import StoreReplica
from desktop.store.store import NoStore, unlock_store
from sync.client import errors as e
from sync.client.engine import transport_for
from tests.conftest import TEST_PASSWORD


def test_wipe_destroys_key_slots_first_then_every_file(store):
    CaseService(store).register_many(generate_registrations(3, seed=2))
    assert unsynced_changes(store) > 0
    data_dir = store.data_dir
    backup_database(store.engine, store.db_path, "test")
    slots_path = KeySlots(data_dir).path
    result = wipe_data_dir(data_dir, store)
    assert result.complete
    assert result.removed[0] == str(slots_path)
    assert str(data_dir / "poruch.db") in result.removed and str(data_dir / "backups") in result.removed
    assert not data_dir.exists()  # nothing else was in it: the folder goes too
    with pytest.raises(NoStore):
        unlock_store(data_dir, "olena", TEST_PASSWORD)


def test_wipe_keeps_what_is_not_poruchs_in_a_shared_folder(store):
    data_dir = store.data_dir
    (data_dir / "notes.txt").write_text("не з Поруч")
    (data_dir / "settings.json").write_text("{}")
    result = wipe_data_dir(data_dir, store)
    assert result.complete and str(data_dir / "settings.json") in result.removed
    assert sorted(p.name for p in data_dir.iterdir()) == ["notes.txt"]


def test_without_key_slots_the_database_file_is_useless(store):
    data_dir = store.data_dir
    store.close()
    KeySlots(data_dir).destroy()
    assert (data_dir / "poruch.db").exists()
    with pytest.raises(Exception):  # noqa: B017 - whatever the store raises, the data stays closed
        unlock_store(data_dir, "olena", TEST_PASSWORD)


def test_a_standalone_store_is_not_enrolled(store):
    with pytest.raises(e.NotEnrolled) as info:
        transport_for(StoreReplica(store))
    assert "poruch enroll" in info.value.message


def test_a_status_check_finishing_during_a_wipe_leaves_nothing_behind(tmp_path):
    """The window asks the server "am I revoked?" in the background; its answer rewrites the status file
    (device_guard.record_contact). A wipe racing with that write left the file, and the folder, behind (seen
    once in a CI run at load 8: tests/gui/test_wipe.py). Each round races a writer thread with a wipe."""
    import threading

    from desktop.services import device_guard as dg

    left = 0
    for round_ in range(150):
        folder = tmp_path / f"laptop-{round_}"
        folder.mkdir()
        dg.save_guard(folder, dg.DeviceGuard(server_url="http://127.0.0.1:1", device_id="d", status_token="t"))
        started, stop = threading.Event(), threading.Event()

        def keep_writing(folder=folder, started=started, stop=stop) -> None:
            while not stop.is_set():
                try:
                    dg.record_contact(folder)
                except OSError:
                    pass  # the folder went between the check and the write: nothing was written
                started.set()

        writer = threading.Thread(target=keep_writing)
        writer.start()
        started.wait()
        wipe_data_dir(folder)
        stop.set()
        writer.join()
        left += folder.exists()
    assert left == 0
