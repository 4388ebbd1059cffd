"""Merging two cases of the same person, field by field, and looking at (or undoing) a merge made.

Before the merge: every field either case has a value in, both values side by side under their
office's name, and which one the merged case keeps (a list may keep both). After it: the same table
from the merge record, the kept value marked with where it came from, and "Undo the merge". Both
are one service call on the database worker (desktop/services/person_merge.py); no SQL here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
)

from desktop.services.person_merge import Merge, MergePreview, MergeRefused, MergeService
from desktop.ui import labels
from desktop.ui.case_view.common import cell, make_table, show_date, show_datetime
from desktop.ui.forms.fields import ERROR_COLOUR
from sync.records.person_merge import FieldChoice
from sync.records.schema import RECORD_TYPES

_DIFFERS = QColor("#fff4d6")
_KEPT = QColor("#e6f4ea")


def value_text(choice_key: str, value) -> str:
    rtype, _, name = choice_key.partition(".")
    spec = RECORD_TYPES[rtype].fields.get(name)
    if spec is not None and spec.kind == "date" and value:
        return show_date(value)
    if name.endswith("_katottg") and value:
        from sync.reference import get_codifier

        unit = get_codifier().get(value)
        return unit.short_label if unit else str(value)
    return labels.field_value_label(name, value)


class MergeDialog(QDialog):
    done_merging = Signal()

    def __init__(self, ctx, parent=None, *, survivor: str | None = None, other: str | None = None,
                 pair_key: str | None = None, merge_id: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.survivor, self.other, self.pair_key, self.merge_id = survivor, other, pair_key, merge_id
        self.preview: MergePreview | None = None
        self.merge: Merge | None = None
        self.combos: dict[str, QComboBox] = {}
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("Об'єднання справ однієї особи"))
        self.resize(1240, 640)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.table: QTableWidget = make_table([self.tr("Поле"), "", "", self.tr("Залишити")], self, stretch=None)
        self.table.setObjectName("mergeFields")
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.error.hide()
        self.swap_button = QPushButton(self.tr("Залишити іншу справу"), self)
        self.swap_button.setObjectName("mergeSwap")
        self.swap_button.clicked.connect(self.swap)
        self.merge_button = QPushButton(self.tr("Об'єднати"), self)
        self.merge_button.setObjectName("mergeConfirm")
        self.merge_button.clicked.connect(self.confirm)
        self.undo_button = QPushButton(self.tr("Скасувати об'єднання"), self)
        self.undo_button.setObjectName("mergeUndo")
        self.undo_button.clicked.connect(self.undo)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.swap_button)
        row.addStretch(1)
        row.addWidget(self.undo_button)
        row.addWidget(self.merge_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        for button in (self.swap_button, self.merge_button, self.undo_button):
            button.hide()
        self.reload()

    # --- loading ------------------------------------------------------------------------------------
    def reload(self) -> None:
        store = self.ctx.store
        if self.merge_id:
            merge_id = self.merge_id
            self.ctx.query(lambda: MergeService(store).get(merge_id), parent=self).success(self._show_merge).run()
        else:
            survivor, other = self.survivor, self.other
            self.ctx.query(lambda: MergeService(store).preview(survivor, other), parent=self) \
                .success(self._show_preview).failure(self._refused).run()

    def _show_preview(self, preview: MergePreview) -> None:
        self.preview = preview
        self.table.setHorizontalHeaderItem(3, cell(self.tr("Залишити")))
        s, m = preview.survivor, preview.merged
        self.intro.setText(self.tr(
            "Справа, що залишиться: <b>%1</b> (%2). Справу <b>%3</b> (%4) буде збережено як є, лише для перегляду, "
            "з посиланням на першу. Для кожного поля виберіть, що залишити; обидва значення й звідки вони "
            "взялися збережуться, і об'єднання можна буде скасувати.")
            .replace("%1", s.name).replace("%2", s.office_name or self.tr("цей офіс"))
            .replace("%3", m.name).replace("%4", m.office_name or self.tr("цей офіс")))
        self._headers(s.office_name, m.office_name)
        self.table.setRowCount(0)
        self.combos = {}
        for choice in preview.choices:
            row = self._row(choice)
            options = choice.options()
            if len(options) == 1:
                self.table.setItem(row, 3, cell(self.tr("однаково")))
                continue
            combo = QComboBox(self.table)
            for option in options:
                combo.addItem(self._option_text(option), option)
            combo.setCurrentIndex(options.index(choice.kept))
            self.table.setCellWidget(row, 3, combo)
            self.combos[choice.key] = combo
        self._fit()
        self.swap_button.show()
        self.merge_button.setVisible(MergeService(self.ctx.store).may_merge())
        self.merge_button.setEnabled(True)

    def _show_merge(self, merge: Merge | None) -> None:
        self.merge = merge
        if merge is None:
            self.intro.setText(self.tr("Цього об'єднання на цьому ноутбуці немає."))
            return
        d = merge.data
        survivor_office = d.get("survivor_office_name") or self.tr("цей офіс")
        merged_office = d.get("merged_office_name") or self.tr("цей офіс")
        if merge.state == "merged":
            text = self.tr("Справи об'єднано: %1, %2. Зелене — значення, яке тепер у справі, що залишилась (%3); "
                           "друга справа (%4) збережена як була, лише для перегляду.")
        else:
            text = self.tr("Об'єднання скасовано: %1, %2. Обидві справи знову такі, як були до нього.")
        who = self.ctx.display_name(d.get("undone_by") if merge.state == "undone" else d.get("merged_by"))
        when = show_datetime(d.get("undone_at") if merge.state == "undone" else d.get("merged_at"))
        text = text.replace("%1", who).replace("%2", when).replace("%3", survivor_office).replace("%4", merged_office)
        kept = d.get("kept_on_undo") or []
        if kept:
            text += " " + self.tr("Змінені після об'єднання поля залишено як є: %1.").replace(
                "%1", ", ".join(labels.field_label(k) for k in kept))
        self.intro.setText(text)
        self._headers(survivor_office, merged_office)
        self.table.setHorizontalHeaderItem(3, cell(self.tr("Звідки значення")))
        self.table.setRowCount(0)
        for choice in merge.choices():
            row = self._row(choice)
            self.table.setItem(row, 3, cell(self._kept_text(choice, survivor_office, merged_office)))
            if merge.state == "merged" and choice.differs:
                for column in self._kept_columns(choice):
                    self.table.item(row, column).setBackground(_KEPT)
        self._fit()
        self.undo_button.setVisible(merge.state == "merged" and MergeService(self.ctx.store).may_merge())

    def _headers(self, survivor_office: str, merged_office: str) -> None:
        self.table.setHorizontalHeaderItem(1, cell(self.tr("Справа, що залишиться\n(%1)").replace(
            "%1", survivor_office or self.tr("цей офіс"))))
        self.table.setHorizontalHeaderItem(2, cell(self.tr("Інша справа\n(%1)").replace(
            "%1", merged_office or self.tr("цей офіс"))))

    def _row(self, choice: FieldChoice) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        part = labels.label("record_type", choice.rtype)
        self.table.setItem(row, 0, cell(f"{labels.field_label(choice.name)} ({part.lower()})"))
        self.table.setItem(row, 1, cell(value_text(choice.key, choice.survivor)))
        self.table.setItem(row, 2, cell(value_text(choice.key, choice.merged)))
        if choice.differs:
            for column in (0, 1, 2):
                self.table.item(row, column).setBackground(_DIFFERS)
        return row

    def _fit(self) -> None:
        """The field's name as wide as it needs, both values side by side, the choice in what is left."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.table.setColumnWidth(column, 270)
        for row in range(self.table.rowCount()):
            for column in (1, 2, 3):
                item = self.table.item(row, column)
                if item is not None:
                    item.setToolTip(item.text())

    def _option_text(self, option: str) -> str:
        return {"survivor": self.tr("із першої"), "merged": self.tr("з іншої"), "both": self.tr("обидва")}[option]

    @staticmethod
    def _kept_columns(choice: FieldChoice) -> tuple[int, ...]:
        return {"survivor": (1,), "merged": (2,), "both": (1, 2)}.get(choice.kept, (1,))

    def _kept_text(self, choice: FieldChoice, survivor_office: str, merged_office: str) -> str:
        if not choice.differs:
            return self.tr("однаково")
        return {"survivor": survivor_office, "merged": merged_office,
                "both": f"{survivor_office} + {merged_office}"}.get(choice.kept, survivor_office)

    # --- actions --------------------------------------------------------------------------------------
    def swap(self) -> None:
        self.survivor, self.other = self.other, self.survivor
        self.reload()

    def chosen(self) -> dict[str, str]:
        return {key: combo.currentData() for key, combo in self.combos.items()}

    def confirm(self) -> None:
        if self.preview is None:
            return
        store, choices, pair_key = self.ctx.store, self.chosen(), self.pair_key
        survivor, other = self.preview.survivor.case_id, self.preview.merged.case_id
        self.merge_button.setEnabled(False)
        self.error.hide()
        self.ctx.mutation(lambda: MergeService(store).merge(survivor, other, choices, pair_key=pair_key), parent=self) \
            .success(self._merged).failure(self._refused).run()

    def _merged(self, _cs) -> None:
        store, survivor, other = self.ctx.store, self.survivor, self.other
        self.ctx.query(lambda: MergeService(store).in_force(survivor, other), parent=self) \
            .success(self._after_merge).run()

    def _after_merge(self, merge: Merge | None) -> None:
        self.done_merging.emit()
        if merge is not None:
            self.merge_id = merge.id
            self.swap_button.hide()
            self.merge_button.hide()
            self._show_merge(merge)

    def undo(self) -> None:
        if self.merge is None:
            return
        store, merge_id = self.ctx.store, self.merge.id
        self.undo_button.setEnabled(False)
        self.ctx.mutation(lambda: MergeService(store).undo(merge_id), parent=self) \
            .success(lambda _cs: self._undone()).failure(self._refused).run()

    def _undone(self) -> None:
        self.undo_button.setEnabled(True)
        self.done_merging.emit()
        self.reload()

    def _refused(self, exc: Exception) -> None:
        code = exc.code if isinstance(exc, MergeRefused) else ""
        words = {"case_not_here": self.tr("Обидві справи мають бути на цьому ноутбуці (об'єднує район або офіс, "
                                          "у якому є обидві)."),
                 "already_merged": self.tr("Одну з цих справ уже об'єднано з іншою."),
                 "transfer_pending": self.tr("Одна зі справ чекає на відповідь щодо передачі."),
                 "role_not_allowed": self.tr("Об'єднувати справи може лише керівник або район."),
                 "merge_undone": self.tr("Це об'єднання вже скасовано."),
                 "same_case": self.tr("Це та сама справа.")}
        self.error.setText(words.get(code, self.tr("Не вдалося зберегти. Спробуйте ще раз.")))
        self.error.show()
        self.merge_button.setEnabled(True)
        self.undo_button.setEnabled(True)


class MergeCandidatesDialog(QDialog):
    """From a case: this laptop's other cases that may be the same person (the check at registration);
    the chosen one opens the merge window with this case staying."""

    def __init__(self, ctx, case_id: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.candidates: list[dict] | None = None
        self.setObjectName("mergeCandidates")
        self.setWindowTitle(self.tr("Об'єднати з іншою справою цієї особи"))
        self.resize(820, 300)
        self.intro = QLabel(self.tr("Шукаю схожі справи на цьому ноутбуці…"), self)
        self.intro.setWordWrap(True)
        self.table = make_table([self.tr("ПІБ"), self.tr("Дата народження"), self.tr("Стан справи"),
                                 self.tr("Чому схожа")], self, stretch=3)
        self.choose_button = QPushButton(self.tr("Об'єднати з вибраною…"), self)
        self.choose_button.setObjectName("mergeChoose")
        self.choose_button.setEnabled(False)
        self.choose_button.clicked.connect(self.choose)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.choose_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        store, search = ctx.store, ctx.search
        ctx.query(lambda: MergeService(store).local_candidates(case_id, search), parent=self).success(self._show).run()

    def _show(self, candidates: list[dict]) -> None:
        from desktop.ui.forms.duplicates import reason_label

        self.candidates = candidates
        if not candidates:
            self.intro.setText(self.tr("Схожих справ на цьому ноутбуці не знайдено."))
            self.table.hide()
            return
        self.intro.setText(self.tr("Справи, схожі на цю особу. Виберіть ту, що описує ту саму людину; ця справа "
                                   "залишиться, вибрана стане лише для перегляду (об'єднання можна скасувати)."))
        for cand in candidates:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, cell(cand["name"], cand["case_id"]))
            self.table.setItem(row, 1, cell(show_date(cand.get("birth_date"))))
            self.table.setItem(row, 2, cell(labels.label("status", cand.get("status"))))
            self.table.setItem(row, 3, cell(" · ".join(reason_label(r) for r in cand.get("reasons") or [])))
        self.table.selectRow(0)
        self.choose_button.setEnabled(True)

    def choose(self) -> None:
        row = max(self.table.currentRow(), 0)
        if not self.candidates or row >= len(self.candidates):
            return
        dialog = MergeDialog(self.ctx, self.parent(), survivor=self.case_id, other=self.candidates[row]["case_id"])
        self.accept()
        dialog.open()
