"""Before registering: is this person already a case? The candidates, their reasons, a choice."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import reads
from desktop.ui import labels
from desktop.ui.forms.fields import ui_lang
from sync.records.dates import format_date, parse_date


def reason_label(code: str) -> str:
    from desktop.services.search import DUPLICATE_REASON_LABELS

    uk, en = DUPLICATE_REASON_LABELS.get(code, (code, code))
    return en if ui_lang() == "en" else uk


def duplicate_candidates(ctx, person: dict[str, Any], displacement: dict[str, Any] | None = None,
                         exclude_case_id: str | None = None) -> list[dict[str, Any]]:
    """Run on the database worker: candidates with what the list needs to show them."""
    return reads.duplicate_candidates(ctx.search, person, displacement, exclude_case_id)


def _date(value: str | None) -> str:
    try:
        return format_date(parse_date(value)) if value else ""
    except ValueError:
        return value or ""


class DuplicatesDialog(QDialog):
    """Lists the candidates; "open existing" is the default, registering anyway is a deliberate act."""

    open_case_requested = Signal(str)
    register_anyway = Signal()

    def __init__(self, candidates: list[dict[str, Any]], parent: QWidget | None = None, name_of=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Можливо, особа вже зареєстрована"))
        self.candidates = candidates
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Знайдено справи, схожі на цю особу. Перевірте, чи це не та сама людина: "
                               "дубль справи розпорошує історію допомоги."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(candidates), 6, self)
        self.table.setHorizontalHeaderLabels([self.tr("ПІБ"), self.tr("Дата народження"), self.tr("Категорія"),
                                              self.tr("Стан справи"), self.tr("Відповідальний"),
                                              self.tr("Чому схожа")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        for row, cand in enumerate(candidates):
            assigned = cand.get("assigned_to") or ""
            cells = [cand["name"], _date(cand["birth_date"]), labels.short_label("category", cand["category"]),
                     labels.label("status", cand["status"]), name_of(assigned) if name_of else assigned,
                     " · ".join(reason_label(r) for r in cand["reasons"])]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, cand["case_id"])
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _i: self._open())
        layout.addWidget(self.table)

        buttons = QDialogButtonBox(self)
        self.open_button = QPushButton(self.tr("&Відкрити наявну справу"), self)
        self.open_button.setDefault(True)
        self.register_button = QPushButton(self.tr("Все одно &зареєструвати"), self)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Скасувати"))
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.register_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(self._open)
        self.register_button.clicked.connect(self._register)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(860, 320)

    def selected_case_id(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row if row >= 0 else 0, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _open(self) -> None:
        case_id = self.selected_case_id()
        if case_id:
            self.accept()
            self.open_case_requested.emit(case_id)

    def _register(self) -> None:
        self.accept()
        self.register_anyway.emit()
