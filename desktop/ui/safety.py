"""The laptop's safety in the window: the emergency wipe, the remote wipe, and asking the server while locked.

`SafetyGuard` asks the server "am I revoked?" with the status credential (desktop/services/remote_wipe.py)
when the application starts, without waiting for it (the unlock window shows at once; the question has a
short timeout on the network pool), and then every few minutes whatever screen is shown. If the server says
so, or a sync is refused as revoked, or a caseworker confirms an emergency wipe, or the office's policy
counts too many wrong passwords, the data is destroyed (key slots first), the server is told in the
background, and `wiped` tells the application to show the first-run screen and a plain notice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop.services.device_guard import load_guard
from desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 5 * 60_000


class SafetyGuard(QObject):
    wiped = Signal(str)   # the reason ("remote", "emergency", "failed_unlocks"); the files are gone
    contact = Signal()    # the server answered and this laptop is active (a lockout lifts)
    checked = Signal(object)  # RemoteStatus of each question (tests wait on it)

    def __init__(self, data_dir: Path, runner: TaskRunner, close_session: Callable[[], None],
                 parent: QObject | None = None, *, interval_ms: int = CHECK_EVERY_MS):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.runner = runner
        self.close_session = close_session
        self.asking = False
        self.dialog = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.ask_now)

    # --- the remote wipe --------------------------------------------------------------------------------
    def start(self) -> None:
        self.ask_now()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def ask_now(self) -> None:
        if self.asking or not load_guard(self.data_dir).can_ask:
            return  # a standalone office, or nothing enrolled: no question, not even the network's imports
        self.asking = True
        data_dir = self.data_dir

        def ask():
            from desktop.services.remote_wipe import ask_server  # the network stack, off the GUI thread

            return ask_server(data_dir)

        self.runner.run_net(ask, self._answered, self._not_answered, owner=self)

    def _answered(self, status) -> None:
        self.asking = False
        self.checked.emit(status)
        if status.wipe:
            self.wipe("remote")
        elif status.reached:
            self.contact.emit()

    def _not_answered(self, exc: Exception) -> None:
        self.asking = False
        log.info("device status question failed: %s", type(exc).__name__)

    # --- wiping ---------------------------------------------------------------------------------------------
    def wipe(self, reason: str) -> None:
        """Destroy the local data now: key slots first, then the session is closed, then the files."""
        from desktop.services.wipe import wipe_data_dir

        if self.dialog is not None:
            self.dialog.reject()
        guard = load_guard(self.data_dir)  # the credential goes with the files: read it first
        result = wipe_data_dir(self.data_dir, before_files=self.close_session)
        if not result.complete:
            log.warning("wipe left %d paths (unreadable: the key slots went first)", len(result.failed))
        self.report(guard, reason)
        self.wiped.emit(reason)

    def report(self, guard, reason: str) -> None:
        def send():
            from desktop.services.remote_wipe import report_wiped

            return report_wiped(guard, reason)

        self.runner.run_net(send, None, lambda _exc: None, owner=self)

    # --- the emergency wipe dialog -------------------------------------------------------------------------
    def open_dialog(self, parent: QWidget | None, ctx=None) -> None:
        """File → Emergency wipe, or its shortcut. `ctx`: the open session (None on the unlock screen)."""
        from desktop.ui.wipe_dialog import WipeDialog

        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        adapter = getattr(ctx, "sync", None) if ctx is not None else None
        dialog = WipeDialog(parent, locked=ctx is None, can_sync=self._can_sync(adapter))
        self.dialog = dialog
        dialog.confirmed.connect(lambda: self.wipe("emergency"))
        dialog.finished.connect(self._dialog_closed)
        if ctx is not None:
            self._count_pending(ctx, adapter)
            if adapter is not None:
                dialog.sync_requested.connect(lambda: self._sync_first(ctx, adapter))
        dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    @staticmethod
    def _can_sync(adapter) -> bool:
        return adapter is not None and adapter.engine is not None and adapter.state.online is not False

    def _count_pending(self, ctx, adapter) -> None:
        from desktop.services.wipe import unconfirmed_files, unsynced_changes

        dialog = self.dialog

        def done(counts: tuple[int, int]) -> None:
            if dialog is self.dialog and dialog is not None:
                dialog.set_pending(counts[0], self._can_sync(adapter), files=counts[1])

        if ctx.is_open:
            store = ctx.store  # the worker's function holds the store, not the session object
            ctx.read(lambda: (unsynced_changes(store), unconfirmed_files(store)), done, lambda _exc: None,
                     owner=dialog)

    def _sync_first(self, ctx, adapter) -> None:
        def state_changed(state) -> None:
            if not state.running:
                adapter.state_changed.disconnect(state_changed)
                self._count_pending(ctx, adapter)

        adapter.state_changed.connect(state_changed)
        adapter.sync_now()
        if not adapter.state.running:  # nothing started (stopped, locked): count again at once
            state_changed(adapter.state)
