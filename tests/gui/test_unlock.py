"""The unlock screen: right and wrong password, the throttle countdown, no freezing."""

from __future__ import annotations

import pytest

from desktop.store.keyslots import FREE_ATTEMPTS, KeySlots
from desktop.ui.unlock import UnlockScreen
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def screen(qtbot, product_kdf, store, runner):
    """At the product's Argon2id cost: the screen must stay responsive while the real derivation runs."""
    data_dir = store.data_dir
    store.close()
    s = UnlockScreen(data_dir, runner, office_name="Тестовий офіс", user="olena")
    qtbot.addWidget(s)
    s.show()
    yield s
    runner.wait_idle()


def test_right_password_unlocks(qtbot, screen):
    assert screen.username == "olena"
    screen.password.setText(TEST_PASSWORD)
    with qtbot.waitSignal(screen.unlocked, timeout=20_000) as blocker:
        qtbot.keyClick(screen.password, "\r")
        assert screen.busy  # Argon2 runs on the worker; the screen says it is working
        assert screen.button.text() == "Відкриваємо…"
    opened = blocker.args[0]
    try:
        assert opened.user.username == "olena"
        assert screen.password.text() == ""  # the password is not left in the widget
    finally:
        opened.close()


def test_wrong_password_says_so_in_ukrainian(qtbot, screen):
    screen.password.setText("не той пароль")
    screen.submit()
    qtbot.waitUntil(lambda: not screen.busy and screen.error.isVisible(), timeout=20_000)
    assert "Неправильний пароль" in screen.error.text()
    assert screen.button.isEnabled()


def test_empty_password_is_refused_without_work(qtbot, screen):
    screen.submit()
    assert not screen.busy
    assert screen.error.text() == "Введіть пароль."


def test_throttling_counts_down_and_releases(qtbot, screen):
    for _ in range(FREE_ATTEMPTS):
        screen.password.setText("не той пароль")
        screen.submit()
        qtbot.waitUntil(lambda: not screen.busy, timeout=20_000)
    # After the free attempts the key slots refuse for a while; the screen counts down.
    assert KeySlots(screen.data_dir).retry_after("olena") > 0
    assert screen.seconds_left >= 1
    assert not screen.button.isEnabled()
    assert "Забагато невдалих спроб" in screen.error.text()
    assert f"через {screen.seconds_left} с" in screen.error.text()
    screen.password.setText(TEST_PASSWORD)
    screen.submit()  # ignored while counting down
    assert not screen.busy
    qtbot.waitUntil(lambda: screen.button.isEnabled(), timeout=5_000)
    assert not screen.error.isVisible()
    with qtbot.waitSignal(screen.unlocked, timeout=20_000) as blocker:
        screen.submit()
    blocker.args[0].close()


def test_countdown_is_shown_when_the_screen_opens_during_a_throttle(qtbot, store, runner):
    data_dir = store.data_dir
    store.close()
    slots = KeySlots(data_dir)
    for _ in range(FREE_ATTEMPTS + 1):
        slots._record_failure("olena")
    s = UnlockScreen(data_dir, runner, user="olena")
    qtbot.addWidget(s)
    assert s.seconds_left >= 1
    assert not s.button.isEnabled()


def test_a_database_of_a_newer_version_names_the_version_to_install(qtbot, store, runner):
    from desktop.version import APP_VERSION

    store.set_meta("schema_app_version", "9.4.0")
    with store.engine.connect() as conn:
        conn.exec_driver_sql("update alembic_version set version_num = '9999_future'")
        conn.commit()
    data_dir = store.data_dir
    store.close()
    screen = UnlockScreen(data_dir, runner, office_name="Тестовий офіс", user="olena")
    qtbot.addWidget(screen)
    screen.show()
    screen.password.setText(TEST_PASSWORD)
    screen.submit()
    qtbot.waitUntil(lambda: screen.error.isVisible(), timeout=20_000)
    assert screen.error.text() == (f"Цю базу даних оновила версія 9.4.0 програми «Поруч», а встановлено версію "
                                   f"{APP_VERSION}. Встановіть версію 9.4.0 або новішу, щоб відкрити її.")
    runner.wait_idle()


def test_a_backup_that_could_not_be_made_says_what_to_do_and_that_nothing_changed(qtbot, store, runner):
    """The words the unlock screen gives for each way the copy before a migration fails
    (tests/store/test_migrations.py makes the failures themselves happen for real)."""
    from desktop.store.database import BackupFailed

    data_dir = store.data_dir
    store.close()
    screen = UnlockScreen(data_dir, runner, office_name="Тестовий офіс", user="olena")
    qtbot.addWidget(screen)
    screen.show()
    screen._failed(BackupFailed(data_dir / "backups", no_space=True))
    assert screen.error.text() == ("Нова версія програми оновлює базу даних і спершу робить її копію, але на диску "
                                   "закінчилося місце. Звільніть місце на диску й увійдіть знову. "
                                   "Базу даних не змінено.")
    screen._failed(BackupFailed(data_dir / "backups", busy=True))
    assert "відкрито іншою програмою" in screen.error.text()
    screen._failed(BackupFailed(data_dir / "backups"))
    assert str(data_dir / "backups") in screen.error.text() and screen.error.text().endswith("Базу даних не змінено.")


def test_an_update_of_the_database_is_announced_while_it_runs(qtbot, tmp_path, runner, monkeypatch):
    """A store made by the previous version is migrated at unlock (a minute or more on a large one): the
    screen says so while it runs, from the worker's signal, and an ordinary unlock says nothing of it."""
    from tests.store.test_upgrade import REVISIONS, _create_at

    _create_at(tmp_path / "data", REVISIONS[-2], monkeypatch).close()
    announced = []
    for _ in range(2):  # the first unlock migrates, the second finds the schema current
        screen = UnlockScreen(tmp_path / "data", runner, office_name="Тестовий офіс", user="olena")
        qtbot.addWidget(screen)
        screen.show()
        screen.migrating.connect(lambda s=screen: announced.append((s.button.text(), s.info.text())))
        screen.password.setText(TEST_PASSWORD)
        with qtbot.waitSignal(screen.unlocked, timeout=60_000) as unlocked:
            screen.submit()
        unlocked.args[0].close()
        runner.wait_idle()
    assert len(announced) == 1 and announced[0][0] == "Оновлюємо базу даних…"
    assert "переводимо на нову версію" in announced[0][1]
    migrated = UnlockScreen(tmp_path / "data", runner, user="olena")
    qtbot.addWidget(migrated)
    migrated._show_migrating()
    assert migrated.button.text() == "Оновлюємо базу даних…"
    assert migrated.info.text().startswith("Після оновлення програми базу даних переводимо на нову версію")
    from desktop.store.database import BackupFailed

    migrated._failed(BackupFailed(tmp_path / "data" / "backups", no_space=True))
    assert migrated.info.text() == "" and migrated.button.text() == "Увійти"
