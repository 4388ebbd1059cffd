"""The state and latest assessment kept per case in the facts (facts.LATEST_COLUMNS) give every cell
the ranking of each case's whole history gives, for periods before and after the changes, and the
migration's SQL backfill of those columns equals what the facts code writes."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from desktop.services.reports import ReportService
from desktop.services.synthetic import add_outcomes, populate
from desktop.store.changes import NewRecords
from desktop.store.database import writing
from sync.records.ids import new_id
from sync.records.schema import DISPLACEMENT_STAGES, NEED_DOMAINS, STAGES
from sync.reports.facts import LATEST_COLUMNS
from sync.reports.factstore import fill_latest_columns
from sync.reports.period import month
from tests.reports.fixture import cells

STATUSES = ("active", "suspended", "closed")


def _history(svc, case_ids: list[str], today: date) -> None:
    """Several stage changes and assessments per case at dates spread over the last five months, with
    same-day ties (ranked by record id), so that periods fall before, between and after them."""
    rng = random.Random(5)
    buffer = NewRecords(svc.user, svc.clock)
    for case_id in case_ids:
        for _ in range(rng.randrange(4)):
            on = (today - timedelta(days=rng.choice((0, 3, 20, 20, 45, 80, 140)))).isoformat()
            field, values = rng.choice((("status", STATUSES), ("stage", STAGES),
                                        ("displacement_stage", DISPLACEMENT_STAGES)))
            buffer.create("stage_change", new_id(), case_id, {
                "field": field, "from_value": rng.choice(values), "to_value": rng.choice(values),
                "changed_on": on, "changed_by": svc.user})
        for _ in range(rng.randrange(3)):
            on = (today - timedelta(days=rng.choice((0, 10, 40, 40, 100)))).isoformat()
            buffer.create("assessment", new_id(), case_id, {
                "assessed_on": on, **{d: rng.choice(("none", "low", "high", "critical")) for d in NEED_DOMAINS}})
    with writing(svc.engine) as conn, conn.begin():
        buffer.flush(conn)


@pytest.fixture
def office(store, cases):
    today = date.today()
    ids = populate(cases, 150, seed=11)
    add_outcomes(cases, ids, seed=11)
    _history(cases, ids, today)
    ReportService(store).refresh()
    return store


def _periods(today: date):
    out = []
    for back in range(6):
        y, m = today.year, today.month - back
        if m <= 0:
            y, m = y - 1, m + 12
        out.append(month(y, m))
    return out


def _all_cells(store, period):
    result = ReportService(store).report(period, layout="office")
    return {t.id: cells(t) for t in result.tables}


def test_cells_equal_the_ranking_of_every_case_history(office):
    store = office
    periods = _periods(date.today())
    fast = {p: _all_cells(store, p) for p in periods}
    with writing(store.engine) as conn, conn.begin():
        late = conn.exec_driver_sql("SELECT count(*) FROM rf_cases WHERE state_changed_on IS NOT NULL").scalar()
        assert late > 50  # the fixture has history to rank
        # Every case "changed after the day": each is ranked from its history, the way reports did before.
        conn.exec_driver_sql("UPDATE rf_cases SET state_changed_on = '9999-12-31', assessed_on = '9999-12-31'")
    for p in periods:
        ranked = _all_cells(store, p)
        assert ranked == fast[p], p.code
    assert any(fast[p]["caseload"] != fast[periods[0]]["caseload"] for p in periods[1:])  # history matters


def test_the_migration_backfill_equals_the_facts(office):
    store = office
    columns = ", ".join(LATEST_COLUMNS)
    with writing(store.engine) as conn, conn.begin():
        before = conn.exec_driver_sql(f"SELECT case_id, {columns} FROM rf_cases ORDER BY case_id").all()
        assert sum(1 for row in before if row[1] is not None) > 50
        conn.exec_driver_sql("UPDATE rf_cases SET " + ", ".join(f"{c} = NULL" for c in LATEST_COLUMNS))
        fill_latest_columns(conn)
        after = conn.exec_driver_sql(f"SELECT case_id, {columns} FROM rf_cases ORDER BY case_id").all()
    assert after == before
