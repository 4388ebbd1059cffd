"""Settings → Users: the people of this laptop, each signing in to the server as themselves.

A thin window over desktop/services/users.py (the same operations as `poruch users`): add a colleague
(who signs in with their own server password), sign in to the server, change my password, remove a
user. Server requests run on the network pool, key slots and the store on the database worker.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.users import (
    MIN_PASSWORD,
    ROLES,
    UserError,
    UserService,
    password_problem,
    valid_username,
)
from desktop.ui.context import AppContext
from desktop.ui.widgets.common import error_label
from sync.client.errors import SyncError

ROLE_TEXT = {"caseworker": QT_TRANSLATE_NOOP("users", "фахівець"), "supervisor": QT_TRANSLATE_NOOP("users", "керівник"),
             "district": QT_TRANSLATE_NOOP("users", "район"),
             "administrator": QT_TRANSLATE_NOOP("users", "адміністратор")}


def role_text(role: str) -> str:
    return QCoreApplication.translate("users", ROLE_TEXT[role]) if role in ROLE_TEXT else role


def _failure(exc: Exception) -> str:
    return exc.message if isinstance(exc, SyncError) else str(exc)


def _password(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class _Form(QDialog):
    """A small form with OK/Cancel and a line for what is wrong; `check()` says what, or ""."""

    def __init__(self, title: str, parent: QWidget):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)  # the notes wrap instead of being cut
        self.form = QFormLayout(self)
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)

    def finish(self) -> None:
        self.form.addRow(self.error)
        self.form.addRow(self.buttons)

    def check(self) -> str:
        return ""

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.buttons.setEnabled(True)
        self.adjustSize()

    def _ok(self) -> None:
        problem = self.check()
        if problem:
            self.show_error(problem)
            return
        self.show_error("")
        self.accept()

    def _new_password_problem(self, password: QLineEdit, repeat: QLineEdit) -> str:
        if password_problem(password.text()):
            return self.tr("Пароль закороткий: потрібно щонайменше %1 символів.").replace("%1", str(MIN_PASSWORD))
        if password.text() != repeat.text():
            return self.tr("Паролі не збігаються.")
        return ""


class AddUserDialog(_Form):
    def __init__(self, parent: QWidget, *, enrolled: bool):
        super().__init__(self.tr("Додати колегу"), parent)
        self.enrolled = enrolled
        self.username = QLineEdit(self)
        self.display = QLineEdit(self)
        self.password, self.repeat = _password(self), _password(self)
        self.form.addRow(self.tr("&Ім'я користувача"), self.username)
        self.form.addRow(self.tr("&ПІБ (як показувати)"), self.display)
        self.form.addRow(self.tr("&Пароль на цьому комп'ютері"), self.password)
        self.form.addRow(self.tr("П&овторіть пароль"), self.repeat)
        self.server_password = _password(self)
        self.offline = QCheckBox(self.tr("Додати без входу на сервер (його зміни чекатимуть, доки він не ввійде)"), self)
        self.role = QComboBox(self)
        if enrolled:
            self.server_password.setPlaceholderText(self.tr("якщо інший, ніж пароль на цьому комп'ютері"))
            self.form.addRow(self.tr("Пароль на &сервері"), self.server_password)
            self.form.addRow(self.offline)
            note = QLabel(self.tr("Колега входить на сервер своїм паролем: роль і доступ визначає сервер, "
                                  "а його зміни надходять під його ім'ям."), self)
            self.role.hide()  # not in the form: the server says who they are
        else:
            self.server_password.hide()
            self.offline.hide()
            for code in ROLES:
                self.role.addItem(role_text(code), code)
            self.form.addRow(self.tr("&Роль"), self.role)
            note = QLabel(self.tr("Автономний офіс: роль дає керівник цього офісу."), self)
        note.setWordWrap(True)
        self.form.addRow(note)
        self.finish()

    def check(self) -> str:
        if not valid_username(self.username.text().strip()):
            return self.tr("Ім'я користувача: латинські літери, цифри, крапка, дефіс або підкреслення.")
        return self._new_password_problem(self.password, self.repeat)


class PasswordDialog(_Form):
    def __init__(self, parent: QWidget):
        super().__init__(self.tr("Змінити мій пароль"), parent)
        self.old = _password(self)
        self.new, self.repeat = _password(self), _password(self)
        self.form.addRow(self.tr("&Поточний пароль"), self.old)
        self.form.addRow(self.tr("&Новий пароль"), self.new)
        self.form.addRow(self.tr("П&овторіть новий пароль"), self.repeat)
        note = QLabel(self.tr("Пароль відкриває ваш ключ на цьому комп'ютері; дані не перешифровуються."), self)
        note.setWordWrap(True)
        self.form.addRow(note)
        self.finish()

    def check(self) -> str:
        if not self.old.text():
            return self.tr("Введіть поточний пароль.")
        return self._new_password_problem(self.new, self.repeat)


class _ServerPasswordForm(_Form):
    """What the person's server password is for, and the field for it."""

    def __init__(self, parent: QWidget):
        super().__init__("", parent)
        self.password = _password(self)

    def fill(self, title: str, note: str, field_label: str) -> None:
        self.setWindowTitle(title)
        text = QLabel(note, self)
        text.setWordWrap(True)
        self.form.addRow(text)
        self.form.addRow(field_label, self.password)
        self.finish()

    def check(self) -> str:
        return "" if self.password.text() else QCoreApplication.translate("SignInDialog", "Введіть пароль.")


class SignInDialog(_ServerPasswordForm):
    def __init__(self, parent: QWidget, who: str):
        super().__init__(parent)
        self.fill(self.tr("Увійти на сервер"),
                  self.tr("Увійдіть своїм паролем на сервері як «%1»: ваші зміни надсилатимуться під "
                          "вашим ім'ям.").replace("%1", who), self.tr("Пароль на &сервері"))


class EnrolAgainDialog(_ServerPasswordForm):
    def __init__(self, parent: QWidget, who: str):
        super().__init__(parent)
        self.fill(self.tr("Підключити комп'ютер знову"),
                  self.tr("Якщо сервер відновили з резервної копії й він більше не знає цього комп'ютера, "
                          "підключіть його знову своїм паролем на сервері як «%1». Усі дані на цьому "
                          "комп'ютері залишаються; робота, якої сервер не має, повернеться на нього під час "
                          "синхронізації.").replace("%1", who), self.tr("Пароль на &сервері"))


class UsersDialog(QDialog):
    """The list of this laptop's people and what can be done about them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.service = UserService(ctx.store)
        self.enrolled = self.service.enrolled
        self.setWindowTitle(self.tr("Користувачі цього комп'ютера"))
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Користувач"), self.tr("ПІБ"), self.tr("Роль"),
                                              self.tr("Сервер")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.add_button = QPushButton(self.tr("&Додати колегу…"), self)
        self.sign_in_button = QPushButton(self.tr("&Увійти на сервер…"), self)
        self.again_button = QPushButton(self.tr("Підключити комп'ютер з&нову…"), self)
        self.again_button.setToolTip(self.tr("Коли сервер, відновлений з резервної копії, не приймає цей комп'ютер"))
        self.password_button = QPushButton(self.tr("&Змінити мій пароль…"), self)
        self.remove_button = QPushButton(self.tr("&Видалити…"), self)
        self.add_button.clicked.connect(self.add_user)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.again_button.clicked.connect(self.enrol_again)
        self.password_button.clicked.connect(self.change_password)
        self.remove_button.clicked.connect(self.remove_user)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.sign_in_button, self.again_button, self.password_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.table.itemSelectionChanged.connect(self._selection)
        self.rows = []
        self.pending: QDialog | None = None  # the sub-dialog open now (tests drive it)
        self.resize(720, 360)
        self.reload()

    # --- the list -----------------------------------------------------------------------------------
    def reload(self) -> None:
        self.ctx.read(self.service.users, self._show, self._failed, owner=self)

    def _show(self, rows) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, u in enumerate(rows):
            server = ("—" if not self.enrolled else self.tr("увійшов") if u.signed_in
                      else self.tr("ще не входив"))
            if u.waiting:
                server += " · " + self.tr("чекають змін: %1").replace("%1", str(u.waiting))
            name = u.username + (self.tr(" (ви)") if u.is_me else "")
            for col, text in enumerate((name, u.display_name, role_text(u.role), server)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        me = next((u for u in rows if u.is_me), None)
        self.sign_in_button.setVisible(self.enrolled and me is not None and not me.signed_in)
        # Offered when the server refuses this laptop: after a restore it may not know it any more.
        refused = self.ctx.sync is not None and self.ctx.sync.state.error_code == "authentication_failed"
        self.again_button.setVisible(self.enrolled and refused)
        self._selection()

    def _selection(self) -> None:
        row = self.selected()
        self.remove_button.setEnabled(row is not None and not row.is_me)

    def selected(self):
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) and self.table.selectedItems() else None

    def _done(self, text: str) -> None:
        self.status.setText(text)
        self.reload()

    def _failed(self, exc: Exception) -> None:
        self.status.setText(_failure(exc))

    # --- actions --------------------------------------------------------------------------------------
    def _open(self, dialog: QDialog, on_accepted) -> None:
        """A sub-form, modal to this dialog; `on_accepted` once its OK passes its checks."""
        dialog.accepted.connect(on_accepted)
        self.pending = dialog
        dialog.open()

    def add_user(self) -> AddUserDialog:
        dialog = AddUserDialog(self, enrolled=self.enrolled)
        self._open(dialog, lambda: self._add(dialog))
        return dialog

    def _add(self, d: AddUserDialog) -> None:
        service, name = self.service, d.username.text().strip()
        password, display = d.password.text(), d.display.text().strip()
        offline = d.offline.isChecked() or not self.enrolled
        server_password = d.server_password.text() or password

        def save(login=None) -> None:
            self.ctx.runner.run_db(
                lambda: service.add(name, password, display_name=display, role=d.role.currentData() or "caseworker",
                                    offline=offline and self.enrolled, login=login),
                lambda row: self._done(self.tr("Додано: %1.").replace("%1", row.display_name)),
                self._failed, owner=self)

        if offline:
            save()
        else:
            self.status.setText(self.tr("Вхід на сервер…"))
            self.ctx.runner.run_net(lambda: service.login(name, server_password), save, self._failed, owner=self)

    def sign_in(self) -> SignInDialog:
        dialog = SignInDialog(self, self.ctx.store.author)
        self._open(dialog, lambda: self._sign_in(dialog.password.text()))
        return dialog

    def _ask_then_keep(self, busy: str, ask, keep, done) -> None:
        """`ask()` the server off the database worker, then `keep(answer)` on it, then `done(answer)` here."""
        def save(answer) -> None:
            self.ctx.runner.run_db(lambda: keep(answer), lambda _none: done(answer), self._failed, owner=self)

        self.status.setText(busy)
        self.ctx.runner.run_net(ask, save, self._failed, owner=self)

    def _sign_in(self, server_password: str) -> None:
        service = self.service

        def signed(_login) -> None:
            if self.ctx.sync is not None:
                self.ctx.sync.signed_in()  # sync from now on, with this person's own token
            self._done(self.tr("Ви ввійшли на сервер; ваші зміни буде надіслано."))

        self._ask_then_keep(self.tr("Вхід на сервер…"), lambda: service.login(self.ctx.store.author, server_password),
                            lambda login: service.sign_in(login=login), signed)

    def enrol_again(self) -> EnrolAgainDialog:
        dialog = EnrolAgainDialog(self, self.ctx.store.author)
        self._open(dialog, lambda: self._enrol_again(dialog.password.text()))
        return dialog

    def _enrol_again(self, server_password: str) -> None:
        service = self.service

        def done(enrolment) -> None:
            if self.ctx.sync is not None:
                self.ctx.sync.enrolled_again(enrolment.response.device_secret, enrolment.response.user_token)
            self._done(self.tr("Комп'ютер знову підключено. Синхронізація повертає на сервер роботу, якої він не "
                               "має."))

        self._ask_then_keep(self.tr("Підключення до сервера…"), lambda: service.request_enrolment_again(server_password),
                            service.adopt_enrolment_again, done)

    def change_password(self) -> PasswordDialog:
        dialog = PasswordDialog(self)
        self._open(dialog, lambda: self.ctx.runner.run_db(
            lambda: self.service.change_my_password(dialog.old.text(), dialog.new.text()),
            lambda _none: self._done(self.tr("Пароль змінено.")), self._failed, owner=self))
        return dialog

    def remove_user(self, *, confirm: bool = True) -> None:
        row = self.selected()
        if row is None or row.is_me:
            return
        if confirm:
            text = self.tr("Видалити користувача «%1» з цього комп'ютера? Його записи в справах лишаються.") \
                .replace("%1", row.display_name)
            if row.waiting:
                text += "\n\n" + self.tr("Його зміни (%1) ще не надіслано: після видалення їх не надішле ніхто.") \
                    .replace("%1", str(row.waiting))
            if QMessageBox.question(self, self.windowTitle(), text) != QMessageBox.StandardButton.Yes:
                return
        name = row.username
        self.ctx.runner.run_db(lambda: self.service.remove(name, drop_waiting=True),
                               lambda _none: self._done(self.tr("Користувача видалено.")), self._failed, owner=self)


__all__ = ["AddUserDialog", "EnrolAgainDialog", "PasswordDialog", "SignInDialog", "UserError", "UsersDialog"]
