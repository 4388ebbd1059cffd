"""Scans and photos of documents, stored encrypted in the database (desktop.services.attachments)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.services import attachments
from desktop.services.cases import ChangeSet
from desktop.ui.case_view.common import ID_ROLE, CaseData, CaseTab, cell, make_table
from desktop.ui.tasks import QueryOp


def _purge_on_lock(ctx) -> None:
    """Decrypted copies handed to a viewer go when the session locks (once per session)."""
    if ctx.property("poruchAttachmentPurge"):
        return
    ctx.setProperty("poruchAttachmentPurge", True)
    ctx.locking.connect(attachments.purge_temp_files)
    ctx.locked.connect(attachments.purge_temp_files)


class AttachmentsTab(CaseTab):
    def __init__(self, ctx, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        _purge_on_lock(ctx)
        self.table = make_table([self.tr("Файл"), self.tr("Опис"), self.tr("Розмір"), self.tr("Тип")], self,
                                stretch=1)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.description = QLineEdit(self)
        self.description.setPlaceholderText(self.tr("Опис, напр. «Паспорт, с. 1–2» (необов'язково)"))
        self.add_button = QPushButton(self.tr("Додати ф&айл…"), self)
        self.add_button.clicked.connect(self.choose_and_add)
        self.open_button = QPushButton(self.tr("Відкр&ити"), self)
        self.open_button.clicked.connect(self.open_selected)
        line = QHBoxLayout()
        line.addWidget(self.description, 1)
        line.addWidget(self.add_button)
        line.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(line)
        layout.addWidget(self.table, 1)
        self.last_opened: Path | None = None
        self.downloading: tuple[str, str] | None = None  # (attachment id, file name) being fetched

    def populate(self, data: CaseData) -> None:
        self.table.setRowCount(0)
        locale = QLocale()
        here = data.attachments_here
        for att in data.many("attachment"):
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, cell(att.get("filename") or "", att["id"]))
            self.table.setItem(row, 1, cell(att.get("description") or ""))
            self.table.setItem(row, 2, cell(locale.formattedDataSize(int(att.get("size") or 0))))
            self.table.setItem(row, 3, cell(att.get("mime_type") or ""))
            if here is not None and att["id"] not in here:  # added on another laptop, bytes still on the way
                for col in range(4):
                    item = self.table.item(row, col)
                    item.setForeground(QBrush(QColor("#5f6368")))
                    item.setToolTip(self._not_downloaded_text())
                self.table.item(row, 1).setText(self.tr("Ще не на цьому ноутбуці — завантажиться, коли відкриєте")
                                                + (f" · {att['description']}" if att.get("description") else ""))
        self.open_button.setEnabled(self.table.rowCount() > 0)
        if self.table.rowCount():
            self.table.selectRow(0)

    def choose_file(self) -> str:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Додати скан або фото документа"), "",
            self.tr("Скани і фото (*.jpg *.jpeg *.png *.pdf *.tif *.tiff *.heic);;Усі файли (*)"))
        return path

    def choose_and_add(self) -> None:
        path = self.choose_file()
        if path:
            self.add_file(path)

    def add_file(self, path: str) -> None:
        cases, case_id, description = self.ctx.cases, self.case_id, self.description.text().strip()
        self.write(lambda: attachments.attach_file(cases, case_id, path, description),
                   self.tr("Файл додано і збережено зашифрованим."), on_done=self._added)

    def _write_failed(self, exc: Exception) -> None:
        if isinstance(exc, attachments.AttachmentTooLarge):
            self.notify.emit(self.tr("Файл завеликий (більше %1 МБ). Зменшіть скан і спробуйте ще раз.")
                             .replace("%1", str(attachments.MAX_ATTACHMENT_BYTES // (1024 * 1024))), "error")
        elif isinstance(exc, OSError):
            self.notify.emit(self.tr("Не вдалося прочитати файл."), "error")
        else:
            super()._write_failed(exc)

    def _added(self, _cs) -> None:
        self.description.clear()

    def open_selected(self) -> None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        if item is None:
            return
        cases, attachment_id, filename = self.ctx.cases, item.data(ID_ROLE), item.text()
        # A write: the opening goes into the audit log with the copy (desktop.services.attachments).
        self.ctx.mutation(lambda: attachments.open_for_viewer(cases, attachment_id, filename), parent=self) \
            .success(self._opened).failure(self._open_failed).run()

    def _opened(self, opened: attachments.OpenedFile) -> None:
        path = opened.path
        self.last_opened = path
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.notify.emit(self.tr("Немає програми, щоб відкрити цей файл."), "error")

    def _not_downloaded_text(self) -> str:  # the tooltip of a file not on this laptop yet
        return self.tr("Цього файлу ще немає на цьому ноутбуці: він на сервері. Відкрийте його — його буде "
                       "завантажено (потрібен зв'язок із сервером).")

    def _open_failed(self, exc: Exception) -> None:
        if not isinstance(exc, attachments.AttachmentNotDownloaded):
            self.notify.emit(self.tr("Не вдалося відкрити файл."), "error")
            return
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        if item is None:
            return
        store, attachment_id, filename = self.ctx.store, item.data(ID_ROLE), item.text()
        self.notify.emit(self.tr("Файлу ще немає на цьому ноутбуці. Завантаження з сервера…"), "info")
        self.downloading = (attachment_id, filename)
        QueryOp(self.ctx.runner, lambda: attachments.download(store, attachment_id), parent=self, network=True) \
            .success(self._downloaded).failure(self._download_failed).run()  # bound methods: held weakly

    def _downloaded(self, _content: bytes) -> None:
        if self.downloading is None:
            return
        (attachment_id, filename), self.downloading = self.downloading, None
        cases = self.ctx.cases
        self.ctx.refreshed.emit()  # the list no longer marks it
        self.ctx.mutation(lambda: attachments.open_for_viewer(cases, attachment_id, filename), parent=self) \
            .success(self._opened).failure(self._open_failed_again).run()

    def _open_failed_again(self, _exc: Exception) -> None:
        self.notify.emit(self.tr("Не вдалося відкрити файл."), "error")

    def _download_failed(self, exc: Exception) -> None:
        if self.downloading is None:
            return
        (attachment_id, _filename), self.downloading = self.downloading, None
        reason = getattr(exc, "reason", "failed")
        if reason != "standalone":  # remembered: the next sync fetches it, whatever the laptop's budget
            store = self.ctx.store
            self.ctx.mutation(lambda: _want(store, attachment_id), parent=self).run()
        self.notify.emit(self._unavailable_text(reason), "error" if reason == "failed" else "info")

    def _unavailable_text(self, reason: str) -> str:
        if reason == "offline":
            return self.tr("Файлу ще немає на цьому ноутбуці, а зв'язку з сервером зараз немає. Його буде "
                           "завантажено під час наступної синхронізації — тоді відкрийте його знову.")
        if reason == "not_uploaded":
            return self.tr("Файл ще не надіслав комп'ютер, на якому його додали. Він з'явиться тут після "
                           "синхронізації того комп'ютера.")
        if reason == "not_signed_in":
            return self.tr("Файлу ще немає на цьому ноутбуці. Щоб завантажити його, увійдіть на сервер: "
                           "Налаштування → Користувачі → «Увійти на сервер».")
        if reason == "standalone":
            return self.tr("Файлу немає на цьому комп'ютері, а комп'ютер не підключено до сервера.")
        return self.tr("Не вдалося завантажити файл із сервера. Його буде завантажено під час наступної "
                       "синхронізації.")


def _want(store, attachment_id: str) -> ChangeSet:
    attachments.want(store, attachment_id)
    return ChangeSet()
