"""The hostilities-list flag follows the edition in force, also in a lookup made before it was loaded."""

from __future__ import annotations

import csv

from desktop.store.projection import listed_lookup
from sync.reference import install_edition
from sync.resources import reference_dir

PACKAGED = reference_dir() / "hostilities_occupation_376.csv"


def _rows():
    with PACKAGED.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_new_edition_is_seen_by_an_existing_lookup(tmp_path):
    rows = [r for r in _rows() if r["code"].startswith("UA") and r["start_dates"] and not r["end_dates"]]
    gone, kept = rows[0], rows[1]
    listed = listed_lookup(tmp_path)  # e.g. the CaseService of a session already open
    assert listed(gone["code"]) and listed(kept["code"])

    new = tmp_path / "new_edition.csv"
    with new.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(kept))
        writer.writeheader()
        writer.writerow(kept)
    install_edition(new, tmp_path, edition="Тестова редакція")  # what `poruch reference load-hostilities` does

    assert listed(kept["code"])
    assert not listed(gone["code"])
