"""The journal: contacts, visits, calls and notes. Append-only: an entry is never edited or deleted,
so the record of what was promised and done stays trustworthy (and never conflicts in sync)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import labels
from desktop.ui.case_view.common import ID_ROLE, CaseData, CaseTab, show_datetime
from desktop.ui.forms.fields import ChoiceCombo


class JournalTab(CaseTab):
    def __init__(self, ctx, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self.entries = QListWidget(self)
        self.entries.setWordWrap(True)
        self.entries.setAlternatingRowColors(True)
        self.entries.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.entries.setAccessibleName(self.tr("Записи журналу"))
        self.entries.setSpacing(2)
        hint = QLabel(self.tr("Записи журналу не змінюються і не видаляються. Помилку виправляють новим записом."),
                      self)
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)

        self.kind = ChoiceCombo("journal_kind", self, optional=False)
        self.kind.set_value("call")
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr("Що сталося, про що домовилися, що далі"))
        self.text.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.add_button = QPushButton(self.tr("Додати &запис"), self)
        self.add_button.setToolTip(self.tr("Ctrl+Enter"))
        self.add_button.clicked.connect(self.add_entry)
        self.text.installEventFilter(self)  # Ctrl+Enter adds the entry, plain Enter is a new line
        side = QVBoxLayout()
        side.addWidget(self.kind)
        side.addStretch(1)
        side.addWidget(self.add_button)
        form = QHBoxLayout()
        form.addWidget(self.text, 1)
        form.addLayout(side)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.entries, 1)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.text and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.add_entry()
            return True
        return super().eventFilter(watched, event)

    def populate(self, data: CaseData) -> None:
        self.entries.clear()
        for entry in reversed(data.many("journal_entry")):  # newest first
            author = entry.get("author")
            head = " · ".join(p for p in (show_datetime(entry.get("occurred_at")),
                                          self.ctx.display_name(author),
                                          labels.label("journal_kind", entry.get("kind"))) if p)
            item = QListWidgetItem(f"{head}\n{entry.get('text') or ''}", self.entries)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)  # not editable
            item.setData(ID_ROLE, entry["id"])

    def add_entry(self) -> None:
        text = self.text.toPlainText().strip()
        if not text:
            self.text.setFocus()
            return
        fields = {"kind": self.kind.value(), "text": text}
        cases, case_id = self.ctx.cases, self.case_id
        self.write(lambda: cases.add("journal_entry", case_id, fields), self.tr("Запис додано до журналу."),
                   on_done=self._added)

    def _added(self, _cs) -> None:
        self.text.clear()

    def is_dirty(self) -> bool:
        return bool(self.text.toPlainText().strip())
