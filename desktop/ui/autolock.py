"""Lock the session after a period without keyboard or mouse input (default 10 minutes).

One application-wide event filter restarts an inactivity timer on every input event, whichever
window gets it (a dialog, a case tab, a file picker). Only input counts: a sync finishing or a
timer firing is not a person at the laptop.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
    QEvent.Type.InputMethod, QEvent.Type.ShortcutOverride,
})


class AutoLock(QObject):
    timed_out = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(50, int(timeout_ms)))
        self.timer.timeout.connect(self.timed_out)
        self._installed = False

    @staticmethod
    def minutes_to_ms(minutes: float) -> int:
        return int(minutes * 60_000)

    def set_timeout(self, timeout_ms: int) -> None:
        self.timer.setInterval(max(50, int(timeout_ms)))
        if self.timer.isActive():
            self.timer.start()

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    @property
    def active(self) -> bool:
        return self.timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()  # restart: the person is here
        return False
