"""SQLite server: a push's commit is copied from the write-ahead log into the database file after the answer
(sync.server.db.checkpoint), not left for a later request's commit to do before its own answer. SQLite only:
PostgreSQL checkpoints by itself."""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pytest

from sync.records.ids import new_id
from tests.server.conftest import running_world
from tests.server.helpers import case_fields


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with running_world(tmp_path_factory.mktemp("server-checkpoint"), "sqlite") as w:
        yield w


def _log_frames(database: Path) -> tuple[int, int]:
    """(frames in the write-ahead log, frames of it copied into the database), from the shared-memory
    index (sqlite.org/walformat.html: mxFrame at byte 16 of the header, nBackfill at byte 96)."""
    head = Path(f"{database}-shm").read_bytes()[:100]
    return struct.unpack_from("=I", head, 16)[0], struct.unpack_from("=I", head, 96)[0]


def test_a_push_is_checkpointed_once_answered(world):
    database = Path(world.engine.url.database)
    dev = world.device("anna")
    case_id = new_id()
    dev.push_ok([dev.change(case_id, "case", case_id, case_fields(dev.office_id))])
    frames, copied = _log_frames(database)
    deadline = time.monotonic() + 30
    while copied < frames and time.monotonic() < deadline:  # the checkpoint runs after the answer
        time.sleep(0.01)
        frames, copied = _log_frames(database)
    assert frames > 0 and copied == frames
