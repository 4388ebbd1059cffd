"""The case list: a table model over case ids, loaded lazily (after Anki's browser model).

The model holds the ordered ids of the current filter/sort/search (one query on the database
worker) and fetches the visible rows in blocks of 200 with a small cache. The first block comes
with the ids from the worker; later blocks are read when scrolled into view: 200 rows by primary
key take about a millisecond, and WAL readers never wait for a writer, so this cannot freeze.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.services import case_list as q
from desktop.ui import labels
from desktop.ui.context import AppContext
from sync.records.dates import format_date

log = logging.getLogger(__name__)

BLOCK = 200
CACHE_ROWS = 4000
SEARCH_LIMIT = 500
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PRIORITY_COLOURS = {"critical": "#b3261e", "high": "#a04100"}
OVERDUE_COLOUR = "#b3261e"


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return format_date(date.fromisoformat(iso))
    except ValueError:
        return iso


class CaseListModel(QAbstractTableModel):
    loaded = Signal(int)  # the number of cases after a (re)load
    failed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.filters = q.CaseFilters()
        self.order, self.descending = "name", False
        self.query = ""
        self.relevance = True  # search hits keep their rank until a header is clicked
        self.matched: dict[str, Any] = {}
        self._ids: list[str] = []
        self._rows: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._generation = 0
        self.loading = False
        self._reload_soon = QTimer(self)  # a burst of saves (or a pulled page) reloads once
        self._reload_soon.setSingleShot(True)
        self._reload_soon.setInterval(150)
        self._reload_soon.timeout.connect(self.reload)
        ctx.changed.connect(self._on_changed)
        ctx.refreshed.connect(self._on_refreshed)

    # --- what is shown --------------------------------------------------------------------------
    def headers(self) -> list[str]:
        return [self.tr("Прізвище, ім'я, по батькові"), self.tr("Дата народж."), self.tr("Категорія"),
                self.tr("Етап"), self.tr("Стан"), self.tr("Пріоритет"), self.tr("Фахівець"),
                self.tr("Строк завдання")]

    def set_filters(self, filters: q.CaseFilters) -> None:
        if filters != self.filters:
            self.filters = filters
            self.reload()

    def set_query(self, text: str) -> None:
        text = text.strip()
        if text != self.query:
            self.query = text
            self.relevance = True
            self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(q.COLUMNS):
            return
        self.order = q.COLUMNS[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.relevance = False
        self.reload()

    def case_ids(self) -> list[str]:
        """The ids of the cases listed now, in the list's order (what File → Export writes)."""
        return list(self._ids)

    def case_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, case_id: str) -> int:
        try:
            return self._ids.index(case_id)
        except ValueError:
            return -1

    # --- loading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-run the query on the database worker; a newer reload makes older answers stale."""
        if not self.ctx.is_open:
            return
        self._reload_soon.stop()
        self._generation += 1
        generation, filters, order, desc = self._generation, self.filters, self.order, self.descending
        query, relevance, search, today = self.query, self.relevance, self.ctx.search, date.today()
        engine = self.ctx.store.engine
        self.loading = True

        def job():
            try:
                return generation, q.load_list(engine, search, query, filters, order, desc, relevance=relevance,
                                               today=today, first_rows=BLOCK, limit=SEARCH_LIMIT)
            except Exception as exc:
                exc.generation = generation  # type: ignore[attr-defined]
                raise

        # Callbacks hold the model weakly (bound methods); the generation tells a stale answer apart.
        self.ctx.query(job, parent=self).success(self._apply).failure(self._failed_query).run()

    def _apply(self, answer) -> None:
        generation, (ids, first_rows, matched) = answer
        if generation != self._generation:
            return
        self.loading = False
        self.matched = matched
        if ids == self._ids:
            # Same cases in the same order (an edit of a field): refresh rows in place, keep the
            # selection and the scroll position.
            self._rows.update(first_rows)
            if ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, len(q.COLUMNS) - 1))
        else:
            self.beginResetModel()
            self._ids = ids
            self._rows = OrderedDict(first_rows)
            self.endResetModel()
        self.loaded.emit(len(ids))

    def _failed_query(self, exc: Exception) -> None:
        self._failed(getattr(exc, "generation", -1), exc)

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self.loading = False
            log.warning("case list query failed: %s", type(exc).__name__)
            self.failed.emit(exc)

    def _on_changed(self, cs) -> None:
        if cs.record_types == {"history"}:  # a case viewed: nothing the list shows
            return
        for case_id in cs.case_ids:
            self._rows.pop(case_id, None)
        self._reload_soon.start()

    def _on_refreshed(self) -> None:
        self._rows.clear()
        self._reload_soon.start()

    def _row(self, row: int) -> dict[str, Any] | None:
        case_id = self._ids[row]
        data = self._rows.get(case_id)
        if data is not None:
            self._rows.move_to_end(case_id)
            return data
        if not self.ctx.is_open:
            return None
        start = (row // BLOCK) * BLOCK
        wanted = [i for i in self._ids[start:start + BLOCK] if i not in self._rows]
        self._rows.update(q.rows_of(self.ctx.store.engine, wanted))  # on the GUI thread: see desktop/ui/tasks.py
        while len(self._rows) > CACHE_ROWS:
            self._rows.popitem(last=False)
        return self._rows.get(case_id)

    # --- QAbstractTableModel ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(q.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == CASE_ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            return None
        row = self._row(index.row())
        if row is None:  # deleted meanwhile; the pending reload removes it
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        column = q.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column, row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(column, row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(column, row)
        if role == Qt.ItemDataRole.FontRole and column == "priority" and row["priority"] == "critical":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, column: str, row: dict[str, Any]) -> str:
        if column == "name":
            return q.full_name(row)
        if column in ("birth_date", "next_task_due"):
            return _date(row[column])
        if column == "category":
            return labels.short_label("category", row["category"])
        if column == "priority":
            return "" if row["priority"] in (None, "none") else labels.label("priority", row["priority"])
        if column == "assigned_to":
            return self.ctx.display_name(row["assigned_to"])
        return labels.label(column, row[column])

    def _tooltip(self, column: str, row: dict[str, Any]) -> str | None:
        if column == "category":
            return labels.label("category", row["category"])
        if column == "name":
            parts = [q.full_name(row)]
            if row.get("origin_listed"):
                parts.append(self.tr("Походить з території бойових дій або окупації"))
            found = self.matched.get(row["case_id"])
            if found:
                parts.append(self.tr("Знайдено за: %1").replace("%1", _matched_text(found)))
            return "\n".join(parts)
        if column == "next_task_due" and _overdue(row):
            return self.tr("Є прострочене завдання")
        return None

    def _colour(self, column: str, row: dict[str, Any]):
        if column == "priority" and row["priority"] in PRIORITY_COLOURS:
            return QBrush(QColor(PRIORITY_COLOURS[row["priority"]]))
        if column == "next_task_due" and _overdue(row):
            return QBrush(QColor(OVERDUE_COLOUR))
        return None


def _overdue(row: dict[str, Any]) -> bool:
    return bool(row.get("next_task_due")) and row["next_task_due"] < date.today().isoformat()


def _matched_text(matched: Any) -> str:
    """SearchHit.matched (a kind of search term, or several) as words."""
    if isinstance(matched, list | tuple | set | frozenset):
        return ", ".join(labels.label("search_match", str(m)) for m in matched)
    return labels.label("search_match", str(matched))
