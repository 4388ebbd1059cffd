"""Save a PNG of every main screen to docs/screenshots/, offscreen, at 1366x768 (`make screenshots`).

Runs the real product: the demo of `make run` (a local poruch-server, an enrolled desktop, a few
hundred synthetic cases, a sync conflict) in a temporary folder, then drives the windows the way
a caseworker would and grabs them. Screens written by colleagues are imported by name and
skipped, with a note, while they do not exist.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QRect, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QFont, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop import demo  # noqa: E402
from desktop.ui.app import WINDOW_SIZE, PoruchApp, make_app  # noqa: E402

OUT = REPO / "docs" / "screenshots"


def wait(ms: int = 50) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout_s: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what or condition}")
        wait(30)
    wait(80)  # let the last repaint happen


def save(widget: QWidget, name: str, dialog: QWidget | None = None) -> None:
    """`widget` as shown; a dialog is painted over it, centred, as the person sees it."""
    QCoreApplication.processEvents()
    shot = widget.grab()
    if dialog is not None:
        over = dialog.grab()
        painter = QPainter(shot)
        painter.fillRect(shot.rect(), QColor(0, 0, 0, 70))  # the window behind a dialog looks dimmed
        # Offscreen windows have no frame: draw a plain title bar so the dialog reads as one.
        bar = 26
        x, y = (shot.width() - over.width()) // 2, max(bar, (shot.height() - over.height()) // 3)
        frame = QRect(x - 1, y - bar - 1, over.width() + 1, over.height() + bar + 1)
        painter.fillRect(QRect(x, y - bar, over.width(), bar), QColor("#dde2e8"))
        painter.setPen(QColor("#8a9099"))
        painter.drawRect(frame)
        title_font = QFont(dialog.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QColor("#202124"))
        painter.drawText(QRect(x + 10, y - bar, over.width() - 20, bar), int(Qt.AlignmentFlag.AlignVCenter),
                         dialog.windowTitle())
        painter.drawPixmap(QPoint(x, y), over)
        painter.end()
    OUT.mkdir(parents=True, exist_ok=True)
    shot.save(str(OUT / f"{name}.png"))
    print(f"  {name}.png")


class Shots:
    def __init__(self, folder: Path, cases: int):
        self.folder = folder
        if (folder / "demo.json").exists():
            self.facts = json.loads((folder / "demo.json").read_text("utf-8"))
        else:
            self.facts = demo.set_up(folder, cases)
        self.server = demo.reuse_port(folder, self.facts)
        self.server.start()
        self.app = make_app()
        self.shell = PoruchApp(folder / "client", sync_interval_s=3600)

    @property
    def window(self):
        return self.shell.window

    def run_users(self) -> None:
        """Only Settings → Users (`--only users`)."""
        try:
            self.unlock(shots=False)
            self.users()
        finally:
            self.shell.shutdown()
            self.server.stop()

    def run_wipe(self) -> None:
        """Only the emergency wipe dialog and its countdown, in the session and locked (`--only wipe`)."""
        try:
            self.unlock(shots=False)
            self.wipe_in_session()
            self.wipe_when_locked()
        finally:
            self.shell.shutdown()
            self.server.stop()

    def run_import_export(self) -> None:
        """Only the import wizard's steps and the export dialog (`--only import-export`)."""
        try:
            self.unlock(shots=False)
            self.import_export()
        finally:
            self.shell.shutdown()
            self.server.stop()

    def run(self) -> None:
        try:
            self.unlock()
            self.case_list()
            self.my_day()
            self.status_and_conflicts()
            self.registration()
            self.case_tabs()
            self.import_export()
            self.english()
            self.wipe_in_session()
            self.users()
            self.offline()
            self.wipe_when_locked()
        finally:
            self.shell.shutdown()
            self.server.stop()
        self.wizard()

    # --- screens --------------------------------------------------------------------------------
    def unlock(self, shots: bool = True) -> None:
        self.shell.start()
        w = self.window
        w.resize(*WINDOW_SIZE)
        w.show()
        if shots:
            w.password.setText("не той пароль")
            w.submit()
            wait_until(lambda: w.error.isVisible(), what="wrong password message")
            save(w, "02-unlock-wrong-password")
            w.error.hide()
            w.password.setText(self.facts["password"])
            save(w, "01-unlock")
        w.password.setText(self.facts["password"])
        w.submit()
        wait_until(lambda: self.shell.ctx is not None and hasattr(self.window, "cases"), what="main window")
        self.window.resize(*WINDOW_SIZE)

    def loaded(self) -> None:
        wait_until(lambda: not self.window.cases.model.loading, what="case list")

    def case_list(self) -> None:
        w = self.window
        adapter = self.shell.ctx.sync
        adapter.sync_now()
        wait_until(lambda: adapter.state.online is not None and not adapter.state.running, what="first sync")
        self.loaded()
        w.cases.table.selectRow(3)
        save(w, "03-case-list")
        panel = w.cases.filters
        panel.combos["stage"].setCurrentIndex(panel.combos["stage"].findData("services"))
        panel.mine.setChecked(True)
        self.loaded()
        save(w, "04-filters")
        panel.clear()
        self.loaded()
        # Search as a caseworker types it: a surname with a typo, in Latin letters too.
        row = w.cases.model._row(5)
        surname = row["surname"]
        typo = surname[:2] + surname[3] + surname[2] + surname[4:] if len(surname) > 4 else surname
        w.cases.search.setText(typo)
        wait_until(lambda: w.cases.model.query == typo and not w.cases.model.loading, what="search")
        save(w, "05-search-typo")
        from sync.records.identifiers import transliterate

        w.cases.search.setText(transliterate(surname).lower())
        wait_until(lambda: not w.cases.model.loading and w.cases.model.query != typo, what="latin search")
        save(w, "06-search-latin")
        w.cases.search.clear()
        self.loaded()

    def my_day(self) -> None:
        w = self.window
        w.show_my_day()
        wait_until(lambda: w.my_day.tasks or w.my_day.empty.isVisible(), what="my day")
        save(w, "07-my-day")
        w.find()

    def status_and_conflicts(self) -> None:
        w = self.window
        ctx = self.shell.ctx
        case_id = w.cases.model.case_id(0)
        ctx.write(lambda: ctx.cases.add("journal_entry", case_id, {"kind": "call", "text": "Дзвінок: домовилися "
                                                                   "про візит у четвер."}))
        wait_until(lambda: ctx.sync.state.pending > 0 and ctx.sync.state.conflicts > 0, what="pending")
        save(w, "08-status-pending-conflicts")
        from desktop.ui.widgets.conflicts_list import ConflictsListDialog

        listing = ConflictsListDialog(ctx, w)
        listing.show()
        wait_until(lambda: listing.open_button.isEnabled(), what="conflicts list")
        save(w, "09-conflicts-list", listing)
        from desktop.ui.widgets.conflicts_list import CONFLICT_ROLE

        conflict = listing.list.currentItem().data(CONFLICT_ROLE)
        listing.close()
        from desktop.ui.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(ctx, conflict.conflict_id, w)
        dialog.show()
        wait_until(lambda: dialog.keep_button.isEnabled(), what="conflict dialog")
        save(w, "10-conflict-dialog", dialog)
        dialog.close()

    def registration(self) -> None:
        w = self.window
        w.new_registration()
        form = w.tabs.currentWidget()
        p = form.person
        p.surname.setText("Мельничук")
        p.given_name.setText("Оксана")
        p.patronymic.setText("Іванівна")
        p.birth_date.setText("02.03.1980")
        p.rnokpp.setText("1234567890")
        p.rnokpp.editingFinished.emit()
        form.save()
        wait_until(lambda: form.binder.label_for("person.rnokpp").isVisible(), what="validation message")
        save(w, "11-registration-validation")
        self._drop_tab(form)
        # The same person as an existing case, typed again: the duplicate check speaks up.
        existing = w.cases.model._row(2)
        w.new_registration()
        form = w.tabs.currentWidget()
        form.person.surname.setText(existing["surname"])
        form.person.given_name.setText(existing["given_name"])
        form.person.patronymic.setText(existing["patronymic"] or "")
        from datetime import date

        born = date.fromisoformat(existing["birth_date"])
        form.person.birth_date.setText(born.strftime("%d.%m.%Y"))
        form.save()
        wait_until(lambda: form.duplicates_dialog is not None and form.duplicates_dialog.isVisible(),
                   what="duplicates dialog")
        save(w, "12-registration-duplicate", form.duplicates_dialog)
        form.duplicates_dialog.reject()
        self._drop_tab(form)

    def _drop_tab(self, widget: QWidget) -> None:
        """Close a tab without its "discard the typed data?" question (nobody is there to answer)."""
        self.window.tabs.removeTab(self.window.tabs.indexOf(widget))
        widget.deleteLater()
        wait(100)

    def case_tabs(self) -> None:
        w = self.window
        # A case with a plan, journal and tasks, so every tab has something to show.
        with self.shell.ctx.store.engine.connect() as conn:
            case_id = conn.exec_driver_sql(
                "SELECT case_id FROM records WHERE type IN ('service', 'goal', 'journal_entry', 'task') "
                "GROUP BY case_id ORDER BY count(DISTINCT type) DESC, count(*) DESC, case_id LIMIT 1").scalar()
        self._attach_samples(case_id)
        w.open_case(case_id)
        view = w.tabs.currentWidget()
        wait_until(lambda: getattr(view, "data", None) is not None, what="case loaded")
        names = ["person", "displacement", "needs", "plan", "journal", "tasks", "attachments", "history"]
        for i, name in enumerate(names):
            view.tabs.setCurrentIndex(i)
            wait(150)
            save(w, f"{13 + i:02d}-case-{name}")

    def _attach_samples(self, case_id: str) -> None:
        """Two made-up "scans" (drawn here, no real document), so the attachments tab shows files."""
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtGui import QColor, QImage, QPainter

        cases = self.shell.ctx.cases
        for filename, description, text in (("dovidka-vpo.png", "Довідка ВПО, с. 1", "ЗРАЗОК: довідка ВПО"),
                                            ("pasport-s1-2.png", "Паспорт, с. 1–2", "ЗРАЗОК: паспорт")):
            image = QImage(1240, 1754, QImage.Format.Format_RGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
            painter.setFont(self.window.font())
            painter.drawText(image.rect(), 0x84, text)  # AlignCenter
            painter.end()
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buffer, "PNG")
            cases.add_attachment(case_id, {"filename": filename, "mime_type": "image/png",
                                           "description": description}, bytes(data.data()))

    def import_export(self) -> None:
        """File → Import on a messy synthetic list (its every step), then File → Export of the filtered list."""
        from desktop.services.synthetic_lists import write_office_list
        from desktop.ui.export_dialog import ExportDialog
        from desktop.ui.import_wizard import ImportWizard

        w = self.window
        w.find()
        path = self.folder / "spysok-ofisu.xlsx"
        write_office_list(path, 400, seed=7, bad_every=40)
        w.actions_by_name["import"].trigger()
        wait_until(lambda: w.findChild(ImportWizard) is not None, what="import wizard")
        wizard = w.findChild(ImportWizard)
        wizard.file_page.path.setText(str(path))
        save(w, "29-import-1-file", wizard)
        wizard.go_next()
        wait_until(lambda: wizard.step == 1 and not wizard.busy, what="columns")
        save(w, "29-import-2-columns", wizard)
        wizard.go_next()
        save(w, "29-import-3-preview", wizard)
        wizard.go_next()
        wait_until(lambda: wizard.analysis is not None, what="dry run", timeout_s=120)
        save(w, "29-import-4-check", wizard)
        wizard.go_next()
        wizard.decisions_page.choose_place(1, 0)  # one place with its code chosen, to show what a choice looks like
        save(w, "29-import-5-decisions", wizard)
        wizard.go_next()
        wait_until(lambda: wizard.run_page.progress.bar.value() > 0 or wizard.report is not None, what="import")
        save(w, "29-import-6-progress", wizard)
        wait_until(lambda: wizard.report is not None, what="import finished", timeout_s=120)
        save(w, "29-import-7-summary", wizard)
        wizard.go_next()
        wait_until(lambda: w.findChild(ImportWizard) is None or not wizard.isVisible(), what="wizard closed")
        panel = w.cases.filters
        panel.combos["stage"].setCurrentIndex(panel.combos["stage"].findData("identification"))
        self.loaded()
        w.actions_by_name["export"].trigger()
        wait_until(lambda: any(d.isVisible() for d in w.findChildren(ExportDialog)), what="export dialog")
        dialog = next(d for d in w.findChildren(ExportDialog) if d.isVisible())
        dialog.path.setText("/home/olena/Документи/poruch-spravy-vyiavlennia.xlsx")
        save(w, "30-export-dialog", dialog)
        dialog.reject()
        panel.clear()
        self.loaded()

    def english(self) -> None:
        self.shell.set_language("en")
        w = self.window
        w.resize(*WINDOW_SIZE)
        w.find()
        self.loaded()
        save(w, "21-case-list-english")
        self.shell.set_language("uk")
        self.window.resize(*WINDOW_SIZE)

    def users(self) -> None:
        """Settings → Users: the list, adding a colleague (their own server password), my password."""
        w = self.window
        w.find()
        dialog = self.shell.manage_users()
        wait_until(lambda: bool(dialog.rows), what="users")
        save(w, "35-users", dialog)
        add = dialog.add_user()
        add.username.setText(demo.COLLEAGUE)
        add.display.setText(demo.COLLEAGUE_NAME)
        add.password.setText("пароль-на-ноутбуці")
        add.repeat.setText("пароль-на-ноутбуці")
        add.server_password.setText(self.facts["colleague_password"])
        save(w, "36-users-add", add)
        add.buttons.accepted.emit()
        wait_until(lambda: len(dialog.rows) == 2, what="colleague added")
        save(w, "37-users-added", dialog)
        change = dialog.change_password()
        change.old.setText("x")
        change.new.setText("короткий")
        change.repeat.setText("короткий")
        change.buttons.accepted.emit()
        save(w, "38-users-password", change)
        change.reject()
        dialog.close()

    def offline(self) -> None:
        w = self.window
        ctx = self.shell.ctx
        self.server.stop()
        w.find()
        ctx.sync.sync_now()
        wait_until(lambda: ctx.sync.state.online is False and not ctx.sync.state.running, what="offline")
        save(w, "22-offline")

    def wipe_in_session(self) -> None:
        """File → Emergency wipe with changes still waiting, and its countdown (stopped before the end)."""
        from desktop.services.synthetic import generate_registrations

        w = self.window
        w.find()
        ctx = self.shell.ctx
        ctx.sync.soon.setInterval(3_600_000)  # the morning's registrations stay unsent for the picture
        for reg in generate_registrations(2, seed=29):
            ctx.write(lambda reg=reg: ctx.cases.register(reg))
        wait_until(lambda: ctx.sync.state.pending >= 2, what="pending changes")
        self.shell.emergency_wipe()
        dialog = self.shell.safety.dialog
        wait_until(lambda: dialog.pending, what="pending count")
        dialog.adjustSize()
        save(w, "31-wipe-1-warning", dialog)
        dialog.start_countdown()
        dialog.timer.stop()  # the picture, not the wipe
        for _ in range(2):
            dialog.tick()
        save(w, "31-wipe-2-countdown", dialog)
        dialog.cancel_countdown()
        dialog.reject()

    def wipe_when_locked(self) -> None:
        """The same shortcut on the unlock screen: the database is locked, so nobody can count what is lost."""
        self.shell.lock()
        wait_until(lambda: self.shell.ctx is None and hasattr(self.window, "password"), what="unlock screen")
        w = self.window
        w.resize(*WINDOW_SIZE)
        self.shell.emergency_wipe()
        dialog = self.shell.safety.dialog
        dialog.adjustSize()
        save(w, "31-wipe-3-unlock-screen", dialog)
        dialog.reject()

    def wizard(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            shell = PoruchApp(Path(tmp) / "new", sync_interval_s=3600)
            shell.start()
            wz = shell.window
            wz.resize(760, 560)
            save(wz, "23-first-run-choice")
            wz.next()
            wz.server.url.setText("https://poruch.bucha-rada.gov.ua")
            wz.server.username.setText("olena.k")
            save(wz, "24-first-run-server")
            wz.back()
            wz.choice.standalone.setChecked(True)
            wz.next()
            page = wz.standalone
            page.office.setText("ЦНСП Бучанської міської ради")
            page.display.setText("Олена Коваль")
            page.username.setText("olena.k")
            page.password.setText("довгий пароль")
            page.repeat.setText("інший пароль!")
            wz.button(wz.WizardButton.FinishButton).click()
            save(wz, "25-first-run-standalone")
            shell.shutdown()


def build_translations() -> None:
    """The English .qm from the .ts, when it is missing or older (as `make translations` does)."""
    import subprocess

    ts = REPO / "resources" / "translations" / "poruch_en.ts"
    qm = ts.with_suffix(".qm")
    if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
        tool = Path(sys.executable).parent / "pyside6-lrelease"
        subprocess.run([str(tool if tool.exists() else "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                       check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=None, help="demo folder to use (default: a temporary one)")
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--only", choices=["import-export", "wipe", "users"],
                        help="only these screens (the others stay as they are)")
    args = parser.parse_args(argv)
    build_translations()
    make_app()
    QApplication.instance().setStyle("Fusion")  # the same look on every machine that makes them
    def shoot(shots: Shots) -> None:
        runs = {"import-export": shots.run_import_export, "wipe": shots.run_wipe, "users": shots.run_users}
        runs.get(args.only, shots.run)()

    if args.folder:
        shoot(Shots(args.folder.resolve(), args.cases))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            shoot(Shots(Path(tmp) / "demo", args.cases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
