"""A sync conflict: the same field changed on two laptops. Both values, who and when; keep or swap.

Sync already chose one value deterministically (so every device agrees); this dialog lets a
person check that choice and restore the other value if it was the right one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.conflicts import load_conflict
from desktop.ui import labels
from desktop.ui.case_view.common import error_message, show_date, show_datetime
from desktop.ui.forms.fields import ERROR_COLOUR
from sync.records.identifiers import format_phone
from sync.records.schema import RECORD_TYPES


def format_value(rtype: str, field: str, value: Any) -> str:
    spec = RECORD_TYPES.get(rtype, RECORD_TYPES["case"]).fields.get(field)
    if value is None or value == "" or value == []:
        return "—"
    if spec is not None and spec.kind == "date":
        return show_date(value)
    if spec is not None and spec.kind == "datetime":
        return show_datetime(value)
    if field == "phones" and isinstance(value, list):
        return ", ".join(format_phone(p) or p for p in value)
    return labels.field_value_label(field, value)


class ConflictDialog(QDialog):
    resolved = Signal(str)  # "kept" or "swapped"

    def __init__(self, ctx, conflict_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.conflict_id = conflict_id
        self.info: dict[str, Any] | None = None
        self.setWindowTitle(self.tr("Неузгоджена зміна"))
        self.intro = QLabel(self.tr("Завантаження…"), self)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)

        self.winner_box = QGroupBox(self.tr("Поточне значення (збережене)"), self)
        self.loser_box = QGroupBox(self.tr("Інше значення (з іншого комп'ютера)"), self)
        self.winner_value, self.winner_who = self._side(self.winner_box)
        self.loser_value, self.loser_who = self._side(self.loser_box)
        self.current_note = QLabel(self)
        self.current_note.setWordWrap(True)
        self.current_note.hide()
        sides = QGridLayout()
        sides.addWidget(self.winner_box, 0, 0)
        sides.addWidget(self.loser_box, 0, 1)
        sides.setColumnStretch(0, 1)
        sides.setColumnStretch(1, 1)

        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.hide()
        buttons = QDialogButtonBox(self)
        self.keep_button = QPushButton(self.tr("&Залишити поточне"), self)
        self.swap_button = QPushButton(self.tr("За&мінити на інше"), self)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Закрити"))
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.swap_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.keep_button.clicked.connect(lambda: self.resolve("kept"))
        self.swap_button.clicked.connect(lambda: self.resolve("swapped"))
        close.clicked.connect(self.reject)
        self.keep_button.setDefault(True)
        for b in (self.keep_button, self.swap_button):
            b.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(sides)
        layout.addWidget(self.current_note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(760, self.sizeHint().height())

        engine = ctx.store.engine
        ctx.read(lambda: load_conflict(engine, conflict_id), self._loaded, self._failed, owner=self)

    def _side(self, box: QGroupBox) -> tuple[QLabel, QLabel]:
        value = QLabel(box)
        value.setWordWrap(True)
        value.setStyleSheet("font-size: 13pt; font-weight: 600;")
        value.setMinimumHeight(value.fontMetrics().height() * 2)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        who = QLabel(box)
        who.setStyleSheet("color: #555;")
        column = QVBoxLayout(box)
        column.addWidget(value)
        column.addWidget(who)
        return value, who

    def _name(self, username: str | None) -> str:
        return self.ctx.display_name(username) or self.tr("невідомо")

    def _loaded(self, info: dict[str, Any] | None) -> None:
        self._show(info)
        # The texts arrive after the first layout: grow to fit them (word-wrapped labels clip otherwise).
        self.layout().activate()
        self.resize(self.width(), max(self.height(), self.heightForWidth(self.width()), self.sizeHint().height()))

    def _show(self, info: dict[str, Any] | None) -> None:
        if info is None:
            self.intro.setText(self.tr("Цей конфлікт уже недоступний."))
            return
        self.info = info
        c = info["conflict"]
        rtype, field = c.get("record_type") or "", c.get("field") or ""
        self.intro.setText(self.tr("Поле <b>%1</b> (%2) справи <b>%3</b> змінили на двох комп'ютерах одночасно. "
                                   "Збережено одне значення; перевірте, яке правильне.")
                           .replace("%1", labels.field_label(field))
                           .replace("%2", labels.label("record_type", rtype).lower())
                           .replace("%3", info["name"] or self.tr("без імені")))
        self.winner_value.setText(format_value(rtype, field, c.get("winner_value")))
        self.loser_value.setText(format_value(rtype, field, c.get("loser_value")))
        who = self.tr("Змінив(ла): %1, %2")
        self.winner_who.setText(who.replace("%1", self._name(c.get("winner_user")))
                                .replace("%2", show_datetime(c.get("winner_at"))))
        self.loser_who.setText(who.replace("%1", self._name(c.get("loser_user")))
                               .replace("%2", show_datetime(c.get("loser_at"))))
        record = info.get("record") or {}
        now = record.get(field)
        if record and now != c.get("winner_value"):
            self.current_note.setText(self.tr("Після цього поле змінили ще раз; зараз у справі: %1")
                                      .replace("%1", format_value(rtype, field, now)))
            self.current_note.show()
        if c.get("status") == "resolved":
            self.error.setStyleSheet("color: #2e7d32;")
            self.error.setText(labels.label("conflict_resolution", c.get("resolution")) + " — "
                               + self._name(c.get("resolved_by")) + ", " + show_datetime(c.get("resolved_at")))
            self.error.show()
            return
        self.keep_button.setEnabled(True)
        self.swap_button.setEnabled(bool(record))
        self.keep_button.setFocus()

    def _failed(self, exc: Exception) -> None:
        self.error.setText(error_message(exc))
        self.error.show()

    def resolve(self, resolution: str) -> None:
        for b in (self.keep_button, self.swap_button):
            b.setEnabled(False)
        cases, conflict_id = self.ctx.cases, self.conflict_id
        self.resolution = resolution
        self.ctx.write(lambda: cases.resolve_conflict(conflict_id, resolution), self._resolved,
                       self._resolve_failed, owner=self)

    def _resolved(self, _cs) -> None:
        self.resolved.emit(self.resolution)
        self.accept()

    def _resolve_failed(self, exc: Exception) -> None:
        self._failed(exc)
        self.keep_button.setEnabled(True)
        self.swap_button.setEnabled(True)
