"""The list of sync conflicts waiting for a person (from the status bar)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from desktop.services.conflicts import OpenConflict, list_open_conflicts
from desktop.ui import labels

CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 1


class ConflictsListDialog(QDialog):
    open_conflict = Signal(str, str)  # conflict id, case id

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Конфлікти для перегляду"))
        self.resize(600, 300)
        intro = QLabel(self.tr("Ці поля змінили на двох комп'ютерах одночасно. Збережено одне значення; "
                               "перегляньте, чи воно правильне, або відновіть інше."), self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Конфлікти"))
        self.list.itemActivated.connect(self._activate)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = buttons.addButton(self.tr("Переглянути"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setEnabled(False)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(lambda: self._activate(self.list.currentItem()))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        engine = ctx.store.engine
        ctx.query(lambda: list_open_conflicts(engine), parent=self).success(self._show).run()

    def _show(self, conflicts: list[OpenConflict]) -> None:
        if not conflicts:
            self.list.addItem(self.tr("Конфліктів немає."))
            return
        for c in conflicts:
            text = f"{c.name or self.tr('(без імені)')} — {labels.label('record_type', c.record_type)}: " \
                   f"{labels.field_label(c.field)}"
            item = QListWidgetItem(text, self.list)
            item.setData(CONFLICT_ROLE, c)
        self.list.setCurrentRow(0)
        self.open_button.setEnabled(True)
        self.list.setFocus()

    def _activate(self, item) -> None:
        conflict = item.data(CONFLICT_ROLE) if item else None
        if conflict:
            self.accept()
            self.open_conflict.emit(conflict.conflict_id, conflict.case_id)
