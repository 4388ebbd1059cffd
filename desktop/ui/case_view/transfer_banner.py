"""The case window's transfer banner: while this office's transfer of the case waits for the other
office, the case is read-only here and the banner says so (and offers to revoke the request)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from desktop.services.transfers import Transfer, TransferService
from desktop.ui.case_view.common import show_date


class TransferBanner(QFrame):
    pending_changed = Signal(bool)  # the case is (no longer) held by a pending transfer

    def __init__(self, ctx, case_id: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.transfer: Transfer | None = None
        self.setObjectName("transferBanner")
        self.setStyleSheet("QFrame#transferBanner { background: #e8f0fe; border-left: 4px solid #1a56b0; }")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.revoke_button = QPushButton(self.tr("Відкликати передачу"), self)
        self.revoke_button.setObjectName("transferRevoke")
        self.revoke_button.clicked.connect(self.revoke)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.revoke_button)
        self.hide()

    def load(self) -> None:
        if not self.ctx.is_open:
            return
        store, case_id = self.ctx.store, self.case_id
        self.ctx.read(lambda: TransferService(store).pending_for_case(case_id), self._loaded, owner=self)

    def _loaded(self, transfer: Transfer | None) -> None:
        self.transfer = transfer
        self.setVisible(transfer is not None)
        if transfer is not None:
            d = transfer.data
            office = d.get("to_office_name") or d.get("to_office") or ""
            if transfer.synced:
                waiting = self.tr("Чекає відповіді до %1.").replace("%1", show_date((d.get("expires_at") or "")[:10]))
            else:
                waiting = self.tr("Запит буде надіслано під час синхронізації.")
            self.text.setText(self.tr("Справу запропоновано передати до офісу «%1». %2 Доки офіс не відповість, "
                                      "справу тут можна лише переглядати.").replace("%1", office).replace("%2", waiting))
            self.revoke_button.setVisible(self.ctx.may_reassign())
        self.pending_changed.emit(transfer is not None)

    def revoke(self) -> None:
        if self.transfer is None:
            return
        store, transfer_id = self.ctx.store, self.transfer.id
        self.ctx.write(lambda: TransferService(store).revoke(transfer_id), owner=self)
