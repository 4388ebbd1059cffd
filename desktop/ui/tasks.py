"""One way to run background work from the GUI (after Anki's CollectionOp/QueryOp).

Database work runs on one serialised worker thread (SQLite has one writer anyway, and ordering
stays predictable); network work runs on a separate pool. Results come back to the GUI thread
through a Qt signal, so no widget is ever touched from a worker.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object, object, object)   # (callback, owner, result)
    failed = Signal(object, object, object)  # (callback, owner, exception)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], on_done, on_error, owner, relay: _Relay):
        super().__init__()
        self.fn, self.on_done, self.on_error, self.owner, self.relay = fn, on_done, on_error, owner, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the GUI thread; never shown raw to a caseworker
            log.debug("background job failed: %s", traceback.format_exc())
            self.relay.failed.emit(self.on_error, self.owner, exc)
        else:
            self.relay.done.emit(self.on_done, self.owner, result)


class TaskControl(QObject):
    """Progress and cancellation of one long background job (an import, an export).

    The job gets `report` as its progress(done, total) callback and `cancel` (a threading.Event)
    to check between steps: both are Qt-free, so services never see Qt. `progress` is emitted from
    the worker and delivered on the GUI thread (a queued connection: this object lives there).
    """

    progress = Signal(int, int)  # (done, total)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.cancel = threading.Event()

    def report(self, done: int, total: int) -> None:
        self.progress.emit(done, total)

    def request_cancel(self) -> None:
        self.cancel.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()


class TaskRunner(QObject):
    """`run_db(fn, on_done, on_error)` for database work, `run_net(...)` for network work.

    `owner`: a widget the callbacks belong to; if it was deleted meanwhile (a closed tab, a locked
    window) the result is dropped instead of reaching a dead C++ object. A failure with no
    `on_error` is reported through `unhandled`, so it is never silently lost.
    """

    unhandled = Signal(object)  # an exception nobody asked to handle

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.db_pool = QThreadPool(self)
        self.db_pool.setMaxThreadCount(1)
        self.net_pool = QThreadPool(self)
        self.net_pool.setMaxThreadCount(2)
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver_done)
        self._relay.failed.connect(self._deliver_failed)

    @Slot(object, object, object)
    def _deliver_done(self, callback, owner, result) -> None:
        if callback is not None and (owner is None or shiboken6.isValid(owner)):
            callback(result)

    @Slot(object, object, object)
    def _deliver_failed(self, callback, owner, exc) -> None:
        if owner is not None and not shiboken6.isValid(owner):
            return
        if callback is not None:
            callback(exc)
        else:
            log.warning("unhandled background failure: %s", type(exc).__name__)
            self.unhandled.emit(exc)

    def run_db(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None, *, owner: QObject | None = None) -> None:
        self.db_pool.start(_Job(fn, on_done, on_error, owner, self._relay))

    def run_net(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
                on_error: Callable[[Exception], None] | None = None, *, owner: QObject | None = None) -> None:
        self.net_pool.start(_Job(fn, on_done, on_error, owner, self._relay))

    def is_idle(self) -> bool:
        return self.db_pool.activeThreadCount() == 0 and self.net_pool.activeThreadCount() == 0

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """Join every worker (tests' teardown, and before locking the store)."""
        return self.db_pool.waitForDone(msecs) and self.net_pool.waitForDone(msecs)
