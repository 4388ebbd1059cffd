"""Displacement fields: IDP certificate, date of displacement, where from and where now.

Used by registration and by the case's "Displacement and documents" tab.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.ui.forms.binder import IssueBinder, field_row
from desktop.ui.forms.fields import ChoiceCombo, DateField
from desktop.ui.territory_picker import TerritoryPicker


class DisplacementSection(QWidget):
    def __init__(self, binder: IssueBinder, parent: QWidget | None = None, *, data_dir: Path | None = None,
                 prefix: str = "displacement."):
        super().__init__(parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        p = prefix

        cert = QWidget(self)
        line = QHBoxLayout(cert)
        line.setContentsMargins(0, 0, 0, 0)
        self.idp_certificate_number = QLineEdit(cert)
        self.idp_certificate_number.setPlaceholderText(self.tr("номер довідки"))
        self.idp_certificate_date = DateField(cert)
        self.idp_certificate_status = ChoiceCombo("certificate_status", cert)
        line.addWidget(self.idp_certificate_number, 2)
        line.addWidget(QLabel(self.tr("від"), cert))
        line.addWidget(self.idp_certificate_date)
        line.addWidget(self.idp_certificate_status, 1)
        cert.setFocusProxy(self.idp_certificate_number)  # Alt+А lands in the number
        issue = field_row(form, self.tr("Довідк&а ВПО"), cert)
        for name in ("idp_certificate_number", "idp_certificate_date", "idp_certificate_status"):
            binder.bind(p + name, getattr(self, name), issue)
        issue.with_field_names = True

        self.displacement_date = DateField(self)
        field_row(form, self.tr("Дата переміщенн&я"), self.displacement_date, binder, p + "displacement_date")

        self.origin = TerritoryPicker(self, show_listing=True, data_dir=data_dir)
        field_row(form, self.tr("Звідк&и"), self.origin, binder, p + "origin_katottg")
        self.origin_address = QLineEdit(self)
        self.origin_address.setPlaceholderText(self.tr("вулиця, будинок, квартира"))
        field_row(form, self.tr("Адреса (звідки)"), self.origin_address, binder, p + "origin_address")

        self.current = TerritoryPicker(self, data_dir=data_dir)
        field_row(form, self.tr("Де про&живає зараз"), self.current, binder, p + "current_katottg")
        self.current_address = QLineEdit(self)
        self.current_address.setPlaceholderText(self.tr("вулиця, будинок, квартира"))
        field_row(form, self.tr("Адреса (зараз)"), self.current_address, binder, p + "current_address")

    def values(self) -> dict[str, Any]:
        return {
            "idp_certificate_number": self.idp_certificate_number.text(),
            "idp_certificate_date": self.idp_certificate_date.iso(),
            "idp_certificate_status": self.idp_certificate_status.value(),
            "displacement_date": self.displacement_date.iso(),
            "origin_katottg": self.origin.code(), "origin_address": self.origin_address.text(),
            "current_katottg": self.current.code(), "current_address": self.current_address.text(),
        }

    def set_values(self, record: dict[str, Any]) -> None:
        self.idp_certificate_number.setText(record.get("idp_certificate_number") or "")
        self.idp_certificate_date.set_iso(record.get("idp_certificate_date"))
        self.idp_certificate_status.set_value(record.get("idp_certificate_status"))
        self.displacement_date.set_iso(record.get("displacement_date"))
        self.origin.set_code(record.get("origin_katottg"))
        self.origin_address.setText(record.get("origin_address") or "")
        self.current.set_code(record.get("current_katottg"))
        self.current_address.setText(record.get("current_address") or "")
