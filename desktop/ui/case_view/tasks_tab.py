"""Follow-up tasks: what is due when and by whom; ticking one off records the day it was done."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.ui.case_view.common import ID_ROLE, CaseData, CaseTab, cell, make_table, show_date, today_iso
from desktop.ui.forms.fields import ERROR_COLOUR, DateField
from sync.records.dates import format_date


class TasksTab(CaseTab):
    def __init__(self, ctx, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self.table = make_table([self.tr("Виконано"), self.tr("Завдання"), self.tr("Строк"), self.tr("Виконавець"),
                                 self.tr("Дата виконання")], self, stretch=1)
        self.table.itemChanged.connect(self._item_changed)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("Нове завдання, напр. «Зателефонувати щодо довідки»"))
        self.title.returnPressed.connect(self.add_task)
        self.due = DateField(self)
        self.due.setToolTip(self.tr("Строк"))
        self.assignee = QComboBox(self)
        self.assignee.setToolTip(self.tr("Виконавець"))
        self.add_button = QPushButton(self.tr("Додати з&авдання"), self)
        self.add_button.clicked.connect(self.add_task)
        line = QHBoxLayout()
        line.addWidget(self.title, 3)
        line.addWidget(QLabel(self.tr("до")))
        line.addWidget(self.due)
        line.addWidget(self.assignee, 1)
        line.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(line)
        layout.addWidget(self.table, 1)
        self._filling = False
        self._reset_form()

    def _reset_form(self) -> None:
        self.title.clear()
        self.due.setText(format_date(date.today() + timedelta(days=7)))

    def _name(self, username: str | None) -> str:
        return self.ctx.display_name(username)

    def populate(self, data: CaseData) -> None:
        current = self.assignee.currentData() or self.ctx.user
        self.assignee.clear()
        for username in sorted(set(data.users) | {self.ctx.user}):
            self.assignee.addItem(self._name(username), username)
        self.assignee.setCurrentIndex(max(self.assignee.findData(current), 0))

        self._filling = True
        self.table.setRowCount(0)
        today = today_iso()
        tasks = sorted(data.many("task"), key=lambda t: (bool(t.get("done")), t.get("due_date") or ""))
        for task in tasks:
            row = self.table.rowCount()
            self.table.insertRow(row)
            check = cell("", task["id"])
            check.setFlags(check.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            check.setCheckState(Qt.CheckState.Checked if task.get("done") else Qt.CheckState.Unchecked)
            check.setData(Qt.ItemDataRole.AccessibleTextRole, task.get("title") or "")
            self.table.setItem(row, 0, check)
            overdue = not task.get("done") and (task.get("due_date") or "9999") < today
            due = show_date(task.get("due_date"))
            cells = [task.get("title") or "", due + (self.tr(" (прострочено)") if overdue else ""),
                     self._name(task.get("assignee")), show_date(task.get("done_on"))]
            for col, text in enumerate(cells, start=1):
                item = cell(text)
                if overdue:
                    item.setForeground(QBrush(QColor(ERROR_COLOUR)))
                if task.get("done"):
                    item.setForeground(QBrush(QColor("#777")))
                self.table.setItem(row, col, item)
        self._filling = False

    def _item_changed(self, item) -> None:
        if self._filling or item.column() != 0:
            return
        done = item.checkState() == Qt.CheckState.Checked
        fields = {"done": done, "done_on": today_iso() if done else None}
        cases, task_id = self.ctx.cases, item.data(ID_ROLE)
        self.write(lambda: cases.update("task", task_id, fields),
                   self.tr("Завдання виконано.") if done else self.tr("Завдання знову відкрито."))

    def add_task(self) -> None:
        title = self.title.text().strip()
        if not title:
            self.title.setFocus()
            self.notify.emit(self.tr("Напишіть, що треба зробити."), "error")
            return
        fields = {"title": title, "due_date": self.due.iso(), "assignee": self.assignee.currentData()}
        cases, case_id = self.ctx.cases, self.case_id
        self.write(lambda: cases.add("task", case_id, fields), self.tr("Завдання додано."),
                   on_done=self._added)

    def _added(self, _cs) -> None:
        self._reset_form()

    def is_dirty(self) -> bool:
        return bool(self.title.text().strip())
