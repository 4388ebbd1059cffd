"""Save a PNG of every web console page to docs/screenshots/ at 1366x768 (`make console-screenshots`).

Runs the real product: the demo of `make run` (a poruch-server on SQLite, an enrolled laptop that pushed
synthetic cases) in a temporary folder, adds two more offices to its district (one in the same hromada,
neither with a laptop), and drives Debian's Chromium through the pages as an administrator, a district
administration user and a caseworker would. The two new offices get a supervisor's laptop each (through the
sync API, as tests.server.helpers.Device drives it) that register the same synthetic people and ask for a
transfer, so that the district's lists of possible duplicates and transfers have rows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop import demo  # noqa: E402

OUT = REPO / "docs" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def shoot(page, name: str, out: Path) -> None:
    path = out / f"console-{name}.png"
    page.screenshot(path=str(path))
    print(f"  {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


def login(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/console/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


# Synthetic people registered in both new offices: each pair is flagged as a possible duplicate.
TWINS = [{"surname": "Гордієнко", "given_name": "Ярослава", "birth_date": "1979-02-03"},
         {"surname": "Мельничук", "given_name": "Тарас", "patronymic": "Ігорович", "birth_date": "1966-11-20"},
         {"surname": "Остапенко", "given_name": "Віра", "birth_date": "2001-07-14"}]


def between_offices(url: str, office_ids: list[str], password: str) -> None:
    """Office 2 and 3's supervisors register the same people; office 2 sends two cases to the demo office."""
    from datetime import UTC, datetime

    from sync.records.ids import new_id
    from tests.server.helpers import Device

    laptops = [Device.enroll(url, name, password=password, name=f"ноутбук {n}")
               for n, name in ((2, "kerivnyk.bucha"), (3, "kerivnyk.irpin"))]
    for laptop in laptops:
        for person in TWINS:
            laptop.new_case(**person)
    now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    sender = laptops[0]
    for _ in range(2):
        case_id, _ = sender.new_case()
        transfer_id = new_id()
        sender.push_ok([sender.change(transfer_id, "transfer", transfer_id, {
            "side": "outgoing", "transferred_case": case_id, "from_office": sender.office_id,
            "to_office": office_ids[0], "reason": "Переїзд", "consent": False, "state": "pending",
            "requested_by": sender.username, "requested_at": now})])
    sender.sync()  # one pair decided: "different people"
    record = sorted(sender.of_type("possible_duplicate"), key=lambda r: r["id"])[0]
    sender.push_ok([sender.change(record["id"], "possible_duplicate", record["case_id"],
                                  {"status": "different_people", "resolved_by": sender.username})])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cases", type=int, default=80)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        facts = demo.set_up(folder, args.cases)
        server = demo.DemoServer(folder, facts["port"])
        office_id = server.admin("list-offices").split()[0]
        bucha = server.admin("create-office", "--name", "Пункт допомоги ВПО (Буча)", "--katottg",
                             demo.OFFICE_KATOTTG).splitlines()[-1]
        irpin = server.admin("create-office", "--name", "ЦНСП Ірпінської міської ради", "--katottg",
                             "UA32080150000035443").splitlines()[-1]
        for username, office in (("kerivnyk.bucha", bucha), ("kerivnyk.irpin", irpin)):
            server.admin("create-user", "--username", username, "--role", "supervisor", "--office", office,
                         "--display-name", "Керівник", password=facts["password"])
        server.start()
        between_offices(server.url, [office_id, bucha, irpin], facts["password"])
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
                page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="uk-UA")
                login(page, server.url, demo.ADMIN, facts["admin_password"])
                shoot(page, "offices", args.out)
                page.goto(f"{server.url}/console/users")
                shoot(page, "users", args.out)
                page.goto(f"{server.url}/console/users/new")
                page.fill("#username", "maria.koval")
                page.fill("#display_name", "Марія Коваль")
                page.select_option("#office", office_id)
                shoot(page, "user-new", args.out)
                page.click("button.primary")
                page.wait_for_load_state()
                shoot(page, "user", args.out)
                page.goto(f"{server.url}/console/devices")
                shoot(page, "devices", args.out)
                page.goto(f"{server.url}/console/policies")
                row = page.locator("tr", has_text=demo.OFFICE_NAME)
                row.locator("input[name=closure_approval]").check()
                row.locator("input[name=wipe_after]").fill("10")
                row.locator("input[name=lockout_days]").fill("30")
                row.get_by_role("button", name="Зберегти").click()
                page.wait_for_load_state()
                shoot(page, "policies", args.out)
                page.goto(f"{server.url}/console/audit")
                shoot(page, "audit", args.out)
                page.goto(f"{server.url}/console/reference")
                shoot(page, "reference", args.out)
                page.click("text=English")
                page.goto(f"{server.url}/console/devices")
                shoot(page, "devices-en", args.out)
                page.click("text=Українська")
                page.get_by_role("button", name="Вийти").click()
                shoot(page, "login", args.out)
                login(page, server.url, demo.DISTRICT, facts["admin_password"])
                shoot(page, "district", args.out)
                page.get_by_role("link", name="Можливі дублікати").click()
                page.select_option("#state", "all")
                page.click("text=Показати")
                shoot(page, "district-duplicates", args.out)
                page.get_by_role("link", name="Передачі справ").click()
                shoot(page, "district-transfers", args.out)
                page.click("text=English")
                shoot(page, "district-transfers-en", args.out)
                page.click("text=Українська")
                page.get_by_role("button", name="Вийти").click()
                login(page, server.url, demo.ANALYST, facts["admin_password"])
                shoot(page, "analysis", args.out)
                page.get_by_role("button", name="Вийти").click()
                login(page, server.url, demo.USER, facts["password"])
                page.goto(f"{server.url}/console/offices")
                shoot(page, "refused", args.out)
                browser.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
