"""Atomic file writes: a reader sees the old file or the new one, never half of either.

The one implementation for every file Poruch writes outside its database: key slots, settings,
exports, import reports, the installed edition of the hostilities list, the demo's facts.
A temp file in the same folder is written and fsynced, renamed over the target, and the folder is
fsynced so that the rename itself survives a power cut (after Electrum's storage.py).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """A binary file to write into that appears at `path` complete when the block ends, or not at all."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_atomic(path: Path, data: bytes) -> None:
    """`data` at `path`, atomically (see atomic_output)."""
    with atomic_output(path) as f:
        f.write(data)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not supported (Windows): the rename is still atomic
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
