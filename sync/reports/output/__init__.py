"""Writing a computed report: XLSX (openpyxl), CSV (one long table) and PDF (ReportLab, DejaVu Sans
embedded), with the charts of sync.reports.output.charts. Qt-free: the laptop, `poruch report` and
the server write the same files."""

from __future__ import annotations

from typing import IO

from sync.reports.layout import ReportResult

FORMATS = ("xlsx", "csv", "pdf")
MEDIA_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}


def write_report(result: ReportResult, fmt: str, out: IO[bytes]) -> None:
    if fmt == "xlsx":
        from sync.reports.output.xlsx import write_xlsx

        write_xlsx(result, out)
    elif fmt == "csv":
        from sync.reports.output.csvfile import write_csv

        write_csv(result, out)
    elif fmt == "pdf":
        from sync.reports.output.pdf import write_pdf

        write_pdf(result, out)
    else:
        raise ValueError(f"unknown report format: {fmt}")
