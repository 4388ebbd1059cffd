"""The case list page: the filter panel, the search box (search as you type) and the case table.

Enter or a double click opens a case; Enter in the search box jumps to the first result.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import case_list as q
from desktop.ui import labels
from desktop.ui.case_list import CaseListModel
from desktop.ui.context import AppContext
from desktop.ui.widgets.filter_panel import FilterPanel

SEARCH_DEBOUNCE_MS = 250
ASSIGNED_WIDTH_CHARS = 17  # a caseworker's name; longer ones are elided (the tooltip has them all)


class CaseListPage(QWidget):
    """Search box, filter panel and the case table."""

    open_case = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = CaseListModel(ctx, self)
        self.filters = FilterPanel(ctx.user, self)

        self.search = QLineEdit(self)
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(self.tr("Пошук: прізвище чи ім'я (кирилицею або латиницею), РНОКПП, "
                                               "телефон, номер довідки ВПО  (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Пошук справ"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setObjectName("caseCount")
        self._debounce = QTimer(self)  # search as you type, but not on every key stroke
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(lambda: self.model.set_query(self.search.text()))
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._to_results)

        self.table = QTableView(self)
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setAccessibleName(self.tr("Список справ"))
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setHighlightSections(False)
        header.sectionClicked.connect(self._sort_by)
        self._size_columns()
        self.table.activated.connect(self._open)

        self.filters.changed.connect(self.model.set_filters)
        self.model.loaded.connect(self._on_loaded)
        self.model.failed.connect(lambda _exc: self.count.setText(self.tr("Не вдалося завантажити список")))

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(top)
        right.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addLayout(right, 1)
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.filters.combos["stage"])
        self._keep: str | None = None

    def _size_columns(self) -> None:
        """Widths from what the columns hold, in this font and language; the name takes the rest.

        Measured rather than fixed so English labels, 125 % scaling and Windows fonts all fit the
        same 1366-pixel screen without a horizontal scroll bar.
        """
        metrics = self.table.fontMetrics()
        bold = QFont(self.table.font())
        bold.setBold(True)
        pad = 2 * self.style().pixelMetric(self.style().PixelMetric.PM_HeaderMargin) + 8
        header = self.table.horizontalHeader()
        titles = self.model.headers()
        date_width = metrics.horizontalAdvance("00.00.0000")
        samples = {
            "birth_date": [date_width], "next_task_due": [date_width],
            "category": [metrics.horizontalAdvance(labels.short_label("category", c)) for c in labels.ORDER["category"]],
            "stage": [metrics.horizontalAdvance(t) for _, t in labels.choices("stage")],
            "status": [metrics.horizontalAdvance(t) for _, t in labels.choices("status")],
            "priority": [QFontMetrics(bold).horizontalAdvance(t) for _, t in labels.choices("priority")],
            "assigned_to": [metrics.averageCharWidth() * ASSIGNED_WIDTH_CHARS],
        }
        for column, name in enumerate(q.COLUMNS):
            if name == "name":
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            title = header.fontMetrics().horizontalAdvance(titles[column])
            header.resizeSection(column, max([title, *samples[name]]) + pad)
        header.setMinimumSectionSize(metrics.averageCharWidth() * 6)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def selected_case(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.case_id(index.row()) if index.isValid() else None

    def _sort_by(self, column: int) -> None:
        same = self.model.order == q.COLUMNS[column] and not self.model.relevance
        order = (Qt.SortOrder.AscendingOrder if not same or self.model.descending
                 else Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSortIndicator(column, order)
        self._keep = self.selected_case()
        self.model.sort(column, order)

    def _on_loaded(self, n: int) -> None:
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(not (self.model.query and self.model.relevance))
        if self.model.query:
            text = self.tr("Знайдено: %1").replace("%1", f"{n:,}".replace(",", "\u202f"))
        else:
            text = self.tr("Справ: %1").replace("%1", f"{n:,}".replace(",", "\u202f"))
        self.count.setText(text)
        keep = self._keep or self.selected_case()
        self._keep = None
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _to_results(self) -> None:
        """Enter in the search box: search now and move to the first result."""
        self._debounce.stop()
        self.model.set_query(self.search.text())
        if self.model.rowCount() and not self.model.loading:
            self.table.setFocus()
            self.table.selectRow(0)
        else:
            self.model.loaded.connect(self._focus_first, Qt.ConnectionType.SingleShotConnection)

    def _focus_first(self, n: int) -> None:
        if n:
            self.table.setFocus()
            self.table.selectRow(0)

    def _open(self, index: QModelIndex) -> None:
        case_id = self.model.case_id(index.row())
        if case_id:
            self.open_case.emit(case_id)
