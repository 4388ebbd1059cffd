"""The web console in a real browser (Debian's Chromium via Playwright) against a real poruch-server.

An administrator creates an office and a user, the user replaces the first password, enrols a laptop,
the administrator resets the password and revokes the laptop, and the laptop wipes itself at its next
sync; other roles are refused what is not theirs; forms without their CSRF token and idle sessions fail.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from sync.protocol import PROTOCOL_HEADER
from sync.server import models as m
from tests.console.conftest import DISPLAY, login
from tests.server.helpers import PASSWORD, Device
from tests.support import loopback
from tests.support.server_process import REPO

pytestmark = pytest.mark.browser
NEW_PASSWORD = "власний-пароль-2026"


def poruch(data_dir: Path, *args: str, password: str) -> subprocess.CompletedProcess:
    """The real `poruch` command line of a laptop, as a separate process."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PORUCH_PASSWORD": password}
    return subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data_dir), *args], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=180)


def create_user_in_console(page, world, username: str, display_name: str, office_name: str) -> str:
    """Fills the new-user form as an administrator would; returns the first password it showed."""
    page.goto(f"{world.url}/console/users/new")
    page.fill("#username", username)
    page.fill("#display_name", display_name)
    page.select_option("#role", "caseworker")
    page.select_option("#office", page.locator("#office option", has_text=office_name).get_attribute("value"))
    first_password = page.input_value("#password")
    page.click("button.primary")
    expect(page.locator(".done")).to_contain_text("Користувача створено")
    return first_password


def test_administrator_runs_an_office_user_and_laptop_without_the_command_line(page, browser, world, tmp_path):
    login(page, world, "admin")
    expect(page).to_have_url(re.compile(r"/console/offices$"))

    # An office in a hromada that has one already: several offices per hromada.
    page.fill("#name", "Пункт допомоги ВПО")
    page.fill("#place", "UA18020010000059904")
    page.click("text=Створити офіс")
    expect(page.locator(".done")).to_have_text("Офіс створено.")
    expect(page.locator("li", has_text="Пункт допомоги ВПО").last).to_be_visible()
    with world.engine.connect() as conn:
        office_id = conn.execute(select(m.organisations.c.id)
                                 .where(m.organisations.c.name == "Пункт допомоги ВПО")).scalar_one()

    first = create_user_in_console(page, world, "olha", "Ольга Нова", "Пункт допомоги ВПО")
    refused = loopback.post(f"{world.url}/api/v1/enroll", headers={PROTOCOL_HEADER: "1"},
                            json={"username": "olha", "password": first, "device_name": "x"})
    assert refused.status_code == 403 and refused.json()["code"] == "password_change_required"

    # The new user logs in with the first password and must choose their own before anything else.
    user_context = browser.new_context(viewport={"width": 1366, "height": 768})
    user_page = user_context.new_page()
    login(user_page, world, "olha", first)
    expect(user_page).to_have_url(re.compile(r"/console/password$"))
    user_page.goto(f"{world.url}/console/offices")
    expect(user_page).to_have_url(re.compile(r"/console/password$"))
    user_page.fill("#current", first)
    user_page.fill("#new", NEW_PASSWORD)
    user_page.fill("#repeat", NEW_PASSWORD)
    user_page.click("button.primary")
    expect(user_page.locator(".done")).to_contain_text("Пароль змінено")

    # Her laptop enrols with her own password (the real `poruch` command line).
    laptop = tmp_path / "laptop"
    done = poruch(laptop, "enroll", "--server", world.url, "--device-name", "ноутбук Ольги", "--username", "olha",
                  password=NEW_PASSWORD)
    assert done.returncode == 0, done.stderr
    assert (laptop / "keyslots.json").exists()
    assert poruch(laptop, "sync", password=NEW_PASSWORD).returncode == 0

    # The administrator resets her password: the next console login leads to the password page again.
    page.goto(f"{world.url}/console/users")
    page.click("text=Ольга Нова")
    page.fill("#password", "тимчасовий-пароль-3")
    page.click("text=Скинути пароль")
    expect(page.locator(".done")).to_contain_text("Пароль скинуто")
    user_page.goto(f"{world.url}/console/account")  # her session ended with the reset
    expect(user_page).to_have_url(re.compile(r"/console/login"))
    login(user_page, world, "olha", "тимчасовий-пароль-3")
    expect(user_page).to_have_url(re.compile(r"/console/password$"))
    user_context.close()

    # The devices page shows her laptop with its version and protocol; revoking it wipes it at its next sync.
    page.goto(f"{world.url}/console/devices")
    row = page.locator("tr", has_text="ноутбук Ольги")
    expect(row).to_contain_text("Ольга Нова")
    expect(row).to_contain_text("Пункт допомоги ВПО")
    expect(row).to_contain_text("0.1.0")
    dialogs = []
    page.once("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    row.get_by_role("button", name="Відкликати").click()  # dismissed: nothing happens
    assert "ноутбук Ольги" in dialogs[0] and "зітре" in dialogs[0]
    expect(page.locator(".done")).to_have_count(0)
    assert (laptop / "keyslots.json").exists()
    page.once("dialog", lambda d: d.accept())
    row.get_by_role("button", name="Відкликати").click()
    expect(page.locator(".done")).to_contain_text("Пристрій відкликано")
    done = poruch(laptop, "sync", password=NEW_PASSWORD)
    assert done.returncode == 5, done.stderr
    assert not (laptop / "keyslots.json").exists() and not list(laptop.glob("poruch.db*"))

    # Every one of these console actions is in the audit log, under the administrator.
    page.goto(f"{world.url}/console/audit?who={world.users['admin']}")
    for action in ("Створення офісу", "Створення користувача", "Скидання пароля", "Відкликання пристрою"):
        expect(page.locator("td", has_text=action).first).to_be_visible()
    with world.engine.connect() as conn:
        office_audit = conn.execute(select(m.audit_log.c.action)
                                    .where(m.audit_log.c.object_ids.contains(office_id))).scalars().all()
    assert "create_office" in office_audit


def test_a_disabled_users_laptop_stops_syncing_for_them_at_once(page, world):
    laptop = Device.enroll(world.url, "bella", name="ноутбук Белли")
    assert laptop.request("GET", "/sync/digest").status_code == 200
    login(page, world, "admin")
    page.goto(f"{world.url}/console/users/{world.users['bella']}")
    page.once("dialog", lambda d: d.accept())
    page.click("text=Вимкнути обліковий запис")
    expect(page.locator(".done")).to_contain_text("Користувача вимкнено")
    answer = laptop.request("GET", "/sync/digest")
    assert answer.status_code == 403 and answer.json()["code"] == "user_inactive"
    page.click("text=Увімкнути знову")
    expect(page.locator(".done")).to_contain_text("знову ввімкнено")
    assert laptop.request("GET", "/sync/digest").status_code == 200


def test_a_caseworker_is_refused_the_administrator_pages(page, world):
    login(page, world, "anna")
    expect(page).to_have_url(re.compile(r"/console/account$"))
    expect(page.locator("nav")).to_have_count(0)  # no sections to offer
    for path in ("/console/offices", "/console/users", "/console/devices", "/console/audit", "/console/district",
                 "/console/audit.csv"):
        answer = page.goto(f"{world.url}{path}")
        assert answer.status == 403, path
        expect(page.locator(".error")).to_have_text("Ця сторінка недоступна для вашої ролі.")
    answer = page.request.post(f"{world.url}/console/offices", form={"name": "x", "place": "UA18020010000059904"})
    assert answer.status == 403


def test_an_analyst_sees_no_personal_record_and_no_administration(page, world):
    laptop = Device.enroll(world.url, "anna", name="ноутбук Анни")
    case_id = "case-analyst-test"
    laptop.push_ok([laptop.change(case_id, "case", case_id, {"office_id": world.offices["a"], "category": "idp",
                                                              "stage": "identification", "status": "open"}),
                    laptop.change("person-analyst-test", "person", case_id,
                                  {"surname": "Шевчук", "given_name": "Мирослава", "birth_date": "1990-02-03"})])
    login(page, world, "ivan")
    expect(page).to_have_url(re.compile(r"/console/analysis$"))
    for path in ("/console/offices", "/console/users", "/console/devices", "/console/audit", "/console/district"):
        assert page.goto(f"{world.url}{path}").status == 403, path
    for path in ("/console/analysis", "/console/account", "/console/password"):
        page.goto(f"{world.url}{path}")
        assert "Шевчук" not in page.content() and "Мирослава" not in page.content()


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(page, world):
    login(page, world, "admin")
    page.goto(f"{world.url}/console/offices")
    without = page.request.post(f"{world.url}/console/offices", form={"name": "Підробний офіс",
                                                                       "place": "UA18020010000059904"})
    wrong = page.request.post(f"{world.url}/console/offices", form={"name": "Підробний офіс", "csrf_token": "x" * 43,
                                                                     "place": "UA18020010000059904"})
    assert without.status == 403 and wrong.status == 403
    assert "Форму відхилено" in without.text()
    with world.engine.connect() as conn:
        assert conn.execute(select(m.organisations.c.id).where(m.organisations.c.name == "Підробний офіс")).first() is None
    # The same form with the page's token goes through (the token is what was missing).
    token = page.locator("input[name=csrf_token]").first.input_value()
    ok = page.request.post(f"{world.url}/console/offices", form={"name": "Справжній офіс", "csrf_token": token,
                                                                  "place": "UA18020030000035625"})
    assert ok.status == 200 and "Офіс створено" in ok.text()


def test_an_idle_session_expires_and_asks_to_log_in_again(page, world):
    login(page, world, "dmytro")
    expect(page).to_have_url(re.compile(r"/console/district$"))
    world.expire_sessions_of("dmytro", idle_ms=31 * 60 * 1000)  # the default idle timeout is 30 minutes
    page.goto(f"{world.url}/console/district")
    expect(page).to_have_url(re.compile(r"/console/login\?next=/console/district&expired=1"))
    expect(page.locator(".notice")).to_contain_text("бездіяльність")
    page.fill("#username", "dmytro")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/console/district$"))  # back where they were


def test_the_district_sees_which_offices_are_behind(page, world):
    laptop = Device.enroll(world.url, "anna", name="ноутбук офісу А")
    assert laptop.request("GET", "/sync/digest").status_code == 200  # office A synced just now
    Device.enroll(world.url, "bella", name="ноутбук офісу Б")
    d = m.devices.c
    world.execute(update(m.devices).where(d.org_id == world.offices["b"])  # office B: last contact 10 days ago
                  .values(last_seen_at=d.last_seen_at - 10 * 86_400_000))
    login(page, world, "dmytro")
    expect(page.locator("h1")).to_contain_text("Бердичівський")
    row_a = page.locator("tr", has_text="Андрушівський ЦНСП")
    row_b = page.locator("tr", has_text="Бердичівський ЦНСП")
    expect(row_b).to_have_class(re.compile("behind"))  # office B has no laptop that synced
    expect(row_a).not_to_have_class(re.compile("behind"))
    expect(row_a).to_contain_text("ноутбук офісу А")
    behind = page.locator("tr.behind").count()  # other tests add offices to this district: count what is shown
    total = page.locator("tbody tr").count()
    expect(page.locator("p[role=status]")).to_contain_text(f"Відстають: {behind} з {total}")
    page.fill("#days", "30")  # a month's threshold: office B's 10 days are no longer "behind"
    page.click("text=Показати")
    expect(row_b).not_to_have_class(re.compile("behind"))


def test_login_and_logout_with_the_keyboard_alone_and_in_english(page, world):
    page.goto(f"{world.url}/console/login")
    expect(page.locator("#username")).to_be_focused()  # the login form is ready to type into
    page.keyboard.type("admin")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/console/offices$"))
    page.keyboard.press("Tab")  # on every page the first stop skips the navigation
    expect(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.click("text=English")
    expect(page.locator("h1")).to_have_text("Organisations")
    expect(page.locator("nav")).to_contain_text("Audit log")
    page.get_by_role("button", name="Log out").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/console/login$"))
    expect(page.locator("h1")).to_have_text("Log in to the console")
    assert DISPLAY["admin"] not in page.content()


def test_an_uploaded_edition_of_the_hostilities_list_reaches_a_laptop_at_its_next_sync(page, world, tmp_path):
    packaged = (REPO / "resources/reference/hostilities_occupation_376.csv").read_bytes().splitlines(keepends=True)
    edition = tmp_path / "hostilities-2026.csv"
    edition.write_bytes(b"".join(packaged[:41]))  # the header and 40 rows: a smaller list than the packaged one
    broken = tmp_path / "broken.csv"
    broken.write_bytes("колонка,інша\n1,2\n".encode())

    login(page, world, "admin")
    page.goto(f"{world.url}/console/reference")
    page.fill("#edition", "Наказ № 1 від 01.12.2026")
    page.set_input_files("#file", str(broken))
    page.click("text=Перевірити й завантажити")
    expect(page.locator(".error")).to_contain_text("Файл не прийнято, нічого не змінено")
    page.fill("#edition", "Наказ № 2 від 02.12.2026")
    page.set_input_files("#file", str(edition))
    page.click("text=Перевірити й завантажити")
    expect(page.locator(".done")).to_contain_text("40 придатних рядків із 40")
    expect(page.locator("tr", has_text="Наказ № 2 від 02.12.2026")).to_contain_text("чинна")
    assert page.locator("td", has_text="Наказ № 1 від 01.12.2026").count() == 0

    laptop = tmp_path / "laptop"
    assert poruch(laptop, "enroll", "--server", world.url, "--username", "anna", password=PASSWORD).returncode == 0
    done = poruch(laptop, "sync", password=PASSWORD)
    assert done.returncode == 0, done.stderr
    meta = json.loads((laptop / "reference" / "hostilities_occupation.json").read_text("utf-8"))
    assert meta["edition"] == "Наказ № 2 від 02.12.2026"
    assert meta["sha256"] == hashlib.sha256(edition.read_bytes()).hexdigest()


def test_an_administrator_sets_an_offices_policies_and_its_laptops_receive_them(page, world):
    laptop = Device.enroll(world.url, "anna", name="ноутбук Анни")
    login(page, world, "admin")
    page.goto(f"{world.url}/console/policies")
    row = page.locator("tr", has_text="Андрушівський ЦНСП")
    # below the minimum: the browser does not send it, and the server refuses it if sent anyway
    row.locator("input[name=wipe_after]").fill("2")
    row.get_by_role("button", name="Зберегти").click()
    expect(page.locator(".done")).to_have_count(0)
    csrf = row.locator("input[name=csrf_token]").input_value()
    answer = page.request.post(f"{world.url}/console/policies/{world.offices['a']}",
                               form={"csrf_token": csrf, "wipe_after": "2"})
    assert answer.status == 422 and "від 3 до 100" in answer.text()
    assert laptop.request("GET", "/me").json()["policy"]["wipe_after_failed_unlocks"] is None
    row = page.locator("tr", has_text="Андрушівський ЦНСП")
    row.locator("input[name=closure_approval]").check()
    row.locator("input[name=wipe_after]").fill("7")
    row.locator("input[name=lockout_days]").fill("14")
    row.get_by_role("button", name="Зберегти").click()
    expect(page.locator(".done")).to_contain_text("Політику офісу збережено")
    policy = laptop.request("GET", "/me").json()["policy"]
    assert (policy["wipe_after_failed_unlocks"], policy["lockout_after_days"]) == (7, 14)
    assert policy["closure_approval_offices"] == [world.offices["a"]]
    # emptied fields turn the settings off again
    row = page.locator("tr", has_text="Андрушівський ЦНСП")
    row.locator("input[name=closure_approval]").uncheck()
    row.locator("input[name=wipe_after]").fill("")
    row.locator("input[name=lockout_days]").fill("")
    row.get_by_role("button", name="Зберегти").click()
    expect(page.locator(".done")).to_be_visible()
    policy = laptop.request("GET", "/me").json()["policy"]
    assert policy == {"wipe_after_failed_unlocks": None, "lockout_after_days": None, "closure_approval_offices": []}
    page.goto(f"{world.url}/console/audit?action=set_office_policy")
    expect(page.locator("td", has_text="Зміна політики офісу").first).to_be_visible()


def test_after_a_restore_the_devices_page_names_the_laptops_still_to_sync(page, world):
    """`poruch-server restored` records when the new epoch began (the CLI's side is in
    tests/sync/test_server_restored.py); laptops not in touch since may hold work the server lost."""
    import time

    waiting = Device.enroll(world.url, "anna", name="ноутбук, що чекає")
    back = Device.enroll(world.url, "anna", name="ноутбук, що повернувся")
    restored_at = int(time.time() * 1000) + 1
    world.execute(update(m.server_state).values(epoch_began_at=restored_at))
    try:
        world.execute(update(m.devices).where(m.devices.c.id.in_([waiting.device_id, back.device_id]))
                      .values(last_seen_at=restored_at - 3_600_000))  # both last seen an hour before
        back.request("GET", "/sync/digest")  # this one syncs after the restore
        login(page, world, "admin")
        page.goto(f"{world.url}/console/devices")
        expect(page.locator(".notice")).to_contain_text("базу сервера відновлено з резервної копії")
        mark = "не синхронізувався після відновлення"
        expect(page.locator("tr", has_text="ноутбук, що чекає")).to_contain_text(mark)
        expect(page.locator("tr", has_text="ноутбук, що повернувся")).not_to_contain_text(mark)
    finally:
        world.execute(update(m.server_state).values(epoch_began_at=None))
