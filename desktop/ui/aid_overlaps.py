"""Aid overlaps: the same kind of assistance from two offices or two partners in overlapping periods, as
the server flagged them at push, and a supervisor's "reviewed". Only what is needed to coordinate: the
other office and partner, the service and the dates. The scaffolding is the decision windows' own
(desktop/ui/widgets/decision_list.py)."""

from __future__ import annotations

from desktop.services.aid_overlaps import AidOverlap, AidOverlaps
from desktop.ui.case_view.common import show_date
from desktop.ui.widgets.decision_list import DecisionListDialog


class AidOverlapsDialog(DecisionListDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent, title=self.tr("Перетин допомоги"), size=(1240, 460), object_name="aidOverlaps",
                         intro=self.tr("Та сама допомога (грошова, набори, зимова підтримка) від двох офісів або двох "
                                       "надавачів у періоди, що перетинаються. Узгодьте з іншим офісом чи надавачем."),
                         headers=[self.tr("Особа"), self.tr("Допомога"), self.tr("Наш період"),
                                  self.tr("Їхній період"), self.tr("Стан"), self.tr("Наш надавач"),
                                  self.tr("Інший офіс / надавач")])
        self.review_button = self.add_action(self.tr("&Переглянуто"), "reviewed", self.review)
        self.review_button.setVisible(ctx.is_open and AidOverlaps(ctx.store).may_review())
        ctx.changed.connect(self._changed)
        self.reload()

    def _changed(self, cs) -> None:
        if "aid_overlap" in cs.record_types:
            self.reload()

    def load(self):
        store = self.ctx.store
        return lambda: AidOverlaps(store).list()

    def _period(self, first: str | None, last: str | None) -> str:
        return f"{show_date(first)} – {show_date(last)}"

    def show_items(self, found: list[AidOverlap]) -> None:
        for x in found:
            d = x.data
            other = d.get("other_provider") or ""
            if d.get("other_case"):
                other = f"{d.get('other_office_name') or ''}: {other} ({d.get('other_name') or ''})"
            status = self.tr("переглянуто") if x.status == "reviewed" else self.tr("не переглянуто")
            self.add_row([x.person, d.get("service_title") or d.get("service_code") or "",
                          self._period(d.get("own_from"), d.get("own_to")),
                          self._period(d.get("other_from"), d.get("other_to")), status,
                          d.get("own_provider") or "", other], x)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)

    def show_detail(self, x: AidOverlap | None) -> None:
        self.review_button.setEnabled(x is not None and x.status == "open")
        if x is None:
            self.detail.setText(self.tr("Перетинів допомоги не знайдено."))
        elif x.data.get("resolved_by"):
            self.detail.setText(self.tr("Переглянув(ла): %1").replace("%1", self.ctx.display_name(
                x.data["resolved_by"])))
        else:
            self.detail.setText("")

    def review(self) -> None:
        x = self.current()
        if x is None:
            return
        store, record_id = self.ctx.store, x.id
        self.decide(lambda: AidOverlaps(store).review(record_id),
                    self.tr("Не вдалося позначити перетин як переглянутий."))
