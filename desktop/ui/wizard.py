"""First run: connect this laptop to the office's server, or set up a standalone office.

Both paths end with an encrypted local store and its first user, and go straight to the main
window (the password was just typed; asking again would be silly). Enrolment and the Argon2
key wrapping run on the worker; the pages stay responsive and show what is happening.
"""

from __future__ import annotations

import socket
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop.services.enrolment import enroll_device
from desktop.services.users import MIN_PASSWORD
from desktop.store.store import OpenStore, create_store
from desktop.ui.sync_adapter import error_text
from desktop.ui.tasks import TaskRunner
from desktop.ui.widgets.common import error_label

PAGE_CHOICE, PAGE_SERVER, PAGE_STANDALONE = 0, 1, 2


class _AsyncPage(QWizardPage):
    """A final page whose work runs on the worker: Finish starts it, success finishes the wizard."""

    def __init__(self, runner: TaskRunner, data_dir: Path):
        super().__init__()
        self.runner = runner
        self.data_dir = data_dir
        self.store: OpenStore | None = None
        self.busy = False
        self.error = error_label(self)
        self.progress = QLabel(self)
        self.progress.setObjectName("hint")
        self.progress.hide()
        self.fields: list[QLineEdit] = []

    def nextId(self) -> int:
        return -1

    def line(self, placeholder: str = "", password: bool = False) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.fields.append(edit)
        return edit

    def validatePage(self) -> bool:
        if self.store is not None:
            return True
        if self.busy:
            return False
        problem = self.check()
        if problem:
            self.show_error(problem)
            return False
        self.error.hide()
        self._busy(True)
        self.runner.run_db(self.job(), self._done, self._failed, owner=self)
        return False

    def _busy(self, busy: bool) -> None:
        self.busy = busy
        for edit in self.fields:
            edit.setEnabled(not busy)
        self.progress.setVisible(busy)
        for button in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton):
            if self.wizard() is not None:
                self.wizard().button(button).setEnabled(not busy)

    def _done(self, store: OpenStore) -> None:
        self._busy(False)
        self.store = store
        self.wizard().accept()

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        self.show_error(self.describe(exc))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def check(self) -> str: ...
    def job(self): ...
    def describe(self, exc: Exception) -> str: ...


class ChoicePage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Ласкаво просимо до «Поруч»"))
        self.setSubTitle(self.tr("На цьому комп'ютері ще немає бази даних. Як працюватиме ваш офіс?"))
        self.server = QRadioButton(self.tr("&Підключитися до сервера громади або району"), self)
        self.server.setChecked(True)
        server_hint = QLabel(self.tr("Потрібні адреса сервера та обліковий запис, які надав адміністратор. "
                                     "Дані офісу завантажаться на цей комп'ютер і синхронізуватимуться."), self)
        self.standalone = QRadioButton(self.tr("&Створити автономний офіс (без сервера)"), self)
        standalone_hint = QLabel(self.tr("Усі дані зберігаються лише на цьому комп'ютері. Підключити сервер "
                                         "можна буде пізніше."), self)
        layout = QVBoxLayout(self)
        for w in (self.server, server_hint, self.standalone, standalone_hint):
            if isinstance(w, QLabel):
                w.setWordWrap(True)
                w.setObjectName("hint")
                w.setIndent(24)
            layout.addWidget(w)
        layout.addStretch(1)

    def nextId(self) -> int:
        return PAGE_SERVER if self.server.isChecked() else PAGE_STANDALONE


class ServerPage(_AsyncPage):
    def __init__(self, runner: TaskRunner, data_dir: Path):
        super().__init__(runner, data_dir)
        self.setTitle(self.tr("Підключення до сервера"))
        self.setSubTitle(self.tr("Дані для входу надав адміністратор. Пароль ніде не зберігається відкрито."))
        self.url = self.line("https://poruch.example.gov.ua")
        self.username = self.line()
        self.password = self.line(password=True)
        self.device = self.line()
        self.device.setText(socket.gethostname())
        self.progress.setText(self.tr("Підключення до сервера…"))
        form = QFormLayout(self)
        form.addRow(self.tr("Адреса &сервера"), self.url)
        form.addRow(self.tr("&Користувач"), self.username)
        form.addRow(self.tr("&Пароль"), self.password)
        form.addRow(self.tr("Назва цього &комп'ютера"), self.device)
        form.addRow(self.progress)
        form.addRow(self.error)

    def check(self) -> str:
        if not self.url.text().strip():
            return self.tr("Вкажіть адресу сервера.")
        if not self.username.text().strip() or not self.password.text():
            return self.tr("Вкажіть ім'я користувача і пароль.")
        return ""

    def job(self):
        data_dir, url, user = self.data_dir, self.url.text().strip(), self.username.text().strip()
        password, device = self.password.text(), self.device.text().strip() or socket.gethostname()
        return lambda: enroll_device(data_dir, url, user, password, device)

    def describe(self, exc: Exception) -> str:
        code = getattr(exc, "code", None)
        if code == "authentication_failed":
            return self.tr("Сервер не прийняв ім'я користувача або пароль. Перевірте їх або зверніться "
                           "до адміністратора.")
        if code:
            return error_text(code)
        return self.tr("Не вдалося підключитися: %1").replace("%1", type(exc).__name__)


class StandalonePage(_AsyncPage):
    def __init__(self, runner: TaskRunner, data_dir: Path):
        super().__init__(runner, data_dir)
        self.setTitle(self.tr("Автономний офіс"))
        self.setSubTitle(self.tr("Ви будете першим користувачем і керівником офісу на цьому комп'ютері."))
        self.office = self.line(self.tr("напр. Служба у справах ВПО Бучанської громади"))
        self.display = self.line(self.tr("Прізвище та ім'я"))
        self.username = self.line(self.tr("латиницею, напр. olena.k"))
        self.password = self.line(password=True)
        self.repeat = self.line(password=True)
        self.progress.setText(self.tr("Створення зашифрованої бази даних…"))
        form = QFormLayout(self)
        form.addRow(self.tr("Назва &офісу"), self.office)
        form.addRow(self.tr("Ваше &ім'я"), self.display)
        form.addRow(self.tr("І&м'я користувача"), self.username)
        form.addRow(self.tr("&Пароль"), self.password)
        form.addRow(self.tr("Пароль ще &раз"), self.repeat)
        hint = QLabel(self.tr("Щонайменше %1 символів. Без пароля дані не відновити: запишіть його й "
                              "зберігайте окремо від комп'ютера.").replace("%1", str(MIN_PASSWORD)), self)
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        form.addRow(hint)
        form.addRow(self.progress)
        form.addRow(self.error)

    def check(self) -> str:
        if not self.office.text().strip():
            return self.tr("Вкажіть назву офісу.")
        user = self.username.text().strip()
        if not user or not all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in user):
            return self.tr("Ім'я користувача: латинські літери, цифри, крапка, дефіс або підкреслення.")
        if len(self.password.text()) < MIN_PASSWORD:
            return self.tr("Пароль закороткий: потрібно щонайменше %1 символів.").replace("%1", str(MIN_PASSWORD))
        if self.password.text() != self.repeat.text():
            return self.tr("Паролі не збігаються.")
        return ""

    def job(self):
        data_dir, office, display = self.data_dir, self.office.text().strip(), self.display.text().strip()
        user, password = self.username.text().strip(), self.password.text()
        return lambda: create_store(data_dir, user, password, display_name=display or user, role="supervisor",
                                    office_name=office)

    def describe(self, exc: Exception) -> str:
        return self.tr("Не вдалося створити базу даних: %1").replace("%1", type(exc).__name__)


class FirstRunWizard(QWizard):
    store_ready = Signal(object)  # OpenStore

    def __init__(self, data_dir: Path, runner: TaskRunner, parent=None):
        super().__init__(parent)
        self.setObjectName("firstRun")
        self.setWindowTitle(self.tr("Поруч — перший запуск"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.choice = ChoicePage()
        self.server = ServerPage(runner, Path(data_dir))
        self.standalone = StandalonePage(runner, Path(data_dir))
        self.setPage(PAGE_CHOICE, self.choice)
        self.setPage(PAGE_SERVER, self.server)
        self.setPage(PAGE_STANDALONE, self.standalone)
        self.resize(640, 520)

    def accept(self) -> None:
        page = self.currentPage()
        store = page.store if isinstance(page, _AsyncPage) else None
        super().accept()
        if store is not None and self.result() == QWizard.DialogCode.Accepted:
            self.store_ready.emit(store)
