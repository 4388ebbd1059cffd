"""A tiny thread-safe publish/subscribe for sync events (no Qt: the GUI wraps it in a signal adapter).

Subscribers are plain callables taking one payload; they run on the publishing thread (the sync
worker), so a GUI subscriber must hand the payload over to its own thread. A subscriber that
raises is logged and skipped: a broken status bar must never stop a sync.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

PROGRESS, DONE, CONFLICT, ERROR = "progress", "done", "conflict", "error"
ATTACHMENTS, DIRECTORY = "attachments", "directory"  # published by a laptop's whole cycle after the records
KINDS = (PROGRESS, DONE, CONFLICT, ERROR, ATTACHMENTS, DIRECTORY)


@dataclass(frozen=True)
class Progress:
    phase: str  # "push", "pull", "index" (building the lists after a download), "verify" or "repair"
    done: int
    total: int | None = None  # None when unknown (pull: the server does not say how many)


@dataclass(frozen=True)
class Done:
    report: Any  # sync.client.engine.SyncReport


@dataclass(frozen=True)
class ConflictFound:
    conflicts: list[dict[str, Any]] = field(default_factory=list)  # the pulled open conflict records
    open_total: int = 0  # open conflicts on this device after the pull


@dataclass(frozen=True)
class ErrorOccurred:
    code: str
    message: str
    transient: bool = False
    wipe: bool = False  # the device was revoked: the caller must destroy the local data
    error: BaseException | None = None


@dataclass(frozen=True)
class AttachmentsSynced:
    report: Any  # sync.client.attachments.BlobReport: files sent and fetched after the records


@dataclass(frozen=True)
class DirectoryRefreshed:
    directory: Any  # sync.directory.OfficeDirectory, fetched and kept in the store


Subscriber = Callable[[Any], None]


class EventBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[tuple[str | None, Subscriber]] = []

    def subscribe(self, callback: Subscriber, kind: str | None = None) -> Callable[[], None]:
        """Call `callback(payload)` for events of `kind` (all kinds if None); returns an unsubscribe."""
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
        entry = (kind, callback)
        with self._lock:
            self._subscribers.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._subscribers:
                    self._subscribers.remove(entry)

        return unsubscribe

    def publish(self, kind: str, payload: Any) -> None:
        with self._lock:
            targets = [cb for k, cb in self._subscribers if k is None or k == kind]
        for callback in targets:  # outside the lock: a subscriber may (un)subscribe
            try:
                callback(payload)
            except Exception:
                log.exception("sync event subscriber failed")
