"""The district's lists of what waits between offices, in a real browser against a real poruch-server: the
possible duplicates across its offices and the transfers from and to them, linked from the offices' table,
filtered by office and state, with neither a person's name nor a birth date; other roles are refused them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from sync.records.ids import new_id
from sync.server import models as m
from sync.server.db import write_transaction
from sync.server.orgs import create_office
from tests.console.conftest import login
from tests.server.helpers import KATOTTG_A, PASSWORD, Device
from tests.support import loopback
from tests.support.server_process import duplicates_checked

pytestmark = pytest.mark.browser
SURNAME, GIVEN, BORN = "Гордієнко", "Ярослава", "1979-02-03"


@pytest.fixture(scope="module")
def between(world):
    """Office A's caseworker and office B's supervisor register one person (a possible duplicate); B's supervisor
    asks to transfer another case to office A (pending)."""
    anna = Device.enroll(world.url, "anna", name="ноутбук офісу А")
    bella = Device.enroll(world.url, "bella", name="ноутбук офісу Б")
    person = {"surname": SURNAME, "given_name": GIVEN, "birth_date": BORN}
    anna.new_case(**person)
    bella.new_case(**person)
    moving, _ = bella.new_case()
    request_transfer(bella, moving, world.offices["a"])
    duplicates_checked(world.engine)  # the pair is flagged once the pushes pause (sync.server.checks_later)
    return bella


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def request_transfer(laptop: Device, case_id: str, to_office: str) -> str:
    """The sending office's supervisor asks to transfer a case (as the laptop's transfer dialog pushes it)."""
    transfer_id = new_id()
    laptop.push_ok([laptop.change(transfer_id, "transfer", transfer_id, {
        "side": "outgoing", "transferred_case": case_id, "from_office": laptop.office_id, "to_office": to_office,
        "reason": "Переїхала", "consent": False, "state": "pending", "requested_by": laptop.username,
        "requested_at": now_iso()})])
    return transfer_id


@contextmanager
def console_client(world, username: str) -> Iterator[httpx.Client]:
    """An HTTP client with a console session of `username`."""
    with loopback.client(base_url=world.url, timeout=60) as client:
        token = re.search(r'name="login_token" value="([^"]+)"', client.get("/console/login").text).group(1)
        answer = client.post("/console/login", data={"username": username, "password": PASSWORD, "login_token": token})
        assert answer.status_code == 303, answer.text
        yield client


def test_the_district_sees_duplicates_and_transfers_between_its_offices_without_a_name(page, world, between):
    login(page, world, "dmytro")
    row_a = page.locator("tr", has_text="Андрушівський ЦНСП")
    row_b = page.locator("tr", has_text="Бердичівський ЦНСП")
    expect(row_a.locator("td").nth(4)).to_have_text("1")  # one open possible duplicate in each office
    expect(row_b.locator("td").nth(4)).to_have_text("1")
    expect(row_a.locator("td").nth(5)).to_have_text("1 / 0")  # a transfer waits to come in to A
    expect(row_b.locator("td").nth(5)).to_have_text("0 / 1")  # ... and to go out of B

    row_a.locator("td").nth(4).get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/console/district/duplicates\?office="))
    pair = page.locator("tbody tr")
    expect(pair).to_have_count(1)
    expect(pair).to_contain_text("Андрушівський ЦНСП")
    expect(pair).to_contain_text("Бердичівський ЦНСП")
    expect(pair).to_contain_text("ім'я і дата народження")
    expect(pair).to_contain_text("Не вирішено")
    expect(pair.locator("td.num")).to_have_text(re.compile(r"^\d{2,3}%$"))
    text = page.content()
    assert SURNAME not in text and GIVEN not in text and "03.02.1979" not in text and BORN not in text

    page.get_by_role("link", name="Передачі справ").click()
    transfer = page.locator("tbody tr")
    expect(transfer).to_have_count(1)
    expect(transfer.locator("td").nth(1)).to_have_text("Бердичівський ЦНСП")
    expect(transfer.locator("td").nth(2)).to_have_text("Андрушівський ЦНСП")
    expect(transfer).to_contain_text("Чекає відповіді")
    # With the keyboard alone: into the state list, "Прийнято" (the next state), Tab to "Показати", Enter.
    page.focus("#state")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#state")).to_have_value("accepted")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Показати")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"state=accepted"))
    expect(page.locator("tbody")).to_contain_text("Нічого не знайдено")  # nothing accepted yet
    expect(page.locator("p[role=status]")).to_contain_text("Знайдено: 0")


def test_a_decided_pair_leaves_the_open_list_and_is_found_under_its_decision(world, between):
    bella = between
    bella.sync()
    mine = bella.of_type("possible_duplicate")
    assert len(mine) == 1
    record = mine[0]
    bella.push_ok([bella.change(record["id"], "possible_duplicate", record["case_id"],
                                {"status": "different_people", "resolved_by": "bella"})])
    with console_client(world, "dmytro") as client:
        open_pairs = client.get("/console/district/duplicates").text
        assert "Нічого не знайдено" in open_pairs
        decided = client.get("/console/district/duplicates", params={"state": "different_people"}).text
        assert "Різні люди" in decided and "Бердичівський ЦНСП" in decided and SURNAME not in decided
        both = client.get("/console/district/duplicates", params={"state": "all"})
        assert both.status_code == 200 and "Знайдено: 1" in both.text
        # An office outside the district or an unknown state falls back to the whole district's open list.
        other = client.get("/console/district/transfers", params={"office": "not-an-office", "state": "x" * 20})
        assert other.status_code == 200 and "Знайдено: 1" in other.text
        assert client.get("/console/district/transfers", params={"state": "x" * 21}).status_code == 422


@pytest.mark.parametrize("username", ["admin", "ivan", "anna", "bella"])
def test_other_roles_are_refused_the_district_lists(world, between, username):
    with console_client(world, username) as client:
        for path in ("/console/district/duplicates", "/console/district/transfers"):
            answer = client.get(path)
            assert answer.status_code == 403, (username, path)
            assert "Бердичівський ЦНСП" not in answer.text


def test_an_office_with_a_transfer_waiting_to_come_in_cannot_be_closed(world, between):
    """Accepting that transfer (a district user still may) would move its case into the closed office."""
    bella = between
    with write_transaction(world.engine) as conn:
        desk = create_office(conn, "Пункт, що закривається", KATOTTG_A)  # no case, no user
    case_id, _ = bella.new_case()
    transfer_id = request_transfer(bella, case_id, desk)
    with console_client(world, "admin") as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/console/offices").text).group(1)
        refused = client.post(f"/console/offices/{desk}/close", data={"csrf_token": token})
        assert refused.status_code == 409
        assert "чекають відповіді 1 передач" in refused.text
        assert world.execute(select(m.organisations.c.closed_at).where(m.organisations.c.id == desk)).scalar() is None
        bella.push_ok([bella.change(transfer_id, "transfer", transfer_id, {
            "state": "revoked", "revoked_by": "bella", "revoked_at": now_iso()}, base_seq=1 << 40)])
        closed = client.post(f"/console/offices/{desk}/close", data={"csrf_token": token})
        assert closed.status_code == 303 and "done=closed" in closed.headers["location"]
    assert world.execute(select(m.organisations.c.closed_at).where(m.organisations.c.id == desk)).scalar() is not None
