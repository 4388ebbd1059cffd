"""One whole sync of a laptop, the same for the window, `poruch sync` and the demo.

`build_sync(store)` is the one place a laptop's engine and cycle are made. The engine syncs the
records (sync.client.engine); then the bytes of attachments follow them (sync.client.attachments),
the office directory is refreshed (sync.client.directory) and, at most hourly, the server's edition
of the hostilities/occupation list is fetched when it changed (sync.client.reference). `/me` brings
the office's policies, kept where the locked laptop reads them (desktop.services.remote_wipe). Only the
records decide whether the sync succeeded: the others report their own trouble and never stop it.
The same `/me` answer refreshes the signed-in person's role and scope inside the encrypted store, and the
laptop's audit log follows (desktop.services.identity_sync). The engine is the signed-in person's: their
own token, and only their own changes (desktop.services.session_sync). Attachments and the directory are published as engine events (sync.client.events) like progress
and conflicts, and come back in the CycleResult with the server's clock offset: nothing is handed
over by writing onto a caller's object from the sync thread.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from desktop.services.attachments import StoreBlobs
from desktop.services.identity_sync import AuditReport, after_me
from desktop.services.remote_wipe import refresh_after_sync
from desktop.services.session_sync import session_replica
from desktop.store.store import OpenStore
from sync.client import events as ev
from sync.client.attachments import BlobReport, BlobSync
from sync.client.directory import refresh_directory
from sync.client.engine import SyncEngine, SyncReport, transport_for
from sync.client.partners import refresh_partners
from sync.client.reference import refresh_hostilities
from sync.client.retry import RetryPolicy
from sync.directory import OfficeDirectory
from sync.protocol import MeResponse


@dataclass
class CycleResult:
    report: SyncReport
    attachments: BlobReport
    directory: OfficeDirectory | None  # None: not refreshed this time (the stored copy stays)
    hostilities_edition: str | None = None  # a new edition of the list installed by this cycle
    me: MeResponse | None = None  # GET /me: role, scope, the office's policies (None: an older server)
    clock_offset_ms: int = 0  # the server's clock minus this laptop's, as measured (stamps local edits)
    audit: AuditReport | None = None  # None: a server without the audit log (protocol < 3), or it failed:
    audit_error: str | None = None    # then the log stays here and goes with the next sync


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
    me, me_error = refresh_after_sync(engine.transport, store.data_dir)  # policies and the status credential
    audit, audit_error = after_me(store, engine.transport, me, me_error)  # role and scope kept; the log sent
    blobs = BlobSync(StoreBlobs(store), engine.transport, retry=engine.retry, stop=stop).run()
    engine.events.publish(ev.ATTACHMENTS, ev.AttachmentsSynced(blobs))
    directory = refresh_directory(engine.transport, engine.replica)
    if directory is not None:
        engine.events.publish(ev.DIRECTORY, ev.DirectoryRefreshed(directory))
    refresh_partners(engine.transport, engine.replica)  # a new copy is read by the next screen that offers partners
    edition = refresh_reference(store, engine)
    offset = int(engine.replica.get_state("clock_offset_ms", 0) or 0)
    return CycleResult(report, blobs, directory, edition, me, offset, audit, audit_error)


class LaptopSync:
    """A laptop's sync: its engine (records, events) and the whole cycle around it."""

    def __init__(self, store: OpenStore, engine: SyncEngine):
        self.store = store
        self.engine = engine

    @property
    def events(self) -> ev.EventBus:
        return self.engine.events

    def run(self, stop: threading.Event | None = None) -> CycleResult:
        """One whole cycle (on a worker thread in the window). Raises what `SyncEngine.run_cycle` raises."""
        return run_full_cycle(self.store, self.engine, stop=stop)

    def cancel(self) -> None:
        self.engine.cancel()

    def close(self) -> None:
        self.engine.transport.close()


def build_sync(store: OpenStore, *, retry: RetryPolicy | None = None, batch_size: int | None = None,
               page_size: int | None = None) -> LaptopSync:
    """The sync of an enrolled store as its unlocked user: the window, `poruch sync`, enrolment and the demo.

    Raises sync.client.errors.NotEnrolled for a standalone office (no server to sync with), NotSignedIn
    for a person who has not signed in to the server from this laptop yet (their changes wait).
    """
    replica = session_replica(store)
    options = {k: v for k, v in (("retry", retry), ("batch_size", batch_size), ("page_size", page_size)) if v}
    return LaptopSync(store, SyncEngine(replica, transport_for(replica, user_token=store.user_token), **options))
