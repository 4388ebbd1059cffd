"""Aid overlaps: the same kind of assistance from two offices or two partners in overlapping periods, as
the server flagged them at push, and a supervisor's "reviewed". Only what is needed to coordinate: the
other office and partner, the service and the dates."""

from __future__ import annotations

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
)

from desktop.services.aid_overlaps import AidOverlap, AidOverlaps
from desktop.ui.case_view.common import error_message, show_date

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


class AidOverlapsDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Перетин допомоги"))
        self.resize(1240, 460)
        hint = QLabel(self.tr("Та сама допомога (грошова, набори, зимова підтримка) від двох офісів або двох "
                              "надавачів у періоди, що перетинаються. Узгодьте з іншим офісом чи надавачем."), self)
        hint.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("aidOverlaps")
        self.tree.setHeaderLabels([self.tr("Особа"), self.tr("Допомога"), self.tr("Наш період"), self.tr("Їхній період"),
                                   self.tr("Стан"), self.tr("Наш надавач"), self.tr("Інший офіс / надавач")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.currentItemChanged.connect(lambda *_: self._selected())
        self.review_button = QPushButton(self.tr("&Переглянуто"), self)
        self.review_button.clicked.connect(self.review)
        self.message = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.review_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.review_button.setVisible(ctx.is_open and AidOverlaps(ctx.store).may_review())
        ctx.changed.connect(self._changed)
        ctx.refreshed.connect(self.reload)
        self.reload()

    def _changed(self, cs) -> None:
        if "aid_overlap" in cs.record_types:
            self.reload()

    def reload(self) -> None:
        if not self.ctx.is_open:
            return
        store = self.ctx.store
        self.ctx.read(lambda: AidOverlaps(store).list(), self._show, owner=self)

    def _period(self, first: str | None, last: str | None) -> str:
        return f"{show_date(first)} – {show_date(last)}"

    def _show(self, found: list[AidOverlap]) -> None:
        self.tree.clear()
        for x in found:
            d = x.data
            other = d.get("other_provider") or ""
            if d.get("other_case"):
                other = f"{d.get('other_office_name') or ''}: {other} ({d.get('other_name') or ''})"
            status = self.tr("переглянуто") if x.status == "reviewed" else self.tr("не переглянуто")
            item = QTreeWidgetItem(self.tree, [x.person, d.get("service_title") or d.get("service_code") or "",
                                               self._period(d.get("own_from"), d.get("own_to")),
                                               self._period(d.get("other_from"), d.get("other_to")), status,
                                               d.get("own_provider") or "", other])
            item.setData(0, ITEM_ROLE, x)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)
        if self.tree.topLevelItemCount() and self.tree.currentItem() is None:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._selected()

    def current(self) -> AidOverlap | None:
        item = self.tree.currentItem()
        return item.data(0, ITEM_ROLE) if item else None

    def _selected(self) -> None:
        x = self.current()
        self.review_button.setEnabled(x is not None and x.status == "open")
        if x is None:
            self.message.setText(self.tr("Перетинів допомоги не знайдено."))
        elif x.data.get("resolved_by"):
            self.message.setText(self.tr("Переглянув(ла): %1").replace("%1", self.ctx.display_name(
                x.data["resolved_by"])))
        else:
            self.message.setText("")

    def review(self) -> None:
        x = self.current()
        if x is None:
            return
        store, record_id = self.ctx.store, x.id
        self.ctx.write(lambda: AidOverlaps(store).review(record_id), None,
                       lambda exc: self.message.setText(error_message(exc)), owner=self)
