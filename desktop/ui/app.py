"""The desktop application: Qt setup, and the session's life (first run → unlock → work → lock).

`python -m desktop.ui.app --data-dir DIR` (or the `poruch-gui` entry point) starts it.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.services.paths import resolve_data_dir
from desktop.store.files import store_exists
from desktop.ui.autolock import AutoLock
from desktop.ui.i18n import Language
from desktop.ui.safety import SafetyGuard
from desktop.ui.settings import Settings, load_settings, save_settings
from desktop.ui.tasks import TaskRunner
from desktop.ui.wheel_guard import WheelGuard
from desktop.ui.widgets.common import APP_STYLE
from sync.startup import freeze_startup_objects

if TYPE_CHECKING:
    from desktop.store.store import OpenStore
    from desktop.ui.context import AppContext

log = logging.getLogger(__name__)
WINDOW_SIZE = (1366, 768)
SELF_TEST_ENV = "PORUCH_SELF_TEST"


class GuiGarbageCollector(QObject):
    """Run Python's garbage collector on the GUI thread only (after Anki's GarbageCollector).

    An automatic collection runs on whichever thread allocates; if that is a worker and the
    garbage holds widgets, Qt destroys them on the wrong thread and the process crashes.
    """

    def __init__(self, parent: QObject, interval_ms: int = 1000):
        super().__init__(parent)
        gc.disable()
        self.threshold = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        l0, l1, l2 = gc.get_count()
        if l0 > self.threshold[0]:
            gc.collect(0)
            if l1 > self.threshold[1]:
                gc.collect(1)
                if l2 > self.threshold[2]:
                    gc.collect(2)


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once, with high-DPI scaling that follows the screen exactly."""
    app = QApplication.instance()
    if app is not None:
        return app
    # Fractional scaling (125 %, 150 % on laptops) without rounding text up to 200 %.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Poruch")
    app.setApplicationDisplayName("Поруч")
    app.setOrganizationName("Poruch")
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)  # readable on 1366x768 laptop screens
    # Families that cover Cyrillic on Windows and Linux; Qt falls back in this order.
    font.setFamilies([font.family(), "Segoe UI", "Noto Sans", "DejaVu Sans"])
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    app.setStyleSheet(APP_STYLE)
    app._gui_gc = GuiGarbageCollector(app)  # kept alive with the application
    app._wheel_guard = WheelGuard(app)  # the wheel scrolls forms, it does not change their fields
    app.installEventFilter(app._wheel_guard)
    return app


class PoruchApp(QObject):
    """Which screen is shown, and the session behind it."""

    session_started = Signal(object)  # AppContext
    session_locked = Signal()

    def __init__(self, data_dir: Path, *, qm_dir: Path | None = None, autolock_ms: int | None = None,
                 sync_interval_s: int | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.app = make_app()
        self.data_dir = Path(data_dir)
        self.settings: Settings = load_settings(self.data_dir)
        self.language = Language(self.app, qm_dir)
        self.language.switch(self.settings.language)
        self.runner = TaskRunner(self)
        self.autolock = AutoLock(autolock_ms or AutoLock.minutes_to_ms(self.settings.autolock_minutes), self)
        self.autolock.timed_out.connect(self.lock)
        self.sync_interval_s = sync_interval_s or self.settings.sync_interval_s
        self.ctx: AppContext | None = None
        self.window: QWidget | None = None  # the one top-level window shown now
        self._last_user: str | None = None
        self._quitting = False
        # Remote wipe, emergency wipe, wipe after failed unlocks (desktop/ui/safety.py).
        self.safety = SafetyGuard(self.data_dir, self.runner, self._close_for_wipe, self)
        self.safety.wiped.connect(self._after_wipe)
        self.safety.contact.connect(self._server_answered)

    # --- screens ------------------------------------------------------------------------------------
    def start(self) -> None:
        if store_exists(self.data_dir):
            self.show_unlock()
        else:
            self.show_wizard()
        self.safety.start()  # "am I revoked?" in the background: the window does not wait for it

    def _replace_window(self, window: QWidget) -> None:
        old = self.window
        if old is not None:
            window.setGeometry(old.geometry())
        else:
            window.resize(*WINDOW_SIZE)
        self.window = window
        window.show()
        if old is not None:
            old.blockSignals(True)  # replacing a window is not closing the application
            old.close()
            old.deleteLater()

    def show_wizard(self) -> None:
        from desktop.ui.wizard import FirstRunWizard

        wizard = FirstRunWizard(self.data_dir, self.runner)
        wizard.store_ready.connect(self.start_session)
        wizard.rejected.connect(self.app.quit)
        self._replace_window(wizard)
        wizard.resize(720, 560)

    def show_unlock(self, message: str = "") -> None:
        from desktop.ui.unlock import UnlockScreen

        screen = UnlockScreen(self.data_dir, self.runner, office_name=self.settings.office_name,
                              user=self._last_user, message=message, language=self.language.current)
        screen.unlocked.connect(self.start_session)
        screen.language_requested.connect(self.set_language)
        screen.wipe_requested.connect(self.emergency_wipe)
        screen.wiped_after_failures.connect(self._wiped_after_failures)
        # While the previous session is still closing, nobody may open a second one.
        screen.set_ready(self.ctx is None or self.ctx.state == "locked")
        self._replace_window(screen)
        QTimer.singleShot(300, self._warm_up)

    @staticmethod
    def _warm_up() -> None:
        """Import the session's modules while the password is typed, not after Enter (~0.5 s)."""
        import desktop.store.store  # noqa: F401
        import desktop.ui.context  # noqa: F401
        import desktop.ui.main_window  # noqa: F401
        import sync.client.engine  # noqa: F401

    def start_session(self, store: OpenStore) -> None:
        # The session's modules (SQLAlchemy, the sync transport) are imported after the unlock
        # window is shown (_warm_up), not before it: benchmarks/startup.py.
        from desktop.ui.context import AppContext
        from desktop.ui.sync_adapter import SyncAdapter

        if not store_exists(self.data_dir):
            # Wiped while the password was being checked (the server's answer at start came first):
            # the unlocked store must not become a session.
            store.close()
            return
        self._last_user = store.user.username
        office = store.get_meta("office_name") or ""
        if office != self.settings.office_name:  # shown on the unlock screen (not personal data)
            self.settings.office_name = office
            save_settings(self.data_dir, self.settings)
        ctx = AppContext(store, self.runner, self)
        adapter = SyncAdapter.for_context(ctx, interval_s=self.sync_interval_s)
        ctx.locked.connect(self._on_locked)
        adapter.revoked.connect(self._revoked)
        self.ctx = ctx
        self._build_main_window()
        adapter.start()
        self.autolock.start()
        self.session_started.emit(ctx)

    def _build_main_window(self, open_cases: list[str] | None = None) -> None:
        from desktop.ui.main_window import MainWindow

        window = MainWindow(self.ctx, self.ctx.sync, self.language.current)
        window.lock_requested.connect(self.lock)
        window.language_requested.connect(self.set_language)
        window.settings_requested.connect(self.edit_settings)
        window.users_requested.connect(self.manage_users)
        window.closed.connect(self.quit)
        window.wipe_requested.connect(self.emergency_wipe)
        self._replace_window(window)
        for case_id in open_cases or []:
            window.open_case(case_id)

    # --- locking ------------------------------------------------------------------------------------
    def lock(self) -> None:
        """Hide personal data now; the key is dropped once background work has finished."""
        if self.ctx is None or not self.ctx.is_open:
            return
        self.autolock.stop()
        self.ctx.lock()
        if self.ctx is not None and self.ctx.state == "locking":
            self.show_unlock(self.tr("Програму заблоковано. Завершуємо фонові завдання…"))

    def _on_locked(self) -> None:
        from desktop.ui.unlock import UnlockScreen

        self.ctx = None
        message = self.tr("Програму заблоковано. Щоб продовжити, введіть пароль.")
        if isinstance(self.window, UnlockScreen):
            self.window.set_ready(True, message)
        elif not self._quitting:
            self.show_unlock(message)
        self.session_locked.emit()

    # --- wiping (desktop/ui/safety.py destroys; this shows what follows) ------------------------------
    def emergency_wipe(self) -> None:
        self.safety.open_dialog(self.window, self.ctx if self.ctx is not None and self.ctx.is_open else None)

    def _revoked(self) -> None:
        """A sync was refused: the server revoked this laptop. Destroy the local data, key slots first."""
        if self.ctx is not None:
            self.safety.wipe("remote")

    def _wiped_after_failures(self, guard) -> None:
        self.safety.report(guard, "failed_unlocks")  # the unlock already wiped, on the database worker
        self._after_wipe("failed_unlocks")

    def _close_for_wipe(self) -> None:
        """Called once the key slots are gone: end the session without showing the unlock window."""
        self.autolock.stop()
        if self.ctx is not None:
            self._quitting = True
            try:
                self.ctx.lock_now()
            finally:
                self._quitting = False
            self.ctx = None

    def _after_wipe(self, reason: str) -> None:
        self.ctx = None
        self.show_wizard()
        texts = {
            "remote": (self.tr("Пристрій відкликано"), self.tr(
                "Адміністратор відкликав цей комп'ютер. Локальні дані знищено. Щоб працювати далі, "
                "підключіть комп'ютер до сервера знову.")),
            "emergency": (self.tr("Дані знищено"), self.tr(
                "Дані «Поруч» на цьому комп'ютері знищено: ключі, базу даних, резервні копії й налаштування. "
                "Те, що вже було на сервері, збережено там.")),
            "failed_unlocks": (self.tr("Дані знищено"), self.tr(
                "Забагато невдалих спроб входу поспіль: за правилами вашого офісу дані «Поруч» на цьому "
                "комп'ютері знищено. Те, що вже було на сервері, збережено там; щоб працювати далі, "
                "зверніться до адміністратора.")),
        }
        title, text = texts.get(reason, texts["emergency"])
        notice = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.window)
        notice.setObjectName("revokedNotice" if reason == "remote" else "wipedNotice")
        notice.open()  # not exec(): nothing waits on it
        self.session_locked.emit()

    def _server_answered(self) -> None:
        """Contact with the server: a lockout for days without it lifts at once."""
        from desktop.ui.unlock import UnlockScreen

        if isinstance(self.window, UnlockScreen):
            self.window.check_lockout()

    def shutdown(self) -> None:
        """Close the session (key dropped, database closed) and every window; waits for the workers."""
        self._quitting = True
        self.autolock.stop()
        self.safety.stop()
        if self.ctx is not None:
            self.ctx.lock_now()
        self.runner.wait_idle()
        if self.window is not None:
            self.window.blockSignals(True)
            self.window.close()
            self.window.deleteLater()
            self.window = None

    def quit(self) -> None:
        self.shutdown()
        self.app.quit()

    # --- preferences --------------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        if lang == self.language.current:
            return
        if not self.language.switch(lang):
            QMessageBox.warning(self.window, "Poruch", "The English translation is not installed "
                                "(run `make translations`).")
            return
        self.settings.language = lang
        save_settings(self.data_dir, self.settings)
        # Rebuilding the screen is simpler and surer than retranslating every widget in place.
        from desktop.ui.unlock import UnlockScreen

        if self.ctx is not None and self.ctx.is_open:
            self._build_main_window(self.window.open_case_ids())
        elif isinstance(self.window, UnlockScreen):
            self.show_unlock()

    def manage_users(self):
        """Settings → Users (desktop/ui/users_dialog.py)."""
        from desktop.ui.users_dialog import UsersDialog

        if self.ctx is None or not self.ctx.is_open:
            return None
        dialog = UsersDialog(self.ctx, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_settings(self) -> None:
        from desktop.ui.widgets.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.window)
        if dialog.exec():
            self.settings = dialog.result_settings()
            save_settings(self.data_dir, self.settings)
            self.autolock.set_timeout(AutoLock.minutes_to_ms(self.settings.autolock_minutes))
            if self.settings.language != self.language.current:
                self.set_language(self.settings.language)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="poruch-gui", description="Поруч / Poruch desktop")
    parser.add_argument("--data-dir", default=None, help="тека з даними / data folder")
    parser.add_argument("--lang", choices=("uk", "en"), default=None, help="мова / interface language")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = make_app()
    if os.environ.get(SELF_TEST_ENV):  # a build being checked (desktop/selftest.py), not a person
        from desktop.selftest import run

        return run(Path(os.environ[SELF_TEST_ENV]))
    data_dir = resolve_data_dir(args.data_dir)
    if args.lang:
        settings = load_settings(data_dir)
        settings.language = args.lang
        save_settings(data_dir, settings)
    shell = PoruchApp(data_dir)
    signal.signal(signal.SIGINT, lambda *_: shell.quit())  # Ctrl+C in a terminal closes cleanly
    wake = QTimer()  # Python sees signals only when it runs: let it, four times a second
    wake.timeout.connect(lambda: None)
    wake.start(250)
    shell.start()
    freeze_startup_objects()
    code = app.exec()
    shell.runner.wait_idle()
    return code


if __name__ == "__main__":
    sys.exit(main())
