"""Every export is recorded in one place, with who, when, what and how many cases."""

from __future__ import annotations

import threading

import pytest

from desktop.services.export_log import exports
from desktop.services.exporter import ExportCancelled, export_cases
from desktop.services.synthetic import populate
from tests.cli.conftest import synthetic_rows, write_csv


def test_command_line_exports_are_recorded(poruch, open_store, tmp_path):
    assert poruch("import", write_csv(tmp_path / "a.csv", synthetic_rows(5)))[0] == 0
    assert poruch("export", "--out", tmp_path / "all.xlsx")[0] == 0
    assert poruch("export", "--format", "jsonl")[0] == 0
    log = exports(open_store())
    assert [(e["what"], e["format"], e["cases"], e["user"], e["file"]) for e in log] == [
        ("cases", "xlsx", 5, "olena", "all.xlsx"), ("cases", "jsonl", 5, "olena", "(standard output)")]
    assert all(e["action"] == "export" and e["at"] and e["device"] for e in log)


def test_a_filtered_export_and_a_cancelled_one(cases, store, tmp_path):
    from openpyxl import load_workbook

    ids = sorted(populate(cases, 30, activity=False, seed=4))
    chosen = ids[3:9][::-1]
    assert export_cases(store, "xlsx", tmp_path / "some.xlsx", chosen, filters="status=active") == 6
    ws = load_workbook(tmp_path / "some.xlsx").worksheets[0]
    assert [r[0].value for r in ws.iter_rows(min_row=2)] == chosen  # the list's order
    entry = exports(store)[-1]
    assert (entry["cases"], entry["scope"], entry["filters"], entry["format"]) == (6, "filter", "status=active",
                                                                                  "xlsx")
    stop = threading.Event()
    stop.set()
    with pytest.raises(ExportCancelled):
        export_cases(store, "csv", tmp_path / "all.csv", ids * 10, cancel=stop)
    assert not (tmp_path / "all.csv").exists() and not list(tmp_path.glob(".all.csv*"))
    assert len(exports(store)) == 1
