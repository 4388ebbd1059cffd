"""Reports both ways: a laptop computes its report offline, the real server computes it from what the
laptop pushed, and every cell is the same; a district laptop and the server agree on the district
report; an analyst gets national aggregates with no small cell and nothing personal."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from desktop.services.reports import ReportService
from desktop.services.sync_cycle import run_full_cycle
from sync.protocol import PROTOCOL_HEADER, USER_HEADER
from sync.reports.output.jsonfile import report_json
from sync.server import admin_ops
from sync.server.db import write_transaction
from sync.server.orgs import create_office
from tests.reports.fixture import build, period_now
from tests.support import loopback
from tests.support.server_process import REPO, duplicates_checked
from tests.sync.conftest import PASSWORD, _password_hash

PROTO = {PROTOCOL_HEADER: "2"}
# Two hromadas of one raion (Бердичівський), and one of another oblast for the national release.
RAION_HROMADAS = ("UA18020010000059904", "UA18020030000035625")


# A report computed under load (the suite runs in parallel) can take longer than httpx's default 5 s.
HTTP_TIMEOUT = 60


def _tables(doc: dict) -> dict:
    """What must agree: every table's cells and totals (not the scope's wording or the time made)."""
    return {t["id"]: {k: t[k] for k in ("rows", "columns", "cells", "row_totals", "column_totals", "total")}
            for t in doc["tables"]}


def _session(url: str, username: str) -> dict[str, str]:
    r = loopback.post(f"{url}/api/v1/sessions", timeout=HTTP_TIMEOUT, headers=PROTO, json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {**PROTO, "Authorization": f"Bearer {r.json()['token']}"}


def test_the_office_report_is_the_same_on_the_laptop_and_on_the_server(world):
    office, (name,) = world.office("sup", role="supervisor")
    client = world.client(name)
    build(client.cases)
    client.sync()
    period = period_now()
    laptop = report_json(ReportService(client.store).report(period, layout="office"))
    assert laptop["tables"][0]["total"] == 4  # the fixture's caseload: the hand-computed figures hold

    r = loopback.get(f"{world.url}/api/v1/reports/office", timeout=HTTP_TIMEOUT, params={"period": period.code},
                     headers=_session(world.url, name))
    assert r.status_code == 200, r.text
    assert _tables(r.json()) == _tables(laptop)

    from sync.server.reports import scope_report
    assert _tables(report_json(scope_report(world.db, [office], period))) == _tables(laptop)


def test_a_district_laptop_and_the_server_give_the_same_district_report(world):
    with write_transaction(world.db) as conn:
        offices = [create_office(conn, f"Офіс району {i}", code) for i, code in enumerate(RAION_HROMADAS)]
        names = []
        for i, office in enumerate(offices):
            org = admin_ops.resolve_user_org(conn, "caseworker", office_id=office)
            names.append(admin_ops.create_user(conn, f"rep-worker-{i}", PASSWORD, "caseworker", org,
                                               password_hash=_password_hash()) and f"rep-worker-{i}")
        org = admin_ops.resolve_user_org(conn, "district", district_of_office=offices[0])
        admin_ops.create_user(conn, "rep-district", PASSWORD, "district", org, password_hash=_password_hash())
    for i, name in enumerate(names):
        worker = world.client(name)
        from desktop.services.synthetic import populate
        populate(worker.cases, 15 + 10 * i, seed=i + 7)
        worker.sync()
    district = world.client("rep-district")
    engine = district.engine()
    try:  # the whole cycle, as the window runs it: records, attachments, the office directory (names)
        run_full_cycle(district.store, engine)
    finally:
        engine.transport.close()
    period = period_now()
    service = ReportService(district.store)
    assert service.is_district()
    laptop = service.report(period)  # offline: from the district laptop's own store
    assert laptop.layout == "district"
    assert {c[0][0] for c in laptop.table("caseload").cols} >= set(offices)
    device_headers = {**PROTO, "Authorization": f"Bearer {district.device_id}.{district.store.get_meta('device_secret')}",
                      USER_HEADER: district.store.user_token}
    r = loopback.get(f"{world.url}/api/v1/reports/district", timeout=HTTP_TIMEOUT, params={"period": period.code}, headers=device_headers)
    assert r.status_code == 200, r.text
    assert _tables(r.json()) == _tables(report_json(laptop))
    r = loopback.get(f"{world.url}/api/v1/reports/district", timeout=HTTP_TIMEOUT, params={"period": period.code, "format": "xlsx"},
                     headers=device_headers)
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_an_analyst_gets_aggregates_without_small_cells_or_personal_data(world):
    office, (name,) = world.office("agg", role="supervisor")
    client = world.client(name)
    from desktop.services.synthetic import populate
    populate(client.cases, 60, seed=3)
    client.sync()
    with write_transaction(world.db) as conn:
        org = admin_ops.resolve_user_org(conn, "analyst")
        admin_ops.create_user(conn, "rep-analyst", PASSWORD, "analyst", org, password_hash=_password_hash())
    analyst = _session(world.url, "rep-analyst")
    month = period_now().code
    r = loopback.get(f"{world.url}/api/v1/aggregates/hromada", timeout=HTTP_TIMEOUT, params={"from": month}, headers=analyst)
    assert r.status_code == 200, r.text
    release = r.json()
    k = release["threshold"]
    assert k == 10
    values = [v for d in release["data"] for row in d["cells"] for v in row]
    values += [v for d in release["data"] for v in (d.get("row_totals") or []) + (d.get("col_totals") or [])]
    values += [d.get("total") for d in release["data"]]
    published = [v for v in values if v is not None]
    assert published and not [v for v in published if 0 < v < k]
    assert None in values  # something was small enough to hide
    text = r.text
    with client.store.engine.connect() as conn:
        surnames = [json.loads(d)["surname"] for (d,) in conn.exec_driver_sql(
            "SELECT data FROM records WHERE type = 'person'")]
    assert not [s for s in surnames if s in text]
    assert name not in text  # not even the caseworkers' names

    r = loopback.get(f"{world.url}/api/v1/aggregates/oblast", timeout=HTTP_TIMEOUT, params={"from": month, "format": "csv"}, headers=analyst)
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][0] == "місяць" and len(rows) > 10
    # Analysts get aggregates only; a supervisor gets no aggregates.
    r = loopback.get(f"{world.url}/api/v1/reports/office", timeout=HTTP_TIMEOUT, params={"period": month}, headers=analyst)
    assert r.status_code == 403
    r = loopback.get(f"{world.url}/api/v1/aggregates/oblast", timeout=HTTP_TIMEOUT, params={"from": month}, headers=_session(world.url, name))
    assert r.status_code == 403
    # Bad requests get precise answers.
    assert loopback.get(f"{world.url}/api/v1/aggregates/street", timeout=HTTP_TIMEOUT, params={"from": month}, headers=analyst).status_code == 404
    r = loopback.get(f"{world.url}/api/v1/aggregates/oblast", timeout=HTTP_TIMEOUT, params={"from": "2020-01", "to": "2026-12"}, headers=analyst)
    assert r.status_code == 400 and r.json()["code"] == "too_many_months"
    r = loopback.get(f"{world.url}/api/v1/aggregates/oblast", timeout=HTTP_TIMEOUT, params={"from": "26-1"}, headers=analyst)
    assert r.status_code == 400 and r.json()["code"] == "bad_period"
    assert loopback.get(f"{world.url}/api/v1/aggregates/oblast", timeout=HTTP_TIMEOUT, params={"from": month},
                        headers={**PROTO, "Authorization": "Bearer nonsense"}).status_code == 401


def test_poruch_server_aggregates_command(world, tmp_path):
    out = tmp_path / "agg.json"
    result = subprocess.run([sys.executable, "-m", "sync.server.cli", "--data-dir", str(tmp_path),
                             "--database", world.server.database_url, "aggregates", "--level", "raion",
                             "--from", period_now().code, "--out", str(out)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    release = json.loads(out.read_text("utf-8"))
    assert release["level"] == "raion" and release["threshold"] == 10
    assert all(v is None or v == 0 or v >= 10 for d in release["data"] for row in d["cells"] for v in row)


@pytest.mark.parametrize("bad", [["--from", "2026-13"], ["--from", "2026-01", "--min-count", "2"]])
def test_poruch_server_aggregates_refuses_bad_options(world, tmp_path, bad):
    result = subprocess.run([sys.executable, "-m", "sync.server.cli", "--data-dir", str(tmp_path),
                             "--database", world.server.database_url, "aggregates", *bad],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "error" in result.stderr


def test_a_release_asked_again_is_the_one_held_until_a_record_changes(world):
    """The same release while nothing changed (held in memory, not read and parsed again), a new one
    after a push, and a held or stored release is the one computed from scratch."""
    from sync.server.reports import national

    office, (name,) = world.office("memo", role="supervisor")
    client = world.client(name)
    ids = build(client.cases)
    client.sync()
    duplicates_checked(world.db)  # the server's own work after the push is done too: nothing changes from here
    months = [period_now()]
    first = national(world.db, months, level="oblast")
    assert national(world.db, months, level="oblast") is first
    fresh = national(world.db, months, level="oblast", use_cache=False)
    assert {k: v for k, v in fresh.items() if k != "generated_at"} == \
        {k: v for k, v in first.items() if k != "generated_at"}
    client.cases.set_status(ids["B"], "suspended")
    client.sync()
    duplicates_checked(world.db)
    after = national(world.db, months, level="oblast")
    assert after is not first
    fresh = national(world.db, months, level="oblast", use_cache=False)
    assert {k: v for k, v in fresh.items() if k != "generated_at"} == \
        {k: v for k, v in after.items() if k != "generated_at"}
