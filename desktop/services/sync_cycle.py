"""One whole sync of a laptop, the same for the window, `poruch sync` and the demo.

The engine syncs the records (sync.client.engine); then the bytes of attachments follow them
(sync.client.attachments), the office directory is refreshed (sync.client.directory) and, at most hourly,
the server's edition of the hostilities/occupation list is fetched when it changed (sync.client.reference).
`/me` brings the office's policies, kept where the locked laptop reads them (desktop.services.remote_wipe).
Only the records decide whether the sync succeeded: the others report their own trouble and never stop it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from desktop.services.attachments import StoreBlobs
from desktop.services.remote_wipe import refresh_after_sync
from desktop.store.store import OpenStore
from sync.client.attachments import BlobReport, BlobSync
from sync.client.directory import refresh_directory
from sync.client.engine import SyncEngine, SyncReport
from sync.client.reference import refresh_hostilities
from sync.directory import OfficeDirectory
from sync.protocol import MeResponse


@dataclass
class CycleResult:
    report: SyncReport
    attachments: BlobReport
    directory: OfficeDirectory | None  # None: not refreshed this time (the stored copy stays)
    hostilities_edition: str | None = None  # a new edition of the list installed by this cycle
    me: MeResponse | None = None  # GET /me: role, scope, the office's policies (None: an older server)


REFERENCE_STATE_KEY = "reference_checked_at"
REFERENCE_CHECK_EVERY_S = 3600  # editions change a few times a year: no extra request on every cycle


def refresh_reference(store: OpenStore, engine: SyncEngine) -> str | None:
    try:
        checked = float(engine.replica.get_state(REFERENCE_STATE_KEY) or 0)
    except (TypeError, ValueError):
        checked = 0.0
    if time.time() - checked < REFERENCE_CHECK_EVERY_S:
        return None
    installed = refresh_hostilities(engine.transport, store.data_dir)
    try:
        engine.replica.set_state(REFERENCE_STATE_KEY, time.time())
    except Exception:  # the store was locked meanwhile: checked again next cycle
        pass
    return installed


def run_full_cycle(store: OpenStore, engine: SyncEngine, *, stop: threading.Event | None = None) -> CycleResult:
    """Records, then attachment bytes, then the directory and reference data. Raises what `engine.run_cycle` raises."""
    report = engine.run_cycle()
    me = refresh_after_sync(engine.transport, store.data_dir)  # policies and the status credential, kept unlocked
    blobs = BlobSync(StoreBlobs(store), engine.transport, retry=engine.retry, stop=stop).run()
    directory = refresh_directory(engine.transport, engine.replica)
    return CycleResult(report, blobs, directory, refresh_reference(store, engine), me)
