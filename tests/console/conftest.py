"""Web console fixtures: one real poruch-server per module and Debian's Chromium driven by Playwright.

Playwright cannot download its own browser here: it launches /usr/bin/chromium (packages `chromium` and
`chromium-driver`, installed by `make test` as root, or named by scripts/bootstrap.sh --browser).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine, update

from sync.server import admin_ops
from sync.server import models as m
from sync.server.db import make_engine, write_transaction
from sync.server.orgs import create_office
from tests.server.helpers import KATOTTG_A, KATOTTG_B, PASSWORD
from tests.support.passwords import cheap_password_hash
from tests.support.server_process import ServerProcess, make_database_url

CHROMIUM = os.environ.get("PORUCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1366, "height": 768}

# user name → (role, office letter or None); the district user is over office A's raion.
USERS = {"admin": ("administrator", None), "dmytro": ("district", "a"), "anna": ("caseworker", "a"),
         "ivan": ("analyst", None), "bella": ("supervisor", "b")}
DISPLAY = {"admin": "Адміністраторка Тест", "dmytro": "Дмитро Районний", "anna": "Анна Фахівчиня",
           "ivan": "Іван Аналітик", "bella": "Белла Керівниця"}


@dataclass
class ConsoleWorld:
    server: ServerProcess
    engine: Engine
    offices: dict[str, str] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)  # user name → id

    @property
    def url(self) -> str:
        return self.server.url

    def execute(self, statement):
        with write_transaction(self.engine) as conn:
            return conn.execute(statement)

    def expire_sessions_of(self, username: str, idle_ms: int) -> None:
        """Move the user's sessions' last activity back in time, as if they had been idle that long."""
        s = m.console_sessions.c
        self.execute(update(m.console_sessions).where(s.user_id == self.users[username])
                     .values(last_seen_at=s.last_seen_at - idle_ms))


def _seed(engine: Engine) -> tuple[dict[str, str], dict[str, str]]:
    password_hash = cheap_password_hash(PASSWORD)
    with engine.begin() as conn:
        offices = {"a": create_office(conn, "Андрушівський ЦНСП", KATOTTG_A),
                   "b": create_office(conn, "Бердичівський ЦНСП", KATOTTG_B)}
        users = {}
        for username, (role, letter) in USERS.items():
            office = offices.get(letter) if letter else None
            org = admin_ops.resolve_user_org(conn, role, office_id=office if role != "district" else None,
                                             district_of_office=office if role == "district" else None)
            users[username] = admin_ops.create_user(conn, username, PASSWORD, role, org, DISPLAY[username],
                                                    password_hash=password_hash)
    return offices, users


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("console")
    db = make_database_url(tmp)
    server = ServerProcess(db.url, tmp / "server").start()
    engine = make_engine(db.url)
    try:
        offices, users = _seed(engine)
        yield ConsoleWorld(server, engine, offices, users)
    finally:
        server.stop()
        engine.dispose()
        db.cleanup()


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install the Debian packages chromium and chromium-driver "
                    "(make test does as root; scripts/bootstrap.sh --browser names them)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="uk-UA")
    context.set_default_timeout(30_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def login(page, world: ConsoleWorld, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{world.url}/console/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
