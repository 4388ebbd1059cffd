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


def test_unlock_after_a_new_edition_reflags_cases_saved_before(tmp_path):
    from sqlalchemy import text

    from desktop.services.cases import CaseService, Registration
    from desktop.store.store import LISTED_EDITION_META, create_store, unlock_store
    from tests.conftest import TEST_PASSWORD

    rows = [r for r in _rows() if r["code"].startswith("UA") and r["start_dates"] and not r["end_dates"]
            and r["in_katottg_2025_05_16"] == "1"]
    gone, kept = rows[0], rows[1]
    data_dir = tmp_path / "data"
    store = create_store(data_dir, "olena", TEST_PASSWORD)
    edition = store.get_meta(LISTED_EDITION_META)
    assert edition
    cases = CaseService(store)
    ids = {}
    for row in (gone, kept):
        cs = cases.register(Registration(person={"surname": "Перелікова", "given_name": "Ганна",
                                                 "birth_date": "1970-01-01"},
                                         displacement={"origin_katottg": row["code"]}))
        ids[row["code"]] = next(iter(cs.case_ids))

    def flags(s):
        with s.engine.connect() as conn:
            return {code: conn.execute(text("select origin_listed from case_index where case_id = :c"),
                                       {"c": cid}).scalar() for code, cid in ids.items()}

    assert flags(store) == {gone["code"]: 1, kept["code"]: 1}
    store.close()

    new = tmp_path / "new_edition.csv"
    with new.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(kept))
        writer.writeheader()
        writer.writerow(kept)
    install_edition(new, data_dir, edition="Тестова редакція")  # no password, no database

    store = unlock_store(data_dir, "olena", TEST_PASSWORD)
    try:
        assert flags(store) == {gone["code"]: 0, kept["code"]: 1}
        assert store.get_meta(LISTED_EDITION_META) not in (None, edition)
    finally:
        store.close()


def test_an_unlock_with_the_same_edition_does_not_parse_the_list(tmp_path, monkeypatch):
    """The edition in force is recognised by the file's hash; only a new edition is parsed (it took
    0.1-0.8 s of every command's start)."""
    from desktop.store.store import create_store, refresh_listed_flags
    from sync.reference import hostilities

    store = create_store(tmp_path / "data", "olena", "пароль-для-тесту-1")
    try:
        hostilities._cache.clear()
        hostilities._sha_cache.clear()

        def parse(*_args, **_kwargs):
            raise AssertionError("the list was parsed")

        monkeypatch.setattr(hostilities.HostilitiesList, "from_csv", parse)
        assert refresh_listed_flags(store) is False
        store.set_meta("hostilities_edition", "an older edition")
        try:
            refresh_listed_flags(store)
        except AssertionError as exc:  # a different edition is parsed, as before
            assert "parsed" in str(exc)
        else:
            raise AssertionError("a new edition must be parsed")
    finally:
        store.close()
