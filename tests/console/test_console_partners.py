"""The console's Partners page in a real browser against a real poruch-server: an administrator adds,
edits, retires and imports national referral partners, refused input changes nothing, and a laptop
receives each change from GET /api/v1/partners; other roles never reach the page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.console.conftest import login
from tests.server.helpers import Device

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("PORUCH_SCREENSHOTS")  # e.g. docs/screenshots: pictures only when asked


def partners_of(laptop: Device) -> dict:
    answer = laptop.request("GET", "/partners")
    assert answer.status_code == 200
    return {p["code"]: p for p in answer.json()["partners"]}


def test_an_administrator_maintains_the_national_partners_and_laptops_receive_them(page, world, tmp_path):
    laptop = Device.enroll(world.url, "anna", name="ноутбук Анни (партнери)")
    before = laptop.request("GET", "/partners").json()["version"]
    login(page, world, "admin")
    page.goto(f"{world.url}/console/offices")
    page.click("nav >> text=Партнери")
    expect(page.locator("h1")).to_have_text("Партнери для направлень")
    expect(page.locator("tr", has_text="ЮНІСЕФ")).to_contain_text("уся Україна")

    # A code with capitals and a territory that is not a KATOTTG code are refused; nothing is stored.
    page.fill("#code", "Legal Aid")
    page.fill("#name", "Центр правничої допомоги (Житомир)")
    page.select_option("#kind", "state")
    page.check("input[name=services][value=legal_aid]")
    page.fill("#territories", "Житомир")
    page.evaluate("document.querySelector('#code').removeAttribute('pattern')")  # as a script would send it
    page.click("#main button.primary >> nth=0")
    expect(page.locator(".error")).to_contain_text("Не збережено: код")
    page.fill("#code", "legal_aid_zhytomyr")
    page.click("#main button.primary >> nth=0")
    expect(page.locator(".error")).to_contain_text("територ")
    assert "legal_aid_zhytomyr" not in partners_of(laptop)

    page.fill("#territories", "UA18040010000031446")
    page.fill("#phone", "0 800 213 103")
    page.click("#main button.primary >> nth=0")
    expect(page.locator(".done")).to_contain_text("Партнера додано")
    added = partners_of(laptop)["legal_aid_zhytomyr"]
    assert added["territories"] == ["UA18040010000031446"] and added["services"] == ["legal_aid"]

    row = page.locator("tr", has_text="legal_aid_zhytomyr")
    row.get_by_role("link", name="Змінити").click()
    expect(page.locator("h2", has_text="Змінити партнера")).to_be_visible()
    page.fill("#address", "м. Житомир, вул. Київська, 1")
    page.click("#main button.primary >> nth=0")
    expect(page.locator(".done")).to_contain_text("Зміни збережено")
    assert partners_of(laptop)["legal_aid_zhytomyr"]["address"] == "м. Житомир, вул. Київська, 1"
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "partners-1-console.png"), full_page=False)

    page.locator("tr", has_text="legal_aid_zhytomyr").get_by_role("button", name="Вивести").click()
    expect(page.locator(".done")).to_contain_text("Партнера виведено")
    assert partners_of(laptop)["legal_aid_zhytomyr"]["retired"] is True

    # Import: a file with one bad line changes nothing; a good one adds and updates.
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,kind,services\nhub_one,Хаб,community,psych_group\nbad,Б,spaceship,\n", "utf-8")
    page.set_input_files("#file", str(bad))
    page.click("text=Перевірити й імпортувати")
    expect(page.locator("p.error")).to_contain_text("нічого не змінено")
    expect(page.locator("ul.error")).to_contain_text("рядок 3")
    assert "hub_one" not in partners_of(laptop)
    good = tmp_path / "good.csv"
    good.write_text("code,name,kind,services\nhub_one,Хаб,community,psych_group\n"
                    "unicef,ЮНІСЕФ,international,child_protection;hygiene_kit\n", "utf-8")
    page.set_input_files("#file", str(good))
    page.click("text=Перевірити й імпортувати")
    expect(page.locator(".done")).to_contain_text("додано 1, змінено 1")
    after = laptop.request("GET", "/partners").json()
    assert after["version"] != before and {"hub_one", "unicef"} <= {p["code"] for p in after["partners"]}
    assert laptop.request("GET", "/partners", params={"known": after["version"]}).json()["unchanged"] is True


def test_only_administrators_reach_the_partners_page(page, world):
    for user in ("anna", "dmytro", "ivan"):
        page.context.clear_cookies()
        login(page, world, user)
        answer = page.goto(f"{world.url}/console/partners")
        assert answer.status == 403, user
