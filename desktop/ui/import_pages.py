"""The import wizard's first pages: the file, what its columns mean, a preview of the first rows.

Pages show and collect; the wizard (desktop/ui/import_wizard.py) runs the work in the background.
The column meanings come from ImportPlan (Qt-free): recognised automatically, changeable by hand.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.import_plan import ImportPlan, SheetMapping
from desktop.ui.import_labels import target_label
from desktop.ui.widgets.common import error_label

FILE_FILTER = "Excel, ODS, CSV (*.xlsx *.xlsm *.xls *.ods *.csv);;*"
SAMPLE_ROWS = 3


def hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


def page_title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("panelTitle")
    return label


class FilePage(QWidget):
    """Step 1: which file."""

    path_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Файл зі списком"), self))
        layout.addWidget(hint(self.tr(
            "Оберіть список, який офіс вів раніше: Excel (.xlsx, .xls), OpenDocument (.ods) або CSV. "
            "Спершу файл буде перевірено: нічого не збережеться, доки ви не побачите, що саме буде "
            "імпортовано, і не підтвердите."), self))
        row = QHBoxLayout()
        self.path = QLineEdit(self)
        self.path.setObjectName("importPath")
        self.path.setPlaceholderText(self.tr("Шлях до файлу"))
        self.path.textChanged.connect(self.path_changed)
        browse = QPushButton(self.tr("Обрати файл…"), self)
        browse.clicked.connect(self.browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.error = error_label(self)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Файл зі списком"), self.path.text(), FILE_FILTER)
        if chosen:
            self.path.setText(chosen)

    def chosen(self) -> Path | None:
        text = self.path.text().strip()
        return Path(text) if text else None

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


class ColumnsPage(QWidget):
    """Step 2: the sheets, and each column's meaning (a combo per column, recognised ones preset)."""

    sheet_chosen = Signal(int)            # the main sheet
    members_sheet_chosen = Signal(object)  # a sheet index, or None
    mapping_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan: ImportPlan | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Що означають колонки"), self))
        layout.addWidget(hint(self.tr(
            "Колонки розпізнано за заголовками (українською чи англійською, навіть з описками). Перевірте і, "
            "якщо треба, виберіть значення вручну; колонки «не імпортувати» буде пропущено."), self))
        form = QFormLayout()
        self.sheet = QComboBox(self)
        self.sheet.setObjectName("importSheet")
        self.sheet.activated.connect(lambda i: self.sheet_chosen.emit(i))
        self.members_sheet = QComboBox(self)
        self.members_sheet.setObjectName("importMembersSheet")
        self.members_sheet.activated.connect(self._members_sheet)
        form.addRow(self.tr("Аркуш зі справами:"), self.sheet)
        form.addRow(self.tr("Аркуш із членами домогосподарств:"), self.members_sheet)
        layout.addLayout(form)
        self.table = self._table("importColumns")
        layout.addWidget(self.table, 3)
        self.members_title = QLabel(self.tr("Колонки аркуша членів домогосподарств"), self)
        layout.addWidget(self.members_title)
        self.members_table = self._table("importMemberColumns")
        layout.addWidget(self.members_table, 2)
        self.problems = error_label(self)
        self.problems.setObjectName("error")
        layout.addWidget(self.problems)

    def _table(self, name: str) -> QTableWidget:
        table = QTableWidget(0, 4, self)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels([self.tr("Колонка у файлі"), self.tr("Означає"), self.tr("Розпізнано"),
                                         self.tr("Приклади значень")])
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(30)  # a combo's height; no measuring row by row
        table.setWordWrap(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table.setColumnWidth(1, 300)
        return table

    def _members_sheet(self, index: int) -> None:
        self.members_sheet_chosen.emit(self.members_sheet.itemData(index))

    # --- showing a plan ------------------------------------------------------------------------------
    def show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        names = plan.source.sheet_names
        self.sheet.clear()
        self.sheet.addItems(names)
        self.sheet.setCurrentIndex(plan.main.sheet)
        self.sheet.setEnabled(len(names) > 1)
        self.members_sheet.clear()
        self.members_sheet.addItem(self.tr("— немає (члени в колонках основного аркуша) —"), None)
        for i, name in enumerate(names):
            if i != plan.main.sheet:
                self.members_sheet.addItem(name, i)
        chosen = plan.members.sheet if plan.members is not None else None
        self.members_sheet.setCurrentIndex(max(0, self.members_sheet.findData(chosen)) if chosen is not None else 0)
        self.members_sheet.setEnabled(len(names) > 1)
        self._fill(self.table, plan.main, members=False)
        has_members = plan.members is not None
        self.members_title.setVisible(has_members)
        self.members_table.setVisible(has_members)
        if has_members:
            self._fill(self.members_table, plan.members, members=True)
        self.show_problems()

    def _fill(self, table: QTableWidget, mapping: SheetMapping, *, members: bool) -> None:
        targets = ImportPlan.targets(members)
        samples = [cells for _line, cells in mapping.preview(SAMPLE_ROWS)]
        table.setRowCount(len(mapping.headers))
        for index, header in enumerate(mapping.headers):
            table.setItem(index, 0, QTableWidgetItem(header or self.tr("(без заголовка)")))
            combo = QComboBox(table)
            combo.setObjectName(f"meaning{index}")
            combo.addItem(self.tr("— не імпортувати —"), None)
            for target, _label in targets:
                combo.addItem(target_label(target, members), target)
            combo.setMaxVisibleItems(20)
            combo.activated.connect(lambda _i, c=combo, n=index, m=members: self._assign(c, n, m))
            table.setCellWidget(index, 1, combo)
            table.setItem(index, 2, QTableWidgetItem(self._recognised_text(mapping, index)))
            examples = "; ".join(s[index] for s in samples if index < len(s) and s[index])
            table.setItem(index, 3, QTableWidgetItem(examples))
        self._sync_combos(table, mapping)

    def _recognised_text(self, mapping: SheetMapping, index: int) -> str:
        found = mapping.recognised.get(index)
        if found is None:
            return self.tr("ні")
        return self.tr("так, з опискою") if found.typo else self.tr("так")

    def _sync_combos(self, table: QTableWidget, mapping: SheetMapping) -> None:
        for index in range(table.rowCount()):
            combo = table.cellWidget(index, 1)
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(mapping.target_of(index))))
            combo.blockSignals(False)

    def _assign(self, combo: QComboBox, index: int, members: bool) -> None:
        assert self.plan is not None
        self.plan.assign(index, combo.currentData(), members=members)
        # One column per meaning: a column that had it loses it; show that at once.
        if members and self.plan.members is not None:
            self._sync_combos(self.members_table, self.plan.members)
        else:
            self._sync_combos(self.table, self.plan.main)
        self.show_problems()
        self.mapping_changed.emit()

    def choose(self, index: int, target: str | None, *, members: bool = False) -> None:
        """Choose a column's meaning as a person would with its combo (tests, the self-test walk)."""
        table = self.members_table if members else self.table
        combo = table.cellWidget(index, 1)
        combo.setCurrentIndex(combo.findData(target))
        self._assign(combo, index, members)

    def show_problems(self) -> None:
        problems = self.plan.problems() if self.plan is not None else []
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))

    def ready(self) -> bool:
        return self.plan is not None and not self.plan.problems()


class PreviewPage(QWidget):
    """Step 3: the first rows as they will be read, each column under the meaning chosen for it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Перші рядки"), self))
        layout.addWidget(hint(self.tr(
            "Так читаються перші рядки файлу (дати у вигляді дд.мм.рррр). Далі файл буде перевірено весь: "
            "це ще нічого не збереже."), self))
        self.table = QTableWidget(0, 0, self)
        self.table.setObjectName("importPreview")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        layout.addWidget(self.table, 1)

    def show_plan(self, plan: ImportPlan) -> None:
        mapping = plan.main
        shown = [i for i in range(len(mapping.headers)) if i in mapping.targets]
        rows = mapping.preview()
        self.table.clear()
        self.table.setColumnCount(len(shown))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(
            [f"{mapping.headers[i]}\n→ {target_label(mapping.targets[i])}" for i in shown])
        self.table.setVerticalHeaderLabels([str(line) for line, _ in rows])
        for r, (_line, cells) in enumerate(rows):
            for c, index in enumerate(shown):
                self.table.setItem(r, c, QTableWidgetItem(cells[index] if index < len(cells) else ""))
        self.table.resizeColumnsToContents()
        for c in range(self.table.columnCount()):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 260))

    def cell(self, row: int, target: str, plan: ImportPlan) -> str:
        """The preview's text of `target` on its `row` (tests)."""
        shown = [i for i in range(len(plan.main.headers)) if i in plan.main.targets]
        item = self.table.item(row, shown.index(plan.main.index_of(target)))
        return item.text() if item else ""
