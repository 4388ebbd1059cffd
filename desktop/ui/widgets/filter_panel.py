"""The filter side panel of the case list: stage, status, category, priority and three switches."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
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
        self.setFixedWidth(max(190, self.fontMetrics().averageCharWidth() * 27))
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

        self.mine = self._switch(layout, self.tr("Лише призначені мені"))
        self.overdue = self._switch(layout, self.tr("З простроченими завданнями"))
        self.listed = self._switch(layout, self.tr("Походження з території бойових дій або окупації"),
                                   self.tr("Місце походження є в переліку територій, на яких ведуться "
                                           "(велися) бойові дії або тимчасово окупованих"))
        self.reset = QPushButton(self.tr("Скинути фільтри"), self)
        self.reset.clicked.connect(self.clear)
        self.reset.setEnabled(False)
        layout.addWidget(self.reset)
        layout.addStretch(1)

    def _switch(self, layout: QVBoxLayout, text: str, tip: str = "") -> QCheckBox:
        """A check box whose caption wraps (a QCheckBox's own text never does); clicking the
        caption toggles it, as with a normal check box."""
        box = QCheckBox(self)
        box.setAccessibleName(text)
        box.setToolTip(tip)
        caption = _Caption(text, box, self)
        caption.setToolTip(tip)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(caption, 1)
        layout.addLayout(row)
        box.toggled.connect(self._emit)
        return box

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


class _Caption(QLabel):
    def __init__(self, text: str, box: QCheckBox, parent: QWidget):
        super().__init__(text, parent)
        self.box = box
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event) -> None:
        self.box.toggle()
        self.box.setFocus()
