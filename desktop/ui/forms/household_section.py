"""Household members as editable rows: relationship, name, birth date, vulnerabilities.

Used by registration (all rows new) and by the case's Person tab, where each row remembers the id
of the record it came from so that saving can tell added, changed and removed members apart.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QToolButton, QVBoxLayout, QWidget

from desktop.ui.forms.binder import IssueBinder
from desktop.ui.forms.fields import ChoiceCombo, DateField, IssueLabel, MultiChoiceButton, focusable_before

_FIELDS = ("relationship", "surname", "given_name", "birth_date", "vulnerabilities")


class MemberRow:
    def __init__(self, owner: HouseholdSection, record: dict[str, Any] | None):
        self.record_id = (record or {}).get("id")
        self.original = dict(record or {})
        self.relationship = ChoiceCombo("relationship", owner)
        self.surname = QLineEdit(owner)
        self.surname.setPlaceholderText(QCoreApplication.translate("MemberRow", "Прізвище"))
        self.given_name = QLineEdit(owner)
        self.given_name.setPlaceholderText(QCoreApplication.translate("MemberRow", "Ім'я *"))
        self.birth_date = DateField(owner)
        self.vulnerabilities = MultiChoiceButton("vulnerability", owner)
        self.remove = QToolButton(owner)
        self.remove.setText("✕")
        self.remove.setToolTip(QCoreApplication.translate("MemberRow", "Прибрати цього члена домогосподарства"))
        self.issues = IssueLabel(owner)
        self.issues.with_field_names = True
        if record:
            self.relationship.set_value(record.get("relationship"))
            self.surname.setText(record.get("surname") or "")
            self.given_name.setText(record.get("given_name") or "")
            self.birth_date.set_iso(record.get("birth_date"))
            self.vulnerabilities.set_value(record.get("vulnerabilities"))

    def widgets(self) -> list[QWidget]:
        return [self.relationship, self.surname, self.given_name, self.birth_date, self.vulnerabilities,
                self.remove]

    def values(self) -> dict[str, Any]:
        return {"relationship": self.relationship.value(), "surname": self.surname.text(),
                "given_name": self.given_name.text(), "birth_date": self.birth_date.iso(),
                "vulnerabilities": self.vulnerabilities.value()}


class HouseholdSection(QWidget):
    changed = Signal()

    def __init__(self, binder: IssueBinder, parent: QWidget | None = None):
        super().__init__(parent)
        self.binder = binder
        self.rows: list[MemberRow] = []
        self.removed_ids: list[str] = []
        outer = QVBoxLayout(self)
        self.empty = QLabel(self.tr("Особа звернулася сама (членів домогосподарства не додано)."), self)
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        outer.addWidget(self.empty)
        self.grid_box = QWidget(self)
        self.grid = QGridLayout(self.grid_box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        headers = [self.tr("Родинний зв'язок *"), self.tr("Прізвище"), self.tr("Ім'я *"),
                   self.tr("Дата народження"), self.tr("Вразливості")]
        for col, text in enumerate(headers):
            self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, col)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(2, 2)
        self.grid.setColumnStretch(4, 3)
        outer.addWidget(self.grid_box)
        self.add_button = QPushButton(self.tr("Додати &члена домогосподарства"), self)
        self.add_button.clicked.connect(lambda: self.add_member(focus=True))
        outer.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._refresh()

    def add_member(self, record: dict[str, Any] | None = None, *, focus: bool = False) -> MemberRow:
        row = MemberRow(self, record)
        before = self.rows[-1].remove if self.rows else focusable_before(self.add_button)
        self.rows.append(row)
        row.remove.clicked.connect(lambda: self.remove_member(row))
        for w in (row.surname, row.given_name, row.birth_date):
            w.textChanged.connect(self.changed)
        row.relationship.currentIndexChanged.connect(self.changed)
        row.vulnerabilities.changed.connect(self.changed)
        chain = [before, *row.widgets(), self.add_button]  # Tab: previous row, this row, "add"
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self._refresh()
        if focus:
            row.relationship.setFocus()
        self.changed.emit()
        return row

    def remove_member(self, row: MemberRow) -> None:
        if row.record_id:
            self.removed_ids.append(row.record_id)
        self.rows.remove(row)
        for w in [*row.widgets(), row.issues]:
            w.hide()
            self.grid.removeWidget(w)
            w.deleteLater()
        self._refresh()
        self.changed.emit()

    def set_members(self, records: list[dict[str, Any]]) -> None:
        for row in list(self.rows):
            self.remove_member(row)
        self.removed_ids = []
        for record in records:
            self.add_member(record)

    def _refresh(self) -> None:
        """Re-lay the rows (each takes two grid lines: fields, then messages) and rebind issue keys."""
        self.binder.unbind_prefix("household.")
        for i, row in enumerate(self.rows):
            for col, w in enumerate(row.widgets()):
                self.grid.addWidget(w, 1 + 2 * i, col)
            self.grid.addWidget(row.issues, 2 + 2 * i, 0, 1, 5)
            for name in _FIELDS:
                self.binder.bind(f"household.{i}.{name}", getattr(row, name), row.issues)
        self.empty.setVisible(not self.rows)
        self.grid_box.setVisible(bool(self.rows))

    def values(self) -> list[dict[str, Any]]:
        return [row.values() for row in self.rows]
