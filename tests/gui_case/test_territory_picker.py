"""The cascading territory picker and the hostilities/occupation flag."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.ui.territory_picker import TerritoryPicker
from tests.gui_case.conftest import type_text

BAKHMUT = "UA14020010010059145"


def _choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index > 0, text
    combo.setCurrentIndex(index)


def test_cascade_oblast_raion_hromada_settlement(qtbot):
    picker = TerritoryPicker(show_listing=True)
    qtbot.addWidget(picker)
    oblast, raion, hromada, settlement = picker.combos[:4]
    assert oblast.count() == 28  # 27 regions and the empty entry
    assert [oblast.itemText(i) for i in (1, 2)] == ["АР Крим", "Вінницька обл."]  # Ukrainian order
    assert not raion.isEnabled()
    with qtbot.waitSignal(picker.code_changed) as changed:
        _choose(oblast, "Донецька обл.")
    assert changed.args[0].startswith("UA14") and raion.isEnabled() and not hromada.isEnabled()
    _choose(raion, "Бахмутський р-н")
    _choose(hromada, "Бахмутська громада")
    assert settlement.itemText(1) == "с. Андріївка"
    _choose(settlement, "м. Бахмут")
    assert picker.code() == BAKHMUT
    # Changing a higher level clears everything below it.
    _choose(raion, "Краматорський р-н")
    assert hromada.currentData() is None and settlement.count() == 1 and picker.code().startswith("UA1412")


def test_hostilities_flag_for_a_listed_origin(qtbot):
    picker = TerritoryPicker(show_listing=True)
    qtbot.addWidget(picker)
    picker.show()
    picker.set_code(BAKHMUT)
    assert picker.flag.isVisible()
    text = picker.flag.text()
    assert "тимчасово окуповані Російською Федерацією території: з 13.12.2023 (триває)" in text
    assert "24.02.2022 – 12.12.2023 (завершено)" in text
    assert picker.listed_now

    picker.set_code("UA46060250010015970")  # Lviv: not on the list
    assert picker.code() == "UA46060250010015970" and not picker.flag.isVisible()


def test_type_ahead_search_fills_the_cascade(qtbot):
    picker = TerritoryPicker()
    qtbot.addWidget(picker)
    picker.show()
    type_text(picker.search, "Бахмут")
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "м. Бахмут, Бахмутський р-н, Донецька обл."
    popup.setCurrentIndex(popup.model().index(0, 0))
    with qtbot.waitSignal(picker.code_changed) as changed:
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert changed.args[0] == BAKHMUT
    assert [c.currentText() for c in picker.combos[:4]] == [
        "Донецька обл.", "Бахмутський р-н", "Бахмутська громада", "м. Бахмут"]
    assert not picker.flag.isVisible()  # this picker is for the current address: no flag
