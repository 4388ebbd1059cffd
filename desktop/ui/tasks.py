"""One way to run background work from the GUI (after Anki's CollectionOp/QueryOp).

Database work runs on one serialised worker thread (SQLite has one writer anyway, and ordering
stays predictable); network work runs on a separate pool. Results come back to the GUI thread
through a Qt signal, so no widget is ever touched from a worker.

    QueryOp(runner, fn, parent=widget).success(show).failure(complain).run()        # a read
    MutationOp(runner, fn, changed, parent=widget).success(saved).run()             # a write
    op.with_progress(on_progress) -> fn(control): control.report(done, total), control.cancel

A mutation returns a ChangeSet and emits `changed` with it (AppContext.changed: every screen
refreshes from that one signal), even when the widget that asked is gone by then: the write
happened. Writes never go through the read path.

Safe by construction: the runner keeps the job's function and its callbacks itself, on the GUI
thread, and lets go of them there. A worker never drops the last reference to a widget (Qt would
destroy it on the wrong thread). Callbacks are held weakly: a bound method through
weakref.WeakMethod, and a widget (the `parent`, or the object of a bound method) through a guard,
so a widget closed or deleted while its job runs simply gets no callback. Functions run on a
worker capture services and plain data only, never a widget.

Two deliberate exceptions, kept because doing them through this runner would cost more than it
protects:
1. The sync engine writes pulled records into the store from the network pool, not from the
   database worker (desktop.services.sync_cycle): a long download must not queue behind, or hold
   up, the caseworker's saves; SQLite's WAL serialises the writers and every write is its own
   transaction. The same holds for a file fetched when it is opened
   (desktop.services.attachments.download): its bytes go into the store from the network job.
2. The case list model reads a block of rows on the GUI thread when the view scrolls to rows it
   has not fetched (desktop.ui.case_list, `q.rows_of`): Qt asks data() synchronously; a block is
   100 rows by primary key from case_index, a millisecond or two.
"""

from __future__ import annotations

import inspect
import itertools
import logging
import threading
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(int, object)    # (job id, result)
    failed = Signal(int, object)  # (job id, exception)


def _held(callback: Callable | None) -> Callable[[], Callable | None]:
    """A bound method weakly (WeakMethod), anything else as it is (it must not capture a widget)."""
    if callback is None:
        return lambda: None
    if inspect.ismethod(callback):
        return weakref.WeakMethod(callback)
    return lambda: callback


def _guards(owner: QObject | None, *callbacks: Callable | None) -> list[weakref.ref]:
    """Weak references to the widgets the callbacks belong to: the owner and the objects of bound methods."""
    objects = [owner] + [getattr(cb, "__self__", None) for cb in callbacks if inspect.ismethod(cb)]
    return [weakref.ref(o) for o in objects if isinstance(o, QObject)]


@dataclass
class _Entry:
    fn: Callable[[], Any] | None
    on_done: Callable[[], Callable | None]
    on_error: Callable[[], Callable | None]
    guards: list[weakref.ref]
    then: Callable[[Any], None] | None = None  # runs whatever happened to the widgets (a mutation's `changed`)
    wants_errors: bool = False

    def alive(self) -> bool:
        for ref in self.guards:
            obj = ref()
            if obj is None or not shiboken6.isValid(obj):
                return False
        return True


class _Job(QRunnable):
    """Runs `fn` on a worker; holds it only while it runs (the runner keeps it until delivery)."""

    def __init__(self, job_id: int, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.job_id, self.fn, self.relay = job_id, fn, relay

    def run(self) -> None:
        fn, self.fn = self.fn, None
        try:
            result = fn()
        except Exception as exc:  # delivered to the GUI thread; never shown raw to a caseworker
            log.debug("background job failed: %s", traceback.format_exc())
            del fn  # the runner, on the GUI thread, lets go of the last reference
            self.relay.failed.emit(self.job_id, exc)
        else:
            del fn
            self.relay.done.emit(self.job_id, result)


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

    The ops (QueryOp, MutationOp) are the usual way in; these are what they use. `owner`: a widget
    the callbacks belong to; if it was deleted meanwhile (a closed tab, a locked window) the result
    is dropped instead of reaching a dead C++ object. A failure nobody asked to handle is reported
    through `unhandled`, so it is never silently lost.
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
        self._jobs: dict[int, _Entry] = {}
        self._ids = itertools.count(1)

    def _start(self, pool: QThreadPool, fn, on_done, on_error, owner, then=None) -> None:
        job_id = next(self._ids)
        self._jobs[job_id] = _Entry(fn, _held(on_done), _held(on_error), _guards(owner, on_done, on_error),
                                    then, on_error is not None)
        pool.start(_Job(job_id, fn, self._relay))

    @Slot(int, object)
    def _deliver_done(self, job_id: int, result) -> None:
        entry = self._jobs.pop(job_id)
        if entry.then is not None:
            entry.then(result)
        callback = entry.on_done()
        if callback is not None and entry.alive():
            callback(result)

    @Slot(int, object)
    def _deliver_failed(self, job_id: int, exc) -> None:
        entry = self._jobs.pop(job_id)
        if not entry.alive():
            return
        callback = entry.on_error()
        if callback is not None:
            callback(exc)
        elif not entry.wants_errors:  # a widget that would have handled it is gone: nothing to say
            log.warning("unhandled background failure: %s", type(exc).__name__)
            self.unhandled.emit(exc)

    def run_db(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None, *, owner: QObject | None = None,
               then: Callable[[Any], None] | None = None) -> None:
        self._start(self.db_pool, fn, on_done, on_error, owner, then)

    def run_net(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
                on_error: Callable[[Exception], None] | None = None, *, owner: QObject | None = None) -> None:
        self._start(self.net_pool, fn, on_done, on_error, owner)

    def is_idle(self) -> bool:
        return self.db_pool.activeThreadCount() == 0 and self.net_pool.activeThreadCount() == 0

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """Join every worker (tests' teardown, and before locking the store)."""
        return self.db_pool.waitForDone(msecs) and self.net_pool.waitForDone(msecs)


class QueryOp:
    """A read (or a network call): `fn` on a worker, then `success(result)` or `failure(exc)` on the GUI thread."""

    def __init__(self, runner: TaskRunner, fn: Callable[..., Any], *, parent: QObject | None = None,
                 network: bool = False):
        self.runner, self.fn, self.parent, self.network = runner, fn, parent, network
        self._success: Callable[[Any], None] | None = None
        self._failure: Callable[[Exception], None] | None = None
        self._progress: Callable[[int, int], None] | None = None

    def success(self, callback: Callable[[Any], None]) -> QueryOp:
        self._success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> QueryOp:
        self._failure = callback
        return self

    def with_progress(self, callback: Callable[[int, int], None]) -> QueryOp:
        """`fn` is called with a TaskControl: control.report(done, total) reaches `callback` on the GUI thread."""
        self._progress = callback
        return self

    def _job(self) -> tuple[Callable[[], Any], TaskControl | None]:
        if self._progress is None:
            return self.fn, None
        control = TaskControl(self.parent)
        control.progress.connect(self._progress)
        fn = self.fn
        return (lambda: fn(control)), control

    def run(self) -> TaskControl | None:
        """Start it; returns the TaskControl (to stop it) when it reports progress."""
        fn, control = self._job()
        start = self.runner.run_net if self.network else self.runner.run_db
        start(fn, self._success, self._failure, owner=self.parent)
        return control


class MutationOp(QueryOp):
    """A write: `fn` returns a ChangeSet, saved on the database worker; then `changed` is emitted with it."""

    def __init__(self, runner: TaskRunner, fn: Callable[..., Any], changed: Any, *, parent: QObject | None = None):
        super().__init__(runner, fn, parent=parent)
        self.changed = changed  # a signal (AppContext.changed), emitted whether or not `parent` still exists

    def run(self) -> TaskControl | None:
        fn, control = self._job()
        self.runner.run_db(fn, self._success, self._failure, owner=self.parent, then=self.changed.emit)
        return control
