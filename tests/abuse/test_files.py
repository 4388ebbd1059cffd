"""The server's files: the SQLite database (personal data in plain text), its WAL and shared memory, the
data folder and the audit key are readable by the server's own account only."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.support import loopback
from tests.support.server_process import ServerProcess, make_database_url


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_wal_and_data_folder_are_private(tmp_path):
    db = make_database_url(tmp_path / "db-parent", "sqlite")
    data_dir = tmp_path / "data"
    with ServerProcess(db.url, data_dir) as server:
        assert loopback.get(f"{server.url}/health", timeout=30).status_code == 200
        database = Path(db.url.removeprefix("sqlite:///"))
        wal = Path(f"{database}-wal")
        assert database.exists() and wal.exists()
        assert mode(database) == 0o600 and mode(wal) == 0o600
        shm = Path(f"{database}-shm")
        assert not shm.exists() or mode(shm) == 0o600
        assert mode(database.parent) == 0o700
        assert mode(data_dir) == 0o700
