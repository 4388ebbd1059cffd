"""Possible duplicates across offices: the pairs the server flagged, with only what is needed to
decide (the other office's name of the person, birth date, office, what matched, a score), and a
supervisor's two answers: the same person (the other office's contact appears) or different people
(the pair is never flagged again). A merge of the two cases is not offered."""

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

from desktop.services.cross_duplicates import CrossDuplicate, CrossDuplicates
from desktop.ui.case_view.common import show_date
from desktop.ui.forms.fields import ERROR_COLOUR

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


class CrossDuplicatesDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Можливі дублікати в інших офісах"))
        self.resize(1120, 480)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("crossDuplicates")
        self.tree.setHeaderLabels([self.tr("Особа в іншому офісі"), self.tr("Дата народження"), self.tr("Офіс"),
                                   self.tr("Схожість"), self.tr("Рішення"), self.tr("Що збіглося")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.currentItemChanged.connect(lambda *_: self._selected())
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.same_button = QPushButton(self.tr("Та сама особа"), self)
        self.same_button.setObjectName("samePerson")
        self.different_button = QPushButton(self.tr("Різні люди"), self)
        self.different_button.setObjectName("differentPeople")
        self.same_button.clicked.connect(lambda: self._decide("same_person"))
        self.different_button.clicked.connect(lambda: self._decide("different_people"))
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.error.hide()
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.different_button)
        row.addWidget(self.same_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.error)
        layout.addLayout(row)
        layout.addWidget(buttons)
        may = ctx.store.user.role in ("supervisor", "district") if ctx.is_open else False
        self.same_button.setVisible(may)
        self.different_button.setVisible(may)
        ctx.changed.connect(self._changed)
        ctx.refreshed.connect(self.reload)
        self.reload()

    def _changed(self, cs) -> None:
        if "possible_duplicate" in cs.record_types:
            self.reload()

    def reload(self) -> None:
        if not self.ctx.is_open:
            return
        store = self.ctx.store
        self.ctx.read(lambda: CrossDuplicates(store).list(), self._show, owner=self)

    def matched_text(self, fields: list[str]) -> str:
        names = {"rnokpp": self.tr("РНОКПП"), "unzr": self.tr("УНЗР"), "cert": self.tr("довідка ВПО"),
                 "doc": self.tr("документ"), "name_birth": self.tr("ім'я і дата народження"),
                 "name_birth_swapped": self.tr("ім'я, день і місяць народження переставлені"),
                 "phone": self.tr("телефон")}
        return ", ".join(names.get(f, f) for f in fields or [])

    def status_text(self, status: str) -> str:
        return {"open": self.tr("не вирішено"), "same_person": self.tr("та сама особа"),
                "different_people": self.tr("різні люди")}.get(status, status)

    def _show(self, found: list[CrossDuplicate]) -> None:
        self.tree.clear()
        for x in found:
            d = x.data
            item = QTreeWidgetItem(self.tree, [d.get("other_name") or "", show_date(d.get("other_birth_date")),
                                               d.get("other_office_name") or "", f"{d.get('score') or 0}%",
                                               self.status_text(x.status), self.matched_text(d.get("matched"))])
            item.setData(0, ITEM_ROLE, x)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)
        if self.tree.topLevelItemCount() and self.tree.currentItem() is None:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._selected()

    def current(self) -> CrossDuplicate | None:
        item = self.tree.currentItem()
        return item.data(0, ITEM_ROLE) if item else None

    def _selected(self) -> None:
        x = self.current()
        open_ = x is not None and x.status == "open"
        self.same_button.setEnabled(open_)
        self.different_button.setEnabled(open_)
        if x is None:
            self.detail.setText(self.tr("Сервер не знайшов можливих дублікатів у інших офісах."))
            return
        lines = []
        if x.status == "same_person":
            contact = ", ".join(x.data.get("other_contact") or []) or "—"
            label = self.tr("Контакт іншого офісу щодо особи")
            lines.append(f"<b>{label}:</b> {contact}")
        if x.data.get("resolved_by"):
            label = self.tr("Вирішив(ла)")
            lines.append(f"<b>{label}:</b> {x.data['resolved_by']}")
        self.detail.setText("<br>".join(lines))

    def _decide(self, decision: str) -> None:
        x = self.current()
        if x is None:
            return
        self.error.hide()
        store, record_id = self.ctx.store, x.id

        def failed(_exc: Exception) -> None:
            self.error.setText(self.tr("Щодо цієї пари вже є рішення."))
            self.error.show()

        self.ctx.write(lambda: CrossDuplicates(store).decide(record_id, decision), None, failed, owner=self)
