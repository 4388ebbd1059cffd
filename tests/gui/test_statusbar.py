"""The sync status bar against a real poruch-server on 127.0.0.1: states, Sync now, offline, conflicts."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QApplication

from desktop.services.enrolment import enroll_device
from desktop.ui.context import AppContext
from desktop.ui.statusbar import SyncStatusBar
from desktop.ui.sync_adapter import SyncAdapter
from desktop.ui.tasks import TaskRunner
from tests.gui.conftest import SERVER_PASSWORD as PASSWORD
from tests.gui.conftest import make_cases


class Device:
    """One enrolled laptop: its store, context, sync adapter and status bar."""

    def __init__(self, qtbot, server, data_dir, user):
        self.store = enroll_device(data_dir, server.url, user, PASSWORD, f"{user}-laptop")
        self.runner = TaskRunner()
        self.ctx = AppContext(self.store, self.runner)
        self.adapter = SyncAdapter.for_context(self.ctx, interval_s=3600, after_change_ms=3_600_000)
        self.bar = SyncStatusBar(self.adapter)
        qtbot.addWidget(self.bar)
        self.bar.show()

    def sync(self, qtbot):
        with qtbot.waitSignal(self.adapter.state_changed, timeout=30_000,
                              check_params_cb=lambda s: not s.running and s.pending == 0):
            self.adapter.sync_now()

    def close(self):
        self.ctx.lock_now()
        self.runner.wait_idle()


@pytest.fixture
def device(qtbot, server, tmp_path):
    d = Device(qtbot, server, tmp_path / "olena", "olena")
    yield d
    d.close()


def test_states_from_unchecked_to_online_to_offline(qtbot, server, device):
    bar, adapter = device.bar, device.adapter
    assert bar.connection.text() == "Зв'язок ще не перевірено"
    assert bar.button.isVisible() and bar.button.text() == "Синхронізувати зараз"
    assert bar.last_sync.text() == "Остання синхронізація: ще не було"

    device.ctx.write(lambda: device.ctx.cases.register_many([_reg(0), _reg(1)])[0])
    qtbot.waitUntil(lambda: adapter.state.pending > 0, timeout=10_000)
    assert bar.pending.text() == f"Не надіслано змін: {adapter.state.pending}"
    assert bar.pending.toolTip().startswith("Усе збережено на цьому ноутбуці.")

    device.sync(qtbot)
    assert bar.connection.text() == "● На зв'язку"
    assert bar.pending.text() == "Усе надіслано" and bar.pending.toolTip() == ""
    assert bar.last_sync.text().startswith("Остання синхронізація: сьогодні о ")
    assert not bar.error.isVisible()

    server.stop()
    try:
        make_cases(device.ctx.cases, 1)
        with qtbot.waitSignal(adapter.state_changed, timeout=30_000,
                              check_params_cb=lambda s: not s.running and s.online is False):
            bar.button.click()
        assert bar.connection.text() == "● Немає зв'язку"
        assert bar.error.isVisible()
        assert bar.error.toolTip().startswith("Немає зв'язку з сервером. Зміни збережено")
        qtbot.waitUntil(lambda: adapter.state.pending > 0, timeout=10_000)
        assert bar.pending.text().startswith("Не надіслано змін: ")
        assert bar.button.isEnabled()  # the window is never blocked by the network
    finally:
        server.start()
    device.sync(qtbot)
    assert bar.connection.text() == "● На зв'язку"


def test_a_sync_brings_the_office_directory_and_the_clock_offset(qtbot, device):
    """Colleagues who never used this laptop get their names from the server after a sync."""
    assert device.ctx.display_name("andriy") == "andriy"
    device.ctx.cases.clock.offset_ms = 86_400_000  # as if this session had started with a day-old measurement
    device.sync(qtbot)
    # The offset the sync measured reaches the running session's clock (same machine: within a second).
    assert device.ctx.cases.clock.offset_ms == device.store.get_meta("clock_offset_ms")
    assert abs(device.ctx.cases.clock.offset_ms) < 1000
    assert device.ctx.display_name("andriy") == "Andriy"  # the display name the server was given
    people = device.ctx.assignable_people(device.store.office_id)
    assert [u for u, _ in people] == ["andriy", "olena"]
    # Kept in the encrypted store: the next unlock knows the names before any sync.
    assert AppContext(device.store, device.runner).display_name("andriy") == "Andriy"


def test_standalone_office_says_so(qtbot, ctx):
    adapter = SyncAdapter.for_context(ctx)
    bar = SyncStatusBar(adapter)
    qtbot.addWidget(bar)
    bar.show()
    assert adapter.engine is None
    assert bar.connection.text() == "Автономний офіс (без сервера)"
    assert not bar.button.isVisible()
    assert not bar.pending.isVisible()


def test_conflict_from_another_laptop_is_shown_and_opens_the_dialog(qtbot, server, tmp_path, device):
    other = Device(qtbot, server, tmp_path / "andriy", "andriy")
    try:
        case_id = make_cases(device.ctx.cases, 1)[0]
        device.sync(qtbot)
        other.sync(qtbot)
        # Both laptops change the same field while apart; the later push wins, the other is kept aside.
        device.ctx.cases.update("case", case_id, {"stage": "assessment"})
        other.ctx.cases.update("case", case_id, {"stage": "planning"})
        device.sync(qtbot)
        other.sync(qtbot)
        device.sync(qtbot)
        holder = next(d for d in (device, other) if d.adapter.state.conflicts)
        bar = holder.bar
        assert bar.conflicts.isVisible()
        assert bar.conflicts.text() == "Конфлікти для перегляду: 1"

        from desktop.ui.widgets.conflicts_list import ConflictsListDialog

        listing = ConflictsListDialog(holder.ctx)
        qtbot.addWidget(listing)
        qtbot.waitUntil(lambda: listing.open_button.isEnabled(), timeout=10_000)
        assert "Етап" in listing.list.item(0).text()
        with qtbot.waitSignal(listing.open_conflict) as opened:
            listing.open_button.click()
        conflict_id, opened_case = opened.args
        assert opened_case == case_id

        from desktop.ui.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(holder.ctx, conflict_id)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: any("Оцінювання потреб" in w.text() or "Планування" in w.text()
                                    for w in dialog.findChildren(type(bar.connection))), timeout=10_000)
    finally:
        other.close()
        QApplication.processEvents()


def _reg(i):
    from tests.gui.conftest import registration

    return registration(i)


def test_engine_events_reach_the_gui_thread(qtbot, device):
    make_cases(device.ctx.cases, 2)
    got = []
    device.adapter.progress.connect(got.append)
    with qtbot.waitSignal(device.adapter.finished, timeout=30_000) as done:
        device.adapter.sync_now()
    assert done.args[0].ok and done.args[0].pushed > 0
    assert {p.phase for p in got} >= {"push", "pull"}


def test_attachments_and_the_directory_come_as_engine_events_from_the_worker(qtbot, device):
    """They travel like progress and conflicts (published on the sync thread, relayed by a signal);
    the cycle's result carries the clock offset; the worker writes nothing onto the adapter."""
    seen = []
    unsubscribe = device.adapter.laptop.events.subscribe(
        lambda p: seen.append((type(p).__name__, threading.current_thread() is threading.main_thread())))
    before = dict(vars(device.adapter))
    try:
        device.sync(qtbot)
    finally:
        unsubscribe()
    assert {"Done", "AttachmentsSynced", "DirectoryRefreshed"} <= {name for name, _ in seen}
    assert not any(on_gui for _, on_gui in seen)
    assert set(vars(device.adapter)) == set(before)  # no attribute left behind by the worker
    assert device.ctx.display_name("andriy") == "Andriy"  # the directory event reached the session


def test_a_revoked_laptop_is_wiped_and_starts_over(qtbot, server, tmp_path):
    from desktop.services.cases import CaseService
    from desktop.store.store import store_exists
    from desktop.ui.app import PoruchApp
    from desktop.ui.wizard import FirstRunWizard

    store = enroll_device(tmp_path / "revoked", server.url, "andriy", PASSWORD, "lost-laptop")
    make_cases(CaseService(store), 1)
    app = PoruchApp(store.data_dir, sync_interval_s=3600)
    try:
        app.start_session(store)
        server.revoke_device(store.device_id)
        with qtbot.waitSignal(app.session_locked, timeout=30_000):
            app.ctx.sync.sync_now()
        assert not store_exists(store.data_dir)
        assert not (store.data_dir / "keyslots.json").exists()
        assert store._key == b""
        assert isinstance(app.window, FirstRunWizard)
    finally:
        app.shutdown()


def test_f5_and_ctrl_r_sync_from_the_main_window(qtbot, server, tmp_path):
    from PySide6.QtCore import Qt

    from desktop.ui.app import PoruchApp

    store = enroll_device(tmp_path / "keys", server.url, "olena", PASSWORD, "keyboard-laptop")
    app = PoruchApp(store.data_dir, sync_interval_s=3600)
    try:
        app.start_session(store)
        adapter, window = app.ctx.sync, app.window
        for key, modifier in ((Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier),
                              (Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)):
            with qtbot.waitSignal(adapter.finished, timeout=30_000):
                qtbot.keyClick(window, key, modifier)
            qtbot.waitUntil(lambda: not adapter.state.running, timeout=10_000)
        assert window.status.connection.text() == "● На зв'язку"
    finally:
        app.shutdown()


def test_a_hovered_actions_status_tip_is_not_drawn_over_the_connection_label(qtbot, shell):
    """The tip went over «Автономний офіс (без сервера)»: Qt hid the label for it, and the label came back
    at the next pass of the event loop, under the tip."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QStatusTipEvent

    window = shell.window
    window.show()
    qtbot.waitExposed(window)
    bar = window.statusBar()
    assert bar.connection.isVisible()
    QCoreApplication.sendEvent(window, QStatusTipEvent(window.actions_by_name["reports"].statusTip()))
    assert bar.currentMessage().startswith("Звіт офісу")
    QCoreApplication.processEvents()
    assert not bar.connection.isVisible() and not bar.activity.isVisible()
    QCoreApplication.sendEvent(window, QStatusTipEvent(""))  # the pointer leaves the button
    qtbot.waitUntil(bar.connection.isVisible, timeout=2_000)
    assert bar.connection.text() == "Автономний офіс (без сервера)"


def test_a_status_tip_too_long_for_the_bar_ends_in_an_ellipsis_before_the_sync_labels(qtbot, device):
    """«…збереження в XLSX,Усе надіслано»: Qt cut a toolbar button's tip mid-word right against the first
    permanent label (seen in the window with make run). The main window shows a tip with showMessage."""
    bar = device.bar
    bar.resize(900, 30)
    qtbot.waitUntil(lambda: bar.pending.isVisible() and bar.pending.x() < 900)
    tip = "Звіт офісу за місяць, квартал чи дати: таблиці, діаграми, збереження в XLSX, CSV і PDF " * 2
    assert bar.fontMetrics().horizontalAdvance(tip) > bar.message_width()  # the case this is about
    bar.showMessage(tip)
    shown = bar.currentMessage()
    assert shown.endswith("…") and tip.startswith(shown[:-1])
    assert bar.fontMetrics().horizontalAdvance(shown) <= bar.message_width()
    bar.showMessage("Коротка підказка")
    assert bar.currentMessage() == "Коротка підказка"
    bar.clearMessage()
    assert bar.currentMessage() == ""


def test_what_a_sync_gave_back_to_a_restored_server_is_shown(qtbot, device):
    """The cycle after a restore of the server (tests/sync/test_server_restored.py) reports what it gave back
    and what stays here: the bar says so in words until the window closes, and syncs after it do not hide it."""
    from sync.client.engine import SyncReport
    from sync.client.events import DONE, Done

    bar = device.bar
    assert not bar.notice.isVisible()
    with qtbot.waitSignal(device.adapter.state_changed, timeout=10_000):
        device.adapter.laptop.events.publish(DONE, Done(SyncReport(ok=True, recovered=12, kept_here=3)))
    assert bar.notice.isVisible()
    assert bar.notice.text() == "Сервер відновлено з копії: повернуто записів: 12; записів колег лише тут: 3"
    assert "конфліктами" in bar.notice.toolTip()
    device.sync(qtbot)
    assert bar.notice.isVisible() and "12" in bar.notice.text()


def test_a_count_read_while_a_cycle_was_sending_is_not_shown_after_it(qtbot, device, monkeypatch):
    """The window's count of changes waiting to be sent is read in the background. A read that began
    during a cycle (before it sent them) is older than the cycle's end: its count is dropped, and the
    read after the end is shown. Before, the old count showed for a moment after "sent"."""
    from desktop.ui import sync_adapter

    real, release, reads, shown = sync_adapter.sync_status, threading.Event(), [], []

    def status(store):
        reads.append(1)
        if len(reads) == 1:  # the read begun mid-cycle: waits until the cycle has ended
            release.wait(30)
            return {**real(store), "pending_changes": 9}
        return real(store)

    monkeypatch.setattr(sync_adapter, "sync_status", status)
    device.adapter.state_changed.connect(lambda s: shown.append(s.pending))
    with qtbot.waitSignal(device.adapter.state_changed, timeout=30_000, check_params_cb=lambda s: not s.running):
        device.adapter.sync_now()
        device.adapter.refresh_status()
    release.set()
    qtbot.waitUntil(lambda: len(reads) >= 2 and not device.adapter._status_reading, timeout=30_000)
    assert 9 not in shown
    assert device.adapter.state.pending == 0
