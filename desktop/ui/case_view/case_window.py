"""One case: a header with who and where the case is, and a tab per part of the support route.

The case is read on the database worker and handed to every tab at once; any saved change that
touches this case (from this screen or another) reloads it, so the tabs never disagree.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.reads import read_case
from desktop.ui import labels
from desktop.ui.case_view.attachments_tab import AttachmentsTab
from desktop.ui.case_view.common import PRIORITY_COLOURS, CaseData, CaseTab, show_date
from desktop.ui.case_view.displacement_tab import DisplacementTab
from desktop.ui.case_view.history_tab import HistoryTab
from desktop.ui.case_view.journal_tab import JournalTab
from desktop.ui.case_view.merge_banner import MergeBanner
from desktop.ui.case_view.needs_tab import NeedsTab
from desktop.ui.case_view.person_tab import PersonTab
from desktop.ui.case_view.plan_tab import PlanTab
from desktop.ui.case_view.status_actions import StatusActions
from desktop.ui.case_view.tasks_tab import TasksTab
from desktop.ui.case_view.transfer_banner import TransferBanner
from desktop.ui.forms.fields import ERROR_COLOUR
from desktop.ui.transfer_dialog import TransferDialog
from sync.records.identifiers import transliterate

log = logging.getLogger(__name__)


def _age(birth: str | None) -> int | None:
    try:
        born = date.fromisoformat(birth or "")
    except ValueError:
        return None
    today = date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class CaseWindow(QWidget):
    def __init__(self, ctx, case_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.data: CaseData | None = None
        self.setWindowTitle(self.tr("Справа"))

        header = QFrame(self)
        header.setObjectName("caseHeader")
        header.setStyleSheet("QFrame#caseHeader { border-bottom: 1px solid #c9ced6; }")
        self.name_label = QLabel(self.tr("Завантаження…"), header)
        self.name_label.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.latin_label = QLabel(header)
        self.latin_label.setStyleSheet("color: #555;")
        self.facts_label = QLabel(header)
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_actions = StatusActions(ctx, case_id, header)
        names = QHBoxLayout()
        names.addWidget(self.name_label)
        names.addWidget(self.latin_label, 0, Qt.AlignmentFlag.AlignBottom)
        names.addStretch(1)
        names.addWidget(self.status_actions)
        self.transfer_button = QPushButton(self.tr("Передати…"), header)
        self.transfer_button.setObjectName("transferButton")
        self.transfer_button.setToolTip(self.tr("Передати справу до іншого офісу (можна без зв'язку)"))
        self.transfer_button.setVisible(ctx.may_reassign())
        self.transfer_button.clicked.connect(self.start_transfer)
        names.addWidget(self.transfer_button)
        self.merge_button = QPushButton(self.tr("Об'єднати…"), header)
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setToolTip(self.tr("Об'єднати з іншою справою цієї ж особи на цьому ноутбуці"))
        self.merge_button.setVisible(ctx.may_reassign())
        self.merge_button.clicked.connect(self.start_merge)
        names.addWidget(self.merge_button)
        head = QVBoxLayout(header)
        head.setContentsMargins(8, 6, 8, 6)
        head.addLayout(names)
        head.addWidget(self.facts_label)

        self.conflict_banner = QFrame(self)
        self.conflict_banner.setObjectName("conflictBanner")  # a bare style would reach the children too
        self.conflict_banner.setStyleSheet("QFrame#conflictBanner { background: #fff4d6;"
                                           " border-left: 4px solid #8a5300; }")
        self.conflict_text = QLabel(self.conflict_banner)
        self.conflict_button = QPushButton(self.tr("Переглянути"), self.conflict_banner)
        self.conflict_button.clicked.connect(self.review_conflict)
        banner = QHBoxLayout(self.conflict_banner)
        banner.addWidget(self.conflict_text, 1)
        banner.addWidget(self.conflict_button)
        self.conflict_banner.hide()

        self.transfer_banner = TransferBanner(ctx, case_id, self)
        self.transfer_banner.pending_changed.connect(lambda held: self._set_read_only(held, "transfer"))
        self.merge_banner = MergeBanner(ctx, case_id, self)
        self.merge_banner.merged_changed.connect(lambda held: self._set_read_only(held, "merge"))
        self._held_by: set[str] = set()

        self.tabs = QTabWidget(self)
        self.person_tab = PersonTab(ctx, case_id, self)
        self.displacement_tab = DisplacementTab(ctx, case_id, self)
        self.needs_tab = NeedsTab(ctx, case_id, self)
        self.plan_tab = PlanTab(ctx, case_id, self)
        self.journal_tab = JournalTab(ctx, case_id, self)
        self.tasks_tab = TasksTab(ctx, case_id, self)
        self.attachments_tab = AttachmentsTab(ctx, case_id, self)
        self.history_tab = HistoryTab(ctx, case_id, self)
        for tab, title in ((self.person_tab, self.tr("Особа і домогосподарство")),
                           (self.displacement_tab, self.tr("Переміщення і документи")),
                           (self.needs_tab, self.tr("Оцінювання потреб")),
                           (self.plan_tab, self.tr("План підтримки")),
                           (self.journal_tab, self.tr("Журнал")),
                           (self.tasks_tab, self.tr("Завдання")),
                           (self.attachments_tab, self.tr("Вкладення")),
                           (self.history_tab, self.tr("Історія"))):
            self.tabs.addTab(tab, title)
        # Alt+1…8 switch tabs: letter mnemonics on the tabs would collide with the fields' own.
        for i in range(self.tabs.count()):
            self.tabs.setTabToolTip(i, f"Alt+{i + 1}")
            QShortcut(QKeySequence(f"Alt+{i + 1}"), self, lambda i=i: self.tabs.setCurrentIndex(i),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(header)
        layout.addWidget(self.conflict_banner)
        layout.addWidget(self.transfer_banner)
        layout.addWidget(self.merge_banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        for tab in self.all_tabs():
            tab.notify.connect(self.show_message)
        ctx.changed.connect(self._changed)
        ctx.refreshed.connect(self.reload)  # a sync pull changed records underneath

        # Who viewed the case is history: a write (a mutation, never the read path), logged before the
        # first load on the same serial worker, so the History tab shows it straight away.
        cases = ctx.cases
        ctx.mutation(lambda: cases.log_view(case_id), parent=self).failure(self._view_not_logged).run()
        self.reload()

    def all_tabs(self) -> list[CaseTab]:
        return [self.person_tab, self.displacement_tab, self.needs_tab, self.plan_tab, self.journal_tab,
                self.tasks_tab, self.attachments_tab, self.history_tab, self.status_actions]

    # -- loading --------------------------------------------------------------------------------

    def _view_not_logged(self, exc: Exception) -> None:
        log.warning("the view of a case was not logged: %s", type(exc).__name__)

    def _changed(self, cs) -> None:
        if self.case_id in cs.case_ids and cs.record_types != {"history"}:  # a view logged changes nothing shown
            self.reload()

    def reload(self) -> None:
        if not self.ctx.is_open:
            return
        store, case_id = self.ctx.store, self.case_id
        self.ctx.read(lambda: read_case(store, case_id), self._loaded, self._load_failed, owner=self)
        self.transfer_banner.load()
        self.merge_banner.load()

    def _set_read_only(self, held: bool, by: str = "transfer") -> None:
        """While this office's transfer of the case is pending, or the case is merged into another, nothing
        here can be changed (the service refuses it too): every tab but the history, the status actions,
        the transfer button."""
        self._held_by = (self._held_by | {by}) if held else (self._held_by - {by})
        held = bool(self._held_by)
        for tab in self.all_tabs():
            if tab is not self.history_tab:
                tab.setEnabled(not held)
        self.transfer_button.setEnabled(not held)
        self.merge_button.setEnabled(not held)

    def start_merge(self) -> None:
        from desktop.ui.merge_dialog import MergeCandidatesDialog

        MergeCandidatesDialog(self.ctx, self.case_id, self).open()

    def start_transfer(self) -> None:
        TransferDialog(self.ctx, self.case_id, self.windowTitle(), self).open()

    def _loaded(self, data: CaseData | None) -> None:
        if data is None:
            self.name_label.setText(self.tr("Справу не знайдено"))
            self.facts_label.setText(self.tr("Її могли передати іншому офісу."))
            self.tabs.setEnabled(False)
            return
        self.data = data
        self.tabs.setEnabled(True)  # a reload mid-download may have found the case not there yet
        self._show_header(data)
        for tab in self.all_tabs():
            tab.set_data(data)
        self._show_conflicts(data)

    def _load_failed(self, _exc: Exception) -> None:
        self.show_message(self.tr("Не вдалося прочитати справу."), "error")

    def _show_header(self, data: CaseData) -> None:
        person, case = data.one("person"), data.one("case")
        name = " ".join(p for p in (person.get("surname"), person.get("given_name"), person.get("patronymic")) if p)
        self.name_label.setText(name or self.tr("(без імені)"))
        latin = [transliterate(person.get(k)) for k in ("surname", "given_name", "patronymic")]
        latin[0] = latin[0].upper()
        self.latin_label.setText(" ".join(p for p in latin if p))
        self.setWindowTitle(name)
        age = _age(person.get("birth_date"))
        born = show_date(person.get("birth_date"))
        if age is not None:
            born += self.tr(" (%n р.)", "", age)
        colour = PRIORITY_COLOURS.get(data.priority, "#5f6368")
        facts = [
            (self.tr("Народж."), born),
            (self.tr("Категорія"), labels.short_label("category", case.get("category"))),
            (self.tr("Етап"), labels.label("stage", case.get("stage"))),
            (self.tr("Стан"), labels.label("status", case.get("status"))
             + (f" — {labels.label('closure_reason', case.get('closure_reason'))}"
                if case.get("status") == "closed" else "")),
            (self.tr("Пріоритет"), f"<span style='color:{colour}; font-weight:600'>"
                                   f"{labels.label('priority', data.priority)}</span>"),
            (self.tr("Звідки"), self._origin(data.one("displacement").get("origin_katottg"))),
            (self.tr("Відповідальний"), self._name(case.get("assigned_to"))),
            (self.tr("Офіс"), data.office_name or case.get("office_id") or ""),
        ]
        self.facts_label.setText(" &nbsp;·&nbsp; ".join(f"<span style='color:#555'>{k}:</span> {v}"
                                                      for k, v in facts if v))

    def _origin(self, code: str | None) -> str:
        """The place of origin, flagged when it is on the hostilities/occupation list today."""
        if not code:
            return ""
        from sync.reference import get_codifier, get_hostilities_list

        unit = get_codifier().get(code)
        text = unit.short_label if unit else code
        current = get_hostilities_list(self.ctx.store.data_dir).current_for(code)
        if current:
            today = date.today()  # the start of the period in force, not of the first one
            since = min(p.start for x in current for p in x.periods if p.contains(today))
            text += " <span style='color:#b3261e'>" + self.tr("(на переліку з %1)").replace(
                "%1", show_date(since.isoformat())) + "</span>"
        return text

    def _name(self, username: str | None) -> str:
        return self.ctx.display_name(username)

    def _show_conflicts(self, data: CaseData) -> None:
        open_ = [c for c in data.many("conflict") if c.get("status") == "open"]
        self.conflict_banner.setVisible(bool(open_))
        if open_:
            self.conflict_text.setText(self.tr(
                "Неузгоджені зміни з іншого комп'ютера: %n. Збережено одне значення; перевірте його.", "",
                len(open_)))

    def review_conflict(self) -> None:
        from desktop.ui.conflict_dialog import ConflictDialog

        open_ = [c for c in (self.data.many("conflict") if self.data else []) if c.get("status") == "open"]
        if open_:
            ConflictDialog(self.ctx, open_[0]["id"], self).open()

    # -- messages and closing -------------------------------------------------------------------

    def show_message(self, text: str, kind: str = "info") -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;" if kind == "error" else "")

    def maybe_close(self) -> bool:
        """Asked by the main window before closing the tab: unsaved edits are not lost silently."""
        if not any(tab.is_dirty() for tab in self.all_tabs()):
            return True
        answer = QMessageBox.question(
            self, self.tr("Незбережені зміни"),
            self.tr("У справі є незбережені зміни. Закрити без збереження?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard
