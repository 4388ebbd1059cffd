"""Needs assessment: a grid of need domains × severity with notes, the derived priority, the history.

Each assessment is a new record (a dated snapshot), never an edit of the previous one: the
history of how needs changed is what monitoring and the monthly report rely on. The grid starts
from the latest assessment so a reassessment only changes what changed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import labels
from desktop.ui.case_view.common import (
    PRIORITY_COLOURS,
    CaseData,
    CaseTab,
    cell,
    make_table,
    show_date,
    today_iso,
)
from desktop.ui.forms.fields import DateField
from sync.records.schema import NEED_DOMAINS, SEVERITIES, SEVERITY_RANK, derive_priority


class NeedsTab(CaseTab):
    def __init__(self, ctx, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self._dirty = False
        content = QWidget()
        column = QVBoxLayout(content)

        grid_box = QGroupBox(self.tr("Нове оцінювання потреб"), content)
        grid = QGridLayout(grid_box)
        grid.addWidget(QLabel(f"<b>{self.tr('Сфера')}</b>"), 0, 0)
        for col, severity in enumerate(SEVERITIES, start=1):
            head = QLabel(f"<b>{labels.label('severity', severity)}</b>")
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(head, 0, col)
        grid.addWidget(QLabel(f"<b>{self.tr('Примітка')}</b>"), 0, len(SEVERITIES) + 1)
        self.groups: dict[str, QButtonGroup] = {}
        self.notes: dict[str, QLineEdit] = {}
        for row, domain in enumerate(NEED_DOMAINS, start=1):
            name = labels.label("need_domain", domain)
            grid.addWidget(QLabel(name), row, 0)
            group = QButtonGroup(self)
            group.setExclusive(True)
            for col, severity in enumerate(SEVERITIES, start=1):
                button = QRadioButton(grid_box)
                button.setAccessibleName(f"{name}: {labels.label('severity', severity)}")
                button.setToolTip(button.accessibleName())
                group.addButton(button, col - 1)
                grid.addWidget(button, row, col, Qt.AlignmentFlag.AlignCenter)
            group.idToggled.connect(self._grid_changed)
            note = QLineEdit(grid_box)
            note.setPlaceholderText(self.tr("що саме, для кого"))
            note.textEdited.connect(self._grid_changed)
            grid.addWidget(note, row, len(SEVERITIES) + 1)
            self.groups[domain] = group
            self.notes[domain] = note
        grid.setColumnStretch(len(SEVERITIES) + 1, 1)

        below = QFormLayout()
        self.assessed_on = DateField(grid_box)
        self.summary = QPlainTextEdit(grid_box)
        self.summary.setPlaceholderText(self.tr("Загальний висновок фахівця"))
        self.summary.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.summary.textChanged.connect(self._grid_changed)
        self.priority = QLabel(grid_box)
        self.priority.setObjectName("derivedPriority")
        self.save_button = QPushButton(self.tr("Зберегти о&цінювання"), grid_box)
        self.save_button.clicked.connect(self.save)
        date_label = QLabel(self.tr("Да&та оцінювання"))
        date_label.setBuddy(self.assessed_on)
        below.addRow(date_label, self.assessed_on)
        below.addRow(self.tr("Висновок"), self.summary)
        line = QHBoxLayout()
        line.addWidget(self.priority, 1)
        line.addWidget(self.save_button)
        below.addRow(line)
        grid.addLayout(below, len(NEED_DOMAINS) + 1, 0, 1, len(SEVERITIES) + 2)
        column.addWidget(grid_box)

        history_box = QGroupBox(self.tr("Попередні оцінювання"), content)
        self.history = make_table([self.tr("Дата"), self.tr("Провів"), self.tr("Пріоритет"),
                                   self.tr("Суттєві потреби")], history_box, stretch=3)
        self.history.setMinimumHeight(200)
        QVBoxLayout(history_box).addWidget(self.history)
        column.addWidget(history_box)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        QVBoxLayout(self).addWidget(scroll)
        self._show_priority()

    # -- grid -----------------------------------------------------------------------------------

    def severities(self) -> dict[str, str]:
        out = {}
        for domain, group in self.groups.items():
            checked = group.checkedId()
            out[domain] = SEVERITIES[checked] if checked >= 0 else "none"
        return out

    def set_severity(self, domain: str, severity: str) -> None:
        self.groups[domain].button(SEVERITIES.index(severity)).setChecked(True)

    def _grid_changed(self, *_args) -> None:
        self._dirty = True
        self._show_priority()

    def _show_priority(self) -> None:
        priority = derive_priority(self.severities())
        colour = PRIORITY_COLOURS.get(priority, "#5f6368")
        self.priority.setText(self.tr("Пріоритет за цим оцінюванням: %1").replace(
            "%1", f"<b style='color:{colour}'>{labels.label('priority', priority)}</b>"))
        self.current_priority = priority

    def is_dirty(self) -> bool:
        return self._dirty

    # -- data -----------------------------------------------------------------------------------

    def populate(self, data: CaseData) -> None:
        assessments = data.many("assessment")  # oldest first
        self._show_history(assessments)
        if self._dirty:
            return
        latest = assessments[-1] if assessments else {}
        for domain in NEED_DOMAINS:
            self.groups[domain].blockSignals(True)
            self.set_severity(domain, latest.get(domain) or "none")
            self.groups[domain].blockSignals(False)
            self.notes[domain].setText(latest.get(f"{domain}_note") or "")
        self.summary.blockSignals(True)
        self.summary.setPlainText("")
        self.summary.blockSignals(False)
        self.assessed_on.set_iso(today_iso())
        self._show_priority()
        self._dirty = False

    def _show_history(self, assessments: list[dict]) -> None:
        self.history.setRowCount(0)
        for a in reversed(assessments):
            row = self.history.rowCount()
            self.history.insertRow(row)
            priority = derive_priority(a)
            needs = [(d, a.get(d)) for d in NEED_DOMAINS if SEVERITY_RANK.get(a.get(d) or "none", 0) >= 2]
            needs.sort(key=lambda n: -SEVERITY_RANK[n[1]])
            text = "; ".join(f"{labels.label('need_domain', d)} — {labels.label('severity', s).lower()}"
                             for d, s in needs)
            notes = "\n".join(f"{labels.label('need_domain', d)}: {a[f'{d}_note']}"
                              for d in NEED_DOMAINS if a.get(f"{d}_note"))
            tooltip = "\n\n".join(p for p in (notes, a.get("summary") or "") if p)
            author = a.get("assessed_by")
            self.history.setItem(row, 0, cell(show_date(a.get("assessed_on")), a["id"], tooltip))
            self.history.setItem(row, 1, cell(self.ctx.display_name(author)))
            self.history.setItem(row, 2, cell(labels.label("priority", priority)))
            self.history.setItem(row, 3, cell(text or self.tr("суттєвих потреб немає"), tooltip=tooltip))

    def save(self) -> None:
        fields = dict(self.severities())
        for domain, note in self.notes.items():
            fields[f"{domain}_note"] = note.text()
        fields["summary"] = self.summary.toPlainText()
        fields["assessed_on"] = self.assessed_on.iso() or today_iso()
        cases, case_id = self.ctx.cases, self.case_id
        self._dirty = False  # the reload after saving shows what was stored
        self.write(lambda: cases.add("assessment", case_id, fields), self.tr("Оцінювання збережено."))
