"""Reports, defined once and computed where the data is (the laptop's store or the server's database).

- `facts`: flat rows per case, built from its records by the same function on both ends.
- `definitions`: the office/district report as data; `populations`: their SQL; `compute`: running them.
- `sdc`: disclosure control; `aggregates`: the analysts' national release built on it.
- `output`: XLSX, CSV and PDF, with `output.charts` (ReportLab drawings) for the screen, the PDF and the console.
"""
