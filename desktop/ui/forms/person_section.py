"""The person's fields: used by the registration form and by the case's "Person" tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGridLayout, QLabel, QLineEdit, QWidget

from desktop.ui import labels
from desktop.ui.forms.binder import IssueBinder, field_row
from desktop.ui.forms.fields import ChoiceCombo, DateField, IssueLabel, PhoneList
from sync.records.identifiers import check_rnokpp, rnokpp_birth_date, rnokpp_sex, transliterate
from sync.records.schema import VULNERABILITIES


class PersonSection(QWidget):
    def __init__(self, binder: IssueBinder, parent: QWidget | None = None, *, prefix: str = "person."):
        super().__init__(parent)
        self.binder = binder
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        p = prefix

        self.surname = QLineEdit(self)
        self.given_name = QLineEdit(self)
        self.patronymic = QLineEdit(self)
        field_row(form, self.tr("&Прізвище *"), self.surname, binder, p + "surname")
        field_row(form, self.tr("&Ім'я *"), self.given_name, binder, p + "given_name")
        field_row(form, self.tr("По &батькові"), self.patronymic, binder, p + "patronymic")
        self.latin = QLabel(self)
        self.latin.setObjectName("latinName")
        self.latin.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(self.tr("Латиницею"), self.latin)
        for edit in (self.surname, self.given_name, self.patronymic):
            edit.textChanged.connect(self._update_latin)

        self.birth_date = DateField(self)
        self.sex = ChoiceCombo("sex", self)
        self.sex.setMaximumWidth(220)
        field_row(form, self.tr("Дата &народження *"), self.birth_date, binder, p + "birth_date")
        field_row(form, self.tr("&Стать"), self.sex, binder, p + "sex")

        self.rnokpp = QLineEdit(self)
        self.rnokpp.setPlaceholderText(self.tr("10 цифр"))
        self.rnokpp.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9 ]{0,12}"), self))
        self.rnokpp_refused = QCheckBox(self.tr("від&мова від РНОКПП"), self)
        self.rnokpp_refused.setToolTip(self.tr("Особа відмовилася від РНОКПП через релігійні переконання "
                                               "(відмітка в паспорті)"))
        self.rnokpp_refused.toggled.connect(self._refused_toggled)
        self.rnokpp.editingFinished.connect(self._fill_from_rnokpp)
        field_row(form, self.tr("&РНОКПП"), self.rnokpp, binder, p + "rnokpp", extra=self.rnokpp_refused)
        binder.bind(p + "rnokpp_refused", self.rnokpp, self._issue_label_of(self.rnokpp))

        self.unzr = QLineEdit(self)
        self.unzr.setPlaceholderText(self.tr("РРРРММДД-ННННК"))
        field_row(form, self.tr("&УНЗР"), self.unzr, binder, p + "unzr")

        self.id_document_type = ChoiceCombo("id_document_type", self)
        self.id_document_number = QLineEdit(self)
        self.id_document_number.setPlaceholderText(self.tr("серія та номер"))
        field_row(form, self.tr("Д&окумент"), self.id_document_type, binder, p + "id_document_type",
                  extra=self.id_document_number)
        binder.bind(p + "id_document_number", self.id_document_number,
                    self._issue_label_of(self.id_document_type))

        self.phones = PhoneList(self)
        field_row(form, self.tr("&Телефони"), self.phones, binder, p + "phones")
        self.email = QLineEdit(self)
        field_row(form, self.tr("Е&л. пошта"), self.email, binder, p + "email")
        self.preferred_contact = ChoiceCombo("contact_channel", self)
        field_row(form, self.tr("Зручний &зв'язок"), self.preferred_contact, binder, p + "preferred_contact")
        self.languages = QLineEdit(self)
        self.languages.setPlaceholderText(self.tr("через кому, напр. українська, кримськотатарська"))
        field_row(form, self.tr("Мови спілкування"), self.languages, binder, p + "languages")

        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.vulnerabilities: dict[str, QCheckBox] = {}
        for i, code in enumerate(VULNERABILITIES):
            check = QCheckBox(labels.label("vulnerability", code), box)
            self.vulnerabilities[code] = check
            grid.addWidget(check, i // 2, i % 2)
        vuln_issue = IssueLabel(box)
        grid.addWidget(vuln_issue, len(VULNERABILITIES), 0, 1, 2)
        form.addRow(self.tr("Вразливості"), box)
        binder.bind(p + "vulnerabilities", box, vuln_issue)

    def _issue_label_of(self, widget: QWidget) -> IssueLabel:
        return widget.parentWidget().findChild(IssueLabel) if widget.parentWidget() else IssueLabel(self)

    def _update_latin(self) -> None:
        parts = [transliterate(e.text().strip()) for e in (self.surname, self.given_name, self.patronymic)]
        if parts[0]:
            parts[0] = parts[0].upper()  # as in passports: the surname in capitals
        self.latin.setText(" ".join(p for p in parts if p))

    def _refused_toggled(self, refused: bool) -> None:
        self.rnokpp.setEnabled(not refused)

    def _fill_from_rnokpp(self) -> None:
        """A valid RNOKPP encodes the birth date and sex: fill them if still empty (saves typing)."""
        number = self.rnokpp.text()
        if not number.strip() or any(i.severity == "error" for i in check_rnokpp(number)):
            return
        if not self.birth_date.text().strip():
            self.birth_date.set_iso(rnokpp_birth_date(number).isoformat())
        if self.sex.value() is None:
            self.sex.set_value(rnokpp_sex(number))

    # -- values ---------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        refused = self.rnokpp_refused.isChecked()
        return {
            "surname": self.surname.text(), "given_name": self.given_name.text(),
            "patronymic": self.patronymic.text(), "birth_date": self.birth_date.iso(), "sex": self.sex.value(),
            "rnokpp": None if refused else self.rnokpp.text(), "rnokpp_refused": refused,
            "unzr": self.unzr.text(), "id_document_type": self.id_document_type.value(),
            "id_document_number": self.id_document_number.text(), "phones": self.phones.values(),
            "email": self.email.text(), "preferred_contact": self.preferred_contact.value(),
            "vulnerabilities": [c for c, box in self.vulnerabilities.items() if box.isChecked()],
            "languages": [x.strip() for x in self.languages.text().split(",") if x.strip()],
        }

    def set_values(self, person: dict[str, Any]) -> None:
        for name in ("surname", "given_name", "patronymic", "unzr", "id_document_number", "email"):
            getattr(self, name).setText(person.get(name) or "")
        self.rnokpp.setText(person.get("rnokpp") or "")
        self.rnokpp_refused.setChecked(bool(person.get("rnokpp_refused")))
        self.birth_date.set_iso(person.get("birth_date"))
        self.sex.set_value(person.get("sex"))
        self.id_document_type.set_value(person.get("id_document_type"))
        self.preferred_contact.set_value(person.get("preferred_contact"))
        self.phones.set_values(person.get("phones"))
        self.languages.setText(", ".join(person.get("languages") or []))
        chosen = set(person.get("vulnerabilities") or [])
        for code, box in self.vulnerabilities.items():
            box.setChecked(code in chosen)
