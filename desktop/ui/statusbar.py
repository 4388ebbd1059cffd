"""The status bar: is the server reachable, what is waiting to be sent, when the last sync
succeeded, conflicts to review, the last error in plain words, and "Sync now".

Everything here is read from the SyncAdapter's state; nothing waits on the network.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QToolButton, QWidget

from desktop.ui.sync_adapter import SyncAdapter, SyncState, error_text
from desktop.ui.widgets.elided_label import ElidedLabel
from sync.records.dates import format_date

ONLINE_COLOUR, OFFLINE_COLOUR, UNKNOWN_COLOUR = "#1e7b34", "#b3261e", "#6b6f76"


def when_text(iso: str | None) -> str:
    """A sync time as people say it: "today at 14:05", otherwise dd.mm.yyyy HH:MM (local time)."""
    if not iso:
        return QCoreApplication.translate("statusbar", "ще не було")
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso
    clock = moment.strftime("%H:%M")
    if moment.date() == date.today():
        return QCoreApplication.translate("statusbar", "сьогодні о %1").replace("%1", clock)
    return f"{format_date(moment.date())} {clock}"


class SyncStatusBar(QStatusBar):
    conflicts_clicked = Signal()
    rejected_clicked = Signal()
    error_clicked = Signal()

    def __init__(self, adapter: SyncAdapter, parent: QWidget | None = None):
        super().__init__(parent)
        self.adapter = adapter
        self.setObjectName("syncStatus")
        self.connection = QLabel(self)
        self.connection.setObjectName("connection")
        self.activity = ElidedLabel(self)
        self.pending = QLabel(self)
        self.pending.setObjectName("pending")
        self.last_sync = QLabel(self)
        self.last_sync.setObjectName("lastSync")
        self.conflicts = QToolButton(self)
        self.conflicts.setObjectName("conflictsButton")
        self.conflicts.setAutoRaise(True)
        self.conflicts.clicked.connect(self.conflicts_clicked)
        self.rejected = QToolButton(self)
        self.rejected.setObjectName("rejectedButton")
        self.rejected.setAutoRaise(True)
        self.rejected.setToolTip(self.tr("Зміни, які сервер не прийняв: переглянути, внести знову або відкинути"))
        self.rejected.clicked.connect(self.rejected_clicked)
        # Errors go in the stretching middle: a long one is shortened, never pushes "Sync now" away.
        self.error = ElidedLabel(self)
        self.error.setObjectName("syncError")
        self.error.setStyleSheet(f"color: {OFFLINE_COLOUR};")
        self.notice = ElidedLabel(self)  # what a sync after a restore of the server gave back
        self.notice.setObjectName("syncNotice")
        self.button = QPushButton(self.tr("Синхронізувати зараз"), self)
        self.button.setObjectName("syncButton")
        self.button.setToolTip(self.tr("Надіслати зміни й отримати нові дані (Ctrl+R, F5)"))
        self.button.clicked.connect(adapter.sync_now)
        self.addWidget(self.connection)
        self.addWidget(self.activity, 1)
        self.addWidget(self.error, 1)
        self.addWidget(self.notice, 1)
        for w in (self.pending, self.last_sync, self.conflicts, self.rejected, self.button):
            self.addPermanentWidget(w)
        adapter.state_changed.connect(self.show_state)
        # A hovered action's status tip is drawn where the left-hand labels sit. Qt hides them for it, but
        # only until the bar's children are shown again (the tip was drawn over «Автономний офіс»): they
        # make way explicitly while a message is up, and come back when it goes.
        self.messageChanged.connect(lambda _message: self.show_state(self.adapter.state))
        self.messageChanged.connect(self._elide_message)
        self.show_state(adapter.state)

    def message_width(self) -> int:
        """Room for a temporary message: up to the first permanent widget (where Qt clips it)."""
        starts = [w.x() for w in (self.pending, self.last_sync, self.conflicts, self.rejected, self.button)
                  if w.isVisible()]
        return (min(starts) if starts else self.width()) - 20

    def _elide_message(self, message: str) -> None:
        """A long status tip ends in «…» instead of being cut mid-word against «Усе надіслано»."""
        if not message:
            return
        metrics = self.fontMetrics()
        room = self.message_width()
        if metrics.horizontalAdvance(message) > room > 0:
            shorter = metrics.elidedText(message, Qt.TextElideMode.ElideRight, room)
            if shorter != message:
                self.showMessage(shorter)  # fits now, so this does not come back here a second time

    def show_state(self, s: SyncState) -> None:
        if s.needs_sign_in:
            self._connection(self.tr("Ви ще не ввійшли на сервер"), OFFLINE_COLOUR,
                             self.tr("Ваші зміни збережено тут і чекають: Налаштування → Користувачі → "
                                     "«Увійти на сервер»."))
        elif not s.enrolled:
            self._connection(self.tr("Автономний офіс (без сервера)"), UNKNOWN_COLOUR,
                             self.tr("Цей комп'ютер не підключено до сервера; усі дані зберігаються лише тут."))
        elif s.running and s.online is None:
            self._connection(self.tr("З'єднання…"), UNKNOWN_COLOUR, "")
        elif s.online is None:
            self._connection(self.tr("Зв'язок ще не перевірено"), UNKNOWN_COLOUR, "")
        elif s.online:
            self._connection(self.tr("● На зв'язку"), ONLINE_COLOUR, self.tr("Сервер доступний"))
        else:
            self._connection(self.tr("● Немає зв'язку"), OFFLINE_COLOUR,
                             self.tr("Працюйте як звичайно: зміни збережено тут і буде надіслано пізніше."))
        free = not self.currentMessage()  # no status tip over the left-hand labels
        self.connection.setVisible(free)
        self.activity.setText(s.activity)
        self.activity.setVisible(free and bool(s.activity))
        self.pending.setVisible(s.enrolled)
        self.pending.setText(self._pending_text(s))
        # Opening a case records who looked at it: that too waits to be sent, and may read as an unsaved edit.
        self.pending.setToolTip(self.tr("Усе збережено на цьому ноутбуці. Ще не надіслано на сервер: зміни, а також "
                                        "записи про те, хто відкривав справи. Їх буде надіслано під час наступної "
                                        "синхронізації.") if s.pending else "")
        self.last_sync.setVisible(s.enrolled)
        self.last_sync.setText(self.tr("Остання синхронізація: %1").replace("%1", when_text(s.last_sync)))
        self.conflicts.setVisible(s.conflicts > 0)
        self.conflicts.setText(self.tr("Конфлікти для перегляду: %1").replace("%1", str(s.conflicts)))
        self.conflicts.setProperty("active", s.conflicts > 0)
        self.conflicts.style().unpolish(self.conflicts)
        self.conflicts.style().polish(self.conflicts)
        self.rejected.setVisible(s.rejected > 0)
        self.rejected.setText(self.tr("Відхилені зміни: %1").replace("%1", str(s.rejected)))
        message = "" if s.running else error_text(s.error_code)
        self.error.setVisible(free and bool(message))
        self.error.setText(message)
        self._show_recovery(s, free and not message)
        self.button.setVisible(s.enrolled and not s.needs_sign_in)
        self.button.setEnabled(not s.running)

    def _show_recovery(self, s: SyncState, room: bool) -> None:
        self.notice.setVisible(room and bool(s.recovered))
        if not s.recovered:
            return
        given, kept = s.recovered
        text = self.tr("Сервер відновлено з копії: повернуто записів: %1").replace("%1", str(given))
        if kept:
            text += "; " + self.tr("записів колег лише тут: %1").replace("%1", str(kept))
        self.notice.setText(text)
        self.notice.setToolTip(self.tr("Сервер відновили з резервної копії, і він втратив зміни, зроблені після неї. "
                                       "Усе, що цей комп'ютер мав із них і може надіслати від імені своїх "
                                       "користувачів, надіслано знову; одночасні зміни полів стали конфліктами для "
                                       "перегляду. Записи колег, які лише тут, повернуть на сервер їхні комп'ютери; "
                                       "тоді їх буде оновлено й тут."))

    def _pending_text(self, s: SyncState) -> str:
        """"Not sent: N", and whose changes wait for them to sign in (never sent under another name)."""
        if not s.pending:
            return self.tr("Усе надіслано")
        text = self.tr("Не надіслано змін: %1").replace("%1", str(s.pending))
        if s.waiting:
            names = ", ".join(f"{self.adapter.ctx.display_name(author)} ({n})" for author, n in s.waiting)
            text += " · " + self.tr("чекають входу: %1").replace("%1", names)
        return text

    def _connection(self, text: str, colour: str, tip: str) -> None:
        self.connection.setText(text)
        self.connection.setStyleSheet(f"color: {colour}; font-weight: 600; padding: 0 6px;")
        self.connection.setToolTip(tip)
