"""Displacement and documents: the IDP certificate, where from and where now, identity documents."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.services.cases import normalize_fields
from desktop.ui import labels
from desktop.ui.case_view.common import CaseData
from desktop.ui.case_view.person_tab import _EditTab, changed_fields
from desktop.ui.forms.displacement_section import DisplacementSection
from sync.records.issues import ValidationIssue


class DisplacementTab(_EditTab):
    def __init__(self, ctx, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        box = QGroupBox(self.tr("Переміщення"), self.content)
        self.section = DisplacementSection(self.binder, box, data_dir=ctx.store.data_dir)
        QVBoxLayout(box).addWidget(self.section)
        docs = QGroupBox(self.tr("Документи особи"), self.content)
        form = QFormLayout(docs)
        self.identity = QLabel(docs)
        self.rnokpp = QLabel(docs)
        self.unzr = QLabel(docs)
        form.addRow(self.tr("Документ, що посвідчує особу"), self.identity)
        form.addRow(self.tr("РНОКПП"), self.rnokpp)
        form.addRow(self.tr("УНЗР"), self.unzr)
        hint = QLabel(self.tr("Змінюються на вкладці «Особа»; скани документів — на вкладці «Вкладення»."), docs)
        hint.setStyleSheet("color: #555;")
        form.addRow(hint)
        self.column.addWidget(box)
        self.column.addWidget(docs)
        self.column.addStretch(1)

    def fill(self, data: CaseData) -> None:
        self.section.set_values(data.one("displacement"))
        person = data.one("person")
        doc = " ".join(p for p in (labels.label("id_document_type", person.get("id_document_type")),
                                   person.get("id_document_number")) if p)
        self.identity.setText(doc or "—")
        self.rnokpp.setText(self.tr("відмова від РНОКПП") if person.get("rnokpp_refused")
                            else (person.get("rnokpp") or "—"))
        self.unzr.setText(person.get("unzr") or "—")

    def issues(self) -> list[ValidationIssue]:
        values = normalize_fields("displacement", self.section.values())
        return [ValidationIssue(f"displacement.{i.field}", i.code, i.severity, i.params)
                for i in self.ctx.cases.check("displacement", values)]

    def build_write(self):
        record = self.data.one("displacement")
        changes = changed_fields("displacement", record, self.section.values())
        cases, record_id = self.ctx.cases, record.get("id")
        return lambda: cases.update("displacement", record_id, changes)
