"""Who changed or viewed what and when, newest first, with fields named as people read them."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.ui import labels
from desktop.ui.case_view.common import CaseData, CaseTab, cell, make_table, show_date, show_datetime

# The field that names a record of each type in a history line ("Task «Call about the certificate»").
_TITLE_FIELDS = {"task": "title", "goal": "title", "service": "title", "journal_entry": "text",
                 "attachment": "filename", "household_member": "given_name", "assessment": "assessed_on"}


class HistoryTab(CaseTab):
    def __init__(self, ctx, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self.table = make_table([self.tr("Коли"), self.tr("Хто"), self.tr("Дія"), self.tr("Що"), self.tr("Поля")],
                                self, stretch=4)
        QVBoxLayout(self).addWidget(self.table)

    def describe(self, data: CaseData, rtype: str | None, record_id: str | None) -> str:
        """The record type, and which one: deleted records are gone from the case, so only the type."""
        text = labels.label("record_type", rtype)
        name_field = _TITLE_FIELDS.get(rtype or "")
        record = next((r for r in data.many(rtype or "") if r["id"] == record_id), None) if name_field else None
        value = (record or {}).get(name_field or "")
        if value:
            value = show_date(value) if name_field == "assessed_on" else str(value)
            value = value if len(value) <= 50 else value[:49] + "…"
            text += f" «{value}»"
        return text

    def populate(self, data: CaseData) -> None:
        self.table.setRowCount(0)
        for entry in reversed(data.many("history")):  # stored oldest first
            row = self.table.rowCount()
            self.table.insertRow(row)
            action = entry.get("action")
            fields = entry.get("fields") or []
            if action == "create" and entry.get("record_type") == "case":
                # A registration lists the parts it created: the person, the household, ...
                names = [labels.label("record_type", f) for f in fields]
            elif action == "transfer":  # the step the transfer reached: requested, accepted, ...
                names = [labels.label("transfer_state", f) for f in fields]
            elif action in ("create", "view"):
                names = []  # every field of a new record is new: listing them says nothing
            else:
                names = [labels.field_label(f) for f in fields]
            user = entry.get("user")
            what = self.describe(data, entry.get("record_type"), entry.get("record_id"))
            self.table.setItem(row, 0, cell(show_datetime(entry.get("at")), entry["id"]))
            self.table.setItem(row, 1, cell(self.ctx.display_name(user)))
            self.table.setItem(row, 2, cell(labels.label("history_action", action)))
            self.table.setItem(row, 3, cell(what, tooltip=what))
            self.table.setItem(row, 4, cell(", ".join(names), tooltip="\n".join(names)))
