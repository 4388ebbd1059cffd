"""Possible duplicates across offices: the pairs the server flagged, with only what is needed to
decide (the other office's name of the person, birth date, office, what matched, a score), and a
supervisor's two answers: the same person (the other office's contact appears) or different people
(the pair is never flagged again). The same person's two cases can then be merged where both are on
the laptop (a district laptop), and the merge looked at or undone (desktop/ui/merge_dialog.py)."""

from __future__ import annotations

from desktop.services.cross_duplicates import CrossDuplicate, CrossDuplicates
from desktop.services.person_merge import MergeService
from desktop.ui.case_view.common import show_date
from desktop.ui.widgets.decision_list import ITEM_ROLE, DecisionListDialog

__all__ = ["ITEM_ROLE", "CrossDuplicatesDialog"]


class CrossDuplicatesDialog(DecisionListDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent, title=self.tr("Можливі дублікати в інших офісах"), size=(1120, 480),
                         object_name="crossDuplicates",
                         headers=[self.tr("Особа в іншому офісі"), self.tr("Дата народження"), self.tr("Офіс"),
                                  self.tr("Схожість"), self.tr("Рішення"), self.tr("Що збіглося")])
        self.different_button = self.add_action(self.tr("Різні люди"), "differentPeople",
                                                lambda: self._decide("different_people"))
        self.same_button = self.add_action(self.tr("Та сама особа"), "samePerson",
                                           lambda: self._decide("same_person"))
        self.merge_button = self.add_action(self.tr("Об'єднати справи…"), "mergeCases", self._merge)
        self.merge_states: dict[str, tuple[str, str | None]] = {}  # record id -> MergeService.pair_state
        may = ctx.store.user.role in ("supervisor", "district") if ctx.is_open else False
        self.same_button.setVisible(may)
        self.different_button.setVisible(may)
        ctx.changed.connect(self._changed)
        self.reload()

    def _changed(self, cs) -> None:
        if cs.record_types & {"possible_duplicate", "person_merge"}:
            self.reload()

    def load(self):
        store = self.ctx.store

        def read():
            found, merges = CrossDuplicates(store).list(), MergeService(store)
            return [(x, merges.pair_state(x.own_case, x.data.get("other_case") or "")) for x in found]
        return read

    def matched_text(self, fields: list[str]) -> str:
        names = {"rnokpp": self.tr("РНОКПП"), "unzr": self.tr("УНЗР"), "cert": self.tr("довідка ВПО"),
                 "doc": self.tr("документ"), "name_birth": self.tr("ім'я і дата народження"),
                 "name_birth_swapped": self.tr("ім'я, день і місяць народження переставлені"),
                 "phone": self.tr("телефон")}
        return ", ".join(names.get(f, f) for f in fields or [])

    def status_text(self, status: str, merge_state: str = "") -> str:
        if merge_state in ("merged", "merged_elsewhere"):
            return self.tr("об'єднано")
        return {"open": self.tr("не вирішено"), "same_person": self.tr("та сама особа"),
                "different_people": self.tr("різні люди")}.get(status, status)

    def show_items(self, found: list[tuple[CrossDuplicate, tuple[str, str | None]]]) -> None:
        self.merge_states = {}
        for x, state in found:
            d = x.data
            self.merge_states[x.id] = state
            self.add_row([d.get("other_name") or "", show_date(d.get("other_birth_date")),
                          d.get("other_office_name") or "", f"{d.get('score') or 0}%",
                          self.status_text(x.status, state[0]), self.matched_text(d.get("matched"))], x)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)

    def show_detail(self, x: CrossDuplicate | None) -> None:
        open_ = x is not None and x.status == "open"
        self.same_button.setEnabled(open_)
        self.different_button.setEnabled(open_)
        state = self.merge_states.get(x.id, ("not_here", None))[0] if x is not None else "not_here"
        self.merge_button.setVisible(x is not None and x.status == "same_person" and state != "not_here"
                                     and (state == "merged" or self.same_button.isVisibleTo(self)))
        self.merge_button.setText(self.tr("Об'єднання…") if state == "merged" else self.tr("Об'єднати справи…"))
        self.merge_button.setEnabled(state in ("possible", "merged"))
        if x is None:
            self.detail.setText(self.tr("Сервер не знайшов можливих дублікатів у інших офісах."))
            return
        lines = []
        if x.status == "same_person":
            contact = ", ".join(x.data.get("other_contact") or []) or "—"
            label = self.tr("Контакт іншого офісу щодо особи")
            lines.append(f"<b>{label}:</b> {contact}")
        if x.data.get("resolved_by"):
            label = self.tr("Вирішив(ла)")
            lines.append(f"<b>{label}:</b> {x.data['resolved_by']}")
        if state == "merged_elsewhere":
            lines.append(self.tr("Справи об'єднано; цю справу тут можна лише переглядати."))
        elif x.status == "same_person" and state == "not_here":
            lines.append(self.tr("Об'єднати справи може район: на його ноутбуці є обидві."))
        self.detail.setText("<br>".join(lines))

    def _merge(self) -> None:
        from desktop.ui.merge_dialog import MergeDialog

        x = self.current()
        if x is None:
            return
        state, merge_id = self.merge_states.get(x.id, ("not_here", None))
        if state == "merged":
            dialog = MergeDialog(self.ctx, self, merge_id=merge_id)
        else:
            dialog = MergeDialog(self.ctx, self, survivor=x.own_case, other=x.data.get("other_case"),
                                 pair_key=x.data.get("pair_key"))
        dialog.done_merging.connect(self.reload)
        dialog.open()

    def _decide(self, decision: str) -> None:
        x = self.current()
        if x is None:
            return
        store, record_id = self.ctx.store, x.id
        self.decide(lambda: CrossDuplicates(store).decide(record_id, decision),
                    self.tr("Щодо цієї пари вже є рішення."))
