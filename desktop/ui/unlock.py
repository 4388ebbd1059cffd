"""The unlock screen: choose a user of this laptop, type the password.

Argon2 and opening the database run on the worker, so the window stays responsive. After a few
wrong passwords the key slots refuse attempts for a while (across restarts too); the screen
counts that time down with a one-second QTimer and disables the button meanwhile.
"""

from __future__ import annotations

import logging
import math
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import device_guard
from desktop.store import keyslots
from desktop.store.keyslots import KeySlots, UnlockThrottled, WrongPassword
from desktop.ui.i18n import LANGUAGES
from desktop.ui.tasks import TaskRunner
from desktop.ui.widgets.common import card_layout, error_label
from desktop.ui.wipe_dialog import SHORTCUT as WIPE_SHORTCUT
from desktop.version import APP_VERSION

log = logging.getLogger(__name__)



def unlock_store(data_dir: Path, username: str, password: str, on_migrating=None):
    """Open the store (on the database worker) as the office's policies allow. The store's modules
    (SQLAlchemy, alembic) are imported here, after the unlock window is on screen, not before it
    (benchmarks/startup.py)."""
    return device_guard.unlock_with_policies(data_dir, username, password, on_migrating=on_migrating)

class UnlockScreen(QWidget):
    unlocked = Signal(object)  # OpenStore
    language_requested = Signal(str)
    wipe_requested = Signal()             # the emergency wipe's shortcut (desktop/ui/wipe_dialog.py)
    wiped_after_failures = Signal(object)  # the office's policy wiped the data (the DeviceGuard read before)
    migrating = Signal()  # emitted from the database worker: the unlock goes on to update the database

    def __init__(self, data_dir: Path, runner: TaskRunner, parent: QWidget | None = None, *,
                 office_name: str = "", user: str | None = None, message: str = "", language: str = "uk"):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.runner = runner
        self.slots = KeySlots(self.data_dir)
        self.setObjectName("unlockScreen")
        self.setWindowTitle(self.tr("Поруч — вхід"))
        self.busy = False
        self.ready = True
        self._info_before: tuple[str, bool] | None = None  # the hint shown before "updating the database"

        card = QFrame(self)
        card.setObjectName("card")
        title = QLabel(self.tr("Поруч"), card)
        title.setObjectName("appTitle")
        subtitle = QLabel(office_name or self.tr("Ведення справ соціальної підтримки"), card)
        subtitle.setObjectName("subtitle")
        subtitle.setWordWrap(True)

        self.user = QComboBox(card)
        self.user.setAccessibleName(self.tr("Користувач"))
        for info in self._users():
            self.user.addItem(f"{info.display_name} ({info.username})"
                              if info.display_name != info.username else info.username, info.username)
        if user and self.user.findData(user) >= 0:
            self.user.setCurrentIndex(self.user.findData(user))
        self.password = QLineEdit(card)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Пароль"))
        self.password.returnPressed.connect(self.submit)
        self.button = QPushButton(self.tr("Увійти"), card)
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        self.error = error_label(card)
        self.info = QLabel(message, card)
        self.info.setObjectName("hint")
        self.info.setWordWrap(True)
        self.info.setVisible(bool(message))
        self.migrating.connect(self._show_migrating)

        form = QFormLayout()
        user_caption = QLabel(self.tr("&Користувач"), card)
        user_caption.setBuddy(self.user)
        password_caption = QLabel(self.tr("&Пароль"), card)
        password_caption.setBuddy(self.password)
        form.addRow(user_caption, self.user)
        form.addRow(password_caption, self.password)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 22, 28, 22)
        inner.setSpacing(10)
        for w in (title, subtitle, self.info):
            inner.addWidget(w)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        self.language = QComboBox(card)
        self.language.setAccessibleName("Мова інтерфейсу / Interface language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.language.activated.connect(lambda _i: self.language_requested.emit(self.language.currentData()))
        inner.addWidget(self.language, 0, Qt.AlignmentFlag.AlignLeft)
        card_layout(self, card)

        self._countdown = QTimer(self)
        self._countdown.setInterval(250)
        self._countdown.setTimerType(Qt.TimerType.PreciseTimer)
        self._deadline = 0.0
        self._countdown.timeout.connect(self._tick)
        self._remaining = 0
        self.user.currentIndexChanged.connect(self._check_throttle)
        self.setTabOrder(self.user, self.password)
        self.setTabOrder(self.password, self.button)
        self.setTabOrder(self.button, self.language)
        wipe = QShortcut(QKeySequence(WIPE_SHORTCUT), self)
        wipe.setContext(Qt.ShortcutContext.WindowShortcut)
        wipe.activated.connect(self.wipe_requested.emit)
        self.locked_out: device_guard.Lockout | None = None
        self._check_throttle()
        self.check_lockout()

    def _users(self):
        try:
            return self.slots.users()
        except keyslots.SlotsCorrupted:
            return []

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.password.setFocus)

    @property
    def username(self) -> str:
        return self.user.currentData() or ""

    def set_ready(self, ready: bool, message: str | None = None) -> None:
        """False while the previous session is still closing its database."""
        self.ready = ready
        if message is not None:
            self.info.setText(message)
            self.info.setVisible(bool(message))
        self.button.setEnabled(ready and not self.busy and self._remaining <= 0 and self.locked_out is None)

    def submit(self) -> None:
        if self.busy or not self.ready or self._remaining > 0 or self.locked_out is not None:
            return
        if not self.password.text():
            self.show_error(self.tr("Введіть пароль."))
            return
        username, password = self.username, self.password.text()
        self.password.clear()  # the text is in `password` only for the duration of the job
        self._set_busy(True)
        self.error.hide()
        data_dir = self.data_dir
        migrating = self.migrating.emit  # a signal: safe to emit from the worker, the slot runs here
        self.runner.run_db(lambda: unlock_store(data_dir, username, password, migrating), self._done, self._failed,
                           owner=self)

    def _show_migrating(self) -> None:
        """After an update a large store may take a minute or more to migrate: say so, or it looks frozen."""
        self._info_before = (self.info.text(), self.info.isVisibleTo(self))
        self.button.setText(self.tr("Оновлюємо базу даних…"))
        self.info.setText(self.tr("Після оновлення програми базу даних переводимо на нову версію (спершу робимо її "
                                  "копію). На великій базі це може тривати кілька хвилин. Не вимикайте комп'ютер."))
        self.info.show()

    def _done(self, store) -> None:
        self._set_busy(False)
        self.unlocked.emit(store)

    def _failed(self, exc: Exception) -> None:
        from desktop.store import database  # loaded by the attempt already

        self._set_busy(False)
        if self._info_before is not None:  # the update did not happen: the words about it go
            text, visible = self._info_before
            self.info.setText(text)
            self.info.setVisible(visible)
            self._info_before = None
        if isinstance(exc, device_guard.WipedAfterFailedUnlocks):
            self.wiped_after_failures.emit(exc.guard)
            return
        if isinstance(exc, device_guard.LockedOut):
            self.check_lockout()
            return
        if isinstance(exc, UnlockThrottled):
            self._start_countdown(exc.retry_after)
            return
        if isinstance(exc, WrongPassword):
            self.show_error(self.tr("Неправильний пароль. Перевірте розкладку клавіатури та Caps Lock."))
            self._check_throttle(keep_error=True)
        elif isinstance(exc, database.DatabaseTooNew) and exc.needed:
            self.show_error(self.tr("Цю базу даних оновила версія %1 програми «Поруч», а встановлено версію %2. "
                                    "Встановіть версію %1 або новішу, щоб відкрити її.")
                            .replace("%1", exc.needed).replace("%2", APP_VERSION))
        elif isinstance(exc, database.DatabaseTooNew):
            self.show_error(self.tr("Цю базу даних створила новіша версія програми «Поруч». "
                                    "Оновіть програму, щоб відкрити її."))
        elif isinstance(exc, database.BackupFailed):
            # Before a migration the store is copied aside; without a whole copy nothing was changed.
            if exc.no_space:
                why = self.tr("на диску закінчилося місце. Звільніть місце на диску й увійдіть знову")
            elif exc.busy:
                why = self.tr("базу даних відкрито іншою програмою. Закрийте її й увійдіть знову")
            else:
                why = self.tr("не вдалося записати копію в теку %1. Перевірте доступ до неї або зверніться "
                              "до адміністратора").replace("%1", str(exc.folder))
            self.show_error(self.tr("Нова версія програми оновлює базу даних і спершу робить її копію, але %1. "
                                    "Базу даних не змінено.").replace("%1", why))
        elif isinstance(exc, database.DatabaseUnreadable | keyslots.SlotsCorrupted):
            self.show_error(self.tr("Не вдалося відкрити базу даних: файл ключів або бази пошкоджено. "
                                    "Зверніться до адміністратора; дані на сервері не втрачено."))
        else:
            log.warning("unlock failed: %s", type(exc).__name__)
            self.show_error(self.tr("Не вдалося відкрити базу даних. Спробуйте ще раз або зверніться "
                                    "до адміністратора."))
        self.password.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.button.setEnabled(self.ready and not busy and self._remaining <= 0 and self.locked_out is None)
        self.button.setText(self.tr("Відкриваємо…") if busy else self.tr("Увійти"))
        self.user.setEnabled(not busy)
        self.password.setEnabled(not busy and self.locked_out is None)

    # --- slowing down guessing ------------------------------------------------------------------
    def _check_throttle(self, *_args, keep_error: bool = False) -> None:
        wait = self.slots.retry_after(self.username) if self.username else 0.0
        if wait > 0:
            self._start_countdown(wait)
        else:
            self._stop_countdown(keep_error=keep_error)

    def _start_countdown(self, seconds: float) -> None:
        # Counted against the clock, not in ticks: timers may fire a little early or late.
        self._deadline = time.monotonic() + seconds
        self._remaining = max(1, math.ceil(seconds))
        self._countdown.start()
        self._show_remaining()

    def _tick(self) -> None:
        left = self._deadline - time.monotonic()
        if left > 0:
            self._remaining = max(1, math.ceil(left))
            self._show_remaining()
            return
        wait = self.slots.retry_after(self.username) if self.username else 0.0
        if wait > 0:  # the key slots' own clock has the last word
            self._start_countdown(wait)
            return
        self._stop_countdown()
        self.password.setFocus()

    def _show_remaining(self) -> None:
        self.button.setEnabled(False)
        self.show_error(self.tr("Забагато невдалих спроб. Наступна спроба можлива через %1 с.")
                        .replace("%1", str(self._remaining)))

    def _stop_countdown(self, keep_error: bool = False) -> None:
        was_counting = self._remaining > 0
        self._remaining = 0
        self._countdown.stop()
        self.button.setEnabled(self.ready and not self.busy and self.locked_out is None)
        if was_counting and not keep_error:
            self.error.hide()

    @property
    def seconds_left(self) -> int:
        return self._remaining

    # --- the office's lockout after days without contact ------------------------------------------------
    def check_lockout(self) -> None:
        """Refuse to unlock while the office's policy says this laptop has been out of contact too long, and
        say why and what to do; the application calls this again when the server answers."""
        self.locked_out = device_guard.lockout(device_guard.load_guard(self.data_dir))
        if self.locked_out is None:
            if not self.error.isHidden() and self.error.property("lockout"):
                self.error.hide()
            self.error.setProperty("lockout", False)
            self.button.setEnabled(self.ready and not self.busy and self._remaining <= 0)
            self.password.setEnabled(not self.busy)
            return
        self.button.setEnabled(False)
        self.password.setEnabled(False)
        self.error.setProperty("lockout", True)
        self.show_error(self.tr("Цей комп'ютер не з'єднувався з сервером %1 дн., а правила вашого офісу "
                                "дозволяють не більше %2. Вхід заблоковано, доки комп'ютер не з'єднається з "
                                "сервером: підключіть його до інтернету (перевірка відбудеться сама за кілька "
                                "хвилин) або зверніться до адміністратора.")
                        .replace("%1", str(self.locked_out.days_without_contact))
                        .replace("%2", str(self.locked_out.limit_days)))
