"""The main window and the session: shortcuts, opening cases, lock on Ctrl+L, auto-lock, language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.app import PoruchApp
from desktop.ui.main_window import MainWindow
from desktop.ui.unlock import UnlockScreen
from tests.conftest import TEST_PASSWORD
from tests.gui.conftest import make_cases


def main_window(shell) -> MainWindow:
    assert isinstance(shell.window, MainWindow)
    return shell.window


def loaded(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.cases.model.loading, timeout=10_000)


def test_ctrl_f_focuses_search_and_ctrl_d_shows_my_day(qtbot, shell):
    w = main_window(shell)
    w.activateWindow()
    qtbot.waitExposed(w)
    w.show_my_day()
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentWidget() is w.cases
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.cases.search)
    qtbot.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentWidget() is w.my_day


def test_enter_opens_the_case_in_a_tab_once(qtbot, shell, store):
    ids = make_cases(shell.ctx.cases, 3)
    w = main_window(shell)
    with qtbot.waitSignal(w.cases.model.loaded, timeout=10_000):
        w.cases.model.reload()
    row = w.cases.model.row_of(ids[1])
    w.cases.table.setFocus()
    w.cases.table.selectRow(row)
    qtbot.keyClick(w.cases.table, Qt.Key.Key_Return)
    assert w.open_case_ids() == [ids[1]]
    assert w.tabs.currentIndex() == 2
    assert w.tabs.tabText(2).startswith(w.cases.model._rows[ids[1]]["surname"])
    w.open_case(ids[1])  # a second time: the same tab
    assert w.open_case_ids() == [ids[1]]
    qtbot.keyClick(w, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.open_case_ids() == [])


def test_ctrl_n_opens_the_registration_form(qtbot, shell):
    w = main_window(shell)
    qtbot.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    current = w.tabs.currentWidget()
    assert current.property("poruchRegistration")
    assert w.tabs.tabText(w.tabs.currentIndex()) == "Нова реєстрація"


def test_ctrl_l_locks_drops_the_key_and_shows_the_unlock_screen(qtbot, shell, store):
    ctx = shell.ctx
    w = main_window(shell)
    with qtbot.waitSignal(ctx.locked, timeout=10_000):
        qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert store._key == b""  # the key is gone
    assert ctx.state == "locked" and ctx.cases is None
    assert isinstance(shell.window, UnlockScreen)
    assert shell.window.ready and shell.window.username == "olena"
    # and the same user gets back in
    shell.window.password.setText(TEST_PASSWORD)
    with qtbot.waitSignal(shell.session_started, timeout=20_000):
        shell.window.submit()
    assert isinstance(shell.window, MainWindow)


def test_autolock_after_inactivity(qtbot, store, english_qm):
    app = PoruchApp(store.data_dir, qm_dir=english_qm, autolock_ms=200)
    try:
        app.start_session(store)
        ctx = app.ctx
        with qtbot.waitSignal(ctx.locked, timeout=10_000):
            pass
        assert store._key == b""
        assert ctx.state == "locked"
        assert isinstance(app.window, UnlockScreen)
        assert "заблоковано" in app.window.info.text()
    finally:
        app.shutdown()


def test_input_postpones_autolock(qtbot, store, english_qm):
    app = PoruchApp(store.data_dir, qm_dir=english_qm, autolock_ms=60_000)
    try:
        app.start_session(store)
        restarts = []
        timer = app.autolock.timer
        real_start = timer.start
        timer.start = lambda *args: (restarts.append(1), real_start(*args))
        qtbot.keyClick(app.window.cases.search, Qt.Key.Key_A)
        assert restarts  # a key press restarts the inactivity timer
        restarts.clear()
        qtbot.mouseClick(app.window.cases.table.viewport(), Qt.MouseButton.LeftButton)
        assert restarts
        assert app.ctx.is_open
    finally:
        app.shutdown()


def test_language_switch_to_english(qtbot, shell):
    ids = make_cases(shell.ctx.cases, 2)
    w = main_window(shell)
    w.open_case(ids[0])
    shell.set_language("en")
    w2 = main_window(shell)
    assert w2 is not w
    assert w2.tabs.tabText(0) == "Cases"
    assert w2.tabs.tabText(1) == "My day"
    assert w2.cases.model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert w2.cases.filters.combos["stage"].itemText(1) == "Identification"
    assert w2.open_case_ids() == [ids[0]]  # open cases survive the switch
    assert shell.settings.language == "en"
    shell.set_language("uk")
    assert main_window(shell).tabs.tabText(0) == "Справи"


@pytest.mark.parametrize("lang, text", [("uk", "Увійти"), ("en", "Sign in")])
def test_unlock_screen_in_both_languages(qtbot, store, english_qm, lang, text):
    data_dir = store.data_dir
    store.close()
    app = PoruchApp(data_dir, qm_dir=english_qm)
    try:
        app.set_language(lang) if lang != "uk" else None
        app.start()
        assert isinstance(app.window, UnlockScreen)
        assert app.window.button.text() == text
    finally:
        app.shutdown()
        app.language.switch("uk")


def test_tab_order_search_then_table_then_filters(qtbot, shell):
    w = main_window(shell)
    w.activateWindow()
    qtbot.waitExposed(w)
    w.find()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.cases.search)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is w.cases.table
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is w.cases.filters.combos["stage"]
