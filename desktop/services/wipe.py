"""Destroying a data directory's local data: a revoked laptop, or a caseworker's emergency.

The key slots go first: without them the database key is gone, so the data is unreadable even if
deleting the files afterwards is interrupted or leaves blocks on disk. Then the database, its
WAL and shared-memory files, and the backups are deleted. Nothing here asks for confirmation:
the caller shows the "everything is synced / N changes would be lost" warning first.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from desktop.store import tables as t
from desktop.store.database import BACKUP_DIR, DB_FILE
from desktop.store.keyslots import ATTEMPTS_FILE, SLOTS_FILE, KeySlots
from desktop.store.store import OpenStore

_DB_COMPANIONS = ("", "-wal", "-shm", "-journal")


@dataclass
class WipeResult:
    removed: list[str] = field(default_factory=list)  # paths, key slots first
    failed: list[str] = field(default_factory=list)   # paths that could not be deleted (still unreadable)

    @property
    def complete(self) -> bool:
        return not self.failed


def unsynced_changes(store: OpenStore) -> int:
    """What the warning before an emergency wipe counts: changes that would be lost."""
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.outbox)).scalar_one()


def wipe_data_dir(data_dir: Path, store: OpenStore | None = None) -> WipeResult:
    """Destroy the key slots, then delete the database files and backups; returns what was removed."""
    data_dir = Path(data_dir)
    result = WipeResult()
    slots = KeySlots(data_dir)
    if slots.exists():
        try:
            slots.destroy()
            result.removed.append(str(slots.path))
        except OSError:
            result.failed.append(str(slots.path))
    if store is not None:
        store.close()  # release the files (Windows cannot delete open ones) and drop the key
    targets = [data_dir / f"{DB_FILE}{suffix}" for suffix in _DB_COMPANIONS]
    targets += [data_dir / ATTEMPTS_FILE, data_dir / f"{SLOTS_FILE}.tmp"]
    targets += sorted(data_dir.glob(f".{SLOTS_FILE}.*.tmp"))
    for path in targets:
        if path.exists():
            try:
                path.unlink()
                result.removed.append(str(path))
            except OSError:
                result.failed.append(str(path))
    backups = data_dir / BACKUP_DIR
    if backups.exists():
        shutil.rmtree(backups, ignore_errors=True)
        (result.failed if backups.exists() else result.removed).append(str(backups))
    return result
