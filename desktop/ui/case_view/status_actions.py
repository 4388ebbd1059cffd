"""Moving a case along its route: stage, displacement stage, status, the caseworker responsible,
and closing with a reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.cases import ChangeSet
from desktop.ui.case_view.common import CaseData, CaseTab
from desktop.ui.forms.fields import ERROR_COLOUR, ChoiceCombo, ui_lang
from sync.records.issues import ValidationIssue


class StatusDialog(QDialog):
    """Stage, status and caseworker of a case. Closing needs a reason: the dialog will not accept without one.

    `people` are (user name, name) of those the case may be handed to; only a supervisor or a
    district user (`may_reassign`) changes the caseworker, others see who it is.
    """

    def __init__(self, case: dict[str, Any], parent: QWidget | None = None, *, closing: bool = False,
                 people: list[tuple[str, str]] | None = None, may_reassign: bool = False):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Закрити справу") if closing else self.tr("Етап, стан і фахівець"))
        self.case = case
        form = QFormLayout()
        self.assignee = QComboBox(self)
        current = case.get("assigned_to")
        choices = list(people or [])
        if current and current not in {u for u, _ in choices}:
            choices.insert(0, (current, current))
        for username, name in choices:
            self.assignee.addItem(name if name == username else f"{name} ({username})", username)
        self.assignee.setCurrentIndex(max(self.assignee.findData(current), 0))
        self.assignee.setEnabled(may_reassign and len(choices) > 1)
        if not may_reassign:
            self.assignee.setToolTip(self.tr("Передати справу іншому фахівцю може керівник або районний рівень."))
        self.stage = ChoiceCombo("stage", self, optional=False)
        self.displacement_stage = ChoiceCombo("displacement_stage", self)
        self.status = ChoiceCombo("status", self, optional=False)
        self.reason = ChoiceCombo("closure_reason", self)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("Коротко: чого досягнуто, куди передано, що лишилося"))
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.stage.set_value(case.get("stage"))
        self.displacement_stage.set_value(case.get("displacement_stage"))
        self.status.set_value("closed" if closing else case.get("status"))
        self.reason.set_value(case.get("closure_reason"))
        self.note.setPlainText(case.get("closure_note") or "")
        rows = [(self.tr("&Етап роботи"), self.stage), (self.tr("Етап &переміщення"), self.displacement_stage),
                (self.tr("&Стан"), self.status), (self.tr("&Відповідальний фахівець"), self.assignee),
                (self.tr("П&ричина закриття *"), self.reason), (self.tr("&Коментар"), self.note)]
        self._labels = {}
        for text, widget in rows:
            label = QLabel(text, self)
            label.setBuddy(widget)
            self._labels[widget] = label
            form.addRow(label, widget)
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Закрити справу") if closing else self.tr("Зберегти"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Скасувати"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()
        (self.reason if closing else self.stage).setFocus()
        self.resize(520, self.sizeHint().height())

    def _status_changed(self) -> None:
        closing = self.status.value() == "closed"
        for widget in (self.reason, self.note):
            widget.setVisible(closing)
            self._labels[widget].setVisible(closing)
        self.assignee.setVisible(not closing)
        self._labels[self.assignee].setVisible(not closing)
        self.stage.setEnabled(not closing)  # a closed case is at the closure stage
        self.error.hide()

    def accept(self) -> None:
        if self.status.value() == "closed" and not self.reason.value():
            self.error.setText("✖ " + ValidationIssue("closure_reason", "closure_reason_required").message(ui_lang()))
            self.error.show()
            self.reason.setFocus()
            return
        super().accept()

    def changes(self) -> dict[str, Any]:
        """The case fields to write (only those that differ from the case as it was)."""
        status = self.status.value()
        if status == "closed":
            wanted = {"status": "closed", "stage": "closure", "closure_reason": self.reason.value(),
                      "closure_note": self.note.toPlainText().strip() or None}
        else:
            wanted = {"status": status, "stage": self.stage.value()}
            if self.case.get("status") == "closed":  # reopening: the closure no longer holds
                wanted.update(closure_reason=None, closure_note=None, closed_on=None)
        wanted["displacement_stage"] = self.displacement_stage.value()
        if self.assignee.isEnabled() and self.assignee.currentData():
            wanted["assigned_to"] = self.assignee.currentData()
        return {k: v for k, v in wanted.items() if self.case.get(k) != v}


def apply_status_changes(cases, case_id: str, changes: dict[str, Any]) -> ChangeSet:
    """Run on the worker: the dialog's changes as one update of the case (closing dates the closure)."""
    return cases.change_status(case_id, changes)


class StatusActions(CaseTab):
    """The buttons in the case header."""

    def __init__(self, ctx, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.change_button = QPushButton(self.tr("Етап, стан, фахівець…"), self)
        self.close_button = QPushButton(self.tr("Закрити справу…"), self)
        self.change_button.clicked.connect(lambda: self.open_dialog(closing=False))
        self.close_button.clicked.connect(lambda: self.open_dialog(closing=True))
        line.addWidget(self.change_button)
        line.addWidget(self.close_button)
        self.dialog: StatusDialog | None = None
        self.setEnabled(False)

    def populate(self, data: CaseData) -> None:
        self.setEnabled(True)
        case = data.one("case")
        # Where the office requires approval, closing is a supervisor's (the server refuses it anyway).
        self.close_button.setVisible(case.get("status") != "closed" and self.ctx.may_close(case.get("office_id")))

    def open_dialog(self, closing: bool) -> StatusDialog | None:
        if self.data is None:
            return None
        case = self.data.one("case")
        dialog = StatusDialog(case, self, closing=closing, people=self.ctx.assignable_people(case.get("office_id")),
                              may_reassign=self.ctx.may_reassign())
        dialog.accepted.connect(self._accepted)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _accepted(self) -> None:
        changes = self.dialog.changes() if self.dialog else {}
        if not changes:
            return
        cases, case_id = self.ctx.cases, self.case_id
        if changes.get("status") == "closed":
            text = self.tr("Справу закрито.")
        elif "assigned_to" in changes:
            text = self.tr("Справу передано: %1.").replace("%1", self.ctx.display_name(changes["assigned_to"]))
        else:
            text = self.tr("Зміни збережено.")
        self.write(lambda: apply_status_changes(cases, case_id, changes), text)
