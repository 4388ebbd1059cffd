"""Destroying a data directory's local data: a revoked laptop, a caseworker's emergency, a policy.

The key slots go first: overwritten with random bytes, flushed to disk, then deleted. Without them
the database key is gone, so the data is unreadable from that moment even if deleting the rest is
interrupted or leaves blocks on disk (SQLCipher encrypts every page of the database and its WAL).
Then the decrypted copies of attachments opened for a viewer (the only plaintext: right after the
slots), then the database, its WAL and shared-memory files, the backups, the settings, the reference
data and the device status file, and the folder itself if nothing else is left in it. Nothing here asks for confirmation: the caller shows the
"everything is synced / N changes would be lost" warning first. Nothing heavy is imported at the
top: the unlock window can wipe before the store's modules are loaded.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.device_guard import DEVICE_FILE, no_guard_writes
from desktop.store.files import BACKUP_DIR, DB_FILE, SLOTS_FILE
from desktop.store.keyslots import ATTEMPTS_FILE, FAILURES_FILE, KeySlots

if TYPE_CHECKING:
    from desktop.store.store import OpenStore

_DB_COMPANIONS = ("", "-wal", "-shm", "-journal")
SETTINGS_FILE = "settings.json"       # desktop/ui/settings.py (not imported: Qt-free here)
REFERENCE_DIR = "reference"           # the installed edition of the hostilities list
WIPE_REASONS = ("remote", "emergency", "failed_unlocks")


@dataclass
class WipeResult:
    removed: list[str] = field(default_factory=list)  # paths, key slots first
    failed: list[str] = field(default_factory=list)   # paths that could not be deleted (still unreadable)
    unreadable_s: float | None = None  # from the start until the key slots were gone (None: there were none)
    total_s: float = 0.0               # from the start until the last file was deleted

    @property
    def complete(self) -> bool:
        return not self.failed


def unsynced_changes(store: OpenStore) -> int:
    """What the warning before an emergency wipe counts: changes that would be lost."""
    from sqlalchemy import func, select

    from desktop.store import tables as t

    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.outbox)).scalar_one()


def unconfirmed_files(store: OpenStore) -> int:
    """Attachment files held here that the server has not yet confirmed holding (sync.client.attachments
    checks them after each sync): the warning names them too, a scan is lost with the laptop."""
    from desktop.services.attachments import StoreBlobs
    from sync.client.attachments import CHECKED_KEY

    blobs = StoreBlobs(store)
    checked = int(blobs.get_state(CHECKED_KEY, 0) or 0)
    return sum(1 for _seq, _sha, held in blobs.upload_candidates(checked) if held)


def _destroy_slots(data_dir: Path, result: WipeResult) -> None:
    """The key slot file and any copy an interrupted atomic write left (each holds the wrapped key)."""
    slots = KeySlots(data_dir)
    leftovers = sorted(data_dir.glob(f".{SLOTS_FILE}.*.tmp")) + [data_dir / f"{SLOTS_FILE}.tmp"]
    for path, destroy in [(slots.path, slots.destroy), *((p, lambda p=p: _overwrite_and_delete(p)) for p in leftovers)]:
        if not path.exists():
            continue
        try:
            destroy()
            result.removed.append(str(path))
        except OSError:
            result.failed.append(str(path))


def _overwrite_and_delete(path: Path) -> None:
    size = max(path.stat().st_size, 4096)
    with open(path, "r+b") as f:
        f.write(os.urandom(size))
        f.flush()
        os.fsync(f.fileno())
    path.unlink()


def _delete(path: Path, result: WipeResult) -> None:
    if not (path.exists() or path.is_symlink()):
        return
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            if path.exists():
                raise OSError(path)
        else:
            path.unlink()
        result.removed.append(str(path))
    except OSError:
        result.failed.append(str(path))


def wipe_data_dir(data_dir: Path, store: OpenStore | None = None, *,
                  before_files: Callable[[], None] | None = None) -> WipeResult:
    """Destroy the key slots, then delete every file Poruch keeps; returns what was removed and when.

    `store`: the open store of this folder, closed after the slots are gone (Windows cannot delete
    open files). `before_files`: called once the data is unreadable and before the files go (the
    window locks its session there: background work is joined only after the key is destroyed).
    """
    started = time.perf_counter()
    data_dir = Path(data_dir)
    result = WipeResult()
    _destroy_slots(data_dir, result)
    if result.removed:
        result.unreadable_s = time.perf_counter() - started
    _purge_viewer_copies()  # the only plaintext Poruch ever writes: next, before any encrypted file
    if before_files is not None:
        before_files()
    if store is not None:
        store.close()  # release the files and drop the key held in memory
    targets = [data_dir / f"{DB_FILE}{suffix}" for suffix in _DB_COMPANIONS]
    targets += [data_dir / name for name in (ATTEMPTS_FILE, FAILURES_FILE, SETTINGS_FILE, DEVICE_FILE, BACKUP_DIR, REFERENCE_DIR)]
    if data_dir.is_dir():
        targets += sorted(data_dir.glob(".*.tmp"))  # interrupted atomic writes of any of them
    with no_guard_writes():  # else a late status check's atomic write could leave its file, and the folder
        for path in targets:
            _delete(path, result)
        try:
            data_dir.rmdir()  # only if empty: a folder someone shares with other files keeps them
        except OSError:
            pass
    result.total_s = time.perf_counter() - started
    return result


def _purge_viewer_copies() -> None:
    """The decrypted copies of attachments opened in a viewer (the system's temp folder)."""
    from desktop.services.attachments import purge_temp_files

    purge_temp_files()
