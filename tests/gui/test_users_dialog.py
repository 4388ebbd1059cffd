"""Settings → Users: add a colleague, change my password, remove a user; on an enrolled laptop the
colleague signs in to a real server with their own password. The status bar names whose changes wait."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from desktop.services.enrolment import enroll_store
from desktop.store.keyslots import KeySlots
from desktop.ui.sync_adapter import SyncState
from desktop.ui.users_dialog import UsersDialog
from tests.conftest import TEST_PASSWORD
from tests.gui.conftest import SERVER_PASSWORD


def _open(qtbot, shell) -> UsersDialog:
    shell.window.actions_by_name["users"].trigger()
    qtbot.waitUntil(lambda: shell.window.findChild(UsersDialog) is not None)
    dialog = shell.window.findChild(UsersDialog)
    qtbot.waitUntil(lambda: len(dialog.rows) > 0)
    return dialog


def _ok(form) -> None:
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_a_supervisor_adds_a_colleague_changes_her_password_and_removes_him(qtbot, shell, store):
    dialog = _open(qtbot, shell)
    assert [(u.username, u.role, u.is_me) for u in dialog.rows] == [("olena", "supervisor", True)]
    assert not dialog.sign_in_button.isVisible()  # a standalone office has no server to sign in to

    add = dialog.add_user()
    add.username.setText("petro")
    add.password.setText("короткий")
    add.repeat.setText("короткий")
    _ok(add)
    assert add.isVisible() and "щонайменше 10" in add.error.text()  # the rule of `poruch users add` too
    add.password.setText("пароль-петра-1")
    add.repeat.setText("пароль-петра-1")
    add.role.setCurrentIndex(add.role.findData("caseworker"))
    _ok(add)
    qtbot.waitUntil(lambda: len(dialog.rows) == 2, timeout=30_000)
    assert {u.username: u.role for u in dialog.rows} == {"olena": "supervisor", "petro": "caseworker"}

    change = dialog.change_password()
    change.old.setText(TEST_PASSWORD)
    change.new.setText("новий-пароль-олени")
    change.repeat.setText("новий-пароль-олени")
    _ok(change)
    qtbot.waitUntil(lambda: dialog.status.text() == "Пароль змінено.", timeout=30_000)
    KeySlots(store.data_dir).unlock("olena", "новий-пароль-олени")

    dialog.table.selectRow([u.username for u in dialog.rows].index("petro"))
    assert dialog.remove_button.isEnabled()
    dialog.remove_user(confirm=False)
    qtbot.waitUntil(lambda: len(dialog.rows) == 1, timeout=30_000)
    assert [u.username for u in KeySlots(store.data_dir).users()] == ["olena"]
    dialog.close()


def test_on_an_enrolled_laptop_a_colleague_signs_in_with_their_own_server_password(qtbot, server, tmp_path,
                                                                                   english_qm):
    from desktop.ui.app import PoruchApp

    store, _ = enroll_store(tmp_path / "laptop", server.url, "olena", SERVER_PASSWORD, "ноутбук")
    app = PoruchApp(store.data_dir, qm_dir=english_qm, autolock_ms=3_600_000)
    app.start_session(store)
    try:
        dialog = _open(qtbot, app)
        add = dialog.add_user()
        assert add.server_password.isVisible() and not add.role.isVisible()  # the server gives the role
        add.username.setText("andriy")
        add.password.setText("місцевий-пароль-1")
        add.repeat.setText("місцевий-пароль-1")
        add.server_password.setText("не-той-пароль")
        _ok(add)
        qtbot.waitUntil(lambda: "не прийняв" in dialog.status.text(), timeout=30_000)
        assert len(dialog.rows) == 1

        add = dialog.add_user()
        add.username.setText("andriy")
        add.password.setText("місцевий-пароль-1")
        add.repeat.setText("місцевий-пароль-1")
        add.server_password.setText(SERVER_PASSWORD)
        _ok(add)
        qtbot.waitUntil(lambda: len(dialog.rows) == 2, timeout=30_000)
        andriy = next(u for u in dialog.rows if u.username == "andriy")
        assert andriy.signed_in and andriy.role == "caseworker"
        assert "увійшов" in dialog.table.item([u.username for u in dialog.rows].index("andriy"), 3).text()
        dialog.close()

        bar = app.window.status
        # The colleague's name comes from the server (the directory / their sign-in), which may arrive after
        # the dialog closes: wait for it rather than race it.
        def shows_name() -> bool:
            bar.show_state(SyncState(enrolled=True, pending=3, waiting=(("andriy", 2),)))
            return bar.pending.text() == "Не надіслано змін: 3 · чекають входу: Andriy (2)"
        qtbot.waitUntil(shows_name, timeout=30_000)
        bar.show_state(SyncState(enrolled=True, needs_sign_in=True, pending=1, waiting=(("olena", 1),)))
        assert bar.connection.text() == "Ви ще не ввійшли на сервер" and not bar.button.isVisible()
    finally:
        app.shutdown()
        app.language.switch("uk")


def test_a_colleague_added_offline_signs_in_from_the_window_and_the_laptop_syncs_as_them(qtbot, server, tmp_path,
                                                                                      english_qm):
    from desktop.services.users import UserService
    from desktop.store.store import unlock_store
    from desktop.ui.app import PoruchApp

    store, _ = enroll_store(tmp_path / "laptop", server.url, "olena", SERVER_PASSWORD, "ноутбук")
    UserService(store).add("andriy", "місцевий-пароль-1", offline=True)
    store.close()
    store = unlock_store(tmp_path / "laptop", "andriy", "місцевий-пароль-1")
    app = PoruchApp(store.data_dir, qm_dir=english_qm, autolock_ms=3_600_000)
    app.start_session(store)
    try:
        adapter = app.ctx.sync
        assert adapter.state.needs_sign_in and adapter.engine is None  # never the enroller's token
        assert app.window.status.connection.text() == "Ви ще не ввійшли на сервер"
        dialog = _open(qtbot, app)
        assert dialog.sign_in_button.isVisible()
        form = dialog.sign_in()
        form.password.setText(SERVER_PASSWORD)
        _ok(form)
        qtbot.waitUntil(lambda: adapter.state.online is True and not adapter.state.running, timeout=60_000)
        assert not adapter.state.needs_sign_in and store.user_token and store.author == "andriy"
        dialog.close()
    finally:
        app.shutdown()
        app.language.switch("uk")


def test_a_laptop_a_restored_server_no_longer_knows_enrols_again_from_the_window(qtbot, tmp_path):
    """The server's database put back from a backup taken before this laptop enrolled (for real: SQLite's backup
    API, then `poruch-server restored`): its syncs are refused. Users → «Підключити комп'ютер знову…» with the
    person's server password enrols it under its own id, and the sync that follows gives its work back."""
    import sqlite3

    from sqlalchemy.engine import make_url

    from desktop.services.synthetic import generate_registrations
    from desktop.ui.app import PoruchApp
    from tests.support.server_process import ServerProcess, make_database_url

    db = make_database_url(tmp_path, "sqlite")
    srv = ServerProcess(db.url, tmp_path / "srv").start()
    path = make_url(db.url).database
    app = None
    try:
        office = srv.create_office("Ірпінський ЦНСП", "UA32080070000050759")
        srv.create_user("olena", SERVER_PASSWORD, "caseworker", office, display_name="Olena")
        with sqlite3.connect(path) as live, sqlite3.connect(path + ".backup") as copy:
            live.backup(copy)  # the night's backup, before this laptop enrolled
        store, _ = enroll_store(tmp_path / "laptop", srv.url, "olena", SERVER_PASSWORD, "ноутбук")
        app = PoruchApp(store.data_dir, autolock_ms=3_600_000)
        app.start_session(store)
        adapter = app.window.status.adapter
        app.ctx.write(lambda: app.ctx.cases.register_many(generate_registrations(2, seed=361))[0])
        qtbot.waitUntil(lambda: adapter.state.pending > 0, timeout=10_000)
        with qtbot.waitSignal(adapter.state_changed, timeout=30_000,
                              check_params_cb=lambda s: not s.running and s.pending == 0 and s.error_code is None):
            adapter.sync_now()

        srv.stop()
        with sqlite3.connect(path + ".backup") as copy, sqlite3.connect(path) as live:
            copy.backup(live)
        srv.run_cli("restored")
        srv.start()
        with qtbot.waitSignal(adapter.state_changed, timeout=30_000,
                              check_params_cb=lambda s: not s.running and s.error_code == "authentication_failed"):
            adapter.sync_now()

        dialog = _open(qtbot, app)
        assert dialog.again_button.isVisible()
        again = dialog.enrol_again()
        again.password.setText(SERVER_PASSWORD)
        with qtbot.waitSignal(adapter.state_changed, timeout=60_000,
                              check_params_cb=lambda s: not s.running and s.error_code is None and s.recovered):
            _ok(again)
        assert "знову підключено" in dialog.status.text()
        assert adapter.state.recovered[0] > 0
        # The cycle's end is announced before the status read that follows it: wait for that read's count.
        qtbot.waitUntil(lambda: adapter.state.pending == 0, timeout=10_000)
        with sqlite3.connect(path) as live:
            assert live.execute("select count(*) from records where type = 'case'").fetchone()[0] == 2
    finally:
        if app is not None:
            app.shutdown()
        srv.stop()
        db.cleanup()
