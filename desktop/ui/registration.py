"""Registering a person: one scrolling form for the person, the household and the displacement.

Validation runs as the user leaves each field (check_registration is fast and needs no database);
errors block saving, warnings do not. Before saving, possible duplicates are looked up on the
database worker and shown with their reasons, with the choice to open the existing case instead.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services.cases import Registration
from desktop.ui.forms.binder import IssueBinder, field_row
from desktop.ui.forms.displacement_section import DisplacementSection
from desktop.ui.forms.duplicates import DuplicatesDialog, duplicate_candidates
from desktop.ui.forms.fields import ERROR_COLOUR, ISSUE_STYLE, ChoiceCombo
from desktop.ui.forms.household_section import HouseholdSection
from desktop.ui.forms.person_section import PersonSection
from sync.records.issues import ValidationError, ValidationIssue

log = logging.getLogger(__name__)


class RegistrationForm(QWidget):
    case_registered = Signal(str)
    open_case_requested = Signal(str)
    cancelled = Signal()

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.duplicates_dialog: DuplicatesDialog | None = None
        self._busy = False
        self.setStyleSheet(ISSUE_STYLE)
        self.binder = IssueBinder(self)
        self.binder.changed.connect(self.validate)

        content = QWidget()
        content.setMaximumWidth(1040)
        column = QVBoxLayout(content)

        case_box = QGroupBox(self.tr("Справа"), content)
        case_form = QFormLayout(case_box)
        self.office: QComboBox | None = None
        offices = ctx.registration_offices()
        if offices:  # a district laptop: the case belongs to one of the district's offices
            self.office = QComboBox(case_box)
            self.office.addItem("—", None)
            for office_id, name in offices:
                self.office.addItem(name, office_id)
            field_row(case_form, self.tr("&Офіс *"), self.office, self.binder, "case.office_id")
        self.category = ChoiceCombo("category", case_box, optional=False)
        self.displacement_stage = ChoiceCombo("displacement_stage", case_box)
        field_row(case_form, self.tr("&Категорія *"), self.category, self.binder, "case.category")
        field_row(case_form, self.tr("Етап перемі&щення"), self.displacement_stage, self.binder,
                  "case.displacement_stage")
        column.addWidget(case_box)

        person_box = QGroupBox(self.tr("Особа"), content)
        QVBoxLayout(person_box).addWidget(person_section := PersonSection(self.binder, person_box))
        self.person = person_section
        column.addWidget(person_box)

        household_box = QGroupBox(self.tr("Домогосподарство"), content)
        QVBoxLayout(household_box).addWidget(household := HouseholdSection(self.binder, household_box))
        self.household = household
        self.household.changed.connect(self.binder.changed)
        column.addWidget(household_box)

        displacement_box = QGroupBox(self.tr("Переміщення"), content)
        self.displacement = DisplacementSection(self.binder, displacement_box, data_dir=ctx.store.data_dir)
        QVBoxLayout(displacement_box).addWidget(self.displacement)
        column.addWidget(displacement_box)
        column.addStretch(1)

        holder = QWidget()
        centre = QHBoxLayout(holder)
        centre.addWidget(content, 1, Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(holder)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Скасувати"), self)
        self.cancel_button.setToolTip(self.tr("Esc"))
        self.save_button = QPushButton(self.tr("Зареєструвати"), self)
        self.save_button.setToolTip(self.tr("Ctrl+S"))
        self.save_button.setDefault(True)
        self.cancel_button.clicked.connect(self.request_cancel)
        self.save_button.clicked.connect(self.save)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.save_button)

        outer = QVBoxLayout(self)
        outer.addWidget(self.scroll, 1)
        outer.addLayout(bar)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.request_cancel,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.person.surname)

    # -- data and validation ----------------------------------------------------------------------

    def registration(self) -> Registration:
        return Registration(person=self.person.values(), displacement=self.displacement.values(),
                            household=self.household.values(),
                            case={"category": self.category.value(),
                                  "displacement_stage": self.displacement_stage.value(),
                                  "office_id": self.office.currentData() if self.office is not None else None})

    def validate(self) -> list[ValidationIssue]:
        issues = self.ctx.cases.check_registration(self.registration())
        if self.office is not None and not self.office.currentData():
            issues.insert(0, ValidationIssue("case.office_id", "required", "error"))
        self.binder.apply(issues)
        errors = [i for i in issues if i.severity == "error"]
        if self.binder.show_all and errors:
            self._say(self.tr("Виправте позначені червоним поля (%n), щоб зареєструвати.", "", len(errors)),
                      ERROR_COLOUR)
        elif not self._busy:
            self._say("")
        return issues

    def is_dirty(self) -> bool:
        person = self.person.values()
        return any(person.get(k) for k in ("surname", "given_name", "birth_date", "rnokpp", "phones")) \
            or bool(self.household.rows)

    def _say(self, text: str, colour: str = "") -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour};" if colour else "")

    # -- saving -----------------------------------------------------------------------------------

    def save(self) -> None:
        if self._busy:
            return
        self.binder.show_all = True
        issues = self.validate()
        if any(i.severity == "error" for i in issues):
            target = self.binder.first_error_widget()
            if target is not None:
                self.scroll.ensureWidgetVisible(target)
                target.setFocus()
            return
        self._set_busy(True, self.tr("Перевіряю, чи особа вже не зареєстрована…"))
        reg, ctx = self.registration(), self.ctx
        ctx.read(lambda: duplicate_candidates(ctx, reg.person, reg.displacement), self._duplicates_checked,
                 self._failed)

    def _duplicates_checked(self, candidates: list[dict]) -> None:
        if not candidates:
            self._register()
            return
        self._set_busy(False, "")
        dialog = DuplicatesDialog(candidates, self, self.ctx.display_name)
        dialog.open_case_requested.connect(self.open_case_requested)
        dialog.register_anyway.connect(self._register)
        self.duplicates_dialog = dialog
        dialog.open()  # window-modal, not exec(): the event loop (and the sync status) keeps running

    def _register(self) -> None:
        self._set_busy(True, self.tr("Зберігаю…"))
        reg, cases = self.registration(), self.ctx.cases
        self.ctx.write(lambda: cases.register(reg), self._registered, self._failed)

    def _registered(self, cs) -> None:
        self._set_busy(False, self.tr("Справу зареєстровано."))
        self.case_registered.emit(next(iter(cs.case_ids)))

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self._set_busy(False, "")
            self.binder.show_all = True
            self.binder.apply(exc.issues)
            self._say(self.tr("Справу не збережено: виправте позначені поля."), ERROR_COLOUR)
            return
        log.warning("registration failed: %s", type(exc).__name__)
        self._set_busy(False, "")
        self._say(self.tr("Не вдалося зберегти справу. Спробуйте ще раз; якщо помилка повториться, "
                          "зверніться до адміністратора."), ERROR_COLOUR)

    def _set_busy(self, busy: bool, message: str) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self._say(message)

    def request_cancel(self) -> None:
        if not self.is_dirty():
            self.cancelled.emit()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Скасувати реєстрацію?"),
                          self.tr("Введені дані не буде збережено."), parent=self)
        leave = box.addButton(self.tr("Скасувати реєстрацію"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Продовжити заповнення"), QMessageBox.ButtonRole.RejectRole)
        box.finished.connect(lambda _r: box.clickedButton() is leave and self.cancelled.emit())
        self.cancel_box = box
        box.open()


class RegistrationDialog(QDialog):
    """The form in its own window (1366×768 leaves room for it; it scrolls on smaller screens)."""

    case_registered = Signal(str)
    open_case_requested = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Реєстрація особи"))
        self.form = RegistrationForm(ctx, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self.form.case_registered.connect(self._registered)
        self.form.open_case_requested.connect(self._open_existing)
        self.form.cancelled.connect(super().reject)
        self.resize(1100, 720)

    def reject(self) -> None:  # Esc and the window's close button ask the form first
        self.form.request_cancel()

    def _registered(self, case_id: str) -> None:
        self.case_registered.emit(case_id)
        self.accept()

    def _open_existing(self, case_id: str) -> None:
        self.open_case_requested.emit(case_id)
        self.accept()
