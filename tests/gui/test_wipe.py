"""The emergency wipe from the window and the unlock screen, the remote wipe at start, the office's policies.

The countdown is driven through its timer's `timeout` signal (no sleeps); keys are real key events.
Remote wipes and policies run against a real poruch-server on 127.0.0.1; the last test starts the
application as its own process on a revoked laptop and waits for it to wipe itself with nobody signed in.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from desktop.services import device_guard as dg
from desktop.services.cases import CaseService
from desktop.services.enrolment import enroll_device
from desktop.store.files import store_exists
from desktop.ui.app import PoruchApp
from desktop.ui.unlock import UnlockScreen
from desktop.ui.wipe_dialog import COUNTDOWN_S, WipeDialog
from desktop.ui.wizard import FirstRunWizard
from sync.server import models as m
from sync.server.db import make_engine
from tests.conftest import TEST_PASSWORD
from tests.gui.conftest import SERVER_PASSWORD, make_cases
from tests.support.server_process import REPO

WIPE_KEYS = (Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def _notice(app, name: str) -> QMessageBox | None:
    return app.window.findChild(QMessageBox, name) if app.window is not None else None


def _run_out(dialog: WipeDialog) -> None:
    for _ in range(COUNTDOWN_S):
        dialog.timer.timeout.emit()


def test_the_dialog_says_what_would_be_lost_and_any_key_stops_the_countdown(qtbot):
    dialog = WipeDialog(locked=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "не відомо, скільки змін" in dialog.loss.text() and not dialog.sync_button.isVisible()
    dialog.locked = False
    dialog.set_pending(0, can_sync=True)
    assert dialog.loss.text().startswith("Усе синхронізовано") and not dialog.sync_button.isEnabled()
    dialog.set_pending(7, can_sync=True)
    assert "змін: 7. Їх буде втрачено" in dialog.loss.text() and dialog.sync_button.isEnabled()
    assert dialog.cancel_button.isDefault()  # Enter never starts a wipe
    dialog.set_pending(0, can_sync=True, files=2)  # every change sent, two scans not yet confirmed
    assert "Усе синхронізовано" not in dialog.loss.text() and "не підтвердив: 2" in dialog.loss.text()
    assert dialog.sync_button.isEnabled()
    dialog.set_pending(7, can_sync=True)

    fired = []
    dialog.confirmed.connect(lambda: fired.append(True))
    dialog.wipe_button.click()
    assert dialog.counting and dialog.count.text() == "5"
    for _ in range(COUNTDOWN_S - 1):
        dialog.timer.timeout.emit()
    assert dialog.count.text() == "1" and "через 1 с" in dialog.count_text.text()
    qtbot.keyClick(dialog.stop_button, Qt.Key.Key_Space)  # any key, the Stop button's own too
    assert not dialog.counting and dialog.pages.currentIndex() == 0 and not fired
    dialog.wipe_button.click()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.counting and dialog.isVisible() and not fired  # Escape only stopped the countdown
    dialog.wipe_button.click()
    with qtbot.waitSignal(dialog.confirmed, timeout=1000):
        _run_out(dialog)
    assert fired == [True] and not dialog.isVisible()


def test_file_menu_wipe_counts_pending_changes_then_destroys_everything(qtbot, shell):
    make_cases(shell.ctx.cases, 3)
    data_dir = shell.data_dir
    window = shell.window
    assert window.actions_by_name["wipe"].shortcut().toString() == "Ctrl+Shift+Del"
    qtbot.keyClick(window, *WIPE_KEYS)
    dialog = shell.safety.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: "Їх буде втрачено" in dialog.loss.text(), timeout=10_000)
    assert "змін: " in dialog.loss.text() and not dialog.sync_button.isVisible()  # standalone: nothing to sync to
    dialog.wipe_button.click()
    with qtbot.waitSignal(shell.safety.wiped, timeout=30_000) as wiped:
        _run_out(dialog)
    assert wiped.args == ["emergency"]
    assert not data_dir.exists()
    assert isinstance(shell.window, FirstRunWizard) and shell.ctx is None
    assert _notice(shell, "wipedNotice") is not None


def test_the_unlock_screen_shortcut_wipes_with_the_count_unknown(qtbot, store, english_qm):
    data_dir = store.data_dir
    store.close()
    app = PoruchApp(data_dir, autolock_ms=3_600_000)
    try:
        app.start()
        assert isinstance(app.window, UnlockScreen)
        app.window.activateWindow()  # shortcuts reach the active window (a person's click or the start did it)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is app.window, timeout=5000)
        qtbot.keyClick(app.window.password, *WIPE_KEYS)
        dialog = app.safety.dialog
        assert dialog is not None and dialog.locked and "не відомо" in dialog.loss.text()
        dialog.wipe_button.click()
        with qtbot.waitSignal(app.safety.wiped, timeout=30_000):
            _run_out(dialog)
        assert not data_dir.exists() and isinstance(app.window, FirstRunWizard)
    finally:
        app.shutdown()


def test_sync_first_then_everything_is_synced(qtbot, server, tmp_path):
    store = enroll_device(tmp_path / "laptop", server.url, "olena", SERVER_PASSWORD, "wipe-sync-laptop")
    make_cases(CaseService(store), 2)
    app = PoruchApp(store.data_dir, autolock_ms=3_600_000, sync_interval_s=3600)
    try:
        app.start_session(store)
        app.emergency_wipe()
        dialog = app.safety.dialog
        qtbot.waitUntil(lambda: "Їх буде втрачено" in dialog.loss.text(), timeout=10_000)
        assert dialog.sync_button.isVisible() and dialog.sync_button.isEnabled()
        dialog.sync_button.click()
        qtbot.waitUntil(lambda: dialog.loss.text().startswith("Усе синхронізовано"), timeout=60_000)
        dialog.reject()  # changed her mind: nothing destroyed
        assert store_exists(store.data_dir) and app.ctx is not None and app.ctx.is_open
    finally:
        app.shutdown()


def test_a_revoked_laptop_wipes_itself_at_start_before_the_unlock_screen_is_used(qtbot, server, tmp_path):
    store = enroll_device(tmp_path / "revoked", server.url, "andriy", SERVER_PASSWORD, "stolen-laptop")
    data_dir, device_id = store.data_dir, store.device_id
    store.close()
    server.revoke_device(device_id)
    app = PoruchApp(data_dir, autolock_ms=3_600_000)
    try:
        with qtbot.waitSignal(app.safety.wiped, timeout=30_000) as wiped:
            app.start()
            assert isinstance(app.window, UnlockScreen)  # shown at once: the question runs in the background
        assert wiped.args == ["remote"] and not data_dir.exists()
        assert isinstance(app.window, FirstRunWizard) and _notice(app, "revokedNotice") is not None
    finally:
        app.shutdown()


def test_a_store_unlocked_while_the_laptop_was_being_wiped_never_becomes_a_session(qtbot, store):
    """The remote wipe at start can land while the password is being checked on the worker."""
    from desktop.services.wipe import wipe_data_dir

    app = PoruchApp(store.data_dir, autolock_ms=3_600_000)
    try:
        wipe_data_dir(store.data_dir)  # the key slots and files are gone; the unlocked store is in hand
        app.start_session(store)
        assert app.ctx is None and store.closed
    finally:
        app.shutdown()


def test_a_lockout_after_days_without_contact_lifts_when_the_server_answers(qtbot, server, tmp_path):
    store = enroll_device(tmp_path / "far", server.url, "olena", SERVER_PASSWORD, "far-laptop")
    data_dir = store.data_dir
    store.close()
    dg.set_policy(data_dir, None, 14)
    dg.update_guard(data_dir, last_contact_ms=dg.now_ms() - 20 * dg.DAY_MS)
    good_url = dg.load_guard(data_dir).server_url
    dg.update_guard(data_dir, server_url="http://127.0.0.1:9")  # out of reach at first
    app = PoruchApp(data_dir, autolock_ms=3_600_000)
    try:
        with qtbot.waitSignal(app.safety.checked, timeout=30_000):
            app.start()
        screen = app.window
        assert screen.locked_out is not None and not screen.button.isEnabled()
        assert "20 дн." in screen.error.text() and "не більше 14" in screen.error.text()
        assert "підключіть його до інтернету" in screen.error.text()
        screen.password.setText(TEST_PASSWORD)
        screen.submit()
        assert not screen.busy  # nothing tried
        dg.update_guard(data_dir, server_url=good_url)  # the network is back
        with qtbot.waitSignal(app.safety.contact, timeout=30_000):
            app.safety.ask_now()
        assert screen.locked_out is None and screen.button.isEnabled() and screen.error.isHidden()
    finally:
        app.shutdown()


def test_wrong_passwords_at_the_office_limit_wipe_and_say_why(qtbot, server, tmp_path):
    store = enroll_device(tmp_path / "guessed", server.url, "andriy", SERVER_PASSWORD, "guessed-laptop")
    data_dir = store.data_dir
    store.close()
    dg.set_policy(data_dir, 2, None)
    app = PoruchApp(data_dir, autolock_ms=3_600_000)
    try:
        app.start()
        screen = app.window
        screen.password.setText("не той пароль")
        with qtbot.waitSignal(app.runner._relay.failed, timeout=30_000):
            screen.submit()
        assert "Неправильний пароль" in screen.error.text() and store_exists(data_dir)
        screen.password.setText("знову не той")
        with qtbot.waitSignal(screen.wiped_after_failures, timeout=30_000):
            screen.submit()
        assert not data_dir.exists() and isinstance(app.window, FirstRunWizard)
        assert "Забагато невдалих спроб" in _notice(app, "wipedNotice").text()
    finally:
        app.shutdown()


def test_a_revoked_laptop_switched_on_wipes_itself_before_anyone_signs_in(server, tmp_path):
    """The application as its own process (offscreen), on a laptop the administrator revoked."""
    store = enroll_device(tmp_path / "switched-on", server.url, "olena", SERVER_PASSWORD, "switched-on-laptop")
    make_cases(CaseService(store), 2)
    data_dir, device_id = store.data_dir, store.device_id
    store.close()
    server.revoke_device(device_id)
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    output = tmp_path / "app-output.txt"  # a file, not a pipe nobody reads while the app runs (a full pipe blocks it)
    with output.open("w") as sink:
        app = subprocess.Popen([sys.executable, "-m", "desktop.ui.app", "--data-dir", str(data_dir)], cwd=REPO,
                               env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while data_dir.exists() and app.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)  # another process: polled with a deadline, nothing to wait on
        assert not data_dir.exists(), _not_wiped(app, time.monotonic() - (deadline - 60), output)
        assert app.poll() is None  # still running, showing the first-run screen and the notice
        engine = make_engine(server.database_url)
        try:
            while _wiped_at(engine, device_id) is None and time.monotonic() < deadline:
                time.sleep(0.1)  # the report goes in the background after the wipe
            assert _wiped_at(engine, device_id) is not None  # and the server was told
        finally:
            engine.dispose()
    finally:
        app.terminate()
        app.wait(30)


def _not_wiped(app: subprocess.Popen, waited_s: float, output: Path) -> str:
    """Why the revoked laptop is still there, with what the application printed."""
    state = "is still running" if app.poll() is None else f"exited with {app.returncode}"
    return (f"the application did not wipe the revoked laptop within {waited_s:.0f} s and {state}; "
            f"its output ends: {output.read_text(errors='replace')[-3000:]}")


def _wiped_at(engine, device_id: str):
    with engine.connect() as conn:
        return conn.execute(select(m.devices.c.wiped_at).where(m.devices.c.id == device_id)).scalar_one()


def test_an_emergency_wipe_from_the_window_reaches_the_servers_audit_log(qtbot, server, tmp_path):
    """The laptop's own log goes with its data; the server records the wipe (POST /device/wiped, sent with
    the status credential read before the files went) in its hash-chained log, with the reason."""
    import json

    store = enroll_device(tmp_path / "emergency", server.url, "andriy", SERVER_PASSWORD, "emergency-laptop")
    data_dir, device_id = store.data_dir, store.device_id
    app = PoruchApp(data_dir, autolock_ms=3_600_000, sync_interval_s=3600)
    engine = make_engine(server.database_url)
    try:
        app.start_session(store)
        with qtbot.waitSignal(app.safety.wiped, timeout=30_000):
            app.safety.wipe("emergency")  # what the dialog does when its countdown ends
        assert not store_exists(data_dir)
        qtbot.waitUntil(lambda: _wiped_at(engine, device_id) is not None, timeout=30_000)
        with engine.connect() as conn:
            entries = conn.execute(select(m.audit_log.c.object_ids).where(
                m.audit_log.c.action == "device_wiped", m.audit_log.c.device_id == device_id)).scalars().all()
        assert [json.loads(e)["reason"] for e in entries] == ["emergency"]
    finally:
        engine.dispose()
        app.shutdown()
