"""A list of things to decide, one at a time: a table, the chosen one's details, a row of answers, an error
line and Close. The possible-duplicates window and the rejected-changes window are both this.

A subclass says what to read (`load`: a function run on the database worker, capturing services and
plain data only), how to show each item (`show_items`), what to say of the chosen one (`show_detail`),
and saves each answer with `decide(job, failure_text)`: a MutationOp, so the answer's ChangeSet reaches
every screen through AppContext.changed (desktop/ui/tasks.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.cases import ChangeSet
from desktop.ui.forms.fields import ERROR_COLOUR

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


class DecisionListDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None, *, title: str, headers: list[str], object_name: str,
                 size: tuple[int, int], intro: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.resize(*size)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName(object_name)
        self.tree.setHeaderLabels(headers)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.currentItemChanged.connect(lambda *_: self._selected())
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.error.hide()
        self.actions = QHBoxLayout()
        self.actions.addWidget(self.note, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro, self)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addLayout(self.actions)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        ctx.refreshed.connect(self.reload)

    # --- what a subclass gives -----------------------------------------------------------------------
    def load(self) -> Callable[[], list[Any]]:
        raise NotImplementedError

    def show_items(self, items: list[Any]) -> None:
        """Add one row per item (`add_row`)."""
        raise NotImplementedError

    def show_detail(self, item: Any | None) -> None:
        """The chosen item's details and which answers are possible (None: nothing chosen)."""
        raise NotImplementedError

    # --- the scaffolding -------------------------------------------------------------------------------
    def add_action(self, text: str, object_name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(object_name)
        button.clicked.connect(slot)
        self.actions.addWidget(button)
        return button

    def add_row(self, cells: list[str], item: Any = None) -> QTreeWidgetItem:
        row = QTreeWidgetItem(self.tree, cells)
        if item is not None:
            row.setData(0, ITEM_ROLE, item)
        return row

    def reload(self) -> None:
        if not self.ctx.is_open:
            return
        self.ctx.query(self.load(), parent=self).success(self._show).run()

    def _show(self, items: list[Any]) -> None:
        self.tree.clear()
        self.show_items(items)
        if self.tree.topLevelItemCount() and self.tree.currentItem() is None:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._selected()

    def current(self) -> Any | None:
        row = self.tree.currentItem()
        return row.data(0, ITEM_ROLE) if row else None

    def _selected(self) -> None:
        self.show_detail(self.current())

    def decide(self, job: Callable[[], ChangeSet], failure_text: str,
               on_done: Callable[[ChangeSet], None] | None = None) -> None:
        """Save one answer on the database worker; a refusal is said on the error line."""
        self.error.hide()
        self._failure_text = failure_text
        op = self.ctx.mutation(job, parent=self).failure(self._failed)  # bound methods: held weakly
        if on_done is not None:
            op.success(on_done)
        op.run()

    def _failed(self, _exc: Exception) -> None:
        self.error.setText(self._failure_text)
        self.error.show()
