"""First run: a standalone office, or enrolment with a real server; mistakes are explained."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from desktop.store.store import store_exists
from desktop.ui.wizard import PAGE_SERVER, PAGE_STANDALONE, FirstRunWizard
from tests.gui.conftest import SERVER_PASSWORD


def start(qtbot, tmp_path, runner, standalone: bool) -> FirstRunWizard:
    wizard = FirstRunWizard(tmp_path / "data", runner)
    qtbot.addWidget(wizard)
    wizard.show()
    (wizard.choice.standalone if standalone else wizard.choice.server).setChecked(True)
    wizard.next()
    assert wizard.currentId() == (PAGE_STANDALONE if standalone else PAGE_SERVER)
    return wizard


def test_standalone_office(qtbot, tmp_path, runner):
    wizard = start(qtbot, tmp_path, runner, standalone=True)
    page = wizard.standalone
    page.office.setText("Служба у справах ВПО")
    page.display.setText("Олена Коваль")
    page.username.setText("olena.k")
    page.password.setText("довгий-пароль-1")
    page.repeat.setText("довгий-пароль-2")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert page.error.text() == "Паролі не збігаються."
    assert not store_exists(tmp_path / "data")
    page.repeat.setText("довгий-пароль-1")
    with qtbot.waitSignal(wizard.store_ready, timeout=20_000) as ready:
        wizard.button(QWizard.WizardButton.FinishButton).click()
        assert page.busy and not page.password.isEnabled()
    store = ready.args[0]
    try:
        assert store.user.username == "olena.k" and store.user.display_name == "Олена Коваль"
        assert store.get_meta("office_name") == "Служба у справах ВПО"
        assert store.get_meta("mode") == "standalone"
    finally:
        store.close()


def test_standalone_refuses_a_short_password_and_a_cyrillic_login(qtbot, tmp_path, runner):
    wizard = start(qtbot, tmp_path, runner, standalone=True)
    page = wizard.standalone
    page.office.setText("Офіс")
    page.username.setText("олена")
    page.password.setText("коротко")
    page.repeat.setText("коротко")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert "латинські літери" in page.error.text()
    page.username.setText("olena")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert page.error.text() == "Пароль закороткий: потрібно щонайменше 10 символів."


def test_enrol_with_a_server(qtbot, tmp_path, runner, server):
    wizard = start(qtbot, tmp_path, runner, standalone=False)
    page = wizard.server
    page.url.setText(server.url)
    page.username.setText("andriy")
    page.password.setText("не той пароль")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    assert page.error.text().startswith("Сервер не прийняв ім'я користувача або пароль")
    assert not store_exists(tmp_path / "data")
    page.password.setText(SERVER_PASSWORD)
    with qtbot.waitSignal(wizard.store_ready, timeout=30_000) as ready:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    store = ready.args[0]
    try:
        assert store.get_meta("mode") == "enrolled"
        assert store.get_meta("office_name") == "Бучанський ЦНСП"
        assert store.get_meta("server_url") == server.url
    finally:
        store.close()


def test_unreachable_server_is_explained(qtbot, tmp_path, runner):
    from tests.support.server_process import free_port

    wizard = start(qtbot, tmp_path, runner, standalone=False)
    page = wizard.server
    page.url.setText(f"http://127.0.0.1:{free_port()}")
    page.username.setText("andriy")
    page.password.setText("будь-який")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not page.busy, timeout=30_000)
    assert page.error.text().startswith("Немає зв'язку з сервером")


def test_plain_http_to_another_host_is_refused(qtbot, tmp_path, runner):
    wizard = start(qtbot, tmp_path, runner, standalone=False)
    page = wizard.server
    page.url.setText("http://poruch.example.org")
    page.username.setText("andriy")
    page.password.setText("будь-який")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    assert page.error.text() == "Адреса сервера має починатися з https://."
