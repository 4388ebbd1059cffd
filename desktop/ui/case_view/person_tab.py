"""The person and the household, editable with the same fields as registration."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop.services.cases import CaseEdits, ChangeSet, normalize_fields
from desktop.ui.case_view.common import CaseData, CaseTab
from desktop.ui.forms.binder import IssueBinder
from desktop.ui.forms.fields import ISSUE_STYLE
from desktop.ui.forms.household_section import HouseholdSection
from desktop.ui.forms.person_section import PersonSection
from sync.records.issues import ValidationIssue


def changed_fields(rtype: str, original: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Only what the user changed, compared in stored form (so "" and None, typed phones, match)."""
    new = normalize_fields(rtype, values)
    old = normalize_fields(rtype, {k: original.get(k) for k in values})
    return {k: v for k, v in new.items() if v != old.get(k) and not (v in (None, [], False) and not old.get(k))}


def save_person_and_household(cases, case_id: str, person_id: str, person: dict[str, Any],
                              added: list[dict[str, Any]], updated: dict[str, dict[str, Any]],
                              removed: list[str]) -> ChangeSet:
    """Run on the worker: the person and every member added, changed or removed, in one transaction."""
    edits = CaseEdits(case_id,
                      updates=([("person", person_id, person)] if person else [])
                      + [("household_member", member_id, fields) for member_id, fields in updated.items()],
                      adds=[("household_member", fields) for fields in added],
                      deletes=[("household_member", member_id) for member_id in removed])
    return cases.apply(edits) if edits else ChangeSet()


class _EditTab(CaseTab):
    """A form over records of the case: loads when clean, keeps the user's edits while dirty.

    Its strings use the fixed context "EditTab": self.tr() would look them up under the
    subclass's name, where lupdate never put them.
    """

    def __init__(self, ctx, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self.setStyleSheet(ISSUE_STYLE)
        self.binder = IssueBinder(self)
        self.binder.changed.connect(self._edited)
        self._loading = False
        self._dirty = False
        self.content = QWidget()
        self.column = QVBoxLayout(self.content)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.content)
        self.content.setMaximumWidth(1040)
        self.save_button = QPushButton(QCoreApplication.translate("EditTab", "Зберегти зміни"), self)
        self.save_button.setToolTip(QCoreApplication.translate("EditTab", "Ctrl+S"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(QCoreApplication.translate("EditTab", "Скасувати зміни"), self)
        self.revert_button.setEnabled(False)
        self.revert_button.clicked.connect(self.revert)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def populate(self, data: CaseData) -> None:
        if self._dirty:
            return  # a reload must not wipe what is being typed; saving reloads anyway
        self._loading = True
        try:
            self.fill(data)
        finally:
            self._loading = False
        self.binder.reset()
        self.binder.apply([])
        self._set_dirty(False)

    def fill(self, data: CaseData) -> None:
        raise NotImplementedError

    def issues(self) -> list[ValidationIssue]:
        raise NotImplementedError

    def _edited(self) -> None:
        if not self._loading:
            self._set_dirty(True)
            self.binder.apply(self.issues())

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def is_dirty(self) -> bool:
        return self._dirty

    def revert(self) -> None:
        self._dirty = False
        if self.data is not None:
            self.populate(self.data)

    def save(self) -> None:
        if not self._dirty or self.data is None:
            return
        self.binder.show_all = True
        issues = self.issues()
        self.binder.apply(issues)
        if any(i.severity == "error" for i in issues):
            target = self.binder.first_error_widget()
            if target is not None:
                target.setFocus()
            self.notify.emit(QCoreApplication.translate("EditTab", "Не збережено: виправте позначені поля."), "error")
            return
        self.write(self.build_write(), QCoreApplication.translate("EditTab", "Зміни збережено."), on_done=self._saved)

    def build_write(self):
        raise NotImplementedError

    def _saved(self, _cs) -> None:
        self._dirty = False
        # ctx.changed reloads the case and refills the form from what was stored


class PersonTab(_EditTab):
    def __init__(self, ctx, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        person_box = QGroupBox(self.tr("Особа"), self.content)
        self.person = PersonSection(self.binder, person_box)
        QVBoxLayout(person_box).addWidget(self.person)
        household_box = QGroupBox(self.tr("Домогосподарство"), self.content)
        self.household = HouseholdSection(self.binder, household_box)
        self.household.changed.connect(self.binder.changed)
        QVBoxLayout(household_box).addWidget(self.household)
        self.column.addWidget(person_box)
        self.column.addWidget(household_box)
        self.column.addStretch(1)

    def fill(self, data: CaseData) -> None:
        self.person.set_values(data.one("person"))
        self.household.set_members(data.many("household_member"))

    def issues(self) -> list[ValidationIssue]:
        cases = self.ctx.cases
        out = [ValidationIssue(f"person.{i.field}", i.code, i.severity, i.params)
               for i in cases.check("person", normalize_fields("person", self.person.values()))]
        for n, values in enumerate(self.household.values()):
            out += [ValidationIssue(f"household.{n}.{i.field}", i.code, i.severity, i.params)
                    for i in cases.check("household_member", normalize_fields("household_member", values))]
        return out

    def build_write(self):
        person = self.data.one("person")
        person_changes = changed_fields("person", person, self.person.values())
        added, updated = [], {}
        for row in self.household.rows:
            values = row.values()
            if row.record_id is None:
                added.append(values)
            else:
                diff = changed_fields("household_member", row.original, values)
                if diff:
                    updated[row.record_id] = diff
        removed = list(self.household.removed_ids)
        cases, case_id, person_id = self.ctx.cases, self.case_id, person["id"]
        return lambda: save_person_and_household(cases, case_id, person_id, person_changes, added, updated, removed)
