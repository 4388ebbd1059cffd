"""A computed report as JSON (the server's answer, and what the web console draws)."""

from __future__ import annotations

from typing import Any

from sync.reports.layout import ReportResult
from sync.reports.output.cells import cell_format, cell_value


def report_json(result: ReportResult) -> dict[str, Any]:
    tables = []
    for t in result.tables:
        tables.append({
            "id": t.id, "title": t.title, "note": t.note, "row_header": t.row_header,
            "chart": t.chart.kind if t.chart else None,
            "rows": [{"key": [str(k) if k is not None else None for k in rk], "labels": labels}
                     for rk, labels in t.rows],
            "columns": [{"key": [str(k) for k in ck], "label": label} for ck, label in t.cols],
            "cells": [[cell_value(t.value(rk, ck), cell_format(t, rk, ck)) for ck, _ in t.cols] for rk, _ in t.rows],
            "row_totals": [t.row_totals[rk] for rk, _ in t.rows] if t.row_totals is not None else None,
            "column_totals": ([cell_value(t.col_totals.get(ck), t.column_format(ck)) for ck, _ in t.cols]
                              if t.col_totals is not None else None),
            "total": t.total,
        })
    return {"report": result.id, "title": result.title, "layout": result.layout, "scope": result.scope,
            "period": {"code": result.period.code, "label": result.period.label(result.lang),
                       "start": result.period.start_iso, "end": result.period.end_iso},
            "generated_at": result.generated_at.isoformat(timespec="seconds"), "lang": result.lang,
            "tables": tables}
