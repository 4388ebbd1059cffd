"""What every screen of an unlocked session shares: the store, the services, the background runner.

Screens never reach into each other: a write goes through `ctx.write`, which runs it on the
database worker and then emits `changed` with the ChangeSet, and every screen that shows cases
refreshes from that one signal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.services.cases import CaseService, ChangeSet
from desktop.store.store import OpenStore
from desktop.ui.tasks import TaskRunner


class AppContext(QObject):
    changed = Signal(object)  # ChangeSet
    locked = Signal()

    def __init__(self, store: OpenStore, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.cases = CaseService(store)
        # Filled in as those parts land: desktop.services.search, the sync engine's Qt adapter.
        self.search: Any = None
        self.sync: Any = None

    @property
    def user(self) -> str:
        return self.store.user.username

    def write(self, fn: Callable[[], ChangeSet], on_done: Callable[[ChangeSet], None] | None = None,
              on_error: Callable[[Exception], None] | None = None) -> None:
        """Run a write on the database worker; `changed` fires on the GUI thread when it is saved."""

        def done(cs: ChangeSet) -> None:
            if on_done:
                on_done(cs)
            self.changed.emit(cs)

        self.runner.run_db(fn, done, on_error)

    def read(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[Exception], None] | None = None) -> None:
        self.runner.run_db(fn, on_done, on_error)
