"""One whole sync of a laptop, the same for the window, `poruch sync` and the demo.

The engine syncs the records (sync.client.engine); then the bytes of attachments follow them
(sync.client.attachments) and the office directory is refreshed (sync.client.directory). Only the
records decide whether the sync succeeded: the other two report their own trouble and never stop it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from desktop.services.attachments import StoreBlobs
from desktop.store.store import OpenStore
from sync.client.attachments import BlobReport, BlobSync
from sync.client.directory import refresh_directory
from sync.client.engine import SyncEngine, SyncReport
from sync.directory import OfficeDirectory


@dataclass
class CycleResult:
    report: SyncReport
    attachments: BlobReport
    directory: OfficeDirectory | None  # None: not refreshed this time (the stored copy stays)


def run_full_cycle(store: OpenStore, engine: SyncEngine, *, stop: threading.Event | None = None) -> CycleResult:
    """Records, then attachment bytes, then the directory. Raises what `engine.run_cycle` raises."""
    report = engine.run_cycle()
    blobs = BlobSync(StoreBlobs(store), engine.transport, base_delay=engine.retry.base_delay, stop=stop).run()
    return CycleResult(report, blobs, refresh_directory(engine.transport, engine.replica))
