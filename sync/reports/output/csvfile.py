"""CSV: every table of the report in one long table (table, row, column, value), UTF-8 with BOM."""

from __future__ import annotations

import csv
import io
from typing import IO

from sync.reports.labels import TOTAL, text
from sync.reports.layout import ReportResult
from sync.reports.output.cells import cell_format, cell_value


def write_csv(result: ReportResult, out: IO[bytes]) -> None:
    en = result.lang == "en"
    wrapper = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    w = csv.writer(wrapper)
    w.writerow(["report", "period", "scope", "table_id", "table", "row", "column", "value"] if en else
               ["звіт", "період", "охоплення", "код_таблиці", "таблиця", "рядок", "стовпець", "значення"])
    head = [result.title, result.period.label(result.lang), result.scope]
    total = text(TOTAL, result.lang)
    for table in result.tables:
        for rk, labels in table.rows:
            row_label = " / ".join(labels)
            for ck, col_label in table.cols:
                w.writerow([*head, table.id, table.title, row_label, col_label,
                            cell_value(table.value(rk, ck), cell_format(table, rk, ck))])
            if table.row_totals is not None:
                w.writerow([*head, table.id, table.title, row_label, total, table.row_totals[rk]])
        if table.col_totals is not None:
            for ck, col_label in table.cols:
                if ck in table.col_totals:
                    w.writerow([*head, table.id, table.title, total, col_label,
                                cell_value(table.col_totals[ck], table.column_format(ck))])
            if table.total is not None and table.row_totals is not None:
                w.writerow([*head, table.id, table.title, total, total, table.total])
    wrapper.flush()
    wrapper.detach()
