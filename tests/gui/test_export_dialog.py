"""File → Export: the listed cases (or all) to XLSX or CSV, only after the warning is acknowledged,
recorded with who and how many; stopping leaves no file and no record."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt

from desktop.services.case_list import CaseFilters
from desktop.services.export_log import exports
from desktop.ui.export_dialog import ExportDialog
from tests.gui.conftest import make_cases


def _main_window(qtbot, ctx):
    from desktop.ui.main_window import MainWindow
    from desktop.ui.sync_adapter import SyncAdapter

    window = MainWindow(ctx, SyncAdapter(ctx, None))
    qtbot.addWidget(window)
    window.show()
    return window


def test_export_of_the_filtered_list_and_of_everything(qtbot, ctx, store, tmp_path):
    idp = make_cases(ctx.cases, 6, category="idp")
    make_cases(ctx.cases, 4, category="local_difficult")
    window = _main_window(qtbot, ctx)
    model = window.cases.model
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_filters(CaseFilters(category="idp"))
    window.actions_by_name["export"].trigger()
    qtbot.waitUntil(lambda: window.findChild(ExportDialog) is not None)
    dialog = window.findChild(ExportDialog)
    assert dialog.scope_filter.isChecked() and "(6)" in dialog.scope_filter.text()
    assert "НЕ буде зашифрований" in dialog.warning.text()
    dialog.path.setText(str(tmp_path / "vybrani.xlsx"))
    assert not dialog.export_button.isEnabled()  # not before the warning is acknowledged
    dialog.understood.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as done:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert done.args == [6]
    rows = list(openpyxl.load_workbook(tmp_path / "vybrani.xlsx").worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "id" and sorted(r[0] for r in rows[1:]) == sorted(idp)
    entry = exports(store)[-1]
    assert (entry["user"], entry["cases"], entry["format"], entry["scope"], entry["filters"], entry["file"]) == \
        ("olena", 6, "xlsx", "filter", "category=idp", "vybrani.xlsx")
    assert "6" in dialog.result_label.text()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    everything = ExportDialog(ctx, model.case_ids(), model.filters, searched=False)
    qtbot.addWidget(everything)
    everything.scope_all.setChecked(True)
    everything.csv.setChecked(True)
    everything.path.setText(str(tmp_path / "usi"))
    everything.understood.setChecked(True)
    with qtbot.waitSignal(everything.exported, timeout=30_000):
        everything.start()
    with open(tmp_path / "usi.csv", encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) == 1 + 10
    assert [(e["cases"], e["format"], e["scope"]) for e in exports(store)] == [(6, "xlsx", "filter"), (10, "csv", "all")]


def test_stopping_an_export_leaves_no_file_and_no_record(qtbot, ctx, store, tmp_path):
    ids = make_cases(ctx.cases, 450)
    dialog = ExportDialog(ctx, ids, CaseFilters(), searched=True)
    qtbot.addWidget(dialog)
    assert dialog.scope_filter.isChecked()  # a search is a filter too
    out = tmp_path / "out"
    out.mkdir()
    dialog.path.setText(str(out / "spysok.xlsx"))
    dialog.understood.setChecked(True)
    dialog.show()
    dialog.start()
    assert dialog.busy and dialog.close_button.text() == "Зупинити"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)  # stops; the dialog stays open
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert dialog.isVisible() and "зупинено" in dialog.result_label.text()
    assert list(out.iterdir()) == []  # no file, no temp file left
    assert list(Path(tempfile.gettempdir()).glob("openpyxl.*")) == []  # nor the rows written so far
    assert exports(store) == []
    assert dialog.export_button.isEnabled()  # the person may try again
