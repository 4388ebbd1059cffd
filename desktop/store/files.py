"""The names of a data folder's files, and whether it holds a store: nothing heavy imported.

The application asks `store_exists` before its first window (unlock or first run), so this module
must not import SQLAlchemy, alembic or the cryptography (see benchmarks/startup.py).
"""

from __future__ import annotations

from pathlib import Path

DB_FILE = "poruch.db"
SLOTS_FILE = "keyslots.json"
BACKUP_DIR = "backups"  # copies of the database made before a migration

# The encrypted file's page size (SQLCipher's cipher_page_size). It is fixed when the file is made and
# must be given at every open, so the key slot file, which every unlock reads anyway, records it
# (`db_page_size`); a file without the entry is a store made before 16 KiB pages, with SQLCipher's
# default 4 KiB. Why 16 KiB: a first download writes each of its pages through the WAL encrypted and
# authenticated one page at a time, and 16 KiB pages cost a quarter of the page overheads. Measured
# with benchmarks/pull_apply.py (5,000 cases, 7 rounds alternating, load 0.7-1.7): 1.43 -> 1.24 s;
# benchmarks/local_store.py at 30,000 cases: search p95, saves and the first page of the list
# unchanged within noise, the file 4 % smaller. 8 KiB gained less, 32 and 64 KiB nothing.
NEW_DB_PAGE_SIZE = 16_384
LEGACY_DB_PAGE_SIZE = 4_096
DB_PAGE_SIZES = (4_096, 8_192, 16_384, 32_768, 65_536)  # what SQLCipher accepts as cipher_page_size


def store_exists(data_dir: Path) -> bool:
    return (Path(data_dir) / DB_FILE).exists() and (Path(data_dir) / SLOTS_FILE).exists()
