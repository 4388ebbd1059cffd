"""The import wizard's later pages: the dry run's problems, the decisions, the import, the summary.

Problems come from the Qt-free ImportReport (line, column, reason in words, never a value), so
the table shows exactly what the saved report will hold.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.import_duplicates import DuplicateQuestion
from desktop.services.import_report import SEVERITY_WORDS, ImportReport, Problem
from desktop.services.importer import Analysis, Decisions, PlaceQuestion
from desktop.ui.import_pages import hint, page_title
from sync.reference import get_codifier

ERROR_COLOUR = "#b3261e"


def interface_language() -> str:
    """"en" when Poruch's English translation is installed, else "uk" (the system locale says nothing:
    a Ukrainian interface on an English Windows is common)."""
    source = "Що не так"
    return "en" if QCoreApplication.translate("ProblemsModel", source) != source else "uk"


class ProblemsModel(QAbstractTableModel):
    """Problems of a report, sorted by sheet and line; a model, so thousands of warnings scroll freely."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.problems: list[Problem] = []
        self.lang = "uk"

    def set_report(self, report: ImportReport | None) -> None:
        self.beginResetModel()
        self.problems = report.sorted_problems() if report is not None else []
        self.lang = interface_language()
        self.endResetModel()

    def headers(self) -> list[str]:
        return [self.tr("Аркуш"), self.tr("Рядок"), self.tr("Рівень"), self.tr("Колонка"), self.tr("Що не так")]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        p = self.problems[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return p.severity
        if role == Qt.ItemDataRole.ForegroundRole and p.severity == "error":
            from PySide6.QtGui import QBrush, QColor
            return QBrush(QColor(ERROR_COLOUR))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return [p.sheet, p.line, self.severity_word(p.severity), p.column, p.text(self.lang)][index.column()]
        return None

    def severity_word(self, severity: str) -> str:
        words = {"error": self.tr("помилка"), "warning": self.tr("попередження"), "skipped": self.tr("пропущено")}
        return words.get(severity, SEVERITY_WORDS.get(severity, severity))


class ProblemsTable(QWidget):
    """The problems of a report with an "errors only" switch."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ProblemsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(Qt.ItemDataRole.UserRole)
        self.proxy.setFilterKeyColumn(0)
        self.view = QTableView(self)
        self.view.setObjectName(name)
        self.view.setModel(self.proxy)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setWordWrap(False)
        # Fixed widths: measuring every row (ResizeToContents) cost 0.7 s of the GUI thread for 2,755 problems.
        header = self.view.horizontalHeader()
        for column, width in enumerate((130, 60, 110, 190)):
            self.view.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.errors_only = QCheckBox(self.tr("Лише помилки"), self)
        self.errors_only.toggled.connect(
            lambda on: self.proxy.setFilterFixedString("error" if on else ""))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.errors_only)
        layout.addWidget(self.view, 1)

    def set_report(self, report: ImportReport | None) -> None:
        self.model.set_report(report)


class ProgressBox(QWidget):
    """A progress bar with its words and a stop button."""

    stop = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("importProgress")
        self.button = QPushButton(self.tr("Зупинити"), self)
        self.button.setObjectName("importStop")
        self.button.clicked.connect(self.stop)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.button)

    def start(self, text: str) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until the first figure arrives
        self.button.setEnabled(True)
        self.show()

    def advance(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def stopping(self) -> None:
        self.button.setEnabled(False)
        self.label.setText(self.tr("Зупиняється…"))


class CheckPage(QWidget):
    """Step 4: the dry run: every row checked, nothing saved; its problems, savable as a report."""

    save_report = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Перевірка файлу"), self))
        self.progress = ProgressBox(self)
        layout.addWidget(self.progress)
        self.summary = QLabel(self)
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problems = ProblemsTable("checkProblems", self)
        layout.addWidget(self.problems, 1)
        row = QHBoxLayout()
        row.addWidget(hint(self.tr("Рядки з помилками не буде імпортовано; виправте їх у файлі й імпортуйте "
                                   "файл ще раз, уже імпортовані особи будуть упізнані."), self), 1)
        self.save = QPushButton(self.tr("Зберегти звіт як XLSX…"), self)
        self.save.setObjectName("saveCheckReport")
        self.save.clicked.connect(self.save_report)
        row.addWidget(self.save)
        layout.addLayout(row)

    def running(self) -> None:
        self.progress.start(self.tr("Перевіряється рядок за рядком…"))
        self.summary.clear()
        self.problems.set_report(None)
        self.save.setEnabled(False)

    def show_analysis(self, analysis: Analysis) -> None:
        self.progress.hide()
        report = analysis.report
        new, edits = analysis.counts()
        lines = [self.tr("Прочитано рядків: %1. Готові до імпорту: %2 нових справ, %3 змін. З помилками: %4. "
                         "Попереджень: %5.")
                 .replace("%1", str(report.rows_read)).replace("%2", str(new)).replace("%3", str(edits))
                 .replace("%4", str(report.failed)).replace("%5", str(report.warnings))]
        if analysis.places or analysis.duplicates:
            lines.append(self.tr("Далі: місць без однозначного коду %1, можливих дублікатів %2: вирішіть, що з "
                                 "ними робити.").replace("%1", str(len(analysis.places)))
                         .replace("%2", str(len(analysis.duplicates))))
        lines += report.notes
        self.summary.setText("\n".join(lines))
        self.problems.set_report(report)
        self.save.setEnabled(True)


CODE_ROLE = Qt.ItemDataRole.UserRole + 1        # the chosen code (None: none)
CANDIDATES_ROLE = Qt.ItemDataRole.UserRole + 2  # the question's candidate codes


class PlaceChoiceDelegate(QStyledItemDelegate):
    """A combo of the candidates, made only when a person opens the cell: a list of 20,000 rows asks
    about a thousand places, and a thousand combo widgets cost the GUI thread 0.6 s to create."""

    def createEditor(self, parent, _option, index):
        combo = QComboBox(parent)
        combo.addItem(no_code_text(), None)
        codifier = get_codifier()
        for code in index.data(CANDIDATES_ROLE) or ():
            combo.addItem(place_text(codifier, code), code)
        combo.activated.connect(lambda _i, c=combo: (self.commitData.emit(c), self.closeEditor.emit(c)))
        return combo

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findData(index.data(CODE_ROLE))))
        editor.showPopup()

    def setModelData(self, editor, _model, index):
        set_place_choice(self.parent().item(index.row(), index.column()), editor.currentData())


def no_code_text() -> str:
    return QCoreApplication.translate("DecisionsPage", "— без коду (лише текст адреси) —")


def place_text(codifier, code: str) -> str:
    return f"{codifier.label(code)} ({code})"


def set_place_choice(item: QTableWidgetItem, code: str | None) -> None:
    item.setData(CODE_ROLE, code)
    item.setText(place_text(get_codifier(), code) if code else no_code_text())


class DecisionsPage(QWidget):
    """Step 5: the places that name no single unit and the possible duplicates, for a person to decide."""

    decided = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.analysis: Analysis | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Рішення перед імпортом"), self))
        self.places_hint = hint(self.tr(
            "Ці місця не вдалося однозначно знайти в кодифікаторі. Виберіть правильне, або залиште без коду: "
            "тоді місце збережеться лише як текст адреси. Програма нічого не вгадує сама."), self)
        layout.addWidget(self.places_hint)
        self.places = QTableWidget(0, 3, self)
        self.places.setObjectName("placeQuestions")
        self.places.setHorizontalHeaderLabels([self.tr("Як написано у файлі"), self.tr("Рядків"),
                                               self.tr("Код кодифікатора (клацніть, щоб вибрати)")])
        self._table_look(self.places, stretch=2)
        self.places.setItemDelegateForColumn(2, PlaceChoiceDelegate(self.places))
        self.places.setEditTriggers(QTableWidget.EditTrigger.SelectedClicked
                                    | QTableWidget.EditTrigger.DoubleClicked | QTableWidget.EditTrigger.EditKeyPressed)
        self.places.itemChanged.connect(lambda _item: self.decided.emit())
        layout.addWidget(self.places, 1)
        self.duplicates_hint = hint(self.tr(
            "Можливі дублікати: у файлі двічі або вже є на цьому комп'ютері. Позначте рядки, які все ж "
            "треба імпортувати (той самий РНОКПП типово пропускається, схоже ім'я типово імпортується)."), self)
        layout.addWidget(self.duplicates_hint)
        self.duplicates = QTableWidget(0, 2, self)
        self.duplicates.setObjectName("duplicateQuestions")
        self.duplicates.setHorizontalHeaderLabels([self.tr("Імпортувати рядок"), self.tr("Чому схоже на дубліката")])
        self._table_look(self.duplicates, stretch=1)
        self.duplicates.itemChanged.connect(lambda _item: self.decided.emit())
        layout.addWidget(self.duplicates, 1)
        self.nothing = hint(self.tr("Питань немає: усі місця знайдено, дублікатів не виявлено."), self)
        layout.addWidget(self.nothing)
        self.counts = QLabel(self)
        self.counts.setObjectName("decisionCounts")
        layout.addWidget(self.counts)
        self.decided.connect(self._show_counts)

    @staticmethod
    def _table_look(table: QTableWidget, stretch: int) -> None:
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        for column in range(table.columnCount()):
            table.setColumnWidth(column, 300 if column == 0 else 140)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def show_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._show_places(analysis.places)
        self._show_duplicates(analysis.duplicates)
        has_places, has_duplicates = bool(analysis.places), bool(analysis.duplicates)
        for widget, shown in ((self.places_hint, has_places), (self.places, has_places),
                              (self.duplicates_hint, has_duplicates), (self.duplicates, has_duplicates),
                              (self.nothing, not (has_places or has_duplicates))):
            widget.setVisible(shown)
        self._show_counts()

    def _show_places(self, questions: list[PlaceQuestion]) -> None:
        self.places.blockSignals(True)
        self.places.setRowCount(len(questions))
        fixed = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        near = self.tr("Схожі написання: перевірте уважно.")
        for row, q in enumerate(questions):
            for column, text in ((0, q.text), (1, str(len(q.lines)))):
                item = QTableWidgetItem(text)
                item.setFlags(fixed)
                self.places.setItem(row, column, item)
            choice = QTableWidgetItem()
            choice.setFlags(fixed | Qt.ItemFlag.ItemIsEditable if q.candidates else fixed)
            choice.setData(CANDIDATES_ROLE, list(q.candidates))
            if q.near:
                choice.setToolTip(near)
            set_place_choice(choice, None)  # never a guess: no code until a person picks one
            self.places.setItem(row, 2, choice)
        self.places.blockSignals(False)

    def _show_duplicates(self, questions: list[DuplicateQuestion]) -> None:
        self.duplicates.blockSignals(True)
        self.duplicates.setRowCount(len(questions))
        english = interface_language() == "en"
        for row, d in enumerate(questions):
            check = QTableWidgetItem(self.tr("рядок %1").replace("%1", str(d.line)))
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            check.setCheckState(Qt.CheckState.Unchecked if d.skip else Qt.CheckState.Checked)
            self.duplicates.setItem(row, 0, check)
            self.duplicates.setItem(row, 1, QTableWidgetItem(d.sentence_en() if english else d.sentence()))
        self.duplicates.blockSignals(False)

    # --- what was decided -------------------------------------------------------------------------
    def choose_place(self, row: int, candidate: int | None) -> None:
        """Pick the `candidate`-th code for the place question on `row` (None: no code)."""
        item = self.places.item(row, 2)
        set_place_choice(item, None if candidate is None else item.data(CANDIDATES_ROLE)[candidate])

    def set_import(self, row: int, wanted: bool) -> None:
        self.duplicates.item(row, 0).setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def decisions(self) -> Decisions:
        assert self.analysis is not None
        decisions = self.analysis.default_decisions()
        for row, q in enumerate(self.analysis.places):
            decisions.places[q.key] = self.places.item(row, 2).data(CODE_ROLE)
        for row, d in enumerate(self.analysis.duplicates):
            decisions.duplicates[d.line] = self.duplicates.item(row, 0).checkState() == Qt.CheckState.Checked
        return decisions

    def _show_counts(self) -> None:
        if self.analysis is None:
            return
        new, edits = self.analysis.counts(self.decisions())
        self.counts.setText(self.tr("Буде імпортовано: %1 нових справ, %2 змін.")
                            .replace("%1", str(new)).replace("%2", str(edits)))


class RunPage(QWidget):
    """Step 6: the import itself, in the background, stoppable between whole cases."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Імпорт"), self))
        layout.addWidget(hint(self.tr(
            "Справи зберігаються частинами по 200. Якщо зупинити, кожна вже збережена справа залишиться "
            "повною, а решту рядків не буде імпортовано. Тим часом можна працювати в програмі."), self))
        self.progress = ProgressBox(self)
        layout.addWidget(self.progress)
        layout.addStretch(1)

    def running(self) -> None:
        self.progress.start(self.tr("Імпортується…"))


class SummaryPage(QWidget):
    """Step 7: what was done, and the report to keep."""

    save_report = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Підсумок"), self))
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problems = ProblemsTable("summaryProblems", self)
        layout.addWidget(self.problems, 1)
        self.save = QPushButton(self.tr("Зберегти звіт як XLSX…"), self)
        self.save.setObjectName("saveImportReport")
        self.save.clicked.connect(self.save_report)
        layout.addWidget(self.save, 0, Qt.AlignmentFlag.AlignRight)

    def show_report(self, report: ImportReport) -> None:
        text = self.tr("Імпортовано нових справ: %1 (членів домогосподарств: %2); змінено справ: %3; "
                       "рядків з помилками: %4; пропущено дублікатів: %5.") \
            .replace("%1", str(report.imported)).replace("%2", str(report.members)) \
            .replace("%3", str(report.updated)).replace("%4", str(report.failed)) \
            .replace("%5", str(report.skipped))
        if report.cancelled:
            text += "\n" + self.tr("Імпорт зупинено: %1 рядків не імпортовано. Збережені справи повні.") \
                .replace("%1", str(report.not_reached))
        self.summary.setText(text)
        self.problems.set_report(report)
