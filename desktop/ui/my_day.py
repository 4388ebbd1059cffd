""""My day": the caseworker's open tasks that are overdue or due today, oldest first.

Enter (or a double click) opens the case; "Done" marks the task done without opening it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import case_list as q
from desktop.ui.context import AppContext
from sync.records.dates import format_date

TASK_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOUR = "#b3261e"


class MyDayPage(QWidget):
    open_case = Signal(str)
    loaded = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.tasks: list[q.DayTask] = []
        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.empty = QLabel(self.tr("На сьогодні завдань немає. Нові завдання додають у справі, "
                                    "на вкладці «Завдання»."), self)
        self.empty.setObjectName("hint")
        self.empty.hide()
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("myDayTree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Строк"), self.tr("Завдання"), self.tr("Особа")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName(self.tr("Завдання на сьогодні"))
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 4px 2px; }")
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 520)
        self.tree.itemActivated.connect(lambda item, _col: self._open(item))
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.open_button = QPushButton(self.tr("Відкрити справу"), self)
        self.open_button.clicked.connect(lambda: self._open(self.tree.currentItem()))
        self.done_button = QPushButton(self.tr("Позначити виконаним"), self)
        self.done_button.clicked.connect(self.mark_done)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._reload_soon = QTimer(self)
        self._reload_soon.setSingleShot(True)
        self._reload_soon.setInterval(150)
        self._reload_soon.timeout.connect(self.reload)
        self._stale = True  # loaded when first shown: the case list comes first on a busy worker
        ctx.changed.connect(self._on_changed)
        ctx.refreshed.connect(self._changed)
        self._update_buttons()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _on_changed(self, cs) -> None:
        if cs.record_types != {"history"}:  # a case viewed changes no task
            self._changed()

    def _changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self._reload_soon.start()

    def reload(self) -> None:
        if not self.ctx.is_open:
            return
        self._stale = False
        today, user, engine = date.today(), self.ctx.user, self.ctx.store.engine

        self.ctx.query(lambda: q.my_day_of(engine, user, today), parent=self).success(self._show).run()

    def _show(self, tasks: list[q.DayTask]) -> None:
        keep = self._current_task()
        self.tasks = tasks
        title = self.tr("Мій день — %1").replace("%1", format_date(date.today()))
        if len(tasks) >= q.MY_DAY_LIMIT:
            title += "  " + self.tr("(показано найстаріші %1 завдань)").replace("%1", str(q.MY_DAY_LIMIT))
        self.title.setText(title)
        self.tree.clear()
        overdue = [t for t in tasks if t.overdue]
        due_today = [t for t in tasks if not t.overdue]
        bold = QFont()
        bold.setBold(True)
        for caption, group in ((self.tr("Прострочені: %1"), overdue), (self.tr("На сьогодні: %1"), due_today)):
            if not group:
                continue
            head = QTreeWidgetItem(self.tree, [caption.replace("%1", str(len(group)))])
            head.setFirstColumnSpanned(True)
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for task in group:
                item = QTreeWidgetItem(self.tree, [format_date(date.fromisoformat(task.due_date)), task.title,
                                                   task.name])
                item.setData(0, TASK_ROLE, task)
                if task.overdue:
                    item.setForeground(0, QBrush(QColor(OVERDUE_COLOUR)))
                if task.task_id == keep:
                    self.tree.setCurrentItem(item)
        self.empty.setVisible(not tasks)
        self.tree.setVisible(bool(tasks))
        if self.tree.currentItem() is None:
            first = next((self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())
                          if self.tree.topLevelItem(i).data(0, TASK_ROLE)), None)
            if first is not None:
                self.tree.setCurrentItem(first)
        self._update_buttons()
        self.loaded.emit(len(tasks))

    def _current_task(self) -> str | None:
        item = self.tree.currentItem()
        task = item.data(0, TASK_ROLE) if item else None
        return task.task_id if task else None

    def _update_buttons(self) -> None:
        has = self._current_task() is not None
        self.open_button.setEnabled(has)
        self.done_button.setEnabled(has)

    def _open(self, item: QTreeWidgetItem | None) -> None:
        task = item.data(0, TASK_ROLE) if item else None
        if task:
            self.open_case.emit(task.case_id)

    def mark_done(self) -> None:
        task_id = self._current_task()
        if not task_id:
            return
        cases = self.ctx.cases
        today = date.today()
        self.ctx.write(lambda: cases.update("task", task_id, {"done": True, "done_on": today}), owner=self)

    def focus_list(self) -> None:
        self.tree.setFocus()
