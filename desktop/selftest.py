"""A walk through the application's screens with its real widgets, to check a packaged build.

`PORUCH_SELF_TEST=<folder>` makes `poruch-gui` (and so the bundle built from build.spec) run this
instead of waiting for a person. `<folder>/request.json` says what to do:

- `{"scenario": "walk", "password": ...}`: on an empty data folder `<folder>/data`: the first-run wizard
  → a standalone office → register a person → the case with every tab → the conflict dialog →
  File → Import of a small XLSX → File → Export → lock and unlock → English; then every module of the `desktop` and `sync` packages in the build is
  imported. A screen that is missing, replaced by a placeholder or a message box fails its step.
- `{"scenario": "unlock", "password": ...}`: unlock the existing store in `<folder>/data` and report
  whether it opened and what the unlock screen said.
- `{"scenario": "startup"}`: the moment the unlock window is shown (benchmarks/startup.py).

It writes `<folder>/report.json` (each step with its time, the first failure with its traceback) and
a screenshot of each screen to `<folder>/screens/`, and exits 0 only if every step passed.

This module names no screen module on purpose: it reaches the screens as a person does, through the
shell, so a screen missing from the build fails here instead of being pulled in by the check.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
import threading
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QRegularExpression, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QTabWidget, QWidget

ENV = "PORUCH_SELF_TEST"
PLACEHOLDER_MARK = "ще не готов"  # what the shell said where a screen was missing ("not ready yet")
PACKAGES_NOT_IN_BUNDLE = ("sync.server",)  # the server is a separate program


class StepFailed(AssertionError):
    pass


def wait_until(condition: Callable[[], bool], what: str, timeout_s: float = 30.0) -> None:
    """Let the event loop run until `condition` holds (a condition polled with a deadline, no sleep)."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > deadline:
            raise StepFailed(f"timed out after {timeout_s:.0f} s waiting for {what}")
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def type_text(widget: QWidget, text: str) -> None:
    """Typed key by key, as a person does (Cyrillic included)."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def class_name(obj) -> str:
    return type(obj).__name__


def visible_message_boxes() -> list[str]:
    return [box.text() for box in QApplication.topLevelWidgets() if isinstance(box, QMessageBox) and box.isVisible()]


class MessageBoxCloser(QTimer):
    """Closes any message box (a modal one would stop the walk) and keeps what it said."""

    def __init__(self):
        super().__init__()
        self.seen: list[str] = []
        self.timeout.connect(self._close)
        self.start(100)

    def _close(self) -> None:
        for box in QApplication.topLevelWidgets():
            if isinstance(box, QMessageBox) and box.isVisible():
                self.seen.append(box.text())
                box.done(0)

    def take(self) -> list[str]:
        seen, self.seen = self.seen, []
        return seen


def placeholder_texts(root: QWidget) -> list[str]:
    return [label.text() for label in root.findChildren(QLabel) if PLACEHOLDER_MARK in label.text()]


class Walk:
    def __init__(self, folder: Path, request: dict):
        self.folder = folder
        self.request = request
        self.data_dir = folder / "data"
        self.screens = folder / "screens"
        self.screens.mkdir(parents=True, exist_ok=True)
        self.steps: list[dict] = []
        self.shell = None
        self.facts: dict = {}
        self.boxes = MessageBoxCloser()

    # --- bookkeeping -----------------------------------------------------------------------------------
    def step(self, name: str, fn: Callable[[], None]) -> bool:
        started = time.monotonic()
        entry = {"step": name}
        try:
            fn()
            entry["ok"] = True
        except Exception as exc:
            entry.update(ok=False, error=f"{class_name(exc)}: {exc}", traceback=traceback.format_exc())
        boxes = self.boxes.take()
        if boxes:
            entry["message_boxes"] = boxes
        entry["seconds"] = round(time.monotonic() - started, 3)
        self.steps.append(entry)
        return entry["ok"]

    def snap(self, name: str, widget: QWidget | None = None) -> None:
        widget = widget or self.shell.window
        widget.grab().save(str(self.screens / f"{len(list(self.screens.iterdir())):02d}-{name}.png"))

    @property
    def window(self):
        return self.shell.window

    def expect_window(self, cls: str, what: str) -> None:
        wait_until(lambda: class_name(self.window) == cls and self.window.isVisible(), what)

    # --- the scenarios ------------------------------------------------------------------------------------
    def walk(self) -> None:
        from desktop.ui.app import PoruchApp

        self.shell = PoruchApp(self.data_dir, autolock_ms=3_600_000)
        self.shell.start()
        for name, fn in (("first-run wizard", self.first_run), ("main window", self.main_window),
                         ("registration", self.registration), ("case, every tab", self.case_tabs),
                         ("conflict dialog", self.conflict_dialog), ("import wizard", self.import_wizard),
                         ("export dialog", self.export_dialog), ("reports", self.reports),
                         ("lock and unlock", self.lock_unlock),
                         ("English", self.english)):
            if not self.step(name, fn):
                break
        self.shell.shutdown()
        self.step("every module imports", self.import_everything)

    def startup(self) -> None:
        """How long the unlock window takes to appear (benchmarks/startup.py reads `shown_at`)."""
        from desktop.ui.app import PoruchApp

        self.shell = PoruchApp(self.data_dir)
        self.shell.start()
        if self.step("unlock screen shown", lambda: self.expect_window("UnlockScreen", "the unlock screen")):
            self.facts["shown_at"] = time.time()
            self.facts["cpu_s"] = time.process_time()  # CPU used until then: a figure that load barely changes
        self.shell.shutdown()

    def unlock(self) -> None:
        from desktop.ui.app import PoruchApp

        self.shell = PoruchApp(self.data_dir, autolock_ms=3_600_000)
        self.shell.start()
        self.step("unlock", self.try_unlock)
        self.shell.shutdown()

    # --- the steps ---------------------------------------------------------------------------------------
    def first_run(self) -> None:
        wizard = self.window
        if wizard.objectName() != "firstRun":
            raise StepFailed(f"the first window is {class_name(wizard)}, not the first-run wizard")
        self.snap("wizard")
        wizard.choice.standalone.setChecked(True)
        wizard.next()
        page = wizard.currentPage()
        for field, text in ((page.office, "Служба у справах ВПО (перевірка збірки)"),
                            (page.display, "Олена Перевірка"), (page.username, "olena.check"),
                            (page.password, self.request["password"]), (page.repeat, self.request["password"])):
            type_text(field, text)
        self.snap("wizard-standalone", wizard)
        wizard.button(wizard.WizardButton.FinishButton).click()
        wait_until(lambda: self.shell.ctx is not None, "the store to be created", 60)

    def main_window(self) -> None:
        self.expect_window("MainWindow", "the main window")
        wait_until(lambda: not self.window.cases.model.loading, "the case list to load")
        self.snap("main-window")

    def registration(self) -> None:
        w = self.window
        w.new_registration()
        form = w.tabs.currentWidget()
        if not form.property("poruchRegistration"):
            raise StepFailed(f"no registration form opened; it said: {self.boxes.seen}")
        type_text(form.person.surname, "Перевіркович")
        type_text(form.person.given_name, "Тарас")
        type_text(form.person.patronymic, "Іванович")
        type_text(form.person.birth_date, "02.03.1980")
        self.snap("registration", form)
        form.save()
        wait_until(lambda: len(w.open_case_ids()) == 1, "the registered case to open")
        self.facts["case_id"] = w.open_case_ids()[0]

    def case_tabs(self) -> None:
        w = self.window
        view = w.tabs.currentWidget()
        tabs = getattr(view, "tabs", None)
        if not isinstance(tabs, QTabWidget) or placeholder_texts(view):
            raise StepFailed(f"the case opened as {class_name(view)}: {placeholder_texts(view)}")
        wait_until(lambda: getattr(view, "data", None) is not None, "the case to load")
        titles = []
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            wait_until(tabs.widget(i).isVisible, f"tab {tabs.tabText(i)!r}")
            titles.append(tabs.tabText(i))
            self.snap(f"case-tab-{i + 1}", view)
        if len(titles) < 8:
            raise StepFailed(f"the case has {len(titles)} tabs: {titles}")
        self.facts["case_tabs"] = titles

    def conflict_dialog(self) -> None:
        w = self.window
        conflict_id = plant_conflict(self.shell.ctx, self.facts["case_id"])
        w.open_conflict(conflict_id, self.facts["case_id"])

        def dialog():
            found = [d for d in QApplication.topLevelWidgets() if isinstance(d, QDialog) and d.isVisible()
                     and class_name(d) == "ConflictDialog"]
            return found[0] if found else None

        wait_until(lambda: dialog() is not None and dialog().info is not None, "the conflict dialog")
        self.snap("conflict-dialog", dialog())
        dialog().reject()

    def child_dialog(self, cls: str) -> QDialog | None:
        found = [d for d in self.window.findChildren(QDialog) if class_name(d) == cls and d.isVisible()]
        return found[0] if found else None

    def import_wizard(self) -> None:
        """File → Import on a small XLSX (made-up people, one bad row): read by python-calamine in the build."""
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        for row in (["Прізвище", "Ім'я", "Дата нородження", "Місце проживання"],
                    ["Перевіренко", "Олена", "05.04.1990", "м. Харків, Харківська обл."],
                    ["Збірченко", "Іван", "31.02.1990", ""],
                    ["Тестенко", "Марія", "01.02.1950", "с. Миколаївка, Донецька обл."]):
            sheet.append(row)
        path = self.folder / "spysok.xlsx"
        book.save(path)
        self.window.actions_by_name["import"].trigger()
        wait_until(lambda: self.child_dialog("ImportWizard") is not None, "the import wizard")
        wizard = self.child_dialog("ImportWizard")
        wizard.file_page.path.setText(str(path))
        self.snap("import-file", wizard)
        wizard.go_next()
        wait_until(lambda: wizard.step == 1 and not wizard.busy, "the columns of the file")
        self.snap("import-columns", wizard)
        wizard.go_next()
        wizard.go_next()
        wait_until(lambda: wizard.analysis is not None, "the dry run", 60)
        self.snap("import-check", wizard)
        errors = sorted({p.line for p in wizard.analysis.report.problems if p.severity == "error"})
        if errors != [3]:
            raise StepFailed(f"the dry run found errors on lines {errors}, not [3]")
        wizard.go_next()
        self.snap("import-decisions", wizard)
        wizard.go_next()
        wait_until(lambda: wizard.report is not None, "the import", 60)
        self.snap("import-summary", wizard)
        if wizard.report.imported != 2:
            raise StepFailed(f"{wizard.report.imported} cases imported, not 2")
        wizard.go_next()
        wait_until(lambda: self.child_dialog("ImportWizard") is None, "the wizard to close")
        wait_until(lambda: self.window.cases.model.rowCount() == 3, "the imported cases in the list")

    def export_dialog(self) -> None:
        self.window.actions_by_name["export"].trigger()
        wait_until(lambda: self.child_dialog("ExportDialog") is not None, "the export dialog")
        dialog = self.child_dialog("ExportDialog")
        dialog.path.setText(str(self.folder / "eksport.xlsx"))
        dialog.understood.setChecked(True)
        self.snap("export-dialog", dialog)
        dialog.start()
        wait_until(lambda: not dialog.busy, "the export", 60)
        if not (self.folder / "eksport.xlsx").is_file():
            raise StepFailed(f"no export file; the dialog said: {dialog.result_label.text()}")
        dialog.reject()

    def reports(self) -> None:
        """View → Reports: this month's report with its charts (ReportLab's SVG through QtSvg), saved as
        XLSX and as PDF (ReportLab, DejaVu Sans embedded); how long the first report took to show."""
        from openpyxl import load_workbook

        from sync.reports.period import month

        started = time.monotonic()
        self.window.actions_by_name["reports"].trigger()
        page = self.window.reports
        today = date.today()
        this_month = month(today.year, today.month)
        wait_until(lambda: page.result is not None or page.message.isVisible(), "the report of last month", 120)
        if page.result is None:
            raise StepFailed(f"no report; the page said: {page.message.text()}")
        self.facts["report_first_s"] = round(time.monotonic() - started, 3)
        page.select_month(this_month)
        wait_until(lambda: page.result is not None and page.result.period == this_month, "this month's report", 120)
        charts = page.stack.currentWidget().findChildren(QLabel, QRegularExpression("^reportChart_"))
        self.facts["report_charts"] = sorted(c.objectName() for c in charts)
        chart = page.stack.currentWidget().findChild(QLabel, "reportChart_caseload")
        if chart is None or chart.pixmap().isNull():
            raise StepFailed("the caseload chart was not drawn")
        image = chart.pixmap().toImage()
        self.facts["report_chart_colours"] = len({image.pixel(x, y) for x in range(0, image.width(), 4)
                                                  for y in range(0, image.height(), 4)})
        self.snap("reports")
        for fmt in ("xlsx", "pdf"):
            target = self.folder / f"zvit.{fmt}"
            page.save_to(fmt, target)
            wait_until(lambda t=target: t.is_file() and page.save_buttons["xlsx"].isEnabled(), f"the {fmt}", 120)
            self.facts[f"report_{fmt}_bytes"] = target.stat().st_size
        sheets = load_workbook(self.folder / "zvit.xlsx", read_only=True).sheetnames
        if len(sheets) != 1 + len(page.result.tables):
            raise StepFailed(f"the XLSX has {len(sheets)} sheets; the page said: {page.message.text()}")
        pdf = (self.folder / "zvit.pdf").read_bytes()
        if not pdf.startswith(b"%PDF"):
            raise StepFailed(f"not a PDF; the page said: {page.message.text()}")
        self.facts["report_pdf_font_embedded"] = b"DejaVuSans" in pdf and b"FontFile2" in pdf

    def lock_unlock(self) -> None:
        self.shell.lock()
        self.expect_window("UnlockScreen", "the unlock screen")
        screen = self.window
        wait_until(lambda: screen.button.isEnabled(), "the unlock screen to be ready")
        self.snap("unlock")
        type_text(screen.password, self.request["password"])
        screen.submit()
        self.expect_window("MainWindow", "the main window after unlocking")

    def english(self) -> None:
        self.shell.set_language("en")
        self.expect_window("MainWindow", "the main window in English")
        menus = [a.text() for a in self.window.menuBar().actions()]
        if "&File" not in menus:
            raise StepFailed(f"the menus are not in English: {menus}")
        wait_until(lambda: not self.window.cases.model.loading and self.window.cases.model.rowCount() == 3,
                   "the case list, in English, with the registered person")
        self.snap("english")
        self.shell.set_language("uk")

    def try_unlock(self) -> None:
        self.expect_window("UnlockScreen", "the unlock screen")
        screen = self.window
        wait_until(lambda: screen.button.isEnabled(), "the unlock screen to be ready")
        type_text(screen.password, self.request["password"])
        screen.submit()
        wait_until(lambda: self.shell.ctx is not None or screen.error.isVisible(), "the unlock to finish", 60)
        self.facts["unlocked"] = self.shell.ctx is not None
        self.facts["unlock_error"] = "" if self.facts["unlocked"] else screen.error.text()  # else it is gone
        self.snap("unlock-result")

    def import_everything(self) -> None:
        failed = {}
        names = []
        for package in ("desktop", "sync"):
            root = importlib.import_module(package)
            for info in pkgutil.walk_packages(root.__path__, package + "."):
                if (info.name.startswith(PACKAGES_NOT_IN_BUNDLE) or ".migrations" in info.name
                        or info.name.endswith(".__main__")):  # importing a __main__ runs that program
                    continue
                names.append(info.name)
                try:
                    importlib.import_module(info.name)
                except (Exception, SystemExit) as exc:
                    failed[info.name] = f"{class_name(exc)}: {exc}"
        self.facts["modules"] = names
        self.facts["loaded_modules"] = sorted({m.split(".")[0] for m in sys.modules})
        if failed:
            raise StepFailed(f"modules that fail to import: {failed}")


def plant_conflict(ctx, case_id: str) -> str:
    """A conflict on the person's phone, as a sync with a colleague's laptop would leave it."""
    from desktop.store.changes import record_change
    from desktop.store.database import writing
    from sync.records.ids import new_id

    store = ctx.store
    with store.engine.connect() as conn:
        person_id = conn.exec_driver_sql("select id from records where case_id = ? and type = 'person'",
                                         (case_id,)).scalar_one()
    conflict_id = new_id()
    with writing(store.engine) as conn, conn.begin():
        record_change(conn, record_type="conflict", record_id=conflict_id, case_id=case_id, user="server",
                      clock=ctx.cases.clock, fields={
                          "record_type": "person", "record_id": person_id, "field": "phones",
                          "winner_value": ["+380671234567"], "loser_value": ["+380501112233"],
                          "winner_user": store.user.username, "loser_user": "petro",
                          "winner_at": "2026-03-01T09:00:00Z", "loser_at": "2026-03-01T08:30:00Z",
                          "status": "open"})
    return conflict_id


def write_report(walk: Walk, started: float, *, timed_out: bool = False) -> bool:
    ok = bool(walk.steps) and all(s["ok"] for s in walk.steps) and not timed_out
    report = {"ok": ok, "steps": walk.steps, "facts": walk.facts, "seconds": round(time.monotonic() - started, 3),
              "frozen": bool(getattr(sys, "frozen", False)), "timed_out": timed_out, "pid": os.getpid()}
    (walk.folder / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    return ok


def run(folder: Path) -> int:
    """Run the scenario `folder/request.json` asks for; 0 if every step passed."""
    folder = Path(folder)
    request = json.loads((folder / "request.json").read_text("utf-8"))
    walk = Walk(folder, request)
    started = time.monotonic()

    def give_up() -> None:  # a step stuck in a nested event loop: report what is known and stop
        walk.steps.append({"step": "self-test", "ok": False, "error": "timed out", "message_boxes": walk.boxes.seen})
        write_report(walk, started, timed_out=True)
        os._exit(3)

    watchdog = threading.Timer(float(request.get("timeout_s", 240)), give_up)
    watchdog.daemon = True
    watchdog.start()
    try:
        {"walk": walk.walk, "unlock": walk.unlock, "startup": walk.startup}[request.get("scenario", "walk")]()
    except Exception:
        walk.steps.append({"step": "self-test", "ok": False, "traceback": traceback.format_exc()})
    watchdog.cancel()
    return 0 if write_report(walk, started) else 1
