"""Changes the server refused, in plain words, to apply again or discard (opened from the status bar).

Nothing refused is lost silently: the laptop keeps each one aside with the server's reason
(desktop/services/rejected_changes.py). A supervisor applies it again as a new change or discards it;
either is recorded in history.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from desktop.services.rejected_changes import RejectedChange, RejectedChanges, reason_code, reason_detail
from desktop.ui import labels
from desktop.ui.case_view.common import show_date, show_datetime
from desktop.ui.widgets.decision_list import ITEM_ROLE, DecisionListDialog
from sync.records.permissions import AUTHOR_FIELDS
from sync.records.schema import RECORD_TYPES

CHANGE_ROLE = ITEM_ROLE

# The server's reason codes (docs/sync-protocol.md) in plain words; %1 is the detail the server gave.
REASONS = {
    "case_transferred": QT_TRANSLATE_NOOP("rejected", "Справу вже передано до іншого офісу (%1); цю зміну туди "
                                                      "не внесено. Передайте її новому офісу або відкиньте."),
    "out_of_scope": QT_TRANSLATE_NOOP("rejected", "Справа поза межами вашого офісу."),
    "transfer_pending": QT_TRANSLATE_NOOP("rejected", "Ця справа вже чекала на відповідь щодо іншої передачі. "
                                                      "Коли на неї відповідять, зміну можна внести знову."),
    "transfer_closed": QT_TRANSLATE_NOOP("rejected", "На цю передачу вже відповіли раніше (%1)."),
    "transfer_same_office": QT_TRANSLATE_NOOP("rejected", "Справу не можна передати до того самого офісу."),
    "transfer_step_not_allowed": QT_TRANSLATE_NOOP("rejected", "Цей крок передачі робить інший офіс."),
    "transfer_not_allowed": QT_TRANSLATE_NOOP("rejected", "Передавати справи може лише керівник або район."),
    "unknown_office": QT_TRANSLATE_NOOP("rejected", "Такого офісу немає (або його закрито)."),
    "author_mismatch": QT_TRANSLATE_NOOP("rejected", "Зміну зроблено від імені іншого користувача."),
    "approval_not_allowed": QT_TRANSLATE_NOOP("rejected", "Затверджувати план може лише керівник."),
    "reassign_not_allowed": QT_TRANSLATE_NOOP("rejected", "Перепризначати справи може лише керівник."),
    "closure_needs_approval": QT_TRANSLATE_NOOP("rejected", "У цьому офісі справу закриває керівник."),
    "conflict_resolution_not_allowed": QT_TRANSLATE_NOOP("rejected", "Розв'язувати конфлікти може лише керівник."),
    "merge_not_allowed": QT_TRANSLATE_NOOP("rejected", "Об'єднувати справи може лише керівник або район."),
    "invalid": QT_TRANSLATE_NOOP("rejected", "Дані не пройшли перевірку на сервері (%1)."),
    "unknown_case": QT_TRANSLATE_NOOP("rejected", "Сервер не знає цієї справи."),
    "append_only": QT_TRANSLATE_NOOP("rejected", "Такі записи не змінюють після створення."),
    "not_deletable": QT_TRANSLATE_NOOP("rejected", "Такі записи не видаляють."),
}
DEFAULT_REASON = QT_TRANSLATE_NOOP("rejected", "Сервер відхилив цю зміну (%1).")


def reason_text(reason: str) -> str:
    """The server's reason as people read it, in the interface language."""
    text = QCoreApplication.translate("rejected", REASONS.get(reason_code(reason), DEFAULT_REASON))
    detail = reason_detail(reason) or reason_code(reason)
    if reason_code(reason) == "transfer_closed":
        detail = labels.label("transfer_state", detail)
    return text.replace("%1", detail)


class RejectedChangesDialog(DecisionListDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent, title=self.tr("Відхилені зміни"), size=(900, 480),
                         object_name="rejectedChanges", headers=[self.tr("Коли"), self.tr("Що"), self.tr("Причина")],
                         intro=self.tr("Сервер не прийняв ці зміни. Їх збережено тут, щоб нічого не загубилося: "
                                       "керівник може внести зміну знову або відкинути її. Рішення записується "
                                       "в історію."))
        self.tree.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(60)
        self.discard_button = self.add_action(self.tr("Відкинути"), "discardRejected", lambda: self._decide("discard"))
        self.reapply_button = self.add_action(self.tr("Внести знову"), "reapplyRejected",
                                              lambda: self._decide("reapply"))
        self.reapply_button.setToolTip(self.tr("Записати цю зміну ще раз як нову; її буде надіслано під час "
                                               "синхронізації"))
        self.may_decide = ctx.may_reassign()
        if not self.may_decide:
            self.note.setText(self.tr("Вирішує керівник: попросіть його відкрити цей список на цьому комп'ютері."))
        self.reload()

    def load(self):
        store = self.ctx.store
        return lambda: RejectedChanges(store).list()

    def show_items(self, changes: list[RejectedChange]) -> None:
        if not changes:
            self.add_row(["", self.tr("Відхилених змін немає."), ""])
        for c in changes:
            what = labels.label("record_type", c.record_type)
            if c.op == "delete":
                what = self.tr("%1: видалення").replace("%1", what)
            row = self.add_row([show_datetime(c.rejected_at), what, reason_text(c.reason)], c)
            row.setToolTip(2, reason_text(c.reason))
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(1, 200)

    def show_detail(self, c: RejectedChange | None) -> None:
        self.reapply_button.setEnabled(self.may_decide and c is not None and c.case_here)
        self.discard_button.setEnabled(self.may_decide and c is not None)
        if c is None:
            self.detail.setText("")
            return
        shown = [f"<b>{self.tr('Причина')}:</b> {reason_text(c.reason)}"]
        shown += [f"<b>{labels.field_label(name)}:</b> {self._value(c.record_type, name, value)}"
                  for name, value in sorted(c.fields.items()) if name not in ("user", "device")]
        if not c.case_here:
            shown.append("<i>" + self.tr("Справи вже немає на цьому комп'ютері: зміну можна лише відкинути "
                                         "(перепишіть її зміст новому офісу).") + "</i>")
        self.detail.setText("<br>".join(shown))

    def _value(self, record_type: str, name: str, value) -> str:
        """A field's value as people read it: dates dd.mm.yyyy, people by name, codes by their label."""
        spec = RECORD_TYPES[record_type].spec(name) if record_type in RECORD_TYPES else None
        if spec is not None and spec.kind == "datetime" and isinstance(value, str):
            return show_datetime(value)
        if spec is not None and spec.kind == "date" and isinstance(value, str):
            return show_date(value)
        if name in AUTHOR_FIELDS.get(record_type, ()) or name in ("assigned_to", "assignee"):
            return self.ctx.display_name(value)
        return labels.field_value_label(name, value)

    def _decide(self, decision: str) -> None:
        c = self.current()
        if c is None:
            return
        store, change_id = self.ctx.store, c.change_id

        def job():
            service = RejectedChanges(store)
            return service.reapply(change_id) if decision == "reapply" else service.discard(change_id)

        self.decide(job, self.tr("Не вдалося: справа чекає на передачу або її вже немає тут."), self._decided)

    def _decided(self, _cs) -> None:
        self.reload()
        if self.ctx.sync is not None:
            self.ctx.sync.refresh_status()
