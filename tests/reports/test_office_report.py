"""The office report's numbers against a fixture computed by hand, its facts kept current by the
store's triggers, its cache, and the files it is saved as."""

from __future__ import annotations

import csv
import io

import pytest

from desktop.services.reports import ReportService
from desktop.store.report_facts import pending_cases
from tests.reports.fixture import build, cells, expected, period_now


@pytest.fixture
def office(store, cases):
    ids = build(cases)
    return store, cases, ids


def test_every_cell_matches_the_hand_computed_fixture(office):
    store, _, _ = office
    result = ReportService(store).report(period_now(), layout="office")
    want = expected()
    for table_id, values in want.items():
        table = result.table(table_id)
        got = cells(table)
        # Every cell named in the fixture has its value; every other cell is zero (or empty).
        for key, value in got.items():
            assert value == values.get(key, value if value in (0, None) else 0), (table_id, key, value)
        for key, value in values.items():
            assert got[key] == value, (table_id, key)


def test_totals_add_up(office):
    store, _, _ = office
    result = ReportService(store).report(period_now(), layout="office")
    new = result.table("new_cases")
    assert new.total == 2 == sum(new.row_totals.values()) == sum(new.col_totals.values())
    assert result.table("caseload").total == 4


def test_a_save_is_in_the_next_report(office):
    """The triggers queue the changed case; the report rebuilds its facts before computing."""
    store, svc, ids = office
    service = ReportService(store)
    before = service.report(period_now(), layout="office")
    assert pending_cases(store.engine) == 0
    svc.set_status(ids["B"], "suspended")
    assert pending_cases(store.engine) == 1
    after = service.report(period_now(), layout="office")
    assert cells(before.table("caseload"))[("Відкрита", "Кількість")] == 2
    assert cells(after.table("caseload"))[("Відкрита", "Кількість")] == 1
    assert cells(after.table("caseload"))[("Призупинена", "Кількість")] == 2


def test_a_period_seen_before_comes_from_the_cache_until_something_changes(office):
    store, svc, ids = office
    service = ReportService(store)
    period = period_now()
    first = service.report(period)
    assert service.cached(period) is first
    assert service.report(period) is first
    svc.add("journal_entry", ids["E"], {"kind": "note", "text": "Нотатка"})
    assert service.cached(period) is None  # the changed case waits in the queue


def test_saved_files_open_and_say_the_same(office, tmp_path):
    from openpyxl import load_workbook

    store, _, _ = office
    service = ReportService(store)
    result = service.report(period_now(), layout="office")
    for fmt in ("xlsx", "csv", "pdf"):
        service.save(result, fmt, tmp_path / f"report.{fmt}")
    wb = load_workbook(tmp_path / "report.xlsx")
    assert wb.sheetnames[0] == "Звіт" and len(wb.sheetnames) == 1 + len(result.tables)
    assert wb["Звіт"]["A1"].value == "Щомісячний звіт офісу"
    caseload = wb[wb.sheetnames[1]]
    assert [c.value for c in caseload[4]][:2] == ["Відкрита", 2]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "report.csv").read_text("utf-8-sig"))))
    closures = [r for r in rows if r["код_таблиці"] == "closures" and r["рядок"] == "Переїхали"]
    assert closures and closures[0]["значення"] == "1"
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"DejaVuSans" in pdf
    exports = store.get_meta("exports")
    assert [e["format"] for e in exports] == ["xlsx", "csv", "pdf"]
    assert all(e["action"] == "export" and e["what"] == "report:office" for e in exports)


def test_english_labels(office):
    store, _, _ = office
    result = ReportService(store).report(period_now(), layout="office", lang="en")
    assert result.title == "Monthly office report"
    assert ("Open", "Count") in cells(result.table("caseload"))


def test_a_store_made_before_reports_gets_its_facts_on_upgrade(tmp_path, monkeypatch):
    """Migration 0003 queues every existing case: the first report counts them all."""
    from desktop.services.cases import CaseService
    from desktop.services.synthetic import populate
    from desktop.store.store import unlock_store
    from tests.conftest import TEST_PASSWORD
    from tests.store.test_upgrade import _create_at, _populated_by_this_code

    old = _create_at(tmp_path / "data", "0002", monkeypatch)
    with monkeypatch.context() as m:  # as the code of revision 0002 wrote: nothing queued
        m.setattr("desktop.store.changes.queue_cases", lambda conn, ids: None)
        m.setattr("desktop.services.audit_entries.case_work", lambda conn, **kw: None)  # nor an audit log
        m.setattr("desktop.services.audit_entries.registrations", lambda conn, **kw: None)
        with _populated_by_this_code(old):  # this code writes columns and a table of later revisions
            populate(CaseService(old), 25, seed=5)
    old.close()
    store = unlock_store(tmp_path / "data", "olena", TEST_PASSWORD)
    try:
        assert pending_cases(store.engine) == 25
        result = ReportService(store).report(period_now(), layout="office")
        assert result.table("freshness").value((), ("cases",)) == 25
        assert pending_cases(store.engine) == 0
    finally:
        store.close()


def test_a_transfer_requested_offline_is_counted_as_outgoing_and_waiting(office):
    from desktop.services.transfers import TransferService

    store, _, ids = office
    service = ReportService(store)
    TransferService(store).request(ids["E"], "office-elsewhere", reason="Переїзд до іншої громади", consent=True)
    got = cells(service.report(period_now(), layout="office").table("transfers"))
    assert got[("Вихідні (до інших офісів)", "Очікує відповіді")] == 1
    assert sum(got.values()) == 1  # and no other cell
    assert got[("Вхідні (від інших офісів)", "Очікує відповіді")] == 0


def test_a_store_made_before_transfer_facts_counts_its_transfers_on_upgrade(tmp_path, monkeypatch):
    """Migration 0005 makes rf_transfers and queues the transfer records an older version wrote."""
    from desktop.services.cases import CaseService
    from desktop.services.transfers import TransferService
    from desktop.store.store import unlock_store
    from tests.conftest import TEST_PASSWORD
    from tests.gui.conftest import registration
    from tests.store.test_upgrade import _create_at, _populated_by_this_code

    old = _create_at(tmp_path / "data", "0004", monkeypatch)
    with _populated_by_this_code(old):  # this code writes columns and a table of later revisions
        case_id = next(iter(CaseService(old).register(registration(1)).case_ids))
        with monkeypatch.context() as m:  # as the code of revision 0004 wrote: a transfer queued no facts
            m.setattr("desktop.store.changes.queue_cases", lambda conn, ids: None)
            TransferService(old).request(case_id, "office-elsewhere", reason="Переїзд", consent=True)
    with old.engine.connect() as conn:  # and its schema had no such table (0003 now makes it)
        conn.exec_driver_sql("DROP TABLE rf_transfers")
        conn.commit()
    old.close()
    store = unlock_store(tmp_path / "data", "olena", TEST_PASSWORD)
    try:
        table = ReportService(store).report(period_now(), layout="office").table("transfers")
        assert table.value(("out",), ("pending",)) == 1
    finally:
        store.close()


def test_the_last_sync_reads_like_the_reports_other_times(office):
    """dd.mm.yyyy in Kyiv time, as «Сформовано» reads, not the stored ISO text in UTC."""
    store = office[0]
    store.set_meta("mode", "enrolled")
    store.set_meta("last_sync", "2026-11-30T22:15:00Z")  # already 1 December in Kyiv
    info = dict(ReportService(store).report(period_now(), layout="office").info)
    assert info["Остання синхронізація цього ноутбука"] == "01.12.2026 00:15 (Київ)"


def test_a_delivery_without_a_referral_date_is_counted_but_has_no_days(office):
    """Count and median days come from one query of (provider kind, days) counts: a delivered service
    with no referral date (no days) is counted, and the median is of the others' days."""
    from datetime import date

    store, svc, ids = office
    today = date.today()
    start = period_now().start
    svc.add("service", ids["C"], {"title": "Житло", "service_code": "housing_temporary", "provider_kind": "state",
                                  "status": "delivered", "delivered_on": today.isoformat()})
    svc.add("service", ids["B"], {"title": "Житло", "service_code": "housing_temporary", "provider_kind": "state",
                                  "status": "delivered", "referred_on": start.isoformat(),
                                  "delivered_on": start.isoformat()})
    got = cells(ReportService(store).report(period_now(), layout="office").table("delivery_days"))
    days = (today - start).days
    assert got[("Державні", "Кількість")] == 3
    assert got[("Державні", "Медіана днів від направлення до надання")] == days / 2  # of 0 and `days`
