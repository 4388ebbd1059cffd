"""Small input widgets shared by the registration form and the case tabs.

Each one reads and writes the stored form of its value (ISO dates, schema codes, lists), so the
screens build records without knowing how a widget shows them.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import labels
from sync.records.dates import format_date, parse_date
from sync.records.issues import ValidationIssue

ERROR_COLOUR = "#b3261e"
WARNING_COLOUR = "#8a5300"

# Applied once to a form: a field with an issue gets a coloured border as well as the message
# under it, so the message is found again when scrolling back.
ISSUE_STYLE = f"""
QLineEdit[issue="error"], QComboBox[issue="error"] {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px; }}
QLineEdit[issue="warning"], QComboBox[issue="warning"] {{ border: 2px solid #d08a00; border-radius: 3px; }}
"""


def focusable_before(widget: QWidget) -> QWidget:
    """The nearest widget before `widget` in the focus chain that takes focus.

    QWidget.setTabOrder ignores widgets with no focus policy (labels, containers), so rows added
    later are chained after a real field.
    """
    w = widget.previousInFocusChain()
    while w is not widget and w.focusPolicy() == Qt.FocusPolicy.NoFocus:
        w = w.previousInFocusChain()
    return w


def mark_issue(widget: QWidget, severity: str | None) -> None:
    if widget.property("issue") == severity:
        return
    widget.setProperty("issue", severity)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class DateField(QLineEdit):
    """A date typed as dd.mm.yyyy (caseworkers type faster than they click a calendar).

    `iso()` gives the ISO date, or the raw text when it is not a date, so validation names it.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(self.tr("дд.мм.рррр"))
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9.\-]{0,10}"), self))
        self.setMaxLength(10)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00.00.00000") + 24)
        self.editingFinished.connect(self._tidy)

    def _tidy(self) -> None:
        text = self.text().strip()
        if len(text) == 8 and text.isdigit():  # 01022020 -> 01.02.2020
            self.setText(f"{text[:2]}.{text[2:4]}.{text[4:]}")

    def iso(self) -> str | None:
        text = self.text().strip()
        if not text:
            return None
        try:
            return parse_date(text).isoformat()
        except ValueError:
            return text

    def set_iso(self, value: str | None) -> None:
        try:
            self.setText(format_date(parse_date(value)) if value else "")
        except ValueError:
            self.setText(value or "")


class ChoiceCombo(QComboBox):
    """Codes of one label kind, shown by name; `optional` adds an empty first entry."""

    def __init__(self, kind: str, parent: QWidget | None = None, *, optional: bool = True,
                 codes: tuple[str, ...] | None = None):
        super().__init__(parent)
        if optional:
            self.addItem("—", None)
        for code, name in labels.choices(kind):
            if codes is None or code in codes:
                self.addItem(name, code)

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, code: str | None) -> None:
        index = self.findData(code)
        self.setCurrentIndex(max(index, 0))


class _StayOpenMenu(QMenu):
    """Toggling a checkable entry keeps the menu open, so several can be ticked in one go."""

    def mouseReleaseEvent(self, event) -> None:
        action = self.activeAction()
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.activeAction()
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and action is not None \
                and action.isCheckable():
            action.trigger()
            return
        super().keyPressEvent(event)


class MultiChoiceButton(QToolButton):
    """Several codes of one kind in a compact drop-down (household members' vulnerabilities)."""

    changed = Signal()

    def __init__(self, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        menu = _StayOpenMenu(self)
        self._actions = {}
        for code, name in labels.choices(kind):
            action = menu.addAction(name)
            action.setCheckable(True)
            action.toggled.connect(self._update)
            self._actions[code] = action
        self.setMenu(menu)
        self._update()

    def _update(self) -> None:
        chosen = [a.text() for a in self._actions.values() if a.isChecked()]
        self.setText(", ".join(chosen) if chosen else self.tr("немає"))
        self.setToolTip("\n".join(chosen))
        self.changed.emit()

    def value(self) -> list[str]:
        return [code for code, a in self._actions.items() if a.isChecked()]

    def set_value(self, codes: list[str] | None) -> None:
        for code, action in self._actions.items():
            action.setChecked(code in (codes or []))


class PhoneList(QWidget):
    """One or more phone numbers, one line each."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list[tuple[QWidget, QLineEdit]] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(self.tr("+ Ще один телефон"), self)
        self.add_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        self._layout.addWidget(self.add_button)
        self.add_row()

    def add_row(self, text: str = "", *, focus: bool = False) -> QLineEdit:
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(text, row)
        edit.setPlaceholderText(self.tr("+380 67 123 45 67"))
        edit.textChanged.connect(self.changed)
        remove = QToolButton(row)
        remove.setText("✕")
        remove.setToolTip(self.tr("Видалити цей номер"))
        remove.clicked.connect(lambda: self._remove(row))
        line.addWidget(edit, 1)
        line.addWidget(remove)
        # Tab follows reading order: the new row goes after the last one, the add button after it.
        before = self._rows[-1][0].findChild(QToolButton) if self._rows else focusable_before(self.add_button)
        self._rows.append((row, edit))
        self._layout.insertWidget(len(self._rows) - 1, row)
        for a, b in ((before, edit), (edit, remove), (remove, self.add_button)):
            QWidget.setTabOrder(a, b)
        self._sync_remove_buttons()
        if focus:
            edit.setFocus()
        return edit

    def _remove(self, row: QWidget) -> None:
        self._rows = [(r, e) for r, e in self._rows if r is not row]
        self._drop(row)
        if not self._rows:
            self.add_row()
        self._sync_remove_buttons()
        self.changed.emit()

    def _drop(self, row: QWidget) -> None:
        row.hide()
        self._layout.removeWidget(row)
        row.deleteLater()

    def _sync_remove_buttons(self) -> None:
        for row, _ in self._rows:
            row.findChild(QToolButton).setVisible(len(self._rows) > 1)

    def edits(self) -> list[QLineEdit]:
        return [e for _, e in self._rows]

    def values(self) -> list[str]:
        return [e.text().strip() for e in self.edits() if e.text().strip()]

    def set_values(self, phones: list[str] | None) -> None:
        from sync.records.identifiers import format_phone

        for row, _ in self._rows:
            self._drop(row)
        self._rows = []
        for phone in phones or [""]:
            self.add_row(format_phone(phone) if phone else "")


class IssueLabel(QLabel):
    """The validation messages of one field, in red (errors) or amber (warnings), under the field."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()
        self.severity: str | None = None
        self.with_field_names = False  # one label for several fields (a household row) names them

    def show_issues(self, issues: list[ValidationIssue], lang: str = "uk") -> None:
        if not issues:
            self.severity = None
            self.clear()
            self.hide()
            return
        self.severity = "error" if any(i.severity == "error" for i in issues) else "warning"
        lines = []
        for issue in issues:
            text = issue.message(lang)
            if self.with_field_names:
                text = f"{labels.field_label(issue.field.rsplit('.', 1)[-1])}: {text}"
            if issue.params.get("index") is not None and issue.field.endswith("phones"):
                text += self.tr(" (номер %1)").replace("%1", str(int(issue.params["index"]) + 1))
            lines.append(("✖ " if issue.severity == "error" else "⚠ ") + text)
        self.setText("\n".join(dict.fromkeys(lines)))
        colour = ERROR_COLOUR if self.severity == "error" else WARNING_COLOUR
        self.setStyleSheet(f"color: {colour};")
        self.show()


def ui_lang() -> str:
    """The language of validation messages: the interface language (Qt's default locale)."""
    from PySide6.QtCore import QLocale

    return "en" if QLocale().language() == QLocale.Language.English else "uk"
