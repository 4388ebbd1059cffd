"""Decrypted copies for the system viewer: a copy of Poruch removes its own folders and those of copies
that no longer run, never the folder of another running copy (the same OS user may run two)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desktop.services import attachments


def _folder(name: str, age_s: float = 0) -> Path:
    folder = Path(tempfile.gettempdir()) / name
    folder.mkdir(mode=0o700)
    (folder / "скан.png").write_bytes(b"decrypted")
    if age_s:
        old = time.time() - age_s
        os.utime(folder, (old, old))
    return folder


def test_another_running_copys_folder_survives_a_purge():
    # As at start: this process has no folder yet (a test of an earlier file in this worker may have
    # opened an attachment, and a folder already made is not made again, so nothing would be purged).
    attachments.purge_temp_files()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    dead_pid = subprocess.Popen([sys.executable, "-c", "pass"])
    dead_pid.wait()
    try:
        assert attachments.process_alive(running.pid) and not attachments.process_alive(dead_pid.pid)
        other = _folder(f"poruch-open-{running.pid}-a1b2c3")
        crashed = _folder(f"poruch-open-{dead_pid.pid}-d4e5f6")
        mine_before = _folder(f"poruch-open-{os.getpid()}-g7h8i9")  # this copy's, from before a lock
        legacy_recent = _folder("poruch-open-x1y2z3")
        legacy_old = _folder("poruch-open-k9l8m7", age_s=2 * 86_400)

        current = attachments.private_temp_dir()
        assert current.name.startswith(f"poruch-open-{os.getpid()}-")
        assert other.is_dir() and legacy_recent.is_dir()  # kept while the other copy runs
        assert not crashed.exists() and not mine_before.exists() and not legacy_old.exists()

        attachments.purge_temp_files()
        assert not current.exists() and other.is_dir() and (other / "скан.png").read_bytes() == b"decrypted"
    finally:
        running.kill()
        running.wait()
    attachments.purge_temp_files()  # the other copy has ended: now its folder goes
    assert not other.exists()
    shutil.rmtree(legacy_recent)
