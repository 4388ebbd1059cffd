"""File → Export: the cases of the current filter (or all) to XLSX or CSV, after a plain warning.

The file leaves the encrypted store: the dialog says so and asks the person to confirm before
anything is written. The export itself is the Qt-free exporter.export_cases (written beside and
renamed, recorded by export_log with who, when, what and how many), run on the database worker
with progress and a stop button; a stopped export leaves no file and no record.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.case_list import CaseFilters
from desktop.services.exporter import ExportCancelled, export_cases
from desktop.ui.context import AppContext
from desktop.ui.tasks import TaskControl


def describe_filter(filters: CaseFilters, searched: bool) -> str:
    """The filter for the export record: field names and codes only (a search text may be a name)."""
    parts = [f"{name}={value}" for name, value in vars(filters).items() if value not in (None, False)]
    if searched:
        parts.append("search")
    return "; ".join(parts) or "none"


class ExportDialog(QDialog):
    exported = Signal(int)  # the number of cases written

    def __init__(self, ctx: AppContext, listed: list[str], filters: CaseFilters, searched: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.listed = list(listed)
        self.filter_text = describe_filter(filters, searched)
        self.control: TaskControl | None = None
        self.busy = False
        self._path: Path | None = None
        self._close_when_idle = False
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Експорт справ"))
        self.setMinimumWidth(620)
        filtered = filters.active() or searched

        layout = QVBoxLayout(self)
        self.warning = QLabel(self.tr(
            "Файл міститиме персональні дані людей і НЕ буде зашифрований. Кожен, хто отримає доступ до "
            "файлу, зможе його прочитати. Зберігайте його лише там, куди не мають доступу сторонні, не "
            "надсилайте незахищеними каналами і видаліть, коли він більше не потрібен. Експорт буде "
            "записано в історію: хто, коли і скільки справ."), self)
        self.warning.setObjectName("error")
        self.warning.setWordWrap(True)
        layout.addWidget(self.warning)

        form = QFormLayout()
        self.scope_filter = QRadioButton(self.tr("Справи поточного списку (%1)").replace("%1", str(len(listed))), self)
        self.scope_all = QRadioButton(self.tr("Усі справи на цьому комп'ютері"), self)
        scope = QButtonGroup(self)
        scope.addButton(self.scope_filter)
        scope.addButton(self.scope_all)
        (self.scope_filter if filtered else self.scope_all).setChecked(True)
        scope_box = QVBoxLayout()
        scope_box.addWidget(self.scope_filter)
        scope_box.addWidget(self.scope_all)
        form.addRow(self.tr("Що експортувати:"), scope_box)
        self.xlsx = QRadioButton("XLSX (Excel)", self)
        self.csv = QRadioButton("CSV", self)
        self.xlsx.setChecked(True)
        fmt = QButtonGroup(self)
        fmt.addButton(self.xlsx)
        fmt.addButton(self.csv)
        fmt_box = QHBoxLayout()
        fmt_box.addWidget(self.xlsx)
        fmt_box.addWidget(self.csv)
        fmt_box.addStretch(1)
        form.addRow(self.tr("Формат:"), fmt_box)
        self.path = QLineEdit(self)
        self.path.setObjectName("exportPath")
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        self.path.setText(str(Path(folder) / f"poruch-spravy-{date.today():%Y-%m-%d}.xlsx"))
        browse = QPushButton(self.tr("Обрати…"), self)
        browse.clicked.connect(self.browse)
        path_box = QHBoxLayout()
        path_box.addWidget(self.path, 1)
        path_box.addWidget(browse)
        form.addRow(self.tr("Файл:"), path_box)
        layout.addLayout(form)
        self.csv.toggled.connect(self._suffix)

        self.understood = QCheckBox(self.tr("Я розумію, що файл не зашифровано"), self)
        self.understood.setObjectName("exportUnderstood")
        layout.addWidget(self.understood)
        self.progress = QProgressBar(self)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("exportResult")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)

        self.export_button = QPushButton(self.tr("Експортувати"), self)
        self.export_button.setObjectName("exportStart")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.close_button = QPushButton(self.tr("Скасувати"), self)
        self.close_button.setObjectName("exportClose")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.understood.toggled.connect(self._update)
        self.path.textChanged.connect(self._update)
        ctx.locking.connect(self._on_locking)
        self._update()

    # --- choices ---------------------------------------------------------------------------------
    def fmt(self) -> str:
        return "csv" if self.csv.isChecked() else "xlsx"

    def _suffix(self) -> None:
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix("." + self.fmt())))

    def browse(self) -> None:
        pattern = "CSV (*.csv)" if self.fmt() == "csv" else "XLSX (*.xlsx)"
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Експорт справ"), self.path.text(), pattern)
        if chosen:
            self.path.setText(chosen)

    def _update(self) -> None:
        self.export_button.setEnabled(not self.busy and self.understood.isChecked() and bool(self.path.text().strip()))

    # --- the export ------------------------------------------------------------------------------
    def start(self) -> None:
        if self.busy:
            return
        path = Path(self.path.text().strip())
        if path.suffix.lower() != "." + self.fmt():
            path = path.with_suffix("." + self.fmt())
        case_ids = self.listed if self.scope_filter.isChecked() else None
        filters = self.filter_text if case_ids is not None else None
        self.busy = True
        self._path = path
        self.progress.setRange(0, 0)
        self.progress.show()
        self.result_label.clear()
        self.close_button.setText(self.tr("Зупинити"))
        self._update()
        # A query, not a mutation: it changes no case (nothing for the screens to refresh); the one
        # row it writes is the export's record in the store's log of exports.
        job = partial(_export, self.ctx.store, self.fmt(), path, case_ids, filters)
        self.control = self.ctx.query(job, parent=self).with_progress(self._advance) \
            .success(self._done).failure(self._failed).run()

    def _advance(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, count: int) -> None:
        path = self._path
        self.busy = False
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.result_label.setText(self.tr("Експортовано справ: %1 у файл %2.").replace("%1", str(count))
                                  .replace("%2", str(path)))
        self.close_button.setText(self.tr("Закрити"))
        self.export_button.hide()
        self.exported.emit(count)
        self._close_if_locking()

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.progress.hide()
        self.close_button.setText(self.tr("Скасувати"))
        if isinstance(exc, ExportCancelled):
            self.result_label.setText(self.tr("Експорт зупинено: файл не створено."))
        else:
            self.result_label.setText(self.tr("Файл не вдалося записати (%1). Оберіть іншу папку.")
                                      .replace("%1", type(exc).__name__))
        self._update()
        self._close_if_locking()

    def _close_if_locking(self) -> None:
        if self._close_when_idle:
            super().reject()

    def reject(self) -> None:
        if self.busy and self.control is not None:
            self.control.request_cancel()  # stops within 200 cases; no file, no record
            return
        super().reject()

    def _on_locking(self) -> None:
        self._close_when_idle = True
        if self.busy and self.control is not None:
            self.control.request_cancel()
        else:
            super().reject()


def _export(store, fmt: str, path: Path, case_ids: list[str] | None, filters: str | None, control: TaskControl) -> int:
    return export_cases(store, fmt, path, case_ids, filters=filters, progress=control.report, cancel=control.cancel)


def open_export_dialog(ctx: AppContext, case_list_model, parent: QWidget) -> ExportDialog:
    """The dialog for what the case list shows now (its filter and search)."""
    from PySide6.QtCore import Qt

    dialog = ExportDialog(ctx, case_list_model.case_ids(), case_list_model.filters, bool(case_list_model.query),
                          parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
