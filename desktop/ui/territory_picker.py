"""Choosing a place from the KATOTTG codifier: oblast → raion → hromada → settlement, or by name.

The cascade is for people who know where the place is; the search box is for people who know
its name ("Бахмут") and fills the cascade. For a place of origin the picker also says whether it
is on the official list of territories of hostilities/occupation, since when, and whether that
period is still open: IDP entitlements depend on it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QGridLayout, QLabel, QLineEdit, QWidget

from desktop.ui.forms.fields import ui_lang
from sync.records.dates import format_date
from sync.reference import Listing, get_codifier, get_hostilities_list

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class TerritoryPicker(QWidget):
    code_changed = Signal(object)  # the deepest chosen code, or None

    def __init__(self, parent: QWidget | None = None, *, show_listing: bool = False,
                 data_dir: Path | None = None):
        super().__init__(parent)
        self.codifier = get_codifier()
        self.show_listing = show_listing
        self.data_dir = data_dir
        self._setting = False

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Пошук населеного пункту за назвою, напр. Бахмут"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Пошук населеного пункту"))
        self._results = QStandardItemModel(self)
        self.completer = QCompleter(self._results, self)
        # The codifier already filtered and ranked the names; the completer must not filter again.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.search.setCompleter(self.completer)
        self.search.textEdited.connect(self._search)
        self.completer.activated[QModelIndex].connect(self._chosen_from_search)
        grid.addWidget(self.search, 0, 0, 1, 2)
        self.setFocusProxy(self.search)  # a label's Alt shortcut lands in the search box

        placeholders = [self.tr("— область —"), self.tr("— район —"), self.tr("— громада —"),
                        self.tr("— населений пункт —"), self.tr("— район у місті —")]
        self.combos: list[QComboBox] = []
        for level, text in enumerate(placeholders):
            combo = QComboBox(self)
            combo.setProperty("placeholder", text)
            combo.setAccessibleName(text.strip("— "))
            combo.setMaxVisibleItems(20)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
            combo.currentIndexChanged.connect(lambda _i, lv=level: self._level_changed(lv))
            self.combos.append(combo)
            grid.addWidget(combo, 1 + level // 2, level % 2)
        self.flag = QLabel(self)
        self.flag.setWordWrap(True)
        self.flag.setTextFormat(Qt.TextFormat.PlainText)
        self.flag.setObjectName("hostilitiesFlag")
        self.flag.hide()
        grid.addWidget(self.flag, 4, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self._fill(0, None)

    # -- cascade ------------------------------------------------------------------------------

    def _fill(self, level: int, parent_code: str | None) -> None:
        """Put the children of `parent_code` into combo `level` and clear every combo below it."""
        for lv in range(level, len(self.combos)):
            combo = self.combos[lv]
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(combo.property("placeholder"), None)
            if lv == level and (lv == 0 or parent_code):
                for unit in self.codifier.children(parent_code):
                    combo.addItem(unit.short_label, unit.code)
            combo.setEnabled(combo.count() > 1)
            combo.blockSignals(False)
        # A city's districts are rarely needed: the fifth combo appears only when there are some.
        self.combos[4].setVisible(self.combos[4].count() > 1)

    def _level_changed(self, level: int) -> None:
        code = self.combos[level].currentData()
        if level + 1 < len(self.combos):
            self._fill(level + 1, code)
        if not self._setting:
            self._changed()

    def code(self) -> str | None:
        for combo in reversed(self.combos):
            if combo.currentData():
                return combo.currentData()
        return None

    def set_code(self, code: str | None) -> None:
        """Select `code` and its parents in the cascade (None clears it)."""
        self._setting = True
        try:
            self.combos[0].setCurrentIndex(0)
            self._fill(1, None)
            for level, unit in enumerate(self.codifier.path(code) if code else []):
                if level >= len(self.combos):
                    break
                combo = self.combos[level]
                index = combo.findData(unit.code)
                if index < 0:  # a shape the cascade does not expect; stop at the known part
                    break
                combo.setCurrentIndex(index)
        finally:
            self._setting = False
        self._changed()

    def _changed(self) -> None:
        self._update_flag()
        self.code_changed.emit(self.code())

    # -- search -------------------------------------------------------------------------------

    def _search(self, text: str) -> None:
        self._results.clear()
        if len(text.strip()) < 2:
            return
        units = self.codifier.search(text, levels=(4,), limit=30)
        texts = [self.codifier.label(u.code) for u in units]
        for unit, text_ in zip(units, texts, strict=True):
            if texts.count(text_) > 1:  # namesakes in one raion: the hromada tells them apart
                hromada = next((p for p in self.codifier.parents(unit.code) if p.category == "H"), None)
                text_ = f"{text_} ({hromada.short_label})" if hromada else text_
            item = QStandardItem(text_)
            item.setData(unit.code, CODE_ROLE)
            self._results.appendRow(item)
        self.completer.complete()

    def _chosen_from_search(self, index: QModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if code:
            self.set_code(code)

    def choose_search_result(self, row: int) -> None:
        """Pick the row-th result of the current search (what Enter on the popup does)."""
        self._chosen_from_search(self.completer.completionModel().index(row, 0))

    # -- hostilities/occupation -----------------------------------------------------------------

    def listings(self) -> list[Listing]:
        code = self.code()
        if not code:
            return []
        return get_hostilities_list(self.data_dir).listings_for(code, self.codifier)

    def _update_flag(self) -> None:
        listings = self.listings() if self.show_listing else []
        if not listings:
            self.flag.hide()
            self.flag.clear()
            return
        english = ui_lang() == "en"
        current = any(x.is_current() for x in listings)
        lines = [self.tr("Територія на переліку територій бойових дій або тимчасової окупації:")]
        for listing in listings:
            label = listing.subsection_label_en if english else listing.subsection_label
            periods = ", ".join(f"{format_date(p.start)} – {format_date(p.end)}" if p.end
                                else self.tr("з %1").replace("%1", format_date(p.start))
                                for p in listing.periods)
            state = self.tr("триває") if listing.is_current() else self.tr("завершено")
            unit = self.codifier.get(listing.code)
            where = unit.short_label if unit else listing.name
            lines.append(self.tr("• %1 — %2: %3 (%4)").replace("%1", where).replace("%2", label)
                         .replace("%3", periods).replace("%4", state))
        self.flag.setText("\n".join(lines))
        self.flag.setToolTip(get_hostilities_list(self.data_dir).edition_name)
        colour, background = ("#8c1d18", "#fdecea") if current else ("#6b4e00", "#fff4d6")
        self.flag.setStyleSheet(f"QLabel#hostilitiesFlag {{ color: {colour}; background: {background};"
                                f" border-left: 4px solid {colour}; padding: 6px; }}")
        self.flag.show()

    @property
    def listed_now(self) -> bool:
        return any(x.is_current() for x in self.listings())
