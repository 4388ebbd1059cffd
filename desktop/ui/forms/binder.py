"""Inline validation: the issues of a record shown next to the fields they concern.

A field's messages appear once the user has left it (or tried to save), then follow every
keystroke; nobody wants "required" in red on a form they have not started filling in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.forms.fields import IssueLabel, MultiChoiceButton, PhoneList, mark_issue, ui_lang
from sync.records.issues import ValidationIssue


@dataclass
class _Target:
    widget: QWidget          # what gets the border and the focus
    label: IssueLabel


class IssueBinder(QObject):
    """Field keys ("person.rnokpp", "household.0.given_name") bound to widgets and message labels."""

    changed = Signal()  # some bound value changed: the owner revalidates (debounced)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._targets: dict[str, _Target] = {}
        # The widgets themselves, not id()s: a removed household row's id could be reused.
        self._touched: set[QWidget] = set()
        self._watched: set[QWidget] = set()
        self.show_all = False
        self.unbound: list[ValidationIssue] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.changed)

    def bind(self, key: str, widget: QWidget, label: IssueLabel) -> None:
        self._targets[key] = _Target(widget, label)
        if widget in self._watched:
            return
        self._watched.add(widget)

        def touch(*_args, w=widget) -> None:
            self.touch(w)

        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self._timer.start)
            widget.editingFinished.connect(touch)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(touch)
        elif isinstance(widget, QAbstractButton) and not isinstance(widget, MultiChoiceButton):
            widget.toggled.connect(touch)
        elif isinstance(widget, (PhoneList, MultiChoiceButton)):
            widget.changed.connect(touch)
        if isinstance(widget, PhoneList):
            widget.changed.connect(self._timer.start)
        else:
            # Any other value change (e.g. a picker) revalidates too.
            signal = getattr(widget, "code_changed", None)
            if signal is not None:
                signal.connect(touch)

    def unbind_prefix(self, prefix: str) -> None:
        for key in [k for k in self._targets if k.startswith(prefix)]:
            target = self._targets.pop(key)
            target.label.show_issues([])

    def touch(self, widget: QWidget) -> None:
        self._touched.add(widget)
        self._timer.start()

    def apply(self, issues: list[ValidationIssue]) -> None:
        by_key: dict[str, list[ValidationIssue]] = defaultdict(list)
        for issue in issues:
            by_key[issue.field].append(issue)
        lang = ui_lang()
        per_label: dict[int, tuple[_Target, list[ValidationIssue]]] = {}
        for key, target in self._targets.items():
            entry = per_label.setdefault(id(target.label), (target, []))
            if self.show_all or target.widget in self._touched:
                entry[1].extend(by_key.get(key, []))
        for target, found in per_label.values():
            target.label.show_issues(found, lang)
            mark_issue(target.widget, target.label.severity)
        self.unbound = [i for i in issues if i.field not in self._targets]

    def reset(self) -> None:
        """After filling the fields from a record: nothing is touched, nothing pending."""
        self._timer.stop()
        self._touched.clear()
        self.show_all = False

    def label_for(self, key: str) -> IssueLabel | None:
        target = self._targets.get(key)
        return target.label if target else None

    def first_error_widget(self) -> QWidget | None:
        for target in self._targets.values():
            if target.label.severity == "error":
                return target.widget
        return None


def field_row(form: QFormLayout, text: str, widget: QWidget, binder: IssueBinder | None = None,
              key: str | None = None, *, extra: QWidget | None = None) -> IssueLabel:
    """A labelled row: the field (plus an optional neighbour) with its message label below it."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    if extra is not None:
        from PySide6.QtWidgets import QHBoxLayout

        line = QHBoxLayout()
        line.addWidget(widget, 1)
        line.addWidget(extra)
        column.addLayout(line)
    else:
        column.addWidget(widget)
    issue = IssueLabel(box)
    column.addWidget(issue)
    label = QLabel(text)
    label.setBuddy(widget)  # the "&" in the text becomes an Alt shortcut to the field
    form.addRow(label, box)
    if binder is not None and key is not None:
        binder.bind(key, widget, issue)
    return issue
