"""Noticing that the database was put back to an older state when nobody ran `poruch-server restored`.

The server keeps the highest change number it has seen in a file of its data folder, outside the
database (as it keeps the audit signing key): putting a database backup back leaves that file as it
was. At start, a database whose counter is below the file's number went back, and a new epoch begins
as `poruch-server restored` would begin it (laptops that synced after the backup stop instead of taking
the older state: docs/sync-protocol.md, Verification).

The number is written at start, every MARK_EVERY_S seconds while serving and when the server stops.
After a crash it may be a little behind, and then a restore to a backup taken in those seconds is not
noticed here (the laptops' own cursor check still sees it until others' pushes pass it). Servers sharing
one PostgreSQL database from several machines each keep their own file.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from sqlalchemy import Engine

from sync.server.admin_ops import audit
from sync.server.db import write_transaction
from sync.server.store import current_seq, new_epoch

log = logging.getLogger(__name__)
MARK_FILE = "highest-change-number"
MARK_EVERY_S = 10.0


def read_mark(data_dir: Path) -> int | None:
    try:
        return int((Path(data_dir) / MARK_FILE).read_text(encoding="ascii").strip())
    except (FileNotFoundError, ValueError):
        return None


def write_mark(data_dir: Path, seq: int) -> None:
    """Written whole (a temporary file renamed over it): a crash leaves the old number or the new one."""
    path = Path(data_dir) / MARK_FILE
    tmp = path.with_name(f".{MARK_FILE}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(f"{seq}\n", encoding="ascii")
    os.replace(tmp, path)


def begin_epoch(engine: Engine, data_dir: Path, **detail) -> tuple[str, int]:
    """A new epoch at the database's counter as it is (after a restore), in the audit log with `detail`; the
    number kept beside the database follows it down, so the next start sees nothing to notice."""
    with write_transaction(engine) as conn:
        epoch, seq = new_epoch(conn)
        audit(conn, "server_restored", {"epoch": epoch, "seq": seq, **detail})
    write_mark(data_dir, seq)
    return epoch, seq


def check_at_start(engine: Engine, data_dir: Path) -> str | None:
    """A new epoch when the database's counter is below the number kept beside it; returns it (else None)."""
    kept = read_mark(data_dir)
    with engine.connect() as conn:
        seq = current_seq(conn)
    if kept is None or seq >= kept:
        write_mark(data_dir, seq)
        return None
    epoch, _ = begin_epoch(engine, data_dir, noticed=True, kept_number=kept)
    log.warning("the database's change counter (%s) is below the highest this server saw (%s): it was put "
                "back to an older state; new epoch %s", seq, kept, epoch)
    return epoch


class MarkKeeper:
    """Writes the counter to the mark file while the server runs (a daemon thread), and once more at stop."""

    def __init__(self, engine: Engine, data_dir: Path, every_s: float = MARK_EVERY_S):
        self.engine, self.data_dir, self.every_s = engine, Path(data_dir), every_s
        self._stop = threading.Event()
        self._written = read_mark(self.data_dir) or 0
        self._thread = threading.Thread(target=self._run, name="poruch-mark", daemon=True)

    def start(self) -> MarkKeeper:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(self.every_s + 5)
        self._keep()

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                self._keep()
            except Exception:  # the database unreachable for a while: the next round tries again
                log.warning("could not keep the highest change number", exc_info=True)

    def _keep(self) -> None:
        with self.engine.connect() as conn:
            seq = current_seq(conn)
        if seq > self._written:
            write_mark(self.data_dir, seq)
            self._written = seq
