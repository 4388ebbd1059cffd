"""One way to run background work from the GUI (after Anki's CollectionOp/QueryOp).

Database work runs on one serialised worker thread (SQLite has one writer anyway, and ordering
stays predictable); network work runs on a separate pool. Results come back to the GUI thread
through a Qt signal, so no widget is ever touched from a worker.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object, object)   # (callback, result)
    failed = Signal(object, object)  # (callback, exception)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], on_done, on_error, relay: _Relay):
        super().__init__()
        self.fn, self.on_done, self.on_error, self.relay = fn, on_done, on_error, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the GUI thread; never shown raw to a caseworker
            log.debug("background job failed: %s", traceback.format_exc())
            self.relay.failed.emit(self.on_error, exc)
        else:
            self.relay.done.emit(self.on_done, result)


class TaskRunner(QObject):
    """`run_db(fn, on_done, on_error)` for database work, `run_net(...)` for network work."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.db_pool = QThreadPool(self)
        self.db_pool.setMaxThreadCount(1)
        self.net_pool = QThreadPool(self)
        self.net_pool.setMaxThreadCount(2)
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver)
        self._relay.failed.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, callback, value) -> None:
        if callback is not None:
            callback(value)

    def run_db(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None) -> None:
        self.db_pool.start(_Job(fn, on_done, on_error, self._relay))

    def run_net(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
                on_error: Callable[[Exception], None] | None = None) -> None:
        self.net_pool.start(_Job(fn, on_done, on_error, self._relay))

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """Join every worker (tests' teardown, and before locking the store)."""
        return self.db_pool.waitForDone(msecs) and self.net_pool.waitForDone(msecs)
