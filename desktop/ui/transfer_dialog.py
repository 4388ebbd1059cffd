"""Send a case to another office: the office (from the office directory), a reason, the person's consent.

Works offline: the request is saved here and travels with the next sync (desktop/services/transfers.py).
The offices offered are the district's others, as the last sync's office directory lists them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.services.transfers import TransferService
from desktop.ui.forms.fields import ERROR_COLOUR
from sync.text import fold_for_search

OFFICE_ROLE = Qt.ItemDataRole.UserRole + 1


class TransferDialog(QDialog):
    def __init__(self, ctx, case_id: str, case_name: str = "", parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        store = ctx.store
        own = store.office_id
        self.setWindowTitle(self.tr("Передати справу до іншого офісу"))
        self.resize(560, 520)
        intro = QLabel(self.tr("Справу «%1» буде передано, коли офіс-отримувач її прийме. До того вона лишається "
                               "тут, але її можна лише переглядати. Запит буде надіслано під час синхронізації.")
                       .replace("%1", case_name or "—"), self)
        intro.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Пошук офісу за назвою"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.search_button = QPushButton(self.tr("Шукати в інших районах"), self)
        self.search_button.setObjectName("transferSearch")
        self.search_button.setToolTip(self.tr("Запитати сервер про офіси з такою назвою (потрібен зв'язок)"))
        self.search_button.clicked.connect(self.search_elsewhere)
        self.offices = QListWidget(self)
        self.offices.setObjectName("transferOffices")
        self.offices.setAccessibleName(self.tr("Офіс-отримувач"))
        for office in (o for o in (ctx.directory.transfer_targets if ctx.directory else []) if o.id != own):
            item = QListWidgetItem(office.name, self.offices)
            item.setData(OFFICE_ROLE, (office.id, office.name))
        self.no_offices = QLabel(self.tr("Довідник офісів ще не отримано або в районі немає інших офісів. "
                                         "Синхронізуйте і спробуйте знову."), self)
        self.no_offices.setWordWrap(True)
        self.no_offices.setVisible(self.offices.count() == 0)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("transferReason")
        self.reason.setPlaceholderText(self.tr("Наприклад: особа переїхала до іншої громади"))
        self.reason.setFixedHeight(80)
        self.consent = QCheckBox(self.tr("Особа погодилася, щоб її дані передали іншому офісу"), self)
        self.consent.setObjectName("transferConsent")
        consent_note = QLabel(self.tr("Без згоди офіс-отримувач до прийняття бачить лише рік народження, категорію, "
                                      "пріоритет і потреби, без імені."), self)
        consent_note.setWordWrap(True)
        consent_note.setStyleSheet("color: #555;")
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        finder = QHBoxLayout()
        finder.addWidget(self.filter, 1)
        finder.addWidget(self.search_button)
        form.addRow(self.tr("Офіс-отримувач"), finder)
        form.addRow("", self.offices)
        form.addRow("", self.no_offices)
        form.addRow(self.tr("Причина"), self.reason)
        form.addRow("", self.consent)
        form.addRow("", consent_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.send_button = buttons.addButton(self.tr("Передати"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setObjectName("transferSend")
        buttons.accepted.connect(self.send)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        if self.offices.count():
            self.offices.setCurrentRow(0)

    def _filter(self, text: str) -> None:
        wanted = fold_for_search(text)
        for i in range(self.offices.count()):
            item = self.offices.item(i)
            item.setHidden(bool(wanted) and wanted not in fold_for_search(item.text()))

    def search_elsewhere(self) -> None:
        """Offices of other districts, by name, from the server (the directory holds only the district's)."""
        query = self.filter.text().strip()
        if len(query) < 2:
            self._fail(self.tr("Введіть щонайменше дві літери назви офісу."))
            return
        self.error.hide()
        self.search_button.setEnabled(False)
        store = self.ctx.store
        self.ctx.runner.run_net(lambda: TransferService(store).find_offices(query), self._found, self._not_found,
                                owner=self)

    def _found(self, offices) -> None:
        self.search_button.setEnabled(True)
        known = {self.offices.item(i).data(OFFICE_ROLE)[0] for i in range(self.offices.count())}
        for office in offices:
            if office.id not in known:
                item = QListWidgetItem(office.name, self.offices)
                item.setData(OFFICE_ROLE, (office.id, office.name))
        self.no_offices.setVisible(self.offices.count() == 0)
        self._filter(self.filter.text())
        if not offices:
            self._fail(self.tr("Сервер не знайшов офісів із такою назвою."))

    def _not_found(self, _exc: Exception) -> None:
        self.search_button.setEnabled(True)
        self._fail(self.tr("Немає зв'язку з сервером: пошук в інших районах працює лише на зв'язку. "
                           "Офіси свого району доступні завжди."))

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def send(self) -> None:
        item = self.offices.currentItem()
        if item is None or item.isHidden():
            self._fail(self.tr("Оберіть офіс-отримувач."))
            return
        reason = self.reason.toPlainText().strip()
        if not reason:
            self._fail(self.tr("Вкажіть причину передачі."))
            self.reason.setFocus()
            return
        office_id, office_name = item.data(OFFICE_ROLE)
        store, case_id, consent = self.ctx.store, self.case_id, self.consent.isChecked()
        self.send_button.setEnabled(False)

        def failed(exc: Exception) -> None:
            self.send_button.setEnabled(True)
            code = exc.code if hasattr(exc, "code") else type(exc).__name__
            words = {"transfer_pending": self.tr("Ця справа вже чекає на відповідь щодо іншої передачі."),
                     "transfer_not_allowed": self.tr("Передавати справи може лише керівник або район."),
                     "transfer_same_office": self.tr("Справу не можна передати до того самого офісу.")}
            self._fail(words.get(code, self.tr("Не вдалося записати передачу.")))

        self.ctx.write(lambda: TransferService(store).request(case_id, office_id, reason=reason, consent=consent,
                                               to_office_name=office_name),
                       lambda _cs: self.accept(), failed, owner=self)
