"""The case window's merge banner: a case merged into the same person's other case is read-only here
(the banner says so and opens the other case); a case another one was merged into says that too.
Either offers the merge's details and its undo where this laptop holds the merge record."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from desktop.services.person_merge import MergeService


class MergeBanner(QFrame):
    merged_changed = Signal(bool)  # the case is (no longer) merged into another: read-only

    def __init__(self, ctx, case_id: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.state: dict | None = None
        self.setObjectName("mergeBanner")
        self.setStyleSheet("QFrame#mergeBanner { background: #f1ecfb; border-left: 4px solid #5b3fa8; }")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Відкрити ту справу"), self)
        self.open_button.setObjectName("mergeOpenSurvivor")
        self.open_button.clicked.connect(self.open_survivor)
        self.details_button = QPushButton(self.tr("Об'єднання…"), self)
        self.details_button.setObjectName("mergeDetails")
        self.details_button.clicked.connect(self.details)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.details_button)
        self.hide()

    def load(self) -> None:
        if not self.ctx.is_open:
            return
        store, case_id = self.ctx.store, self.case_id
        self.ctx.read(lambda: merge_state(store, case_id), self._loaded, owner=self)

    def _loaded(self, state: dict | None) -> None:
        self.state = state
        self.setVisible(state is not None)
        merged_away = state is not None and state["role"] == "merged"
        if state is not None:
            office = state.get("office_name") or self.tr("цей офіс")
            if merged_away:
                self.text.setText(self.tr("Цю справу об'єднано з іншою справою цієї особи (%1). Тут її можна лише "
                                          "переглядати; працюйте в тій справі.").replace("%1", office))
            else:
                self.text.setText(self.tr("До цієї справи приєднано іншу справу цієї особи (%1); кожне значення "
                                          "збережено з джерелом.").replace("%1", office))
            self.open_button.setVisible(merged_away and state.get("here", False))
            self.details_button.setVisible(bool(state.get("merge_id_here")))
        self.merged_changed.emit(merged_away)

    def open_survivor(self) -> None:
        main = self.window()
        if self.state and hasattr(main, "open_case"):
            main.open_case(self.state["case"])

    def details(self) -> None:
        from desktop.ui.merge_dialog import MergeDialog

        if self.state and self.state.get("merge_id_here"):
            dialog = MergeDialog(self.ctx, self, merge_id=self.state["merge_id_here"])
            dialog.done_merging.connect(self.load)
            dialog.open()


def merge_state(store, case_id: str) -> dict | None:
    """On the database worker: how this case stands in a merge (None: in none that is in force)."""
    service = MergeService(store)
    pointer = service.merged_into(case_id)
    if pointer is not None:
        merge = service.get(pointer.get("merge_id") or "")
        here = service.case_here(pointer["case"])
        return {"role": "merged", "case": pointer["case"], "office_name": pointer.get("office_name"),
                "here": here, "merge_id_here": merge.id if merge is not None and merge.state == "merged" else None}
    merge = next((x for x in service.list() if x.state == "merged" and x.case_id == case_id), None)
    if merge is None:
        return None
    return {"role": "survivor", "case": case_id, "office_name": merge.data.get("merged_office_name"),
            "here": True, "merge_id_here": merge.id}

