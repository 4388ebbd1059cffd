"""Transfers of this office: incoming ones to accept or decline (with the minimal preview the server
sends: never the case itself before acceptance), and the office's own requests with how they ended."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.transfers import Transfer, TransferService
from desktop.ui import labels
from desktop.ui.case_view.common import show_date, show_datetime
from desktop.ui.forms.fields import ERROR_COLOUR

TRANSFER_ROLE = Qt.ItemDataRole.UserRole + 1


def state_label(state: str) -> str:
    return labels.label("transfer_state", state)


def needs_text(needs: list[str]) -> str:
    """"housing:high" items as "Житло: висока" (the labels of the needs form)."""
    out = []
    for item in needs or []:
        domain, _, severity = item.partition(":")
        out.append(f"{labels.label('need_domain', domain)}: {labels.label('severity', severity)}")
    return "; ".join(out)


class TransfersDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Передачі справ"))
        self.resize(900, 520)
        self.tabs = QTabWidget(self)
        self.incoming = self._tree([self.tr("Від офісу"), self.tr("Особа"), self.tr("Рік народж."),
                                    self.tr("Категорія"), self.tr("Пріоритет"), self.tr("Стан"), self.tr("Надіслано")])
        self.incoming.setObjectName("incomingTransfers")
        self.outgoing = self._tree([self.tr("До офісу"), self.tr("Причина"), self.tr("Стан"), self.tr("Надіслано"),
                                    self.tr("Відповідь")])
        self.outgoing.setObjectName("outgoingTransfers")
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setMinimumHeight(70)
        self.decline_reason = QLineEdit(self)
        self.decline_reason.setObjectName("declineReason")
        self.decline_reason.setPlaceholderText(self.tr("Причина відмови (обов'язково, щоб відхилити)"))
        self.accept_button = QPushButton(self.tr("Прийняти"), self)
        self.accept_button.setObjectName("acceptTransfer")
        self.decline_button = QPushButton(self.tr("Відхилити"), self)
        self.decline_button.setObjectName("declineTransfer")
        self.revoke_button = QPushButton(self.tr("Відкликати"), self)
        self.revoke_button.setObjectName("revokeTransfer")
        self.accept_button.clicked.connect(lambda: self._step("accept"))
        self.decline_button.clicked.connect(lambda: self._step("decline"))
        self.revoke_button.clicked.connect(lambda: self._step("revoke"))
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.error.hide()
        incoming_page, outgoing_page = QWidget(self), QWidget(self)
        box = QVBoxLayout(incoming_page)
        box.addWidget(self.incoming, 1)
        row = QHBoxLayout()
        row.addWidget(self.decline_reason, 1)
        row.addWidget(self.decline_button)
        row.addWidget(self.accept_button)
        box.addLayout(row)
        box = QVBoxLayout(outgoing_page)
        box.addWidget(self.outgoing, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.revoke_button)
        box.addLayout(row)
        self.tabs.addTab(incoming_page, self.tr("Вхідні"))
        self.tabs.addTab(outgoing_page, self.tr("Вихідні"))
        self.tabs.currentChanged.connect(lambda _i: self._selected())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        may = ctx.may_reassign()
        for button in (self.accept_button, self.decline_button, self.revoke_button):
            button.setVisible(may)
        self.decline_reason.setVisible(may)
        ctx.changed.connect(self._changed)
        ctx.refreshed.connect(self.reload)
        self.reload()

    def _tree(self, headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget(self)
        tree.setHeaderLabels(headers)
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        tree.currentItemChanged.connect(lambda *_: self._selected())
        return tree

    def _changed(self, cs) -> None:
        if "transfer" in cs.record_types:
            self.reload()

    def reload(self) -> None:
        if not self.ctx.is_open:
            return
        store = self.ctx.store
        self.ctx.read(lambda: TransferService(store).list(), self._show, owner=self)

    def _show(self, transfers: list[Transfer]) -> None:
        self.incoming.clear()
        self.outgoing.clear()
        for x in transfers:
            d = x.data
            if x.side == "incoming":
                values = [d.get("from_office_name") or "", d.get("preview_name") or self.tr("(без імені: немає згоди)"),
                          str(d.get("preview_birth_year") or ""), labels.short_label("category", d.get("preview_category")),
                          labels.label("priority", d.get("preview_priority")), state_label(x.state),
                          show_datetime(d.get("requested_at"))]
                item = QTreeWidgetItem(self.incoming, values)
            else:
                answer = show_datetime(d.get("decided_at") or d.get("revoked_at") or d.get("expired_at"))
                if not x.synced:
                    answer = self.tr("ще не надіслано")
                values = [d.get("to_office_name") or d.get("to_office") or "", d.get("reason") or "",
                          state_label(x.state), show_datetime(d.get("requested_at")), answer]
                item = QTreeWidgetItem(self.outgoing, values)
            item.setData(0, TRANSFER_ROLE, x)
        for tree in (self.incoming, self.outgoing):
            for column in range(tree.columnCount()):
                tree.resizeColumnToContents(column)
            if tree.topLevelItemCount() and tree.currentItem() is None:
                tree.setCurrentItem(tree.topLevelItem(0))
        self._selected()

    def current(self) -> Transfer | None:
        tree = self.incoming if self.tabs.currentIndex() == 0 else self.outgoing
        item = tree.currentItem()
        return item.data(0, TRANSFER_ROLE) if item else None

    def _selected(self) -> None:
        x = self.current()
        pending = x is not None and x.state == "pending" and x.synced
        self.accept_button.setEnabled(pending and x.side == "incoming")
        self.decline_button.setEnabled(pending and x.side == "incoming")
        self.revoke_button.setEnabled(x is not None and x.state == "pending" and x.side == "outgoing")
        if x is None:
            self.detail.setText("")
            return
        d = x.data
        lines = [f"<b>{self.tr('Причина')}:</b> {d.get('reason') or '—'}",
                 f"<b>{self.tr('Згода на передачу даних')}:</b> "
                 f"{self.tr('так') if d.get('consent') else self.tr('ні')}"]
        if x.side == "incoming":
            lines.append(f"<b>{self.tr('Потреби')}:</b> {needs_text(d.get('preview_needs')) or '—'}")
            lines.append(f"<b>{self.tr('Відповісти до')}:</b> {show_date(d.get('expires_at'))}")
        if d.get("decision_note"):
            lines.append(f"<b>{self.tr('Відповідь офісу')}:</b> {d['decision_note']}")
        self.detail.setText("<br>".join(lines))

    def _step(self, step: str) -> None:
        x = self.current()
        if x is None:
            return
        note = self.decline_reason.text().strip()
        if step == "decline" and not note:
            self.error.setText(self.tr("Вкажіть причину відмови."))
            self.error.show()
            self.decline_reason.setFocus()
            return
        self.error.hide()
        store, transfer_id = self.ctx.store, x.id

        def job():
            service = TransferService(store)
            if step == "accept":
                return service.accept(transfer_id)
            if step == "decline":
                return service.decline(transfer_id, note)
            return service.revoke(transfer_id)

        def failed(_exc: Exception) -> None:
            self.error.setText(self.tr("На цю передачу вже відповіли."))
            self.error.show()

        self.decline_reason.clear()
        self.ctx.write(job, None, failed, owner=self)
