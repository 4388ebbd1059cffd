"""What a Poruch program does once it has started: process-wide, called by the entry points only."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def freeze_startup_objects() -> None:
    """Take what start-up left alive (modules, classes, the app's own objects) out of the collector's way.

    They live as long as the process, yet every full garbage collection walked them all again: a
    pause of about 50 ms in the middle of a sync, each time allocation happened to trigger one
    (measured: the first outbox read of a push, 62 ms instead of 8). `gc.freeze` is the standard
    library's tool for this; collecting first keeps start-up's garbage out of the frozen set. The young
    generations only: they hold nearly all of it (`poruch sync`: 922 of 945 unreachable objects, in
    0.2 ms), while a full collection walks every module and class once more for the last 23 (10-40 ms
    of every command's start, the very walk the freeze exists to avoid).
    """
    gc.collect(1)
    gc.freeze()


_lock = threading.Lock()
_pauses = 0  # pieces of work running with the collector paused (restored when the last one ends)
_was_enabled = False


@contextmanager
def collector_paused(on: bool) -> Iterator[None]:
    """Python's automatic garbage collection off for one long piece of work, as before after.

    Process-wide, counted: overlapping pauses (threads of one process) restore the collector when the
    last ends. For work that makes thousands of short-lived objects none of which is in a reference
    cycle (reference counting frees them): a download's pages (rows, terms, decoded fields), a pushed
    batch of 2,000 changes at either end (sync.client.engine, sync.server.routes.sync). The automatic
    collector still ran every 700 allocations and, as the work's objects survived into the older
    generations, walked them again and again (3-5 % of a first download's CPU, py-spy; 10-25 ms of a
    pushed batch on the server, 10-50 ms of a push of 1,000 cases on the laptop). The window already
    collects on its own timer with the collector off (desktop.ui.app.GuiGarbageCollector): that stays
    as it is.
    """
    global _pauses, _was_enabled
    if not on:
        yield
        return
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
