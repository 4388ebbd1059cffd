"""Help → About shows the application's version and the server the laptop is enrolled to."""

from __future__ import annotations

from desktop.ui.about import AboutDialog
from desktop.version import APP_VERSION


def _about(qtbot, shell) -> AboutDialog:
    shell.window.actions_by_name["about"].trigger()
    qtbot.waitUntil(lambda: shell.window.findChild(AboutDialog) is not None)
    return shell.window.findChild(AboutDialog)


def test_about_a_standalone_office(qtbot, shell):
    dialog = _about(qtbot, shell)
    assert dialog.version.text() == f"Версія {APP_VERSION}"
    assert "не підключено до сервера" in dialog.server.text() and "Тестовий офіс" in dialog.server.text()
    dialog.close()


def test_about_an_enrolled_laptop(qtbot, shell, store):
    for key, value in {"mode": "enrolled", "server_url": "https://poruch.example.gov.ua",
                       "device_name": "ноутбук приймальні", "last_sync": "2026-11-30T09:15:00Z"}.items():
        store.set_meta(key, value)
    dialog = _about(qtbot, shell)
    text = dialog.server.text()
    assert "Сервер: https://poruch.example.gov.ua" in text and "ноутбук приймальні" in text
    assert "2026-11-30 09:15" in text
    dialog.close()
