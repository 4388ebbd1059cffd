"""The main window: the case list, "My day", open cases as tabs, menus, toolbar and status bar.

Its screens are imported with plain import statements: the packaged application (build.spec)
contains exactly what these statements name (tests/test_layers.py checks it).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QTabWidget, QToolBar, QWidget

from desktop.ui.about import AboutDialog, about_facts
from desktop.ui.aid_overlaps import AidOverlapsDialog
from desktop.ui.case_list_page import CaseListPage
from desktop.ui.case_view.case_window import CaseWindow
from desktop.ui.conflict_dialog import ConflictDialog
from desktop.ui.context import AppContext
from desktop.ui.cross_duplicates import CrossDuplicatesDialog
from desktop.ui.export_dialog import open_export_dialog
from desktop.ui.i18n import LANGUAGES
from desktop.ui.import_wizard import open_import_wizard
from desktop.ui.my_day import MyDayPage
from desktop.ui.registration import RegistrationForm
from desktop.ui.rejected_changes import RejectedChangesDialog
from desktop.ui.reports_page import ReportsPage
from desktop.ui.statusbar import SyncStatusBar
from desktop.ui.sync_adapter import SyncAdapter
from desktop.ui.transfers_dialog import TransfersDialog
from desktop.ui.widgets.conflicts_list import ConflictsListDialog
from desktop.ui.wipe_dialog import SHORTCUT as WIPE_SHORTCUT

log = logging.getLogger(__name__)

CASE_ID_PROPERTY = "poruchCaseId"


class MainWindow(QMainWindow):
    lock_requested = Signal()
    language_requested = Signal(str)
    settings_requested = Signal()
    wipe_requested = Signal()  # File → Emergency wipe (desktop/ui/safety.py)
    users_requested = Signal()
    closed = Signal()

    def __init__(self, ctx: AppContext, adapter: SyncAdapter, language: str = "uk",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.adapter = adapter
        self.language = language
        self.reports: ReportsPage | None = None  # made when first asked for
        office = ctx.store.get_meta("office_name") or ""
        self.setWindowTitle(self.tr("Поруч — %1").replace("%1", office) if office else self.tr("Поруч"))
        self.setMinimumSize(1024, 640)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.cases = CaseListPage(ctx, self.tabs)
        self.cases.open_case.connect(self.open_case)
        self.my_day = MyDayPage(ctx, self.tabs)
        self.my_day.open_case.connect(self.open_case)
        self.tabs.addTab(self.cases, self.tr("Справи"))
        self.tabs.addTab(self.my_day, self.tr("Мій день"))
        for i in range(2):  # the two fixed pages cannot be closed
            self.tabs.tabBar().setTabButton(i, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.setCentralWidget(self.tabs)

        self.status = SyncStatusBar(adapter, self)
        self.status.conflicts_clicked.connect(self.show_conflicts)
        self.status.rejected_clicked.connect(self.show_rejected)
        self.setStatusBar(self.status)
        self._build_actions(language)
        ctx.runner.unhandled.connect(self._background_failed)
        self.cases.model.reload()
        QTimer.singleShot(0, self.cases.focus_search)

    # --- menus and shortcuts ----------------------------------------------------------------------
    def _action(self, text: str, slot, shortcuts=(), tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self, language: str) -> None:
        a = self.actions_by_name = {
            "new": self._action(self.tr("&Нова реєстрація"), self.new_registration, ["Ctrl+N"],
                                self.tr("Зареєструвати особу (Ctrl+N)")),
            "find": self._action(self.tr("&Знайти справу"), self.find, ["Ctrl+F"],
                                 self.tr("Пошук за іменем, РНОКПП, телефоном, довідкою (Ctrl+F)")),
            "my_day": self._action(self.tr("&Мій день"), self.show_my_day, ["Ctrl+D"],
                                   self.tr("Завдання прострочені й на сьогодні (Ctrl+D)")),
            "reports": self._action(self.tr("&Звіти"), self.show_reports, ["Ctrl+Shift+R"],
                                    self.tr("Звіт офісу за місяць, квартал чи дати: таблиці, діаграми, "
                                            "збереження в XLSX, CSV, PDF (Ctrl+Shift+R)")),
            "sync": self._action(self.tr("&Синхронізувати"), self.adapter.sync_now, ["Ctrl+R", "F5"],
                                 self.tr("Надіслати зміни й отримати нові дані (Ctrl+R, F5)")),
            "lock": self._action(self.tr("За&блокувати"), self.lock_requested.emit, ["Ctrl+L"],
                                 self.tr("Заблокувати програму, поки вас немає (Ctrl+L)")),
            "close_tab": self._action(self.tr("&Закрити вкладку"), lambda: self.close_tab(self.tabs.currentIndex()),
                                      ["Ctrl+W"]),
            "import": self._action(self.tr("&Імпорт списку…"), lambda: open_import_wizard(self.ctx, self),
                                   tip=self.tr("Імпортувати список офісу з Excel, ODS або CSV")),
            "export": self._action(self.tr("&Експорт справ…"),
                                   lambda: open_export_dialog(self.ctx, self.cases.model, self),
                                   tip=self.tr("Записати справи поточного списку або всі у XLSX чи CSV")),
            "transfers": self._action(self.tr("&Передачі справ…"), self.show_transfers,
                                      tip=self.tr("Вхідні передачі від інших офісів і ваші запити")),
            "cross_duplicates": self._action(self.tr("Можливі &дублікати в інших офісах…"), self.show_cross_duplicates,
                                             tip=self.tr("Особи, яких, можливо, зареєстрував і інший офіс")),
            "aid_overlaps": self._action(self.tr("Перетин до&помоги…"), self.show_aid_overlaps,
                                         tip=self.tr("Та сама допомога від двох офісів чи надавачів одночасно")),
            "rejected": self._action(self.tr("Відхилені з&міни…"), self.show_rejected,
                                     tip=self.tr("Зміни, які сервер не прийняв")),
            "settings": self._action(self.tr("&Налаштування…"), self.settings_requested.emit),
            "users": self._action(self.tr("&Користувачі…"), self.users_requested.emit, [],
                                  self.tr("Хто працює на цьому комп'ютері: додати колегу, увійти на сервер, "
                                          "змінити пароль")),
            "quit": self._action(self.tr("&Вийти"), self.close, ["Ctrl+Q"]),
            "wipe": self._action(self.tr("Екстрене &знищення даних…"), self.wipe_requested.emit, [WIPE_SHORTCUT],
                                 self.tr("Знищити всі дані «Поруч» на цьому комп'ютері (Ctrl+Shift+Del)")),
            "about": self._action(self.tr("&Про програму"), self.about),
        }
        a["sync"].setEnabled(self.adapter.engine is not None)
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&Файл"))
        for name in ("new", "sync", None, "import", "export", None, "settings", "lock", "wipe", "quit"):
            file_menu.addSeparator() if name is None else file_menu.addAction(a[name])
        view_menu = bar.addMenu(self.tr("&Вигляд"))
        for name in ("find", "my_day", "reports", "transfers", "cross_duplicates", "aid_overlaps", "rejected",
                     "close_tab"):
            view_menu.addAction(a[name])
        lang_menu = view_menu.addMenu(self.tr("&Мова інтерфейсу"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            act = lang_menu.addAction(name)
            act.setCheckable(True)
            act.setChecked(code == language)
            act.setData(code)
            group.addAction(act)
            act.triggered.connect(lambda _checked=False, c=code: self.language_requested.emit(c))
        settings_menu = bar.addMenu(self.tr("&Налаштування"))
        settings_menu.addAction(a["users"])
        settings_menu.addAction(a["settings"])
        bar.addMenu(self.tr("&Довідка")).addAction(a["about"])

        tools = QToolBar(self.tr("Основні дії"), self)
        tools.setObjectName("mainToolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in ("new", "find", "my_day", "reports", "sync", "lock"):
            tools.addAction(a[name])
        self.addToolBar(tools)

    # --- pages -------------------------------------------------------------------------------------
    def find(self) -> None:
        self.tabs.setCurrentWidget(self.cases)
        self.cases.focus_search()

    def show_my_day(self) -> None:
        self.tabs.setCurrentWidget(self.my_day)
        self.my_day.reload()
        self.my_day.focus_list()

    def show_reports(self) -> ReportsPage:
        """The Reports tab (opened once, then brought forward)."""
        if self.reports is None or self.tabs.indexOf(self.reports) < 0:
            self.reports = ReportsPage(self.ctx, self.language, self.tabs)
            self.tabs.addTab(self.reports, self.tr("Звіти"))
        self.tabs.setCurrentWidget(self.reports)
        return self.reports

    def case_tab(self, case_id: str) -> int:
        for i in range(self.tabs.count()):
            if self.tabs.widget(i).property(CASE_ID_PROPERTY) == case_id:
                return i
        return -1

    def open_case(self, case_id: str) -> None:
        index = self.case_tab(case_id)
        if index < 0:
            widget = CaseWindow(self.ctx, case_id, self.tabs)  # it records that the case was viewed
            widget.setProperty(CASE_ID_PROPERTY, case_id)
            index = self.tabs.addTab(widget, self._case_title(case_id))
            # The case screen names itself once loaded (after a language switch too).
            widget.windowTitleChanged.connect(lambda title, w=widget: self._retitle(w, title))
        self.tabs.setCurrentIndex(index)
        self.tabs.widget(index).setFocus()

    def _case_title(self, case_id: str) -> str:
        row = self.cases.model._rows.get(case_id)  # a tab title needs no extra query when it is cached
        if row:
            initial = f" {row['given_name'][0]}." if row.get("given_name") else ""
            return f"{row.get('surname') or ''}{initial}".strip() or self.tr("Справа")
        return self.tr("Справа")

    def _retitle(self, widget: QWidget, title: str) -> None:
        index = self.tabs.indexOf(widget)
        parts = title.split()
        if index >= 0 and len(parts) >= 2 and title != self.tr("Справа"):
            self.tabs.setTabText(index, f"{parts[0]} {parts[1][0]}.")
            self.tabs.setTabToolTip(index, title)

    def new_registration(self) -> None:
        for i in range(self.tabs.count()):
            if self.tabs.widget(i).property("poruchRegistration"):
                self.tabs.setCurrentIndex(i)
                return
        form = RegistrationForm(self.ctx, self.tabs)
        form.setProperty("poruchRegistration", True)
        form.case_registered.connect(self._registered)
        form.open_case_requested.connect(self._registered)
        form.cancelled.connect(lambda f=form: self._close_widget(f))
        self.tabs.setCurrentIndex(self.tabs.addTab(form, self.tr("Нова реєстрація")))
        form.setFocus()

    def _registered(self, case_id: str) -> None:
        sender = self.tabs.currentWidget()
        if sender is not None and sender.property("poruchRegistration"):
            self._close_widget(sender)
        self.open_case(case_id)

    def _close_widget(self, widget: QWidget) -> None:
        index = self.tabs.indexOf(widget)
        if index >= 0:
            self.close_tab(index)

    def close_tab(self, index: int) -> None:
        if index < 2:  # the case list and "My day" stay
            return
        widget = self.tabs.widget(index)
        if hasattr(widget, "maybe_close") and not widget.maybe_close():
            return  # unsaved edits: the screen asked and the person chose to stay
        self.tabs.removeTab(index)
        widget.deleteLater()

    # --- conflicts ---------------------------------------------------------------------------------
    def show_transfers(self) -> None:
        TransfersDialog(self.ctx, self).open()

    def show_cross_duplicates(self) -> None:
        CrossDuplicatesDialog(self.ctx, self).open()

    def show_aid_overlaps(self) -> None:
        AidOverlapsDialog(self.ctx, self).open()

    def show_rejected(self) -> None:
        RejectedChangesDialog(self.ctx, self).open()

    def show_conflicts(self) -> None:
        dialog = ConflictsListDialog(self.ctx, self)
        dialog.open_conflict.connect(self.open_conflict)
        dialog.open()

    def open_conflict(self, conflict_id: str, case_id: str) -> None:
        dialog = ConflictDialog(self.ctx, conflict_id, self)
        dialog.finished.connect(lambda _r: self.adapter.refresh_status())
        dialog.open()

    # --- misc --------------------------------------------------------------------------------------
    def about(self) -> None:
        dialog = AboutDialog(about_facts(self.ctx.store), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _background_failed(self, exc: Exception) -> None:
        self.statusBar().showMessage(self.tr("Дію не виконано через внутрішню помилку. Спробуйте ще раз; "
                                             "якщо повторюється, повідомте адміністратора."), 15_000)
        log.warning("background failure shown to the user: %s", type(exc).__name__)

    def closeEvent(self, event) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()

    def open_case_ids(self) -> list[str]:
        return [self.tabs.widget(i).property(CASE_ID_PROPERTY) for i in range(2, self.tabs.count())
                if self.tabs.widget(i).property(CASE_ID_PROPERTY)]
