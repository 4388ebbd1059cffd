"""The names of a data folder's files, and whether it holds a store: nothing heavy imported.

The application asks `store_exists` before its first window (unlock or first run), so this module
must not import SQLAlchemy, alembic or the cryptography (see benchmarks/startup.py).
"""

from __future__ import annotations

from pathlib import Path

DB_FILE = "poruch.db"
SLOTS_FILE = "keyslots.json"
BACKUP_DIR = "backups"  # copies of the database made before a migration


def store_exists(data_dir: Path) -> bool:
    return (Path(data_dir) / DB_FILE).exists() and (Path(data_dir) / SLOTS_FILE).exists()
