"""Reports in the console: an analyst sees national aggregates and downloads them, with no personal value;
a district user downloads the district report; neither reaches the other's page."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from tests.console.conftest import login
from tests.server.helpers import Device

pytestmark = pytest.mark.browser
SURNAME, GIVEN = "Шевчук", "Мирослава"


@pytest.fixture(scope="module")
def cases(world):
    laptop = Device.enroll(world.url, "anna", name="ноутбук для звітів")
    changes = []
    for n in range(12):
        case_id = f"case-report-{n}"
        changes += [laptop.change(case_id, "case", case_id, {"office_id": world.offices["a"], "category": "idp",
                                                             "stage": "identification", "status": "open",
                                                             "opened_on": "2026-11-0" + str(1 + n % 9)}),
                    laptop.change(f"person-report-{n}", "person", case_id,
                                  {"surname": SURNAME, "given_name": GIVEN, "birth_date": "1990-02-03"})]
    laptop.push_ok(changes)


def test_an_analyst_sees_national_aggregates_and_downloads_them_without_a_name(page, world, cases):
    login(page, world, "ivan")
    expect(page).to_have_url(re.compile(r"/console/analysis$"))
    page.goto(f"{world.url}/console/analysis?first=2026-10&last=2026-11")
    expect(page.locator("h1")).to_have_text("Національні показники")
    expect(page.locator("thead th").last).to_have_text("2026-11")
    assert SURNAME not in page.content() and GIVEN not in page.content()
    # The chart is the reports' (ReportLab's SVG inline): its bars coloured, though the page allows no
    # inline styles (the shapes would be black), its labels the areas of the table.
    chart = page.locator("figure.chart svg")
    expect(chart).to_be_visible()
    assert " style=" not in chart.evaluate("e => e.outerHTML")
    fills = chart.locator("rect").evaluate_all("rs => rs.map(r => getComputedStyle(r).fill)")
    assert fills and all(f not in ("rgb(0, 0, 0)", "none") for f in fills), fills
    texts = set(chart.locator("text").evaluate_all("ts => ts.map(t => t.textContent)"))
    areas = set(page.locator("tbody tr td:first-child").all_inner_texts())
    assert texts & areas, (texts, areas)  # a bar per area with a count (the rest are the axis' numbers)
    if os.environ.get("PORUCH_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PORUCH_SCREENSHOTS"], "console-analysis-test.png"),
                        full_page=True)
    for fmt in ("csv", "xlsx"):
        answer = page.request.get(f"{world.url}/console/analysis.{fmt}?first=2026-10&last=2026-11")
        assert answer.status == 200 and "attachment" in answer.headers["content-disposition"]
        body = answer.body()
        assert SURNAME.encode() not in body and GIVEN.encode() not in body
    csv_text = page.request.get(f"{world.url}/console/analysis.csv?first=2026-11").text()
    assert csv_text.lstrip("\ufeff").startswith("місяць,код_території,територія")
    assert page.goto(f"{world.url}/console/district/report").status == 403


def test_a_district_user_downloads_the_district_report(page, world, cases):
    login(page, world, "dmytro")
    expect(page.locator("#period")).to_be_visible()
    answer = page.request.get(f"{world.url}/console/district/report?period=2026-11&format=xlsx", timeout=120_000)
    assert answer.status == 200 and answer.body()[:2] == b"PK"  # an XLSX is a zip
    assert "poruch-district-2026-11.xlsx" in answer.headers["content-disposition"]
    assert page.goto(f"{world.url}/console/analysis").status == 403
    bad = page.request.get(f"{world.url}/console/district/report?period=2026-13")
    assert bad.status in (400, 422)
