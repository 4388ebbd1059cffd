"""File → Emergency wipe (Ctrl+Shift+Del, on the unlock screen too): a plain warning, then 5 seconds to change
one's mind.

First page: what would be lost, in words ("everything is synced", "N changes have not reached the server",
or, on the unlock screen where the database is locked, that nobody can count them), and a "sync first"
button while the server is reachable. Then a countdown that any key (or the Cancel button) stops; when it
runs out the dialog emits `confirmed` and the application destroys the data (desktop/services/wipe.py:
the key slots first). The countdown is a QTimer whose `timeout` a test can emit; nothing here sleeps.
After Tella's quick delete (a cancellable countdown) and Briar (the key before the data).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.common import ERROR_COLOUR

COUNTDOWN_S = 5
SHORTCUT = "Ctrl+Shift+Del"

_STYLE = f"""
QLabel#wipeTitle {{ font-size: 15pt; font-weight: 600; color: {ERROR_COLOUR}; }}
QLabel#wipeLoss {{ font-size: 11pt; font-weight: 600; }}
QLabel#wipeCount {{ font-size: 40pt; font-weight: 700; color: {ERROR_COLOUR}; }}
QPushButton#wipeButton {{ background: {ERROR_COLOUR}; color: white; font-weight: 600; padding: 5px 14px; }}
QPushButton#wipeButton:disabled {{ background: #d9a8a4; }}
"""


class WipeDialog(QDialog):
    confirmed = Signal()       # the countdown ran out: destroy the data now
    sync_requested = Signal()  # "sync first": the application syncs and calls set_pending again

    def __init__(self, parent: QWidget | None = None, *, pending: int | None = None, locked: bool = False,
                 can_sync: bool = False):
        super().__init__(parent)
        self.setObjectName("wipeDialog")
        self.setWindowTitle(self.tr("Екстрене знищення даних"))
        self.setModal(True)
        self.setStyleSheet(_STYLE)
        self.setMinimumWidth(520)
        self.locked = locked
        self.remaining = 0
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._warning_page())
        self.pages.addWidget(self._countdown_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.set_pending(pending, can_sync)

    # --- pages ----------------------------------------------------------------------------------------
    def _warning_page(self) -> QWidget:
        page = QWidget(self)
        title = QLabel(self.tr("Знищити всі дані «Поруч» на цьому комп'ютері?"), page)
        title.setObjectName("wipeTitle")
        title.setWordWrap(True)
        self.loss = QLabel(page)
        self.loss.setObjectName("wipeLoss")
        self.loss.setWordWrap(True)
        what = QLabel(self.tr("Буде знищено ключі доступу, базу даних справ, резервні копії, відкриті вкладення "
                              "й налаштування. Відновити їх на цьому комп'ютері буде неможливо; те, що вже є "
                              "на сервері, залишиться там. Після знищення програма повідомить сервер, якщо він "
                              "доступний."), page)
        what.setWordWrap(True)
        self.sync_button = QPushButton(self.tr("Спершу &синхронізувати"), page)
        self.sync_button.clicked.connect(self._sync_first)
        self.wipe_button = QPushButton(self.tr("&Знищити дані…"), page)
        self.wipe_button.setObjectName("wipeButton")
        self.wipe_button.clicked.connect(self.start_countdown)
        cancel = QPushButton(self.tr("Скасувати"), page)
        cancel.setDefault(True)  # Enter must never start a wipe
        cancel.clicked.connect(self.reject)
        self.cancel_button = cancel
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.wipe_button)
        layout = QVBoxLayout(page)
        for w in (title, self.loss, what):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _countdown_page(self) -> QWidget:
        page = QWidget(self)
        self.count = QLabel(page)
        self.count.setObjectName("wipeCount")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count_text = QLabel(page)
        self.count_text.setWordWrap(True)
        self.count_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stop_button = QPushButton(self.tr("Зупинити"), page)
        self.stop_button.clicked.connect(self.cancel_countdown)
        layout = QVBoxLayout(page)
        layout.addWidget(self.count)
        layout.addWidget(self.count_text)
        layout.addWidget(self.stop_button, 0, Qt.AlignmentFlag.AlignCenter)
        return page

    # --- what would be lost -------------------------------------------------------------------------------
    def set_pending(self, pending: int | None, can_sync: bool = False, files: int = 0) -> None:
        """The count of changes not yet on the server (None: not known), of attachment files the server has
        not confirmed yet, and whether syncing may help."""
        self.pending = pending
        self.files = files
        if self.locked:
            text = self.tr("Базу даних заблоковано, тому не відомо, скільки змін ще не надіслано на сервер. "
                           "Усе, що не надійшло на сервер, буде втрачено.")
        elif pending is None:
            text = self.tr("Рахуємо зміни, які ще не надіслано на сервер…")
        elif pending == 0 and not files:
            text = self.tr("Усе синхронізовано: сервер має всі зміни, зроблені на цьому комп'ютері.")
        elif pending == 0:
            text = ""
        else:
            text = self.tr("Ще не надіслано на сервер змін: %1. Їх буде втрачено.").replace("%1", str(pending))
        if files and not self.locked and pending is not None:
            text = " ".join(t for t in (text, self.tr("Файлів вкладень, яких сервер ще не підтвердив: %1; їх теж "
                                                      "буде втрачено.").replace("%1", str(files))) if t)
        self.loss.setText(text)
        self.sync_button.setVisible(can_sync and not self.locked)
        self.sync_button.setEnabled(can_sync and bool(pending or files))
        self.sync_button.setText(self.tr("Спершу &синхронізувати"))

    def _sync_first(self) -> None:
        self.sync_button.setEnabled(False)
        self.sync_button.setText(self.tr("Синхронізація…"))
        self.sync_requested.emit()

    # --- the countdown ------------------------------------------------------------------------------------
    def start_countdown(self) -> None:
        self.remaining = COUNTDOWN_S
        self._show_count()
        self.pages.setCurrentIndex(1)
        self.stop_button.setFocus()
        QApplication.instance().installEventFilter(self)  # any key, wherever the focus is
        self.timer.start()

    def tick(self) -> None:
        if self.remaining <= 0:
            return
        self.remaining -= 1
        if self.remaining > 0:
            self._show_count()
            return
        self._end_countdown()
        self.confirmed.emit()
        self.accept()

    def cancel_countdown(self) -> None:
        if self.remaining <= 0:
            return
        self._end_countdown()
        self.remaining = 0
        self.pages.setCurrentIndex(0)
        self.cancel_button.setFocus()

    @property
    def counting(self) -> bool:
        return self.timer.isActive()

    def _show_count(self) -> None:
        self.count.setText(str(self.remaining))
        self.count_text.setText(self.tr("Дані буде знищено через %1 с. Натисніть будь-яку клавішу, щоб "
                                        "скасувати.").replace("%1", str(self.remaining)))

    def _end_countdown(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.counting and event.type() == QEvent.Type.KeyPress:
            self.cancel_countdown()
            return True  # the key only cancels: it does nothing else
        return False

    def reject(self) -> None:
        self._end_countdown()
        super().reject()

    def done(self, result: int) -> None:
        self._end_countdown()
        super().done(result)
