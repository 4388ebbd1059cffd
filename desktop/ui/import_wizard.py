"""File → Import: bring an office's existing list (XLSX, XLS, ODS, CSV) in, step by step.

file → columns (recognised, changeable) → preview → dry run (every row's problems, a report to
save) → decisions (places, possible duplicates) → import (background, progress, stop) → summary.

The wizard shows and collects; the work is the Qt-free importer's (desktop/services/importer.py):
reading the file, the dry run and the import run on the database worker (desktop/ui/tasks.py),
with a TaskControl for progress and stopping. The import stops only between chunks of whole
cases, so stopping, closing or locking never leaves half a case.
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.cases import ChangeSet
from desktop.services.import_plan import ImportPlan
from desktop.services.import_report import ImportReport
from desktop.services.import_table import SourceFile, TableError
from desktop.services.importer import Analysis, ImportAborted, ImportCancelled, analyse, execute
from desktop.ui.context import AppContext
from desktop.ui.import_pages import ColumnsPage, FilePage, PreviewPage
from desktop.ui.import_review import CheckPage, DecisionsPage, RunPage, SummaryPage
from desktop.ui.tasks import TaskControl

log = logging.getLogger(__name__)

FILE, COLUMNS, PREVIEW, CHECK, DECISIONS, RUN, SUMMARY = range(7)


class ImportWizard(QDialog):
    imported = Signal(object)  # the ImportReport, when the import has finished (or was stopped)
    report_saved = Signal(str)  # the path of a report file written

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Імпорт списку"))
        self.resize(1040, 660)
        self.source: SourceFile | None = None
        self.plan: ImportPlan | None = None
        self.analysis: Analysis | None = None
        self.report = None                       # the ImportReport of the import
        self.control: TaskControl | None = None  # the running job's progress and stop
        self._then = (None, None)                 # what the running job's result goes to
        self.busy = False
        self._close_when_idle = False

        self.file_page, self.columns_page, self.preview_page = FilePage(self), ColumnsPage(self), PreviewPage(self)
        self.check_page, self.decisions_page = CheckPage(self), DecisionsPage(self)
        self.run_page, self.summary_page = RunPage(self), SummaryPage(self)
        self.pages = QStackedWidget(self)
        for page in (self.file_page, self.columns_page, self.preview_page, self.check_page, self.decisions_page,
                     self.run_page, self.summary_page):
            self.pages.addWidget(page)

        self.back = QPushButton(self.tr("< Назад"), self)
        self.back.setObjectName("importBack")
        self.next = QPushButton(self.tr("Далі >"), self)
        self.next.setObjectName("importNext")
        self.next.setDefault(True)
        self.cancel = QPushButton(self.tr("Скасувати"), self)
        self.cancel.setObjectName("importCancel")
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        self.cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back, self.next, self.cancel):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)

        self.file_page.path_changed.connect(self._update_buttons)
        self.columns_page.sheet_chosen.connect(self._choose_sheet)
        self.columns_page.members_sheet_chosen.connect(self._choose_members_sheet)
        self.columns_page.mapping_changed.connect(self._update_buttons)
        self.check_page.progress.stop.connect(self._stop)
        self.check_page.save_report.connect(self._save_check_report)
        self.run_page.progress.stop.connect(self._stop)
        self.summary_page.save_report.connect(self._save_import_report)
        ctx.locking.connect(self._on_locking)
        self._update_buttons()

    # --- navigation ------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    def _show(self, step: int) -> None:
        self.pages.setCurrentIndex(step)
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.step
        self.back.setVisible(step not in (RUN, SUMMARY))
        self.back.setEnabled(not self.busy and step > FILE)
        labels = {DECISIONS: self.tr("Імпортувати"), SUMMARY: self.tr("Готово")}
        self.next.setText(labels.get(step, self.tr("Далі >")))
        ready = {FILE: self.file_page.chosen() is not None, COLUMNS: self.columns_page.ready(),
                 CHECK: self.analysis is not None}.get(step, True)
        self.next.setEnabled(not self.busy and ready and step != RUN)
        self.cancel.setVisible(step != SUMMARY)

    def go_next(self) -> None:
        step = self.step
        if step == FILE:
            self._open_file()
        elif step == COLUMNS:
            self.preview_page.show_plan(self.plan)
            self._show(PREVIEW)
        elif step == PREVIEW:
            self._analyse()
        elif step == CHECK:
            self.decisions_page.show_analysis(self.analysis)
            self._show(DECISIONS)
        elif step == DECISIONS:
            self._execute()
        elif step == SUMMARY:
            self.accept()

    def go_back(self) -> None:
        if not self.busy and self.step > FILE:
            self._show(self.step - 1)

    # --- background work -------------------------------------------------------------------------
    # Each job is a function of plain data and services (never this widget) run on the database
    # worker through the session's ops (desktop/ui/tasks.py); its TaskControl carries progress and stop.
    # Its result comes back to `_job_done` / `_job_failed`, which hand it to the step that asked.
    def _start(self, fn, on_done, on_error, *, mutation: bool = False) -> TaskControl:
        self.busy = True
        self._then = (on_done, on_error)
        self._update_buttons()
        op = (self.ctx.mutation if mutation else self.ctx.query)(fn, parent=self)
        self.control = op.success(self._job_done).failure(self._job_failed).with_progress(self._progress).run()
        return self.control

    def _progress(self, done: int, total: int) -> None:
        # The rows being read stay alive until the wizard closes: moved out of the collector's sight at
        # every step, its passes on the GUI thread stay short (see _thaw).
        gc.freeze()
        page = self.run_page if self.step == RUN else self.check_page
        page.progress.advance(done, total)

    def _job_done(self, result) -> None:
        on_done, _ = self._then
        self._idle()
        on_done(result)

    def _job_failed(self, exc: Exception) -> None:
        _, on_error = self._then
        self._idle()
        on_error(exc)

    def _idle(self) -> None:
        self.busy = False
        self._update_buttons()
        if self._close_when_idle:
            self._finish_close()

    def _stop(self) -> None:
        if self.control is not None and self.busy:
            self.control.request_cancel()
            for page in (self.check_page, self.run_page):
                page.progress.stopping()

    def _open_file(self) -> None:
        path = self.file_page.chosen()
        self.file_page.show_error("")
        self._close_source()
        self._start(partial(_open_plan, path), self._file_opened, self._file_failed)

    def _file_opened(self, result) -> None:
        self.source, self.plan = result
        self.analysis = None
        self.columns_page.show_plan(self.plan)
        self._show(COLUMNS)

    def _file_failed(self, exc: Exception) -> None:
        if isinstance(exc, TableError):
            self.file_page.show_error(str(exc))
        else:
            log.warning("import: the file could not be read: %s", type(exc).__name__)
            self.file_page.show_error(self.tr("Файл не вдалося прочитати як таблицю."))

    def _choose_sheet(self, sheet: int) -> None:
        self._replan(partial(_replan, self.plan, "main", sheet))

    def _choose_members_sheet(self, sheet) -> None:
        self._replan(partial(_replan, self.plan, "members", sheet))

    def _replan(self, job) -> None:
        """A sheet change reads that sheet (maybe 20,000 rows): on the worker, then shown again."""
        self.analysis = None
        self._start(job, self.columns_page.show_plan, self._replan_failed)

    def _replan_failed(self, exc: Exception) -> None:
        self.columns_page.show_plan(self.plan)
        self.columns_page.problems.setText(str(exc) if isinstance(exc, TableError) else
                                           self.tr("Аркуш не вдалося прочитати."))
        self.columns_page.problems.show()

    def _analyse(self) -> None:
        self.analysis = None
        self.check_page.running()
        self._show(CHECK)
        self._start(partial(_dry_run, self.plan, self.ctx.cases), self._analysed, self._analyse_failed)

    def _analysed(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.check_page.show_analysis(analysis)
        self._update_buttons()

    def _analyse_failed(self, exc: Exception) -> None:
        if isinstance(exc, ImportCancelled):
            self._show(PREVIEW)
            return
        self.check_page.progress.hide()
        if isinstance(exc, ImportAborted):
            self.check_page.summary.setText(str(exc))
        else:
            log.warning("import: the dry run failed: %s", type(exc).__name__)
            self.check_page.summary.setText(self.tr("Перевірку не завершено через внутрішню помилку; нічого не "
                                                    "збережено."))

    def _execute(self) -> None:
        decisions = self.decisions_page.decisions()
        self.run_page.running()
        self._show(RUN)
        # A mutation: its ChangeSet (the new cases) reaches every screen and the sync engine.
        self._start(partial(_import, self.analysis, self.ctx.cases, decisions), self._executed,
                    self._execute_failed, mutation=True)

    def _executed(self, done: ImportDone) -> None:
        self.report = report = done.report
        self.summary_page.show_report(report)
        self._show(SUMMARY)
        self.imported.emit(report)

    def _execute_failed(self, exc: Exception) -> None:
        log.warning("import failed: %s", type(exc).__name__)
        self.ctx.refreshed.emit()  # chunks saved before the failure are whole cases: show them
        self.summary_page.summary.setText(self.tr("Імпорт перервано через внутрішню помилку. Справи, збережені "
                                                  "до неї, повні; решту рядків не імпортовано."))
        self._show(SUMMARY)

    # --- the report file -------------------------------------------------------------------------
    def _save_check_report(self) -> None:
        self._save_report(self.analysis.report if self.analysis else None)

    def _save_import_report(self) -> None:
        self._save_report(self.report)

    def _save_report(self, report) -> None:
        if report is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"{Path(report.source).stem}-zvit.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Зберегти звіт"), suggested, "XLSX (*.xlsx);;CSV (*.csv)")
        if path:
            self.save_report_to(report, Path(path))

    def save_report_to(self, report, path: Path) -> None:
        """The report (no names, no values: lines, columns, reasons) written on the worker."""
        self.ctx.query(partial(_write_report, report, path), parent=self) \
            .success(self.report_saved.emit).failure(self._report_failed).run()

    def _report_failed(self, _exc: Exception) -> None:
        QMessageBox.warning(self, self.tr("Звіт"), self.tr("Звіт не вдалося зберегти."))

    # --- closing ---------------------------------------------------------------------------------
    def reject(self) -> None:
        """Cancel: a running job is stopped first (between whole cases), then the wizard closes."""
        if self.busy:
            self._close_when_idle = True
            self._stop()
            return
        self._finish_close()

    def _finish_close(self) -> None:
        self._close_when_idle = False
        self._close_source()
        super().reject()

    def accept(self) -> None:
        self._close_source()
        super().accept()

    def closeEvent(self, event) -> None:
        if self.busy:
            event.ignore()
            self.reject()
            return
        self._close_source()
        super().closeEvent(event)

    def _on_locking(self) -> None:
        # The session is locking: stop at the next chunk, so the lock need not wait for the whole import.
        if self.busy:
            self._close_when_idle = True
            self._stop()
        else:
            self._finish_close()

    def done(self, code: int) -> None:
        super().done(code)
        self._thaw()

    @staticmethod
    def _thaw() -> None:
        """Objects frozen during the import go back to the collector (what the wizard held is freed by
        reference counting when it goes; only cycles made meanwhile waited for this)."""
        gc.unfreeze()

    def _close_source(self) -> None:
        if self.source is not None and not self.busy:
            self.source.close()
            self.source = None


# --- the jobs: plain data and services in, results out (run on the database worker) ---------------

@dataclass
class ImportDone(ChangeSet):
    """The import's ChangeSet (the new cases, for every screen and the sync engine) with its report."""

    report: ImportReport | None = None


def _open_plan(path: Path, _control: TaskControl) -> tuple[SourceFile, ImportPlan]:
    source = SourceFile(path)
    try:
        return source, ImportPlan.auto(source)
    except BaseException:
        source.close()
        raise


def _replan(plan: ImportPlan, which: str, sheet, _control: TaskControl) -> ImportPlan:
    if which == "main":
        plan.choose_sheet(sheet)
    else:
        plan.choose_members_sheet(sheet)
    return plan


def _dry_run(plan: ImportPlan, service, control: TaskControl) -> Analysis:
    return analyse(plan, service, progress=control.report, cancel=control.cancel)


def _import(analysis: Analysis, service, decisions, control: TaskControl) -> ImportDone:
    report = execute(analysis, service, decisions, progress=control.report, cancel=control.cancel)
    return ImportDone(case_ids=set(report.case_ids), record_types={"case", "person"}, report=report)


def _write_report(report: ImportReport, path: Path) -> str:
    report.write(path)
    return str(path)


def open_import_wizard(ctx: AppContext, parent: QWidget) -> ImportWizard:
    wizard = ImportWizard(ctx, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard
