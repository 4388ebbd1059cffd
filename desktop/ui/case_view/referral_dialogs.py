"""Dialogs of the plan tab's referrals: the partner's answer to a referral, and a local provider of the office."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.forms.fields import ChoiceCombo, DateField


class OutcomeDialog(QDialog):
    """What the partner answered: accepted, delivered, or declined (with the reason), when, and their feedback."""

    def __init__(self, service: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Відповідь надавача"))
        self.setMinimumWidth(460)
        intro = QLabel(self.tr("%1 — %2").replace("%1", service.get("title") or "")
                       .replace("%2", service.get("provider_name") or self.tr("надавача не вказано")), self)
        intro.setWordWrap(True)
        self.outcome = ChoiceCombo("referral_outcome", self)
        self.outcome.setItemText(0, self.tr("— відповіді ще немає —"))
        self.outcome.set_value(service.get("outcome"))
        self.outcome.setAccessibleName(self.tr("Відповідь надавача"))
        self.on = DateField(self)
        if service.get("outcome_on"):
            self.on.set_iso(service["outcome_on"])
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("Відгук надавача; якщо відмовив — причина (обов'язково)"))
        self.note.setPlainText(service.get("outcome_note") or "")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(110)
        form = QFormLayout()
        form.addRow(self.tr("&Відповідь:"), self.outcome)
        form.addRow(self.tr("&Дата відповіді:"), self.on)
        form.addRow(self.tr("Від&гук / причина:"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> tuple[str | None, str, str | None]:
        return self.outcome.value(), self.note.toPlainText(), self.on.iso()


class LocalPartnerDialog(QDialog):
    """A provider of the office's own (a volunteer hub, a local business): synced to the office and its district."""

    def __init__(self, services: list, selected: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Місцевий надавач послуг"))
        self.setMinimumWidth(480)
        hint = QLabel(self.tr("Надавач, якого немає в національному довіднику. Його бачитимуть ваш офіс і район "
                              "після синхронізації."), self)
        hint.setWordWrap(True)
        self.name = QLineEdit(self)
        self.name.setMaxLength(300)
        self.kind = ChoiceCombo("provider_kind", self, optional=False)
        self.kind.set_value("community")
        self.services = QListWidget(self)
        self.services.setMinimumHeight(150)
        for svc in services:
            item = QListWidgetItem(svc.title, self.services)
            item.setData(Qt.ItemDataRole.UserRole, svc.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if svc.code == selected else Qt.CheckState.Unchecked)
        self.phone = QLineEdit(self)
        self.phone.setMaxLength(60)
        self.address = QLineEdit(self)
        self.address.setMaxLength(500)
        self.notes = QLineEdit(self)
        self.notes.setMaxLength(2000)
        form = QFormLayout()
        form.addRow(self.tr("&Назва:"), self.name)
        form.addRow(self.tr("&Вид:"), self.kind)
        form.addRow(self.tr("&Послуги:"), self.services)
        form.addRow(self.tr("&Телефон:"), self.phone)
        form.addRow(self.tr("&Адреса:"), self.address)
        form.addRow(self.tr("При&мітки:"), self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict:
        codes = [self.services.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.services.count())
                 if self.services.item(i).checkState() == Qt.CheckState.Checked]
        return {"name": self.name.text(), "kind": self.kind.value(), "services": codes, "phone": self.phone.text(),
                "address": self.address.text(), "notes": self.notes.text()}
