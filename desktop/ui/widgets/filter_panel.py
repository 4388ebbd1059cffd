"""The filter side panel of the case list: stage, status, category, priority and three switches."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.services.case_list import CaseFilters
from desktop.ui import labels

CHOICE_FILTERS = ("stage", "status", "category", "priority")


class FilterPanel(QWidget):
    changed = Signal(object)  # CaseFilters

    def __init__(self, user: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.user = user
        self.setObjectName("filterPanel")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.setFixedWidth(250)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        title = QLabel(self.tr("Фільтри"), self)
        title.setObjectName("panelTitle")
        layout.addWidget(title)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setContentsMargins(0, 0, 0, 0)
        self.combos: dict[str, QComboBox] = {}
        captions = {"stage": self.tr("&Етап"), "status": self.tr("С&тан"), "category": self.tr("&Категорія"),
                    "priority": self.tr("&Пріоритет")}
        for kind in CHOICE_FILTERS:
            combo = QComboBox(self)
            combo.addItem(self.tr("Усі"), None)
            for code, text in labels.choices(kind):
                combo.addItem(text, code)
            combo.setAccessibleName(captions[kind].replace("&", ""))
            combo.currentIndexChanged.connect(self._emit)
            self.combos[kind] = combo
            caption = QLabel(captions[kind], self)
            caption.setBuddy(combo)
            form.addRow(caption, combo)
        layout.addLayout(form)

        self.mine = QCheckBox(self.tr("Лише призначені мені"), self)
        self.overdue = QCheckBox(self.tr("З простроченими завданнями"), self)
        self.listed = QCheckBox(self.tr("З територій бойових дій або окупації"), self)
        self.listed.setToolTip(self.tr("Місце походження є в переліку територій, на яких ведуться (велися) "
                                       "бойові дії або тимчасово окупованих"))
        for box in (self.mine, self.overdue, self.listed):
            box.toggled.connect(self._emit)
            layout.addWidget(box)
        self.reset = QPushButton(self.tr("Скинути фільтри"), self)
        self.reset.clicked.connect(self.clear)
        self.reset.setEnabled(False)
        layout.addWidget(self.reset)
        layout.addStretch(1)

    def filters(self) -> CaseFilters:
        return CaseFilters(
            **{kind: self.combos[kind].currentData() for kind in CHOICE_FILTERS},
            assigned_to=self.user if self.mine.isChecked() else None,
            overdue=self.overdue.isChecked(), origin_listed=self.listed.isChecked())

    def set_filters(self, filters: CaseFilters) -> None:
        """Show `filters` (e.g. restored after a language switch) and emit once."""
        widgets = [*self.combos.values(), self.mine, self.overdue, self.listed]
        for w in widgets:
            w.blockSignals(True)
        for kind in CHOICE_FILTERS:
            combo = self.combos[kind]
            combo.setCurrentIndex(max(0, combo.findData(getattr(filters, kind))))
        self.mine.setChecked(bool(filters.assigned_to))
        self.overdue.setChecked(filters.overdue)
        self.listed.setChecked(filters.origin_listed)
        for w in widgets:
            w.blockSignals(False)
        self._emit()

    def clear(self) -> None:
        self.set_filters(CaseFilters())

    def _emit(self) -> None:
        filters = self.filters()
        self.reset.setEnabled(filters.active())
        self.changed.emit(filters)
