"""Garbage collection around GUI tests, as the application does it (desktop.ui.app).

Python may run a collection on whichever thread allocates; if that is the database worker and the garbage
holds widgets, Qt destroys them on the wrong thread and the process crashes (Anki disables automatic
collection in its GUI for the same reason). So: no automatic collection during a test, a full one on the
GUI thread after it.

What the worker process holds for good (the modules, Qt, the session's fixtures) is frozen once, as the
application freezes what its start left (sync.startup.freeze_startup_objects): every collection walked it
all again, twice a test, 6 % of the whole suite's CPU (py-spy, 05.12.2026).
"""

from __future__ import annotations

import gc

import pytest

_frozen = False


@pytest.fixture(autouse=True)
def gc_on_gui_thread():
    global _frozen
    gc.collect()
    if not _frozen:
        gc.freeze()
        _frozen = True
    gc.disable()
    yield
    gc.collect()
    gc.enable()
